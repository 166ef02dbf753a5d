"""Platform administration at /platform/: organisations and their first admins."""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    redirect,
    render_template,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts import services as accounts
from kaari.accounts.access import platform_required, recent_auth_required
from kaari.accounts.views import send_invitation
from kaari.audit.services import recent_platform_events, record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.lookups import found_or_404
from kaari.core.scoping import tenant_scope
from kaari.core.web import client_ip
from kaari.matching import rulesets
from kaari.matching.criteria import CRITERIA
from kaari.platform_admin import forms, offboarding
from kaari.platform_admin.settings import DEFAULTS, platform_setting, set_platform_setting
from kaari.tenancy import services as tenancy

bp = Blueprint("platform_admin", __name__, url_prefix="/platform")

TENANT_ERRORS = {
    "slug": lambda: _("Use 3-40 lower-case letters, digits and hyphens; the address must be free."),
    "languages": lambda: _("Choose at least one language."),
    "default_language": lambda: _("The default language must be one of the chosen languages."),
}


@bp.route("/", methods=["GET", "POST"])
@platform_required("platform_admin")
def tenants():
    form = forms.TenantForm()
    if form.validate_on_submit():
        try:
            tenant = tenancy.create_tenant(
                form.slug.data.strip(),
                form.name.data.strip(),
                form.default_language.data,
                form.languages.data,
            )
        except tenancy.TenantError as error:
            getattr(form, error.field).errors.append(TENANT_ERRORS[error.field]())
        else:
            record(
                "tenant.created",
                actor_id=current_user.id,
                ip=client_ip(),
                obj=tenant,
                slug=tenant.slug,
            )
            db.session.commit()
            flash(_("The organisation has been created."), "info")
            return redirect(url_for("platform_admin.tenant", slug=tenant.slug))
    return render_template(
        "platform_admin/tenants.html", form=form, tenants=tenancy.list_tenants()
    ), 400 if form.errors else 200


@bp.route("/tenants/<slug>", methods=["GET", "POST"])
@platform_required("platform_admin")
def tenant(slug: str):
    tenant = found_or_404(tenancy.get_by_slug(slug, enabled_only=False))
    form = forms.InviteAdminForm()
    if form.validate_on_submit():
        with tenant_scope(tenant.id):
            try:
                invitation = accounts.invite(
                    form.email.data, "admin", invited_by=current_user, ip=client_ip()
                )
            except accounts.AccountError as error:
                form.email.errors.append(str(error.message))
            else:
                send_invitation(tenant, invitation)
                db.session.commit()
                flash(_("The invitation has been sent."), "info")
                return redirect(url_for("platform_admin.tenant", slug=slug))
    return render_template(
        "platform_admin/tenant.html",
        tenant=tenant,
        form=form,
        notice_gaps=tenancy.notice_gaps(tenant),
    ), (400 if form.errors else 200)


@bp.route("/tenants/<slug>/enabled", methods=["POST"])
@platform_required("platform_admin")
def toggle_enabled(slug: str):
    tenant = found_or_404(tenancy.get_by_slug(slug, enabled_only=False))
    tenancy.set_enabled(tenant, not tenant.enabled)
    record(
        "tenant.enabled" if tenant.enabled else "tenant.disabled",
        actor_id=current_user.id,
        ip=client_ip(),
        obj=tenant,
    )
    db.session.commit()
    flash(
        _("The organisation is now open.")
        if tenant.enabled
        else _("The organisation is now closed."),
        "info",
    )
    return redirect(url_for("platform_admin.tenant", slug=slug))


@bp.route("/tenants/<slug>/export.jsonl")
@platform_required("platform_admin")
@recent_auth_required()
def export_tenant(slug: str):
    """Every row of the organisation, for handing its data back (recorded)."""
    tenant = found_or_404(tenancy.get_by_slug(slug, enabled_only=False))
    record("tenant.exported", actor_id=current_user.id, ip=client_ip(), obj=tenant)
    db.session.commit()
    tenant_id = tenant.id
    name = f"{slug}-{utcnow():%Y%m%d}.jsonl"
    return Response(
        stream_with_context(offboarding.export_lines(tenant_id)),
        mimetype="application/jsonl",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@bp.route("/tenants/<slug>/delete", methods=["GET", "POST"])
@platform_required("platform_admin")
@recent_auth_required(back="platform_admin.tenants")
def delete_tenant(slug: str):
    """Two steps, and only for a closed organisation: export first, then delete."""
    tenant = found_or_404(tenancy.get_by_slug(slug, enabled_only=False))
    form = forms.DeleteTenantForm()
    if not tenant.enabled and form.validate_on_submit():
        if form.slug.data.strip() == tenant.slug:
            name = tenant.name
            accounts_deleted = offboarding.delete_tenant(tenant)
            record("tenant.deleted", actor_id=current_user.id, ip=client_ip(), slug=slug,
                   name=name, accounts_deleted=len(accounts_deleted))  # fmt: skip
            db.session.commit()
            flash(_("The organisation and all its data have been deleted."), "info")
            return redirect(url_for("platform_admin.tenants"))
        form.slug.errors.append(_("That is not the organisation's address."))
    status = 400 if form.is_submitted() else 200
    return render_template("platform_admin/delete_tenant.html", tenant=tenant, form=form), status


@bp.route("/audit")
@platform_required("platform_admin")
def audit_log():
    return render_template("platform_admin/audit.html", events=recent_platform_events())


@bp.route("/rule-sets")
@platform_required("platform_admin")
def rule_sets():
    """The shared matching rule sets that networks adopt, newest versions first."""
    return render_template(
        "platform_admin/rule_sets.html", rule_sets=rulesets.published(), criteria=CRITERIA
    )


@bp.route("/settings", methods=["GET", "POST"])
@platform_required("platform_admin")
def settings():
    """Platform-wide settings: the national disclosure threshold."""
    form = forms.PlatformSettingsForm(data={key: platform_setting(key) for key in DEFAULTS})
    if form.validate_on_submit():
        for key in DEFAULTS:
            value = getattr(form, key).data
            if value != platform_setting(key):
                set_platform_setting(key, value)
                record(
                    "platform.setting",
                    actor_id=current_user.id,
                    ip=client_ip(),
                    key=key,
                    value=value,
                )
        db.session.commit()
        flash(_("The settings have been saved."), "info")
        return redirect(url_for("platform_admin.settings"))
    return render_template("platform_admin/settings.html", form=form), 400 if form.errors else 200
