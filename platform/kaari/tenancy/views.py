"""Public pages: the directory of organisations and each tenant's landing pages."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, abort, g, render_template

from kaari.core.domains import is_tenant_staff
from kaari.tenancy import services
from kaari.tenancy.branding import text_colour_on
from kaari.tenancy.logo import logo_content
from kaari.tenancy.routing import tenant_blueprint

directory = Blueprint("directory", __name__)
public = tenant_blueprint("public", __name__)


@directory.route("/")
def index():
    return render_template("tenancy/directory.html", tenants=services.public_tenants())


@public.route("/")
def landing():
    """The network's front page; before it is published, a preview for its own staff."""
    if not g.tenant.published and not is_tenant_staff():
        return render_template("tenancy/not_published.html"), 404
    return render_template("tenancy/landing.html", target_groups=services.list_target_groups())


# The day the accessibility statement was last reviewed against the pages.
STATEMENT_REVIEWED = date(2026, 11, 28)


@public.route("/accessibility")
def accessibility():
    return render_template("tenancy/accessibility.html", reviewed_on=STATEMENT_REVIEWED)


@public.route("/logo")
def logo():
    tenant = g.tenant
    content = logo_content(tenant)
    if content is None:
        abort(404)
    response = Response(content, mimetype=tenant.logo_mimetype)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response.headers["Cache-Control"] = "public, max-age=3600"
    return response


@public.route("/brand.css")
def brand_css():
    colour = g.tenant.brand_colour
    css = f":root {{ --brand: {colour}; --on-brand: {text_colour_on(colour)}; }}\n"
    response = Response(css, mimetype="text/css")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
