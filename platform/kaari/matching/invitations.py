"""The joint invitation: one message to both members of a pair introducing each to
the other, with a personal link to confirm or decline; reminders to the silent; a
decline frees the other person for new proposals."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import or_, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.signing import Signed
from kaari.mail.links import LinkUnavailable, PersonalLink, Trusted, tenant_url
from kaari.mail.services import send
from kaari.matching.models import OPEN_PAIR_STATUSES, Pair
from kaari.matching.settings import matching_settings
from kaari.participants import services as register
from kaari.participants import sharing
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant

ANSWER_LIFETIME = timedelta(days=45)


class InvitationError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


ANSWER_LINK = Signed("pair-answer", ANSWER_LIFETIME)


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """A member's answer link, signed at delivery."""
    pair = db.session.scalar(select(Pair).where(Pair.id == params["pair_id"]))
    if pair is None:
        raise LinkUnavailable
    token = ANSWER_LINK.dumps([pair.id, params["person_id"], pair.tenant_id])
    return tenant_url("matching_public.answer", token=token, language=language)


@dataclass(frozen=True)
class Letter:
    """One member's joint invitation as the coordinator prepared it on the page of
    invitations: the introduction of the other (prefilled from what the other agreed to
    share, then edited) and the group's kick-off, already in the member's language."""

    introduction: str
    group: str
    kickoff_when: str
    kickoff_place: str = ""


def introduction(person: Person) -> dict[str, str]:
    """The other member's introduction: only the answers they agreed at registration
    to show a proposed pair (kaari.participants.sharing), nothing else they told us."""
    return sharing.shared_answers(person.role, person.language, person.answers)


def _members(pair: Pair) -> tuple[Person, Person]:
    return register.get_person(pair.actor_id), register.get_person(pair.mentor_id)


def _mail(
    template: str,
    pair: Pair,
    person: Person,
    other: Person,
    *,
    tenant: Tenant,
    letter: Letter | None = None,
) -> None:
    """One member's invitation (with their letter) or reminder (each sent at most once
    per pair)."""
    prepared = (
        {
            "introduction": letter.introduction,
            "group": letter.group,
            "kickoff_when": letter.kickoff_when,
            "kickoff_place": letter.kickoff_place,
        }
        if letter
        else {}
    )
    send(
        template,
        to=person,
        key=f"{template}-{pair.id}-{person.id}",
        context={
            "name": person.name,
            "role": person.role,
            "other_name": sharing.first_name(other.name),
            "other_role": other.role,
            **prepared,
            "message": Trusted(tenant.text("pair_invitation", person.language)),
            # opens in the member's language
            "link": PersonalLink("pair_answer", {"pair_id": pair.id, "person_id": person.id}),
        },
    )


def invite(
    pair: Pair,
    *,
    tenant: Tenant,
    letters: Mapping[int, Letter],
    staff_id: int,
    ip: str = "",
) -> None:
    """Send the joint invitation to both members, each their letter (by member id); the
    pair is now "invited"."""
    if pair.status != "proposed":
        raise InvitationError("not_proposed")
    actor, mentor = _members(pair)
    for person, other in ((actor, mentor), (mentor, actor)):
        _mail("pair_invitation", pair, person, other, tenant=tenant, letter=letters[person.id])
    pair.status, pair.invited_at = "invited", utcnow()
    record("pair.invited", actor_id=staff_id, ip=ip, obj=pair)


def member_for_token(token: str, *, tenant_id: int) -> tuple[Pair, Person] | None:
    """The pair and the member a personal answer link belongs to, in this tenant."""
    ids = ANSWER_LINK.tenant_fields(token, tenant_id, 2)
    if ids is None:
        return None
    pair_id, person_id = ids
    pair = db.session.scalar(select(Pair).where(Pair.id == pair_id))
    if pair is None or person_id not in (pair.actor_id, pair.mentor_id):
        return None
    return pair, register.get_person(person_id)


def answer(pair: Pair, person: Person, value: str, reason: str = "", *, ip: str = "") -> bool:
    """A member's own yes or no. Both yes: confirmed. A no ends the pair and puts
    both back to wait, so the coordinator can propose again. Returns whether this
    answer confirmed the pair."""
    if pair.status not in ("invited", "confirmed") or value not in ("yes", "no"):
        raise InvitationError("closed")
    side = "actor_answer" if person.id == pair.actor_id else "mentor_answer"
    setattr(pair, side, value)
    record("pair.answered", actor_id=None, ip=ip, obj=pair, person=person.id, answer=value)
    if value == "yes":
        confirming = pair.status != "confirmed" and pair.actor_answer == pair.mentor_answer == "yes"
        if confirming:
            pair.status = "confirmed"
        return confirming
    end(pair, "declined", f"{person.role} declined: {reason}".strip(": "), staff_id=None, ip=ip)
    return False


def end(pair: Pair, status: str, reason: str, *, staff_id: int | None, ip: str = "") -> None:
    """Decline or cancel a pair; both members wait for a new pair again (also when the
    pair was already placed in a group, as pairs are before their joint invitation),
    unless they are in another open pair."""
    pair.status, pair.ended_reason = status, reason.strip()[:500]
    for person in _members(pair):
        if (
            person is not None
            and person.status in ("matched", "in_group")
            and not _in_another_pair(person, pair)
        ):
            register.set_status(
                person,
                "waiting",
                reason=f"pair {status}: {pair.ended_reason}",
                actor_id=staff_id,
                ip=ip,
            )
    # The reason is kept on the pair (erased with it); the audit log, which outlives
    # erasure, keeps only that one was given.
    record(
        f"pair.{status}",
        actor_id=staff_id,
        ip=ip,
        obj=pair,
        reason_given=bool(pair.ended_reason),
    )


def _in_another_pair(person: Person, pair: Pair) -> bool:
    query = select(Pair.id).where(
        Pair.id != pair.id,
        Pair.status.in_(OPEN_PAIR_STATUSES),
        or_(Pair.actor_id == person.id, Pair.mentor_id == person.id),
    )
    return db.session.scalar(query.limit(1)) is not None


def remind_silent(*, tenant: Tenant, now=None) -> int:
    """Remind members who have not answered N days after the invitation (once)."""
    now = now or utcnow()
    due = now - timedelta(days=matching_settings.get(tenant, "invitation_reminder_days"))
    query = select(Pair).where(
        Pair.status == "invited", Pair.invited_at <= due, Pair.reminded_at.is_(None)
    )
    sent = 0
    for pair in db.session.scalars(query):
        actor, mentor = _members(pair)
        for person, other, given in (
            (actor, mentor, pair.actor_answer),
            (mentor, actor, pair.mentor_answer),
        ):
            if not given:
                _mail(
                    "pair_reminder",
                    pair,
                    person,
                    other,
                    tenant=tenant,
                )
                sent += 1
        pair.reminded_at = now
    return sent
