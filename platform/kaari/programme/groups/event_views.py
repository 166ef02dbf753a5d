"""Staff pages for events besides the group meetings: training evenings, social
events and separate kick-offs, for one group or for everyone in the groups."""

from __future__ import annotations

from datetime import timedelta

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import can, permission_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.db import utcnow
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.programme.groups import access as group_access
from kaari.programme.groups import events, invitations, meeting_pages, services
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("programme_events", __name__, "/staff/events")
SHOWN_PAST = timedelta(days=60)  # past events stay listed this long, for attendance


def _event_or_404(meeting_id: int):
    """The event, if it is of a group the user may act on (an event for everyone: managers)."""
    meeting = events.get_event(meeting_id)
    if meeting is None or not group_access.current_scope().allows(meeting.group_id):
        abort(404)
    return meeting


def _links(meeting) -> dict[str, str]:
    return {
        "page": url_for("programme_events.event", meeting_id=meeting.id),
        "invite": url_for("programme_events.invite", meeting_id=meeting.id),
        "attendance": url_for("programme_events.attendance", meeting_id=meeting.id),
    }


@bp.route("/", methods=["GET", "POST"])
@permission_required("lead_groups")
def event_list():
    form = meeting_pages.meeting_form(event=True)
    groups = group_access.visible_groups()
    open_groups = [(x.id, x.name) for x in groups if x.status != "closed"]
    form.group.choices = as_choices([(0, _("No group")), *open_groups])
    if form.validate_on_submit():
        if not can("manage_groups"):
            abort(403)
        group = next((x for x in groups if x.id == form.group.data), None)
        try:
            meeting = events.create_event(
                form.kind.data,
                form.audience.data,
                group,
                meeting_pages.details(form),
                language=g.tenant.default_language,
            )
        except services.ProgrammeError as error:
            show(error, form)
        else:
            record("event.created", actor_id=current_user.id, ip=client_ip(), obj=meeting)
            db.session.commit()
            flash(_("The event has been created; invite people when it suits you."), "success")
            return redirect(url_for("programme_events.event", meeting_id=meeting.id))
    return render_template(
        "programme/events.html",
        form=form,
        events=group_access.visible(
            events.list_events(utcnow() - SHOWN_PAST), lambda event: event.group_id
        ),
        groups={x.id: x.name for x in groups},
        can_manage=can("manage_groups"),
    ), 400 if form.errors else 200


@bp.route("/<id:meeting_id>", methods=["GET", "POST"])
@permission_required("manage_groups")
def event(meeting_id: int):
    meeting = _event_or_404(meeting_id)
    form = meeting_pages.meeting_form(meeting)
    if form.validate_on_submit():
        try:
            services.change_meeting(meeting, meeting_pages.details(form))
        except services.ProgrammeError as error:
            show(error, form)
        else:
            record("meeting.changed", actor_id=current_user.id, ip=client_ip(), obj=meeting)
            db.session.commit()
            flash(_("The meeting has been saved."), "success")
            return redirect(url_for("programme_events.event", meeting_id=meeting.id))
    return render_template(
        "programme/meeting.html",
        meeting=meeting,
        form=form,
        counts=invitations.answer_counts(meeting),
        back=(url_for("programme_events.event_list"), _("Events")),
        links=_links(meeting),
    ), 400 if form.errors else 200


@bp.route("/<id:meeting_id>/invite", methods=["POST"])
@permission_required("manage_groups")
def invite(meeting_id: int):
    meeting = _event_or_404(meeting_id)
    count = meeting_pages.invite(meeting)
    db.session.commit()
    flash(ngettext("%(num)d person invited.", "%(num)d people invited.", count), "info")
    return redirect(url_for("programme_events.event", meeting_id=meeting.id))


@bp.route("/<id:meeting_id>/attendance", methods=["GET", "POST"])
@permission_required("lead_groups")
def attendance(meeting_id: int):
    meeting = _event_or_404(meeting_id)
    if request.method == "POST":
        meeting_pages.record_attendance(meeting)
        db.session.commit()
        flash(_("The attendance has been saved."), "info")
        return redirect(url_for("programme_events.attendance", meeting_id=meeting.id))
    return render_template(
        "programme/attendance.html",
        meeting=meeting,
        guests=invitations.guests(meeting),
        counts=invitations.answer_counts(meeting),
        links=_links(meeting),
    )
