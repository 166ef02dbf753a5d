"""Staff pages for groups and their meetings, the calendar, and the public feeds."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import (
    Response,
    abort,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import can, permission_required
from kaari.audit.services import record
from kaari.core import db, formats
from kaari.core.choices import as_choices
from kaari.core.db import utcnow
from kaari.core.i18n import select_language, translated
from kaari.core.lookups import found_or_404
from kaari.core.paging import Position
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.matching.services import people_by_id
from kaari.participants import portal_access
from kaari.participants import services as register
from kaari.programme import labels
from kaari.programme.groups import access as group_access
from kaari.programme.groups import (
    agreements,
    calendar,
    diary,
    forms,
    invitations,
    meeting_pages,
    pair_progress,
    paper_agreements,
    planner,
    recorded_meetings,
    services,
)
from kaari.programme.groups.finnish_year import FinnishYear, parse_blackouts
from kaari.programme.groups.models import GroupStatus
from kaari.programme.portal import services as portal
from kaari.programme.settings import programme_settings
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import list_target_groups

bp = tenant_blueprint("programme", __name__, "/staff/groups")
public = tenant_blueprint("programme_public", __name__)


def _saved(action: str, obj, message: str, group, **details):
    """Audit, commit, tell the user, and go back to the group's page."""
    record(action, actor_id=current_user.id, ip=client_ip(), obj=obj, **details)
    db.session.commit()
    flash(message, "info")
    return redirect(url_for("programme.group", group_id=group.id))


def _group_form(group=None) -> forms.GroupForm:
    form = forms.GroupForm(obj=group)
    if group is not None and request.method == "GET":
        form.target_group.data = group.target_group_id or 0
    form.target_group.choices = as_choices(
        [(0, _("Any"))] + [(tg.id, translated(tg.name)) for tg in list_target_groups()]
    )
    form.status.choices = GroupStatus.choices()
    return form


def _details(form: forms.GroupForm) -> services.GroupDetails:
    return services.GroupDetails(
        name=form.name.data or "",
        target_group_id=form.target_group.data or None,
        planned_start=form.planned_start.data,
        planned_end=form.planned_end.data,
        venue=form.venue.data or "",
        status=form.status.data or "planning",
    )


@bp.route("/", methods=["GET", "POST"])
@permission_required("lead_groups")
def group_list():
    form = _group_form()
    if form.validate_on_submit():
        if not can("manage_groups"):
            abort(403)
        try:
            group = services.create_group(_details(form))
        except services.ProgrammeError as error:
            show(error, form)
        else:
            return _saved("group.created", group, _("The group has been created."), group)
    groups, closed = group_access.listed_groups(Position.from_args(request.args, 1))
    rows = services.groups_overview(groups + closed.rows)
    return render_template(
        "programme/groups.html",
        rows=rows[: len(groups)],
        closed=closed,
        closed_rows=rows[len(groups) :],
        form=form,
        statuses=GroupStatus.labels(),
    ), 400 if form.errors else 200


@bp.route("/<id:group_id>", methods=["GET", "POST"])
@permission_required("lead_groups")
def group(group_id: int):
    group = group_access.group_or_404(group_id)
    form = _group_form(group)
    if form.validate_on_submit():
        if not can("manage_groups"):
            abort(403)
        try:
            services.update_group(group, _details(form), staff_id=current_user.id, ip=client_ip())
        except services.ProgrammeError as error:
            show(error, form)
        else:
            return _saved("group.changed", group, _("The group has been saved."), group)
    return _group_page(group, form), 400 if form.errors else 200


def _group_page(group, form, **forms_given):
    pairs = services.group_pairs(group)
    free = services.pairs_without_group() if can("manage_groups") else []
    moves = services.moves(group)
    shown = pairs + free + [pair for _move, pair in moves]
    people = people_by_id({p.actor_id for p in shown} | {p.mentor_id for p in shown})
    leaders = forms_given.get("leaders") or forms.LeadersForm(leaders=services.leader_ids(group))
    leaders.leaders.choices = as_choices(
        (m.user_id, m.user.name or m.user.email) for m in services.leader_choices()
    )
    adding = forms_given.get("adding") or forms.AddPairsForm()
    adding.pairs.choices = as_choices(
        (p.id, f"{people[p.actor_id].name} & {people[p.mentor_id].name}") for p in free
    )
    others = [other for other in services.list_groups() if other.id != group.id]
    meetings = calendar.group_meetings(group)
    zone = g.tenant.zone
    middle = pair_progress.midpoint(group, meetings, zone)
    return render_template(
        "programme/group.html",
        group=group,
        form=form,
        pairs=pairs,
        people=people,
        warning=services.size_warning(len(pairs)),
        leaders=leaders,
        adding=adding,
        moves=moves,
        groups_by_id={o.id: o for o in others},
        meetings=meetings,
        midpoint=middle,
        follow_up=pair_progress.follow_up(pairs, middle, utcnow().astimezone(zone).date()),
        signed=agreements.signed_by_both([pair.id for pair in pairs]),
        keep_no_log=diary.opted_out_pairs([pair.id for pair in pairs]),
        feed_url=url_for(
            "programme_public.group_feed",
            token=calendar.feed_token(group),
            _external=True,
        ),
        can_manage=can("manage_groups"),
    )


@bp.route("/<id:group_id>/leaders", methods=["POST"])
@permission_required("manage_groups")
def set_leaders(group_id: int):
    group = group_access.group_or_404(group_id)
    form = forms.LeadersForm()
    form.leaders.choices = as_choices((m.user_id, m.user.email) for m in services.leader_choices())
    if form.validate_on_submit():
        try:
            services.set_leaders(group, form.leaders.data)
        except services.ProgrammeError as error:
            show(error, form)
        else:
            return _saved(
                "group.leaders_changed",
                group,
                _("The group leaders have been saved."),
                group,
                leaders=form.leaders.data,
            )
    return _group_page(group, _group_form(group), leaders=form), 400


@bp.route("/<id:group_id>/pairs", methods=["POST"])
@permission_required("manage_groups")
def add_pairs(group_id: int):
    group = group_access.group_or_404(group_id)
    form = forms.AddPairsForm()
    form.pairs.choices = as_choices((p.id, str(p.id)) for p in services.pairs_without_group())
    if form.validate_on_submit() and form.pairs.data:
        try:
            added = services.add_pairs(
                group, form.pairs.data, staff_id=current_user.id, ip=client_ip()
            )
        except services.ProgrammeError as error:
            show(error, form)
        else:
            return _saved(
                "group.pairs_added",
                group,
                ngettext(
                    "%(num)d pair added to the group.", "%(num)d pairs added to the group.", added
                ),
                group,
                pairs=form.pairs.data,
            )
    if not form.errors:
        form.pairs.errors.append(_("Choose at least one pair."))
    return _group_page(group, _group_form(group), adding=form), 400


@bp.route("/<id:group_id>/pairs/<id:pair_id>/remove", methods=["POST"])
@permission_required("manage_groups")
def remove_pair(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    try:
        services.remove_pair(group, pair_id)
    except services.ProgrammeError:
        abort(404)
    return _saved(
        "group.pair_removed",
        group,
        _("The pair has been taken out of the group."),
        group,
        pair=pair_id,
    )


@bp.route("/<id:group_id>/pairs/<id:pair_id>/move", methods=["POST"])
@permission_required("manage_groups")
def move_pair(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    form = forms.MoveForm()
    form.to_group.choices = as_choices((other.id, other.name) for other in services.list_groups())
    if not form.validate_on_submit():
        abort(404)
    target = group_access.group_or_404(form.to_group.data)
    try:
        services.move_pair(
            group, pair_id, target, reason=form.reason.data or "", staff_id=current_user.id
        )
    except services.ProgrammeError as error:
        if error.code == "pair_not_in_group":
            abort(404)
        show(error)
        return redirect(url_for("programme.pair", group_id=group.id, pair_id=pair_id))
    return _saved(
        "group.pair_moved",
        group,
        _("The pair has been moved to %(group)s.", group=target.name),
        group,
        pair=pair_id,
        to=target.id,
    )


@bp.route("/<id:group_id>/plan", methods=["POST"])
@permission_required("manage_groups")
def plan(group_id: int):
    group = group_access.group_or_404(group_id)
    zone = g.tenant.zone
    language = select_language()
    blackouts = parse_blackouts(programme_settings.get(g.tenant, "blackout_dates"))
    moves: list[planner.Move] = []
    created = planner.plan(
        group,
        today=datetime.now(zone).date(),
        zone=zone,
        arc_months=programme_settings.get(g.tenant, "arc_months"),
        year=FinnishYear(blackouts, language=language),
        moves=moves,
    )
    for move in moves:
        flash(_moved(move, language), "info")
    return _saved(
        "group.meetings_planned",
        group,
        ngettext(
            "%(num)d meeting planned; check the date and change it if needed.",
            "%(num)d meetings planned; check the dates and change them if needed.",
            len(created),
        ),
        group,
        meetings=len(created),
    )


def _moved(move: planner.Move, language: str) -> str:
    """The note on a moved meeting in the reader's words."""
    return _(
        "%(meeting)s moved from %(date)s: %(reason)s.",
        meeting=labels.meeting_names()[move.kind],
        date=formats.day(move.planned),
        reason=move.reason,
    )


@bp.route("/<id:group_id>/meetings/<id:meeting_id>", methods=["GET", "POST"])
@permission_required("manage_groups")
def meeting(group_id: int, meeting_id: int):
    group, meeting = _meeting_or_404(group_id, meeting_id)
    form = meeting_pages.meeting_form(meeting)
    if form.validate_on_submit():
        try:
            services.change_meeting(meeting, meeting_pages.details(form))
        except services.ProgrammeError as error:
            show(error, form)
        else:
            return _saved("meeting.changed", meeting, _("The meeting has been saved."), group)
    return render_template(
        "programme/meeting.html",
        meeting=meeting,
        form=form,
        counts=invitations.answer_counts(meeting),
        back=(url_for("programme.group", group_id=group.id), _("Group %(name)s", name=group.name)),
        links=_meeting_links(group, meeting),
    ), 400 if form.errors else 200


def _meeting_links(group, meeting) -> dict[str, str]:
    ids = {"group_id": group.id, "meeting_id": meeting.id}
    return {
        "page": url_for("programme.meeting", **ids),
        "invite": url_for("programme.invite", **ids),
        "attendance": url_for("programme.attendance", **ids),
        "notes": url_for("meeting_notes.notes", **ids),
    }


def _meeting_or_404(group_id: int, meeting_id: int):
    group = group_access.group_or_404(group_id)
    return group, found_or_404(services.get_meeting(group, meeting_id))


@bp.route("/<id:group_id>/meetings/<id:meeting_id>/invite", methods=["POST"])
@permission_required("manage_groups")
def invite(group_id: int, meeting_id: int):
    group, meeting = _meeting_or_404(group_id, meeting_id)
    count = meeting_pages.invite(meeting)
    db.session.commit()
    flash(ngettext("%(num)d person invited.", "%(num)d people invited.", count), "info")
    return redirect(url_for("programme.meeting", group_id=group.id, meeting_id=meeting.id))


@bp.route("/<id:group_id>/meetings/<id:meeting_id>/attendance", methods=["GET", "POST"])
@permission_required("lead_groups")
def attendance(group_id: int, meeting_id: int):
    group, meeting = _meeting_or_404(group_id, meeting_id)
    links = _meeting_links(group, meeting)
    if request.method == "POST":
        meeting_pages.record_attendance(meeting)
        db.session.commit()
        flash(_("The attendance has been saved."), "info")
        return redirect(links["attendance"])
    return render_template(
        "programme/attendance.html",
        meeting=meeting,
        guests=invitations.guests(meeting),
        counts=invitations.answer_counts(meeting),
        links=links,
    )


@bp.route("/<id:group_id>/portal-links", methods=["POST"])
@permission_required("manage_groups")
def send_portal_links(group_id: int):
    """Mail every member of the group's pairs a fresh link to their portal."""
    group = group_access.group_or_404(group_id)
    members = invitations.members(group.id)
    for person in members:
        portal_access.send_link(person, tenant=g.tenant)
    return _saved(
        "group.portal_links_sent",
        group,
        ngettext(
            "Portal link sent to %(num)d participant.",
            "Portal links sent to %(num)d participants.",
            len(members),
        ),
        group,
        count=len(members),
    )


def _pair_of_group_or_404(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    return group, found_or_404(services.group_pair(group, pair_id))


@bp.route("/<id:group_id>/pairs/<id:pair_id>")
@permission_required("lead_groups")
def pair(group_id: int, pair_id: int):
    """A pair's follow-up: agreement, meetings (texts only if both allow), ending."""
    group, pair = _pair_of_group_or_404(group_id, pair_id)
    return _pair_page(group, pair, forms.EndPairForm())


def _move_form(group) -> forms.MoveForm:
    """Where the pair may move: the other groups that are not closed."""
    moving = forms.MoveForm()
    moving.to_group.choices = as_choices(
        (other.id, other.name)
        for other in services.list_groups()
        if other.id != group.id and other.status != "closed"
    )
    return moving


def _pair_page(group, pair, ending):
    shared = diary.shared_with_staff(pair)
    record("pair.viewed", actor_id=current_user.id, ip=client_ip(), obj=pair, diary=shared)
    db.session.commit()
    current = agreements.agreement_of(pair)
    people = people_by_id({pair.actor_id, pair.mentor_id})
    entries = diary.entries(pair)
    return render_template(
        "programme/pair.html",
        group=group,
        pair=pair,
        actor=people[pair.actor_id],
        mentor=people[pair.mentor_id],
        agreement=current,
        signatures=agreements.signatures(current) if current else [],
        entries=entries,
        recorders=recorded_meetings.recorders(entries),
        paper=paper_agreements.paper_agreement_of(pair),
        keeps_no_log=diary.opted_out(pair) is not None,
        shared=shared,
        ending=ending,
        moving=_move_form(group) if can("manage_groups") else None,
        can_manage=can("manage_groups"),
    ), 400 if ending.errors else 200


@bp.route("/<id:group_id>/pairs/<id:pair_id>/end", methods=["POST"])
@permission_required("manage_groups")
def end_pair(group_id: int, pair_id: int):
    group, pair = _pair_of_group_or_404(group_id, pair_id)
    ending = forms.EndPairForm()
    if ending.validate_on_submit():
        try:
            pair_progress.end_pair(
                pair,
                reason=ending.reason.data,
                members=ending.members.data,
                staff_id=current_user.id,
                ip=client_ip(),
            )
        except services.ProgrammeError as error:
            show(error, ending)
        else:
            db.session.commit()
            flash(_("The pair has ended."), "success")
            return redirect(url_for("programme.group", group_id=group.id))
    return _pair_page(group, pair, ending)


@bp.route("/calendar")
@permission_required("lead_groups")
def month():
    zone = g.tenant.zone
    today = datetime.now(zone).date()
    try:
        shown = datetime.strptime(request.args.get("month", ""), "%Y-%m").date()
    except ValueError:
        shown = today.replace(day=1)
    weeks = calendar.month_grid(shown.year, shown.month, zone, group_access.current_scope())
    groups = {group.id: group for group in group_access.visible_groups()}
    previous = (shown.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (shown.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render_template(
        "programme/calendar.html",
        weeks=weeks,
        shown=shown,
        today=today,
        previous=previous,
        following=following,
        groups=groups,
    )


def _feed_response(name: str, meetings: list, prefix: str = "") -> Response:
    """An .ics answer of the meetings, titles and descriptions in the reader's language."""
    entries = [
        (
            m,
            f"{prefix}{translated(m.title) or meeting_kind_name(m.kind)}",
            translated(m.description),
        )
        for m in meetings
    ]
    body = calendar.feed(name, entries, host=request.host, zone=g.tenant.zone)
    return Response(
        body, mimetype="text/calendar", headers={"Cache-Control": "private, max-age=300"}
    )


@public.route("/calendar/<token>.ics")
def group_feed(token: str):
    group = calendar.feed_owner(token, g.tenant.id, "group")
    if group is None:
        abort(404)
    meetings = calendar.group_meetings(group)
    return _feed_response(f"{g.tenant.name} {group.name}", meetings, prefix=f"{group.name}: ")


@public.route("/calendar/person/<token>.ics")
def person_feed(token: str):
    """A participant's own calendar: their group's meetings and the events they are invited to."""
    person = calendar.feed_owner(token, g.tenant.id, "person")
    if person is None:
        abort(404)
    meetings = [m.meeting for m in portal.meetings_of(person)]
    return _feed_response(g.tenant.name, meetings)


@public.route("/meeting/<token>", methods=["GET", "POST"])
def rsvp(token: str):
    """A person's answer to a meeting invitation (a GET alone changes nothing)."""
    invitation = invitations.invitation_for_token(token, tenant_id=g.tenant.id)
    if invitation is None:
        return render_template("accounts/link_invalid.html"), 404
    meeting = invitations.meeting_of(invitation)
    person = register.get_person(invitation.person_id)
    error = None
    if request.method == "POST":
        try:
            invitations.rsvp(invitation, meeting, request.form.get("answer", ""), ip=client_ip())
        except invitations.RsvpError as problem:
            error = problem.message
        else:
            db.session.commit()
    zone = g.tenant.zone
    language = select_language()
    return render_template(
        "programme/rsvp.html",
        invitation=invitation,
        meeting=meeting,
        person=person,
        title=translated(meeting.title) or meeting_kind_name(meeting.kind),
        when=invitations.when(meeting, zone, language),
        open=meeting.starts_at > utcnow(),
        error=error,
    ), 400 if error else 200


@bp.app_template_global("meeting_kind_name")
def meeting_kind_name(kind: str) -> str:
    return str(labels.meeting_names()[kind])


@bp.app_template_global("audience_name")
def audience_name(audience: str) -> str:
    return str(forms.audience_names()[audience])
