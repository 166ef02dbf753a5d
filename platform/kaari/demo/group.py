"""A running demo group for `make run`, so that every part of the arc has something to
show: six confirmed pairs of the same or a near field, a kick-off four months ago with
attendance recorded, the mid-point coming up, agreements and diaries in various states,
one outcome, and a training evening for everyone."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups import planner
from kaari.programme.groups.events import create_event
from kaari.programme.groups.invitations import members
from kaari.programme.groups.models import (
    Agreement,
    AgreementSignature,
    Group,
    GroupPair,
    MeetingInvitation,
    PairMeeting,
)
from kaari.programme.groups.services import MeetingDetails, set_leaders
from kaari.programme.outcomes.models import Outcome
from kaari.tenancy.models import Tenant

PAIRS = 6
# Pair meetings each demo pair has logged: the mid-point flags those under four.
MEETINGS_LOGGED = (5, 4, 3, 1, 0, 6)
# What the pairs who signed wrote in their agreements (in Finnish: the pairs meet in it).
AGREEMENTS = (
    {
        "goals": "Työpaikka omalta alalta. CV ja LinkedIn-profiili suomeksi.",
        "themes": "CV ja hakemukset, työnhaun kanavat, alan sanasto",
        "frequency": "Kaksi kertaa kuukaudessa",
        "meeting_length": "Tunnista kahteen tuntiin",
        "visits": "Vierailu mentorin työpaikalla",
    },
    {
        "goals": "Harjoittelupaikka keväällä. Selvitetään, miten tutkinto tunnustetaan.",
        "themes": "Oman osaamisen esittely, verkostot, työelämän kirjoittamattomat säännöt",
        "frequency": "Kerran kuukaudessa, tarvittaessa useammin",
        "meeting_length": "Noin puolitoista tuntia",
        "visits": "Alan messut yhdessä",
    },
)


def add_demo_group(tenant: Tenant, *, leader_id: int | None = None) -> str | None:
    """The demo group, made of waiting demo people, once, led by `leader_id` (the demo
    group leader, who then sees this group and no other); returns its name."""
    if db.session.scalar(select(func.count()).select_from(Group)):
        return None
    waiting = select(Person).where(Person.status == "waiting").order_by(Person.id)
    actors = list(db.session.scalars(waiting.where(Person.role == "actor").limit(PAIRS)))
    mentors = list(db.session.scalars(waiting.where(Person.role == "mentor")))
    if min(len(actors), len(mentors)) < PAIRS:
        return None
    rng = random.Random(f"{tenant.slug}-group")  # noqa: S311 (repeatable invented data)
    zone = tenant.zone
    today = utcnow().astimezone(zone).date()
    (target_group, _count), *_ = Counter(a.target_group_id for a in actors).most_common(1)
    group = Group(
        name=f"{tenant.slug[:3].upper()}1",
        target_group_id=target_group,
        status="running",
        planned_start=today - timedelta(days=125),
        planned_end=today + timedelta(days=145),  # the mid-point is ten days away
        venue=tenant.contact_address or "Pääkirjasto",
    )
    db.session.add(group)
    db.session.flush()
    if leader_id is not None:
        set_leaders(group, [leader_id])
    kickoff, *_ = planner.plan(group, today=today, zone=zone, arc_months=9)
    rows = zip(_nearest_in_field(actors, mentors), MEETINGS_LOGGED, strict=True)
    for number, ((actor, mentor), logged) in enumerate(rows):
        pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed", rule_set="demo")
        pair.actor_answer = pair.mentor_answer = "yes"
        db.session.add(pair)
        db.session.flush()
        db.session.add(GroupPair(group_id=group.id, pair_id=pair.id))
        actor.status = mentor.status = "in_group"
        for n in range(logged):
            met = kickoff.starts_at.date() + timedelta(days=14 + 18 * n + rng.randint(0, 5))
            db.session.add(PairMeeting(pair_id=pair.id, met_on=min(met, today)))
        if logged >= 3:
            agreement = AGREEMENTS[number % len(AGREEMENTS)]
            _signed_agreement(pair, actor, mentor, kickoff.starts_at.date(), agreement)
    db.session.flush()
    for person in members(group.id):
        came = rng.random() < 0.8
        db.session.add(
            MeetingInvitation(
                meeting_id=kickoff.id,
                person_id=person.id,
                answer="yes" if came else "no",
                answered_at=kickoff.starts_at - timedelta(days=5),
                attended=came,
            )
        )
    db.session.add(
        Outcome(
            person_id=actors[0].id,
            kind="internship_own_field",
            happened_on=today - timedelta(days=20),
        )
    )
    _training_evening(tenant, today, zone)
    return group.name


def _nearest_in_field(actors: list[Person], mentors: list[Person]) -> list[tuple[Person, Person]]:
    """Each actor with the free mentor whose occupation shares the most leading ISCO
    digits with the actor's (the longest-waiting such mentor)."""
    free = list(mentors)
    pairs = []
    for actor in actors:
        mentor = max(free, key=lambda mentor: _shared_digits(actor, mentor))
        free.remove(mentor)
        pairs.append((actor, mentor))
    return pairs


def _shared_digits(actor: Person, mentor: Person) -> int:
    mine, theirs = actor.occupation_code or "", mentor.occupation_code or ""
    return next((n for n in range(len(mine), 0, -1) if mine[:n] == theirs[:n]), 0)


def _signed_agreement(
    pair: Pair, actor: Person, mentor: Person, kickoff: date, texts: dict[str, str]
) -> None:
    agreement = Agreement(
        pair_id=pair.id,
        **texts,
        first_meeting_on=kickoff + timedelta(days=14),
        changed_by=actor.id,
    )
    db.session.add(agreement)
    db.session.flush()
    for person in (actor, mentor):
        db.session.add(
            AgreementSignature(
                agreement_id=agreement.id, version=1, person_id=person.id, typed_name=person.name
            )
        )


def _training_evening(tenant: Tenant, today: date, zone: ZoneInfo) -> None:
    day = today + timedelta(days=12)
    create_event(
        "training",
        "all_groups",
        None,
        MeetingDetails(
            starts=datetime.combine(day, time(17, 30), zone),
            ends=datetime.combine(day, time(19, 30), zone),
            place=tenant.contact_address or "Pääkirjasto",
            capacity=30,
            trainer="Uravalmentaja",
            title={"fi": "CV-työpaja", "sv": "CV-verkstad", "en": "CV workshop"},
            description={
                "fi": "Tuo oma CV:si, niin työstämme sitä yhdessä.",
                "sv": "Ta med ditt CV så arbetar vi med det tillsammans.",
                "en": "Bring your CV and we work on it together.",
            },
        ),
        language=tenant.default_language,
    )
