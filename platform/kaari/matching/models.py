"""Shared rule sets (platform), a tenant's choice of one, proposal runs and pairs."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.core.vocabulary import Vocabulary
from kaari.privacy.registry import delete_rows, keep_rows, person_data
from kaari.tenancy.models import Translations


class RuleSet(Base):
    """One published version of a shared rule set. Versions are never edited."""

    __tablename__ = "rule_sets"
    __table_args__ = (UniqueConstraint("key", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    version: Mapped[int]
    name: Mapped[Translations] = mapped_column(JSON, default=dict)
    description: Mapped[Translations] = mapped_column(JSON, default=dict)
    # {"criteria": {name: {"weight": w, "params": {...}}}, "constraints": {name: min},
    #  "threshold": t}: kaari.matching.rulesets.check_rules
    definition: Mapped[dict] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class MatchingSettings(TenantOwned, Base):
    """The rule set a tenant adopted and its own weights and constraints within it."""

    __tablename__ = "matching_settings"
    __table_args__ = (UniqueConstraint("tenant_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_set_id: Mapped[int] = mapped_column(ForeignKey("rule_sets.id", ondelete="RESTRICT"))
    # {"weights": {name: w}, "constraints": {name: min}, "threshold": t}
    overrides: Mapped[dict] = mapped_column(JSON, default=dict)
    objective: Mapped[str] = mapped_column(String(10), default="score")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MatchingRun(TenantOwned, Base):
    """One request for proposals: the pool, the rules used, and what came out.

    The result is kept as computed, so accepting a proposal later takes exactly
    the score and explanation the coordinator saw.
    """

    __tablename__ = "matching_runs"
    __table_args__ = (Index("ix_matching_runs_tenant_created", "tenant_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    options: Mapped[dict] = mapped_column(JSON, default=dict)  # pool, objective, pins, exclusions
    rules: Mapped[dict] = mapped_column(JSON, default=dict)  # the effective rules, frozen
    # {"proposals": [{actor, mentor, score, pinned}], "unmatched_actors": [{actor, why}],
    #  "unmatched_mentors": [id], "pool": {actors, mentors}}: what a page of the run is
    # chosen from; each proposal's explanation and alternatives are a `ProposalDetail`.
    result: Mapped[dict] = mapped_column(JSON, default=dict)


class ProposalDetail(TenantOwned, Base):
    """Why a run proposes an actor's pair (every criterion's part) and the actor's
    next best mentors. Kept apart from the run's header, which the run page pages
    through, so that a page reads the details of its own proposals only: together
    they are about a megabyte at 2,000 proposals."""

    __tablename__ = "proposal_details"
    __table_args__ = (UniqueConstraint("run_id", "actor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    run_id: Mapped[int] = mapped_column(ForeignKey("matching_runs.id", ondelete="CASCADE"))
    actor_id: Mapped[int]  # an id of the run's proposals, like the header's (no key)
    parts: Mapped[list] = mapped_column(JSON, default=list)  # [[criterion, value, share, reason]]
    alternatives: Mapped[list] = mapped_column(JSON, default=list)  # [{mentor, score}]


class PairStatus(Vocabulary):
    PROPOSED = "proposed", _l("Accepted, not yet invited")
    INVITED = "invited", _l("Invited")
    CONFIRMED = "confirmed", _l("Confirmed by both")
    DECLINED = "declined", _l("Declined")
    CANCELLED = "cancelled", _l("Cancelled")
    ENDED = "ended", _l("Ended early")  # a confirmed pair that stopped before the end of its arc


OPEN_PAIR_STATUSES = (PairStatus.PROPOSED, PairStatus.INVITED, PairStatus.CONFIRMED)


class Pair(TenantOwned, Base):
    """An actor and a mentor the coordinator put together, with the score and
    explanation frozen at that moment (a later rule change never alters them)."""

    __tablename__ = "pairs"
    __table_args__ = (Index("ix_pairs_tenant_status", "tenant_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(12), default="proposed")
    score: Mapped[float] = mapped_column(default=0.0)
    explanation: Mapped[list] = mapped_column(JSON, default=list)
    rule_set: Mapped[str] = mapped_column(String(60), default="")  # "standard v1"
    run_id: Mapped[int | None] = mapped_column(
        ForeignKey("matching_runs.id", ondelete="SET NULL"), default=None
    )
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Each member's answer to the joint invitation: "" (none yet), "yes" or "no".
    actor_answer: Mapped[str] = mapped_column(String(3), default="")
    mentor_answer: Mapped[str] = mapped_column(String(3), default="")
    invited_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    ended_reason: Mapped[str] = mapped_column(String(500), default="")
    ended_at: Mapped[datetime | None] = mapped_column(default=None)


class PastPair(TenantOwned, Base):
    """A pair whose members were erased, kept as a keyed hash of their two email
    addresses only: enough to keep the same two people from being matched again if
    they register anew, not enough to tell who they were."""

    __tablename__ = "past_pairs"
    __table_args__ = (UniqueConstraint("tenant_id", "digest"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class MentorRanking(TenantOwned, Base):
    """An actor's rank (1 = first choice) of a mentor on their shortlist. Mentors never
    see rankings; matching reads them as the `actor_preference` criterion."""

    __tablename__ = "mentor_rankings"
    __table_args__ = (UniqueConstraint("tenant_id", "actor_id", "mentor_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        MentorRanking,
        MentorRanking.actor_id,
        title=_l("Mentor preferences (as actor)"),
        purpose=_l("Matching actors and mentors"),
        erasure=delete_rows,
    ),
    person_data(
        MentorRanking,
        MentorRanking.mentor_id,
        title=_l("Mentor preferences (as mentor)"),
        purpose=_l("Matching actors and mentors"),
        erasure=delete_rows,
    ),
    person_data(
        Pair,
        Pair.actor_id,
        title=_l("Pairs (as actor)"),
        purpose=_l("Forming and following mentoring pairs"),
        erasure=keep_rows,
    ),
    person_data(
        Pair,
        Pair.mentor_id,
        title=_l("Pairs (as mentor)"),
        purpose=_l("Forming and following mentoring pairs"),
        erasure=keep_rows,
    ),
)
