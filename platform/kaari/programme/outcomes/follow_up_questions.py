"""Follow-up questions after the arc: outcomes often come months after the final
meeting, so each actor of a closed group is asked about their situation a few months
later (tenant setting `follow_up_months`, 3, 6 and 12 by default; [] turns it off).
The personal link opens a page of one-click answers; an answer is an outcome dated
the day it was given."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.months import add_months
from kaari.core.signing import Signed
from kaari.mail.links import LinkUnavailable, PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.participants.models import Person
from kaari.programme.groups.models import Group
from kaari.programme.outcomes.models import FollowUp, Outcome
from kaari.programme.outcomes.services import check, group_actor_ids
from kaari.programme.settings import programme_settings
from kaari.tenancy.models import Tenant
from kaari.tenancy.recurring import count_in_each_tenant

LINK_LIFETIME = timedelta(days=60)
# A round whose day passed longer ago than this is skipped, not sent late: a group
# closed years before follow-ups were switched on gets no question about back then.
SEND_WITHIN = timedelta(days=31)
ANSWER_LINK = Signed("follow-up", LINK_LIFETIME)


def token_for(follow_up: FollowUp) -> str:
    return ANSWER_LINK.dumps([follow_up.id, follow_up.tenant_id])


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """A follow-up question's answer link, signed at delivery."""
    query = select(FollowUp).where(FollowUp.id == params["follow_up_id"])
    follow_up = db.session.scalar(query)
    if follow_up is None:
        raise LinkUnavailable
    token = token_for(follow_up)
    return tenant_url("outcomes_public.follow_up", token=token, language=language)


def follow_up_for_token(token: str, *, tenant_id: int) -> FollowUp | None:
    """The question a personal link names, if genuine, of this tenant and not expired."""
    ids = ANSWER_LINK.tenant_fields(token, tenant_id, 1)
    if ids is None:
        return None
    return db.session.scalar(select(FollowUp).where(FollowUp.id == ids[0]))


def due_round(closed_on: date, rounds: Iterable[int], today: date) -> int | None:
    """The latest round (months after closing) whose day has come, if it came less
    than SEND_WITHIN ago."""
    due = [
        months
        for months in rounds
        if add_months(closed_on, months) <= today < add_months(closed_on, months) + SEND_WITHIN
    ]
    return max(due, default=None)


def _ask(group: Group, months: int, *, tenant: Tenant) -> int:
    """Ask every actor of the group who has not had this round yet (and has not
    withdrawn from the programme); returns how many were asked."""
    asked = set(
        db.session.scalars(
            select(FollowUp.person_id).where(
                FollowUp.group_id == group.id, FollowUp.months == months
            )
        )
    )
    query = select(Person).where(
        Person.id.in_(group_actor_ids(group)), Person.status != "withdrawn"
    )
    count = 0
    for person in db.session.scalars(query.order_by(Person.id)):
        if person.id in asked:
            continue
        follow_up = FollowUp(person_id=person.id, group_id=group.id, months=months)
        db.session.add(follow_up)
        db.session.flush()
        language = (
            person.language if person.language in tenant.languages else tenant.default_language
        )
        send(
            "follow_up",
            to=person,
            language=language,
            key=f"follow_up-{follow_up.id}",
            context={
                "name": person.name,
                "months": months,
                "days": LINK_LIFETIME.days,
                "link": PersonalLink("follow_up", {"follow_up_id": follow_up.id}),
            },
        )
        count += 1
    if count:
        record("follow_up.sent", actor_id=None, obj=group, months=months, people=count)
    return count


def send_due(*, tenant: Tenant, today: date | None = None) -> int:
    """Send every follow-up question due today in this tenant; returns how many."""
    rounds = programme_settings.get(tenant, "follow_up_months")
    if not rounds:
        return 0
    zone = tenant.zone
    today = today or datetime.now(zone).date()
    oldest = add_months(today, -max(rounds)) - SEND_WITHIN - timedelta(days=1)
    groups = select(Group).where(
        Group.status == "closed",
        Group.closed_at >= datetime.combine(oldest, time(), zone),
    )
    sent = 0
    for group in db.session.scalars(groups.order_by(Group.id)):
        months = due_round(group.closed_at.astimezone(zone).date(), rounds, today)
        if months is not None:
            sent += _ask(group, months, tenant=tenant)
    return sent


def answer(
    follow_up: FollowUp, kind: str, other_text: str = "", *, today: date, ip: str = ""
) -> Outcome:
    """The actor's own answer, as an outcome dated today; answering the same question
    again changes that answer rather than adding another."""
    text = check(kind, other_text, text_required=False)
    outcome = None
    if follow_up.outcome_id is not None:
        outcome = db.session.scalar(select(Outcome).where(Outcome.id == follow_up.outcome_id))
    if outcome is None:
        outcome = Outcome(person_id=follow_up.person_id, source="follow_up")
        db.session.add(outcome)
    outcome.kind, outcome.other_text, outcome.happened_on = kind, text, today
    outcome.recorded_at = utcnow()
    db.session.flush()
    follow_up.outcome_id, follow_up.answered_at = outcome.id, utcnow()
    record("follow_up.answered", actor_id=None, ip=ip, obj=follow_up, kind=kind)
    return outcome


def answered_kind(follow_up: FollowUp) -> str | None:
    """The kind the actor answered last time, if they did."""
    if follow_up.outcome_id is None:
        return None
    return db.session.scalar(select(Outcome.kind).where(Outcome.id == follow_up.outcome_id))


def send_follow_ups() -> int:
    """Ask, in every tenant, the actors of closed groups whose follow-up round is due."""
    return count_in_each_tenant(send_due)
