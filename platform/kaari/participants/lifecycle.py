"""The participant lifecycle: which status moves the programme makes by itself.

A person goes along the arc, contacted → registration sent → registered → waiting →
matched (a pair formed) → in a group → completed, or leaves it early by a side exit
(EXIT_STATUSES). The programme moves people forward (placing a pair in a group, closing
the group); going back happens only on a re-match, to "waiting". Staff may still set
any status by hand (`services.set_status`); `advance` is for the automatic moves, which
must never undo what already happened (a completed person is not set back "in a group").

Each automatic move is recorded in the status history with its cause, a code and an
argument ("placed_in_group:HKI2") that `describe_cause` turns into words.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.participants import services
from kaari.participants.models import EXIT_STATUSES, ParticipantStatus, Person

S = ParticipantStatus
ARC = (
    S.CONTACTED,
    S.REGISTRATION_SENT,
    S.REGISTERED,
    S.WAITING,
    S.MATCHED,
    S.IN_GROUP,
    S.COMPLETED,
)
# The way back: a pair that ends or is turned down sends its members to wait for another.
REMATCH = {S.MATCHED: (S.WAITING,), S.IN_GROUP: (S.WAITING,)}


def _allowed(status: str) -> frozenset[str]:
    if status not in ARC or status == S.COMPLETED:
        return frozenset()  # an exit or the end of the arc: only staff move them on
    later = ARC[ARC.index(S(status)) + 1 :]
    return frozenset((*later, *REMATCH.get(S(status), ()), *EXIT_STATUSES))


# For each status, where the programme may move a person from it.
TRANSITIONS: dict[str, frozenset[str]] = {status: _allowed(status) for status in S.values()}

# The causes of automatic moves; the argument (a group's name, a reason) fills %(what)s.
CAUSES = {
    "placed_in_group": _l("Pair placed in group %(what)s"),
    "group_closed": _l("Group %(what)s closed"),
    "pair_ended": _l("Pair ended: %(what)s"),
    "data_migration": _l("Status set from the programme's groups (%(what)s)"),
    "added_by_staff": _l("Added by staff"),
    "added_by_staff_from": _l("Added by staff; came from: %(what)s"),
    "registration_link_sent": _l("Link to complete the registration sent"),
    "registration_entered": _l("Registration form entered by staff"),
}


def cause(code: str, what: str = "") -> str:
    """The stored form of a cause, e.g. "group_closed:HKI2"."""
    return f"{code}:{what}"


def describe_cause(reason: str) -> str:
    """A history row's reason in words: a known cause translated, anything else as typed."""
    code, _, what = reason.partition(":")
    return str(CAUSES[code]) % {"what": what} if code in CAUSES else reason


def advance(person: Person, to: str, reason: str, *, actor_id: int | None, ip: str = "") -> None:
    """Move the person to `to` if the lifecycle allows it from where they are, recording
    the cause; a move that would go back (or leave an exit) is ignored."""
    if to in TRANSITIONS.get(person.status, frozenset()):
        services.set_status(person, to, reason=reason, actor_id=actor_id, ip=ip)
