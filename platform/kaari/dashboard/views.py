"""The staff dashboard: the first page a coordinator sees. Later domains add panels."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts import services as accounts
from kaari.accounts.access import can, permission_required, recent_auth_required
from kaari.audit.services import AuditFilter, record, tenant_actions, tenant_events
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.db import utcnow
from kaari.core.paging import Position
from kaari.core.today import TodayScope, todos
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.dashboard.forms import (
    AuditFilterForm,
    ControllerForm,
    FunderForm,
    LogoForm,
    PublicationForm,
    settings_form,
    text_titles,
    texts_form,
)
from kaari.dashboard.today import today_sections
from kaari.materials.services import logo_data_url
from kaari.programme.groups.access import current_scope
from kaari.tenancy import services as tenancy
from kaari.tenancy.logo import FUNDER_LOGO, MAX_BYTES, LogoError, set_funder, set_logo
from kaari.tenancy.publication import (
    CHECKS,
    TEXT_CHECKS,
    PublicationError,
    publication_gaps,
    publish,
    unpublish,
)
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.settings import CONTROLLER_PAGE, PROGRAMME_PAGE, tenancy_settings

bp = tenant_blueprint("dashboard", __name__, "/staff")


@bp.route("/")
@permission_required("staff_pages")
def home():
    """Today: what needs the signed-in staff member, in the groups they may act on."""
    scope = TodayScope(
        tenant=g.tenant,
        now=utcnow(),
        can=can,
        user_id=current_user.id,
        groups=current_scope().led if can("lead_groups") else frozenset(),
    )
    return render_template(
        "dashboard/home.html",
        notice_gaps=tenancy.notice_gaps(g.tenant),
        sections=todos(scope),
        section_titles=today_sections(),
    )


@bp.route("/audit")
@permission_required("audit_log")
def audit_log():
    """The tenant's log, filtered by person, staff member, action and days."""
    names = {m.user_id: m.user.name or m.user.email for m in accounts.list_members()}
    form = AuditFilterForm(request.args)
    form.actor.choices = as_choices([("", _("Anyone")), *((str(i), n) for i, n in names.items())])
    form.action.choices = as_choices([("", _("Any action")), *((a, a) for a in tenant_actions())])
    filters, status = AuditFilter(), 200
    if request.args and not form.validate():
        status = 400
    elif request.args:
        filters = AuditFilter(
            person_id=form.person.data,
            actor_id=int(form.actor.data) if (form.actor.data or "").isdigit() else None,
            action=form.action.data or "",
            since=_day_start(form.since.data),
            until=_day_start(form.until.data + timedelta(days=1) if form.until.data else None),
        )
    page = render_template(
        "dashboard/audit.html",
        page=tenant_events(filters, Position.from_args(request.args, 2)),
        form=form,
        names=names,
        args={key: value for key, value in request.args.items() if key in form._fields},
    )
    return page, status


def _day_start(day: date | None) -> datetime | None:
    """The start of the day in the tenant's time zone, as a UTC bound."""
    if day is None:
        return None
    return datetime.combine(day, time(), tzinfo=g.tenant.zone).astimezone(UTC)


def _saved(what: str, changed: list[str] | dict, message: str):
    """Audit what changed (texts, or settings with old and new values), commit, tell,
    and show the page again."""
    if changed:
        record(
            f"tenant.{what}_changed",
            actor_id=current_user.id,
            ip=client_ip(),
            obj=g.tenant,
            **{what: changed},
        )
    db.session.commit()
    flash(message if changed else _("Nothing was changed."), "info")
    return redirect(url_for(f"dashboard.{what}"))


@bp.route("/texts", methods=["GET", "POST"])
@permission_required("manage_settings")
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
        return _saved("texts", changed, _("The texts have been saved."))
    return render_template(
        "dashboard/texts.html", form=form, titles=text_titles(), languages=languages
    ), 400 if form.errors else 200


@bp.route("/logo", methods=["GET", "POST"])
@permission_required("manage_settings")
def logo():
    """Upload the network's logo, or its funder's for the pack's cover: checked by
    content, re-encoded, size-limited."""
    form = LogoForm()
    funder = FunderForm(data={"funder_name": g.tenant.funder_name})
    if "save_funder" in request.form:
        if funder.validate_on_submit():
            picture = funder.logo.data
            try:
                set_funder(
                    g.tenant,
                    funder.funder_name.data,
                    picture.read(MAX_BYTES + 1) if picture else None,
                    remove_logo=funder.remove_funder_logo.data,
                )
            except LogoError as error:
                show(error, funder)
            else:
                return _logo_saved("tenant.funder_changed", _("The funder has been saved."))
    elif form.validate_on_submit():
        try:
            set_logo(g.tenant, form.logo.data.read(MAX_BYTES + 1))
        except LogoError as error:
            show(error, form)
        else:
            return _logo_saved("tenant.logo_changed", _("The logo has been changed."))
    page = render_template(
        "dashboard/logo.html",
        form=form,
        funder=funder,
        funder_logo=logo_data_url(g.tenant, FUNDER_LOGO),
    )
    return page, 400 if form.errors or funder.errors else 200


def _logo_saved(action: str, message: str):
    record(action, actor_id=current_user.id, ip=client_ip(), obj=g.tenant)
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("dashboard.logo"))


@bp.route("/settings", methods=["GET", "POST"])
@permission_required("manage_settings")
def settings():
    """The programme's timetable and reminders."""
    form = settings_form(PROGRAMME_PAGE).filled(g.tenant)
    if form.validate_on_submit():
        changed = tenancy.set_settings(g.tenant, form.settings())
        return _saved("settings", changed, _("The settings have been saved."))
    return render_template("dashboard/settings.html", form=form), 400 if form.errors else 200


@bp.route("/settings/security", methods=["GET", "POST"])
@permission_required("controller_settings")
@recent_auth_required(back="dashboard.security_settings")
def security_settings():
    """Two-factor policy, portal link lifetime and retention: the controller's decisions."""
    form = settings_form(CONTROLLER_PAGE).filled(g.tenant)
    if form.validate_on_submit():
        changed = tenancy.set_settings(g.tenant, form.settings())
        return _saved("security_settings", changed, _("The settings have been saved."))
    return render_template("dashboard/security_settings.html", form=form), (
        400 if form.errors else 200
    )


@bp.route("/controller", methods=["GET", "POST"])
@permission_required("controller_settings")
def controller():
    """The controller's contact details in the privacy notice: the controller's own
    decision, so admins only. The join form opens once an email address is given."""
    tenant = g.tenant
    form = ControllerForm(
        data={
            **{key: getattr(tenant, key) for key in tenancy.CONTACT_FIELDS},
            "data_protection_contact": tenancy_settings.get(tenant, "data_protection_contact"),
        }
    )
    if form.validate_on_submit():
        values = {name: form[name].data or "" for name in form.data if name != "csrf_token"}
        changed = tenancy.set_contact(tenant, values)
        return _saved("controller", changed, _("The contact details have been saved."))
    return render_template("dashboard/controller.html", form=form), 400 if form.errors else 200


@bp.route("/settings/publication", methods=["GET", "POST"])
@permission_required("controller_settings")
def publication():
    """Whether the public sees the network; the checklist says what it still lacks, and
    publishing is refused, with the reason, until nothing is missing."""
    tenant = g.tenant
    form = PublicationForm()
    status = 400 if form.is_submitted() else 200
    if form.validate_on_submit():
        was_published = tenant.published
        try:
            if form.action.data == "publish":
                publish(tenant)
            else:
                unpublish(tenant)
        except PublicationError as error:
            show(error)
        else:
            if tenant.published != was_published:
                action = "tenant.published" if tenant.published else "tenant.unpublished"
                record(action, actor_id=current_user.id, ip=client_ip(), obj=tenant)
            db.session.commit()
            flash(
                _("The network is published: it is in the directory and open to join.")
                if tenant.published
                else _("The network is no longer public: only its staff see its pages."),
                "info",
            )
            return redirect(url_for("dashboard.publication"))
    return render_template(
        "dashboard/publication.html",
        form=form,
        gaps=publication_gaps(tenant),
        checks=CHECKS,
        text_checks=TEXT_CHECKS,
    ), status
