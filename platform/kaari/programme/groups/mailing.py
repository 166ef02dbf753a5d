"""How the programme takes part in mail: two mailing audiences, registered from here so
that mail never imports the programme.

- the members of groups: the two people of each open pair placed in one of the chosen
  groups, only the actors or only the mentors if a role is chosen;
- the people invited to a meeting or event.

The options come from the signed-in user's group scope: a group leader is offered only
the groups they lead and their meetings, so what they can choose (and what the form
accepts) is limited before any recipient is computed. Erased people and people without
an email address are never recipients. Each audience is one query however many groups,
meetings or people there are, and gives the mailing a query, never a list of people.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, Select, false, or_, select
from wtforms import SelectChoice

from kaari.core import db, formats
from kaari.core.choices import as_choices
from kaari.core.i18n import translated
from kaari.mail.audiences import Audience
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.participants.models import Person, PersonRole
from kaari.programme.groups.access import current_scope
from kaari.programme.groups.models import Group, GroupPair, Meeting, MeetingInvitation
from kaari.programme.labels import meeting_names

GROUP, ROLE, MEETING = "group:", "role:", "meeting:"
PAIR_ROLES = ("actor", "mentor")


def _ids(chosen: Sequence[str], prefix: str) -> set[int]:
    values = (value.removeprefix(prefix) for value in chosen if value.startswith(prefix))
    return {int(value) for value in values if value.isdigit()}


def _reachable() -> tuple[ColumnElement[bool], ...]:
    return Person.erased_at.is_(None), Person.email != ""


def _people(*conditions: ColumnElement[bool]) -> Select:
    return select(Person).where(*conditions, *_reachable())


def group_options() -> list[SelectChoice]:
    led = current_scope().led
    query = select(Group.id, Group.name).order_by(Group.status, Group.name)
    if led is not None:
        query = query.where(Group.id.in_(led))
    groups = [
        (f"{GROUP}{group_id}", f"{_l('Group')}: {name}")
        for group_id, name in db.session.execute(query)
    ]
    labels = PersonRole.labels()
    roles = [(f"{ROLE}{role}", f"{_l('Role')}: {labels[role]}") for role in PAIR_ROLES]
    return as_choices(groups + roles)


def group_members(chosen: Sequence[str]) -> Select:
    """People in an open pair of one of the chosen groups, on the pair's side of one of
    the chosen roles (no role chosen: both sides)."""
    group_ids = _ids(chosen, GROUP)
    if not group_ids:
        return _people(false())
    roles = [role for role in PAIR_ROLES if f"{ROLE}{role}" in chosen] or list(PAIR_ROLES)
    placed = Pair.id.in_(select(GroupPair.pair_id).where(GroupPair.group_id.in_(group_ids)))
    pairs = (Pair.status.in_(OPEN_PAIR_STATUSES), placed)
    side = {"actor": Pair.actor_id, "mentor": Pair.mentor_id}
    return _people(or_(*(Person.id.in_(select(side[role]).where(*pairs)) for role in roles)))


def meeting_options() -> list[SelectChoice]:
    led = current_scope().led
    query = (
        select(Meeting, Group.name)
        .outerjoin(Group, Group.id == Meeting.group_id)
        .order_by(Meeting.starts_at.desc(), Meeting.id)
    )
    if led is not None:
        query = query.where(Meeting.group_id.in_(led))
    names = meeting_names()
    everyone = _l("all groups")
    return as_choices(
        (
            f"{MEETING}{meeting.id}",
            f"{translated(meeting.title) or names.get(meeting.kind, meeting.kind)}, "
            f"{group_name or everyone}, {formats.day(meeting.starts_at)}",
        )
        for meeting, group_name in db.session.execute(query)
    )


def meeting_invitees(chosen: Sequence[str]) -> Select:
    """People invited to one of the chosen meetings or events, whatever they answered."""
    meeting_ids = _ids(chosen, MEETING)
    if not meeting_ids:
        return _people(false())
    invited = select(MeetingInvitation.person_id).where(
        MeetingInvitation.meeting_id.in_(meeting_ids)
    )
    return _people(Person.id.in_(invited))


GROUP_MEMBERS = Audience(
    key="groups",
    label=lambda: _l("Members of groups"),
    options=group_options,
    recipients=group_members,
    rule=lambda: _l(
        "People in a pair of one of the chosen groups AND with one of the chosen roles "
        "in their pair. Choose no role to reach both actors and mentors. Ended pairs "
        "are left out."
    ),
    permission="mail_groups",
)

MEETING_INVITEES = Audience(
    key="meetings",
    label=lambda: _l("Invited to a meeting or event"),
    options=meeting_options,
    recipients=meeting_invitees,
    rule=lambda: _l(
        "People invited to one of the chosen meetings or events, whatever they answered."
    ),
    permission="mail_groups",
)
