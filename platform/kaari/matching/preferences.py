"""Actors' own say: where the network allows it, each waiting actor gets a personal
link to a shortlist of suitable mentors, shown without names or contact details, and
ranks them. The ranks feed the `actor_preference` criterion; mentors never see them."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
from sqlalchemy import delete, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.signing import Signed
from kaari.mail.links import PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.matching.models import MentorRanking
from kaari.matching.profiles import Profile, Side, profile_of
from kaari.matching.rulesets import tenant_rules
from kaari.matching.scoring import score
from kaari.participants import services as register
from kaari.participants.models import Person
from kaari.participants.settings import participants_settings
from kaari.tenancy.models import Tenant

SHORTLIST = 5
LINK_LIFETIME = timedelta(days=30)


SHORTLIST_LINK = Signed("mentor-shortlist", LINK_LIFETIME)


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """An actor's shortlist link, signed at delivery."""
    token = SHORTLIST_LINK.dumps([params["person_id"], params["tenant_id"]])
    return tenant_url("matching_public.shortlist", token=token, language=language)


def ask(actors: list[Person], *, staff_id: int, ip: str = "") -> int:
    """Mail each actor a personal link to rank their shortlist; returns how many."""
    today = utcnow().date().isoformat()
    for actor in actors:
        link = PersonalLink(
            "mentor_shortlist", {"person_id": actor.id, "tenant_id": actor.tenant_id}
        )
        send(
            "mentor_shortlist",
            to=actor,
            key=f"mentor-shortlist-{actor.id}-{today}",
            context={"name": actor.name, "link": link},
        )
    record("matching.preferences_asked", actor_id=staff_id, ip=ip, count=len(actors))
    return len(actors)


def actor_for_token(token: str, *, tenant_id: int) -> Person | None:
    ids = SHORTLIST_LINK.tenant_fields(token, tenant_id, 1)
    if ids is None:
        return None
    person = register.get_person(ids[0])
    return person if person is not None and person.role == "actor" else None


def shortlist(tenant: Tenant, actor: Person, mentors: list[Profile]) -> list[Profile]:
    """The mentors that suit the actor best under the network's rules (allowed only)."""
    if not mentors:
        return []
    rules, _objective = tenant_rules()
    profile = profile_of(
        actor,
        now=utcnow(),
        reconfirm_after_days=participants_settings.get(tenant, "reconfirm_after_days"),
    )
    scores = score(Side([profile]), Side(mentors), rules)
    ranked = np.argsort(-np.where(scores.allowed[0], scores.total[0], -1.0), kind="stable")
    return [mentors[j] for j in ranked[:SHORTLIST] if scores.allowed[0, j]]


def rankings_of(actor: Person) -> dict[int, int]:
    query = select(MentorRanking.mentor_id, MentorRanking.rank).where(
        MentorRanking.actor_id == actor.id
    )
    return {row.mentor_id: row.rank for row in db.session.execute(query)}


def save_rankings(actor: Person, ranks: dict[int, int], *, ip: str = "") -> None:
    """Replace the actor's rankings (mentor id → 1..5, each rank once)."""
    db.session.execute(delete(MentorRanking).where(MentorRanking.actor_id == actor.id))
    for mentor_id, rank in ranks.items():
        db.session.add(MentorRanking(actor_id=actor.id, mentor_id=mentor_id, rank=rank))
    record("matching.mentors_ranked", actor_id=None, ip=ip, obj=actor, count=len(ranks))
