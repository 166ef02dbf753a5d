"""Mentoring groups, the pairs in them, and the group meetings and other events."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.core.vocabulary import Vocabulary
from kaari.privacy.registry import blank, delete_rows, keep_rows, person_data
from kaari.tenancy.models import Translations


class GroupStatus(Vocabulary):
    PLANNING = "planning", _l("Planning")
    RUNNING = "running", _l("Running")
    CLOSED = "closed", _l("Closed")


PAIRS_PER_GROUP = (5, 20)  # the model's range; outside it staff get a warning
# The three group meetings of the arc, then the other kinds of events.
GROUP_MEETINGS = ("kickoff", "midpoint", "final")
MEETING_KINDS = (*GROUP_MEETINGS, "extra_kickoff", "training", "social")
AUDIENCES = ("group", "all_groups", "actors", "mentors")


class Group(TenantOwned, Base):
    """A mentoring group ("HKI1"): 5-20 pairs who start together and meet three times."""

    __tablename__ = "groups"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    target_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_groups.id", ondelete="SET NULL"), default=None
    )
    planned_start: Mapped[date | None] = mapped_column(default=None)
    planned_end: Mapped[date | None] = mapped_column(default=None)
    status: Mapped[str] = mapped_column(String(10), default="planning")
    venue: Mapped[str] = mapped_column(String(200), default="")  # where meetings usually are
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the status last became "closed" (None while open): follow-ups count from it.
    closed_at: Mapped[datetime | None] = mapped_column(default=None)


class GroupLeader(TenantOwned, Base):
    """A staff member (role group_leader, or any staff) leading a group's meetings."""

    __tablename__ = "group_leaders"
    __table_args__ = (UniqueConstraint("tenant_id", "group_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class GroupPair(TenantOwned, Base):
    """The group a pair belongs to now (one at a time)."""

    __tablename__ = "group_pairs"
    __table_args__ = (UniqueConstraint("tenant_id", "pair_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)


class PairMove(TenantOwned, Base):
    """A pair moved from one group to another (e.g. to the next group's kick-off)."""

    __tablename__ = "pair_moves"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    from_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), default=None
    )
    to_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="SET NULL"), default=None
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    moved_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    moved_at: Mapped[datetime] = mapped_column(default=utcnow)


class Meeting(TenantOwned, Base):
    """A group meeting or another event (training evening, social event, extra kick-off).

    `group_id` is the group it belongs to; events for all groups have none."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_tenant_starts", "tenant_id", "starts_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), default=None, index=True
    )
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[Translations] = mapped_column(JSON, default=dict)
    description: Mapped[Translations] = mapped_column(JSON, default=dict)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]
    place: Mapped[str] = mapped_column(String(200), default="")
    capacity: Mapped[int | None] = mapped_column(default=None)
    trainer: Mapped[str] = mapped_column(String(120), default="")
    audience: Mapped[str] = mapped_column(String(12), default="group")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


RSVP_ANSWERS = ("yes", "no")


class MeetingInvitation(TenantOwned, Base):
    """A person invited to a meeting: their answer through their personal link, the
    reminder, and whether they came (recorded by staff afterwards)."""

    __tablename__ = "meeting_invitations"
    __table_args__ = (UniqueConstraint("tenant_id", "meeting_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    answer: Mapped[str] = mapped_column(String(3), default="")  # "", "yes" or "no"
    invited_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    attended: Mapped[bool | None] = mapped_column(default=None)  # None: not recorded


# What the mid-point meeting goes through, from the model (DOMAIN.md, the arc's step 8).
MIDPOINT_CHECKLIST = ("meetings_reviewed", "unmet_pairs_followed", "referees_encouraged")


class MeetingNotes(TenantOwned, Base):
    """The coordinator's notes of a group meeting: news, achievements, feedback, the
    training wishes raised and the next steps, and (at the mid-point) the checklist's
    ticked items. Read by staff and the group's leaders only, never by participants."""

    __tablename__ = "meeting_notes"
    __table_args__ = (UniqueConstraint("tenant_id", "meeting_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    news: Mapped[str] = mapped_column(Text, default="")
    achievements: Mapped[str] = mapped_column(Text, default="")
    feedback: Mapped[str] = mapped_column(Text, default="")
    training_wishes: Mapped[str] = mapped_column(Text, default="")
    next_steps: Mapped[str] = mapped_column(Text, default="")
    checked: Mapped[list] = mapped_column(JSON, default=list)  # of MIDPOINT_CHECKLIST
    updated_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Agreement(TenantOwned, Base):
    """The pair's mentoring agreement. Any change makes a new version, which needs
    both members' signatures again."""

    __tablename__ = "agreements"
    __table_args__ = (UniqueConstraint("tenant_id", "pair_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    goals: Mapped[str] = mapped_column(Text, default="")
    themes: Mapped[str] = mapped_column(Text, default="")
    frequency: Mapped[str] = mapped_column(String(200), default="")  # "twice a month"
    meeting_length: Mapped[str] = mapped_column(String(200), default="")  # "1-2 hours"
    visits: Mapped[str] = mapped_column(Text, default="")
    first_meeting_on: Mapped[date | None] = mapped_column(default=None)
    version: Mapped[int] = mapped_column(default=1)
    changed_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


class AgreementSignature(TenantOwned, Base):
    """A member signed one version of the agreement: the name they typed and when."""

    __tablename__ = "agreement_signatures"
    __table_args__ = (UniqueConstraint("tenant_id", "agreement_id", "version", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    agreement_id: Mapped[int] = mapped_column(
        ForeignKey("agreements.id", ondelete="CASCADE"), index=True
    )
    version: Mapped[int]
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    typed_name: Mapped[str] = mapped_column(String(120))
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)


class PairMeeting(TenantOwned, Base):
    """One meeting of a pair in their log; everything but the date is optional diary
    text, which staff read only if both members allow it.

    A meeting staff heard of (by phone, at a group meeting) is a row of the same log
    with `recorded_by` set: it counts wherever the pair's own entries count, and its
    `staff_note` is staff's own text, never shown to the pair."""

    __tablename__ = "pair_meetings"
    __table_args__ = (Index("ix_pair_meetings_tenant_pair", "tenant_id", "pair_id", "met_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"))
    met_on: Mapped[date]
    goal: Mapped[str] = mapped_column(Text, default="")
    content: Mapped[str] = mapped_column(Text, default="")
    next_on: Mapped[date | None] = mapped_column(default=None)
    next_topic: Mapped[str] = mapped_column(String(300), default="")
    homework_actor: Mapped[str] = mapped_column(Text, default="")  # for the actor to do
    homework_mentor: Mapped[str] = mapped_column(Text, default="")  # for the mentor to do
    mentor_comment: Mapped[str] = mapped_column(Text, default="")
    written_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None
    )
    # Recorded by staff: kept even when the recorder's account is removed later.
    by_staff: Mapped[bool] = mapped_column(default=False)
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    staff_note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PaperAgreement(TenantOwned, Base):
    """An agreement the pair signed on paper (at the kick-off, say), recorded by staff:
    it counts as signed wherever a portal-signed one does. The optional scan is in
    `kaari.core.storage` under `scan_key`, for staff only."""

    __tablename__ = "paper_agreements"
    __table_args__ = (UniqueConstraint("tenant_id", "pair_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    signed_on: Mapped[date]
    actor_present: Mapped[bool] = mapped_column(default=False)
    mentor_present: Mapped[bool] = mapped_column(default=False)
    coordinator_present: Mapped[bool] = mapped_column(default=False)
    scan_key: Mapped[str | None] = mapped_column(String(200), default=None)
    scan_type: Mapped[str] = mapped_column(String(40), default="")
    recorded_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class LogOptOut(TenantOwned, Base):
    """The pair said in the portal that it does not keep the meeting log: it is not
    reminded, and its follow-up rests on the meetings staff record."""

    __tablename__ = "log_opt_outs"
    __table_args__ = (UniqueConstraint("tenant_id", "pair_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    chosen_by: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), default=None, index=True
    )
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)


class DiarySharing(TenantOwned, Base):
    """A member allows the coordinator to read the pair's diary texts. Staff read
    them only when both members of the pair have allowed it."""

    __tablename__ = "diary_sharing"
    __table_args__ = (UniqueConstraint("tenant_id", "pair_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    allowed_at: Mapped[datetime] = mapped_column(default=utcnow)


NUDGE_KINDS = ("pair", "coordinator")


class Nudge(TenantOwned, Base):
    """A reminder sent about a quiet pair: to the pair itself, or to the coordinators."""

    __tablename__ = "nudges"

    id: Mapped[int] = mapped_column(primary_key=True)
    pair_id: Mapped[int] = mapped_column(ForeignKey("pairs.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        Agreement,
        Agreement.changed_by,
        title=_l("Agreement versions written"),
        purpose=_l("The pair's mentoring agreement"),
        erasure=blank(changed_by=None),
    ),
    person_data(
        AgreementSignature,
        AgreementSignature.person_id,
        title=_l("Signatures"),
        purpose=_l("The pair's mentoring agreement"),
        erasure=blank(typed_name=""),
    ),
    person_data(
        PairMeeting,
        PairMeeting.written_by,
        title=_l("Diary entries written"),
        purpose=_l("The pair's meeting log and diary"),
        erasure=blank(
            goal="",
            content="",
            next_topic="",
            homework_actor="",
            homework_mentor="",
            mentor_comment="",
            written_by=None,
        ),
    ),
    person_data(
        LogOptOut,
        LogOptOut.chosen_by,
        title=_l("Choice not to keep the meeting log"),
        purpose=_l("The pair's meeting log and diary"),
        erasure=blank(chosen_by=None),
    ),
    person_data(
        DiarySharing,
        DiarySharing.person_id,
        title=_l("Diary sharing choices"),
        purpose=_l("The pair's meeting log and diary"),
        erasure=delete_rows,
    ),
    person_data(
        MeetingInvitation,
        MeetingInvitation.person_id,
        title=_l("Meeting invitations and attendance"),
        purpose=_l("Group meetings and events"),
        erasure=keep_rows,
    ),
)
