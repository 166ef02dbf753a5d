"""Surveys of a group: the anonymous feedback survey (DOMAIN.md step 9) and short polls.

A poll (`kind` "poll": wishes for training topics, dietary needs before the kick-off)
is a `Survey` row too, so it reuses everything the feedback survey has: the recipient
rows, the personal links and their minting, the sealed buffer and the results' rules.
A group has at most one feedback survey (a unique index on the feedback rows only)
and any number of polls. A poll has a translated title and one to five questions,
kept under the one role `POLL_ROLE` ("member"): its answers are pooled whatever the
respondent's role, so they are released in batches of three of any role and say
nothing of who gave them. An anonymous poll follows the feedback survey's rules
below; a named poll (`named`) keeps each answer on the respondent's recipient row
(`SurveyRecipient.named_answers`), since staff are meant to see whose it is (the
respondent is told so on the answer page), and never passes through the buffer.

Anonymity is built into the tables: a response row holds only its survey, the
respondent's role, where it came from (link or paper) and the answers. Its key is
random and it has no time, so nothing orders responses. Who answered is a separate
fact (`SurveyRecipient.answered`, a flag with no time), so the two cannot be joined.

An answer first waits in `survey_pending_responses`, sealed (encrypted with a key
derived from SECRET_KEY), in the transaction that sets the answered flag. It is
released into `survey_responses` in a shuffled batch of at least three answers of a
role (or when the survey closes), by a transaction that touches no recipient: so
neither the results page nor a row's `xmin` tells whose answer is whose
(docs/SECURITY.md, "Survey anonymity").
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.privacy.registry import blank, model_rows, person_data
from kaari.tenancy.models import Translations

SURVEY_ROLES = ("actor", "mentor")
POLL_ROLE = "member"  # the one role a poll's questions and answers are kept under
SURVEY_STATUSES = ("open", "closed")
RESPONSE_SOURCES = ("link", "paper")


class SurveyQuestionSet(TenantOwned, Base):
    """A tenant's own questions for one role; without a row the defaults in code apply."""

    __tablename__ = "survey_question_sets"
    __table_args__ = (UniqueConstraint("tenant_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[str] = mapped_column(String(10))
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow)


ONE_FEEDBACK_SURVEY = text("kind = 'feedback'")


class Survey(TenantOwned, Base):
    """The feedback survey of a group, with a frozen copy of both roles' questions so
    that a later change of the question sets never changes what old answers meant; or
    one of the group's polls, with its title and its own questions."""

    __tablename__ = "surveys"
    __table_args__ = (
        Index(
            "uq_surveys_feedback_group",
            "tenant_id",
            "group_id",
            unique=True,
            sqlite_where=ONE_FEEDBACK_SURVEY,
            postgresql_where=ONE_FEEDBACK_SURVEY,
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10), default="feedback")
    title: Mapped[Translations] = mapped_column(JSON, default=dict)  # polls only
    named: Mapped[bool] = mapped_column(default=False)  # polls only
    questions: Mapped[dict[str, list[dict[str, Any]]]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default="open")
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    # Set when a close released fewer than three waiting answers: that happens once,
    # so closing and reopening cannot release answers one at a time.
    remainder_released: Mapped[bool] = mapped_column(default=False)

    def answer_role(self, role: str) -> str:
        """The role a member's answers are kept under: a poll pools every role's."""
        return POLL_ROLE if self.kind == "poll" else role

    def questions_for(self, role: str) -> list[dict[str, Any]]:
        return self.questions.get(self.answer_role(role), [])


class SurveyRecipient(TenantOwned, Base):
    """A member of the group asked to answer: whether their link was mailed, whether
    they were handed a paper sheet at the final meeting instead (then they get no
    link, so one person's answer cannot count twice), whether they have answered (no
    time, so it cannot be matched to a response; never shown to staff), and the
    reminder. All of a survey's rows are made at once when it opens."""

    __tablename__ = "survey_recipients"
    __table_args__ = (UniqueConstraint("tenant_id", "survey_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(10))
    invited: Mapped[bool] = mapped_column(default=False)
    paper: Mapped[bool] = mapped_column(default=False)
    answered: Mapped[bool] = mapped_column(default=False)
    reminded_at: Mapped[datetime | None] = mapped_column(default=None)
    # Digests of the personal link's token: the last one mailed, and the one the
    # person's portal shows. Never the token itself (kaari.core.tokens).
    token_digest: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    portal_token_digest: Mapped[str | None] = mapped_column(String(64), default=None, index=True)
    # A named poll's answers, shown to staff with the person's name; None elsewhere.
    named_answers: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)


def random_key() -> str:
    return uuid.uuid4().hex


class SurveyResponse(TenantOwned, Base):
    """One anonymous set of answers. No person, no time, a random key; on SQLite the
    table has no hidden rowid either, so even storage order says nothing."""

    __tablename__ = "survey_responses"
    __table_args__ = (
        Index("ix_survey_responses_tenant_survey", "tenant_id", "survey_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(5), default="link")
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class PendingSurveyResponse(TenantOwned, Base):
    """An answer waiting for release: its answers sealed, no person, no time, a random
    key and (on SQLite) no rowid. Released rows are deleted."""

    __tablename__ = "survey_pending_responses"
    __table_args__ = (
        Index("ix_survey_pending_responses_tenant_survey", "tenant_id", "survey_id"),
        {"sqlite_with_rowid": False},
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=random_key)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(5), default="link")
    sealed: Mapped[str] = mapped_column(Text)


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        SurveyRecipient,
        SurveyRecipient.person_id,
        title=_l("Survey invitations"),
        purpose=_l(
            "Feedback surveys and polls (anonymous answers are not linked to anyone; "
            "a named poll's answers are)"
        ),
        erasure=blank(named_answers=None),
        # Staff download subject-access exports too: whether the person answered is left
        # out, since staff who know it could tie a newly shown answer to them.
        rows=model_rows(SurveyRecipient, SurveyRecipient.person_id, hidden={"answered"}),
    ),
)
