"""The staff dashboard: the first page a coordinator sees. Later domains add panels."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari import db
from kaari.accounts.access import staff_required
from kaari.audit.services import recent_tenant_events, record
from kaari.dashboard.forms import text_titles, texts_form
from kaari.tenancy import services as tenancy
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip

bp = tenant_blueprint("dashboard", __name__, "/staff")


@bp.route("/")
@staff_required()
def home():
    return render_template("dashboard/home.html")


@bp.route("/audit")
@staff_required("admin")
def audit_log():
    return render_template("dashboard/audit.html", events=recent_tenant_events())


@bp.route("/texts", methods=["GET", "POST"])
@staff_required("admin", "coordinator")
def texts():
    tenant = g.tenant
    languages = list(tenant.languages)
    form = texts_form(languages)(
        data={
            f"{key}__{language}": (tenant.texts.get(key) or {}).get(language, "")
            for key in tenancy.TEXT_KEYS
            for language in languages
        }
    )
    if form.validate_on_submit():
        changed = tenancy.set_texts(tenant, form.texts())
        if changed:
            record(
                "tenant.texts_changed",
                actor_id=current_user.id,
                ip=client_ip(),
                obj=tenant,
                texts=changed,
            )
        db.session.commit()
        flash(_("The texts have been saved.") if changed else _("Nothing was changed."), "info")
        return redirect(url_for("dashboard.texts"))
    return render_template(
        "dashboard/texts.html", form=form, titles=text_titles(), languages=languages
    ), 400 if form.errors else 200
