"""The notes page of a group meeting: the coordinator writes, the group's leaders read.
At the mid-point meeting the page also shows each pair's meetings so far and the
model's checklist."""

from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import can, permission_required
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.lookups import found_or_404
from kaari.core.web import client_ip
from kaari.matching.services import people_by_id
from kaari.programme.groups import access as group_access
from kaari.programme.groups import calendar, forms, meeting_notes, pair_progress, services
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("meeting_notes", __name__, "/staff/groups")


def _midpoint_review(group) -> dict:
    """Each pair of the group with its meetings so far and its mid-point flag."""
    pairs = services.group_pairs(group)
    zone = g.tenant.zone
    middle = pair_progress.midpoint(group, calendar.group_meetings(group), zone)
    return {
        "pairs": pairs,
        "people": people_by_id({p.actor_id for p in pairs} | {p.mentor_id for p in pairs}),
        "follow_up": pair_progress.follow_up(pairs, middle, utcnow().astimezone(zone).date()),
    }


@bp.route("/<id:group_id>/meetings/<id:meeting_id>/notes", methods=["GET", "POST"])
@permission_required("lead_groups")
def notes(group_id: int, meeting_id: int):
    group = group_access.group_or_404(group_id)
    meeting = found_or_404(services.get_meeting(group, meeting_id))
    saved = meeting_notes.notes_of(meeting)
    form = forms.MeetingNotesForm(obj=saved)
    if request.method == "POST":
        if not can("manage_groups"):
            abort(403)
        if form.validate():
            texts = {name: form[name].data for name in meeting_notes.TEXTS}
            changed = meeting_notes.save_notes(
                meeting, texts, form.checked.data or [], staff_id=current_user.id, ip=client_ip()
            )
            db.session.commit()
            flash(_("The notes have been saved.") if changed else _("Nothing was changed."), "info")
            return redirect(
                url_for("meeting_notes.notes", group_id=group.id, meeting_id=meeting.id)
            )
    return render_template(
        "programme/meeting_notes.html",
        group=group,
        meeting=meeting,
        notes=saved,
        form=form,
        can_write=can("manage_groups"),
        review=_midpoint_review(group) if meeting.kind == "midpoint" else None,
        checklist=forms.checklist_labels(),
    ), 400 if form.errors else 200
