"""The participant register: people who contacted a network, their status history and notes."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from kaari.core import db
from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.core.vocabulary import Vocabulary
from kaari.privacy.registry import blank, delete_rows, person_data


class PersonRole(Vocabulary):
    ACTOR = "actor", _l("Actor")
    MENTOR = "mentor", _l("Mentor")
    OTHER = "other", _l("Other contribution")


class ParticipantStatus(Vocabulary):
    """Where a person is on the arc; the side exits (EXIT_STATUSES) leave it early."""

    CONTACTED = "contacted", _l("Contacted")
    REGISTRATION_SENT = "registration_sent", _l("Registration form sent")
    REGISTERED = "registered", _l("Registered")
    WAITING = "waiting", _l("Waiting for a pair")
    MATCHED = "matched", _l("Pair formed")
    IN_GROUP = "in_group", _l("In a group")
    COMPLETED = "completed", _l("Completed")
    WITHDRAWN = "withdrawn", _l("Withdrawn")
    DROPPED_OUT = "dropped_out", _l("Dropped out")
    OUTSIDE_TARGET_GROUP = "outside_target_group", _l("Outside the target group")
    NOT_REACHABLE = "not_reachable", _l("Not reachable")


# Side exits ask for a reason; the others follow the arc.
EXIT_STATUSES = (
    ParticipantStatus.WITHDRAWN,
    ParticipantStatus.DROPPED_OUT,
    ParticipantStatus.OUTSIDE_TARGET_GROUP,
    ParticipantStatus.NOT_REACHABLE,
)
# Until matching starts, a person may still correct the registration answers.
EDITABLE_STATUSES = (
    ParticipantStatus.CONTACTED,
    ParticipantStatus.REGISTRATION_SENT,
    ParticipantStatus.REGISTERED,
    ParticipantStatus.WAITING,
)


def _added_at(context) -> datetime:
    """A new person's `status_since`: their `created_at` when given (the demo's people
    got in touch days ago), else now."""
    return context.get_current_parameters().get("created_at") or utcnow()


class Person(TenantOwned, Base):
    """Someone in a tenant's register: an actor, a mentor or another contributor."""

    __tablename__ = "people"
    __table_args__ = (
        Index("ix_people_tenant_status", "tenant_id", "status", "created_at"),
        # The list's orders, ending on the id as they do: a deep page is read from
        # the index alone (services.find_people).
        Index("ix_people_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_people_tenant_email", "tenant_id", "email"),
        Index("ix_people_tenant_name", "tenant_id", "name", "id"),
        Index("ix_people_tenant_registered", "tenant_id", "registered_at", "id"),
        # The search ("%text%") on PostgreSQL (trigrams, migration 0045).
        Index(
            "ix_people_search_text_trgm",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
        # Retention reads those whose keeping time runs out first, status by status.
        Index("ix_people_tenant_status_since", "tenant_id", "status", "status_since", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    municipality: Mapped[str] = mapped_column(String(80), default="")
    language: Mapped[str] = mapped_column(String(2), default="fi")
    question: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(24), default="contacted")
    wants_job_placement: Mapped[bool] = mapped_column(default=False)
    answers: Mapped[dict] = mapped_column(JSON, default=dict)
    registered_at: Mapped[datetime | None] = mapped_column(default=None)
    reconfirm_asked_at: Mapped[datetime | None] = mapped_column(default=None)
    reconfirmed_at: Mapped[datetime | None] = mapped_column(default=None)
    # The target group the person's answers fit, or the flag that none did (actors).
    target_group_id: Mapped[int | None] = mapped_column(
        ForeignKey("target_groups.id", ondelete="SET NULL"), default=None
    )
    outside_target_groups: Mapped[bool] = mapped_column(default=False)
    # The partner whose referral link brought the person (intake's partners table).
    partner_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners.id", ondelete="SET NULL"), default=None, index=True
    )
    # Copied from the answers on every save (see `_derive`), for filters and search.
    occupation_code: Mapped[str | None] = mapped_column(String(4), default=None)
    language_level: Mapped[str] = mapped_column(String(10), default="")
    search_text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When the person got their present status: their last status change (`set_status`
    # keeps it with the history), else when they were added. Retention counts from it.
    status_since: Mapped[datetime] = mapped_column(default=_added_at)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Set when the person's data was erased; the row stays for the reports.
    erased_at: Mapped[datetime | None] = mapped_column(default=None)


def searchable_text(person: Person) -> str:
    """Names and every free-text answer, lower-cased: what the register's search reads."""
    answers = person.answers or {}
    texts = [person.name, person.email, person.municipality, person.question]
    for key, value in answers.items():
        if key.startswith("_") or key.endswith("_code"):
            continue
        texts.extend(value if isinstance(value, list) else [value])
    return "\n".join(str(text) for text in texts if text).lower()


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _derive(_mapper, _connection, person: Person) -> None:
    answers = person.answers or {}
    person.occupation_code = answers.get("occupation_code") or None
    person.language_level = answers.get("finnish_level") or ""
    person.search_text = searchable_text(person)


class StatusChange(TenantOwned, Base):
    """One step in a person's history: who changed the status, when and why."""

    __tablename__ = "status_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    old_status: Mapped[str] = mapped_column(String(24), default="")
    new_status: Mapped[str] = mapped_column(String(24))
    reason: Mapped[str] = mapped_column(String(500), default="")
    changed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Note(TenantOwned, Base):
    """A coordinator's note about a person (free text, or interview notes)."""

    __tablename__ = "person_notes"
    # The register's search looks in the notes too (trigrams on PostgreSQL, 0045).
    __table_args__ = (
        Index(
            "ix_person_notes_text_trgm",
            "text",
            postgresql_using="gin",
            postgresql_ops={"text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="note")
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="joined")


class SavedFilter(TenantOwned, Base):
    """A register search a staff member named to use again (shared within the tenant)."""

    __tablename__ = "saved_filters"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    query: Mapped[str] = mapped_column(String(500))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PortalLink(TenantOwned, Base):
    """A participant's way into their portal: an emailed link that expires and is
    exchanged once (`used_at`) for a portal session on one device. Only the digest of
    the link's token is stored; a new link does not end the older ones."""

    __tablename__ = "portal_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(default=None)


class PortalSession(TenantOwned, Base):
    """A participant's signed-in portal on one device, made when an emailed link is
    exchanged. The cookie carries the session's token, the table only its digest;
    signing out, staff, withdrawal and erasure end it by setting `revoked_at`."""

    __tablename__ = "portal_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None] = mapped_column(default=None)
    # The browser and system family ("Firefox, Android"), for the staff view; no more.
    device: Mapped[str] = mapped_column(String(60), default="")


DATA_REQUEST_KINDS = ("access", "rectification", "erasure")


class DataRequest(TenantOwned, Base):
    """A data subject's request (GDPR Art. 15-17), to be answered within a month.
    For access, the answer is a download link mailed to the person; only its digest
    is kept, with its expiry."""

    __tablename__ = "data_requests"
    __table_args__ = (Index("ix_data_requests_tenant_open", "tenant_id", "answered_at", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(14))
    source: Mapped[str] = mapped_column(String(10), default="portal")  # or "staff"
    message: Mapped[str] = mapped_column(Text, default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    due_at: Mapped[datetime]
    answered_at: Mapped[datetime | None] = mapped_column(default=None)
    answered_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    token_digest: Mapped[str | None] = mapped_column(String(64), default=None, unique=True)
    link_expires_at: Mapped[datetime | None] = mapped_column(default=None)


ERASED_NAME = "—"
# Answers that stay after erasure: classifications the reports count, not who it was.
KEPT_ANSWERS = ("finnish_level",)


def anonymise_person(_model, _column, person_id: int) -> None:
    """Remove what identifies the person; keep role, status, dates and the
    classification codes so that reports do not change."""
    person = db.session.get_one(Person, person_id)
    person.name, person.email, person.municipality, person.question = ERASED_NAME, "", "", ""
    person.answers = {
        key: value
        for key, value in (person.answers or {}).items()
        if key.startswith("_") or key.endswith("_code") or key in KEPT_ANSWERS
    }
    person.erased_at = utcnow()


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        Person,
        Person.id,
        title=_l("Register entry"),
        purpose=_l("Organising the mentoring: contact, registration answers and matching"),
        erasure=anonymise_person,
    ),
    person_data(
        StatusChange,
        StatusChange.person_id,
        title=_l("Status history"),
        purpose=_l("Following each person's way through the programme"),
        erasure=blank(reason=""),
    ),
    person_data(
        Note,
        Note.person_id,
        title=_l("Notes"),
        purpose=_l("Staff notes for matching and follow-up"),
        erasure=delete_rows,
    ),
    person_data(
        PortalLink,
        PortalLink.person_id,
        title=_l("Portal links"),
        purpose=_l("Signing in to the participant portal"),
        erasure=delete_rows,
    ),
    person_data(
        PortalSession,
        PortalSession.person_id,
        title=_l("Portal sessions"),
        purpose=_l("Keeping the participant signed in to the portal, and ending it on request"),
        erasure=delete_rows,
    ),
    person_data(
        DataRequest,
        DataRequest.person_id,
        title=_l("Requests about one's own data"),
        purpose=_l("Answering data-protection requests within a month"),
        erasure=blank(message="", token_digest=None, link_expires_at=None),
    ),
)
