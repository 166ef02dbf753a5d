"""Tenant resolution from the URL: every tenant page lives under `/<tenant>/`.

Domains build their blueprints with `tenant_blueprint()`; the slug is popped
from the URL values, the tenant loaded once into `g.tenant` and its scope
activated for the rest of the request. An unknown or disabled slug is a 404.
"""

from __future__ import annotations

from flask import Blueprint, Flask, abort, current_app, g

from kaari.core import scoping
from kaari.tenancy import services
from kaari.tenancy.branding import text_colour_on


def tenant_blueprint(name: str, import_name: str, url_prefix: str = "") -> Blueprint:
    blueprint = Blueprint(name, import_name, url_prefix=f"/<tenant>{url_prefix}")
    blueprint.url_value_preprocessor(_pull_tenant)
    return blueprint


def _pull_tenant(_endpoint: str | None, values: dict | None) -> None:
    slug = (values or {}).pop("tenant", None)
    tenant = services.get_by_slug(slug) if slug else None
    if tenant is None:
        abort(404)
    g.tenant = tenant
    g.tenant_scope_token = scoping.enter(scoping.Scope(tenant_id=tenant.id))


def _push_tenant(endpoint: str, values: dict) -> None:
    tenant = g.get("tenant")
    if (
        tenant is not None
        and "tenant" not in values
        and current_app.url_map.is_endpoint_expecting(endpoint, "tenant")
    ):
        values["tenant"] = tenant.slug


def _leave_tenant(_exc: BaseException | None) -> None:
    token = g.pop("tenant_scope_token", None)
    if token is not None:
        scoping.leave(token)


def init_app(app: Flask) -> None:
    app.url_defaults(_push_tenant)
    app.teardown_request(_leave_tenant)
    app.jinja_env.globals.update(brand_text_colour=text_colour_on)
