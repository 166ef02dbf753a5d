"""Short polls of a group: a title and one to five questions, sent by personal link to
the group's members (or only its actors or mentors), answered anonymously or by name,
closed by the coordinator. A poll is a `Survey` of kind "poll" (see
kaari.programme.surveys.models for why), so links, answering, the buffer and closing
are the feedback survey's own (kaari.programme.surveys.services). Plain functions;
callers commit.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.programme.groups.models import Group
from kaari.programme.surveys.models import POLL_ROLE, Survey, SurveyRecipient
from kaari.programme.surveys.questions import check_questions
from kaari.programme.surveys.services import SurveyError, members, send_links
from kaari.tenancy.models import Tenant, Translations

POLL_KINDS = ("choice", "multi_choice", "text")
MAX_QUESTIONS = 5
POLL_AUDIENCES = ("everyone", "actor", "mentor")


def polls_of(group: Group) -> list[Survey]:
    """The group's polls, newest first."""
    query = (
        select(Survey)
        .where(Survey.group_id == group.id, Survey.kind == "poll")
        .order_by(Survey.opened_at.desc(), Survey.id.desc())
    )
    return list(db.session.scalars(query))


def poll_of(group: Group, poll_id: int) -> Survey | None:
    """A poll, looked up through its group."""
    query = select(Survey).where(
        Survey.id == poll_id, Survey.group_id == group.id, Survey.kind == "poll"
    )
    return db.session.scalar(query)


def answer_counts(polls: list[Survey]) -> dict[int, tuple[int, int]]:
    """Poll id → (members asked, how many answered): one grouped query. A count, as
    the feedback survey shows it, never who."""
    query = (
        select(
            SurveyRecipient.survey_id,
            func.count(),
            func.count().filter(SurveyRecipient.answered.is_(True)),
        )
        .where(SurveyRecipient.survey_id.in_([poll.id for poll in polls]))
        .group_by(SurveyRecipient.survey_id)
    )
    found = {
        survey_id: (asked, answered) for survey_id, asked, answered in db.session.execute(query)
    }
    return {poll.id: found.get(poll.id, (0, 0)) for poll in polls}


def create_poll(
    group: Group,
    *,
    title: Translations,
    questions: list[dict[str, Any]],
    named: bool,
    audience: str,
    tenant: Tenant,
    staff_id: int,
    ip: str = "",
) -> tuple[Survey, int]:
    """Make the poll, its recipients (the members of `audience`: "everyone", "actor"
    or "mentor") and mail each a personal link. Raises DefinitionError for questions
    the intake forms' rules refuse, SurveyError for nobody to ask. Returns the poll
    and how many links were mailed."""
    if audience not in POLL_AUDIENCES:
        raise SurveyError("bad_audience")
    if not 1 <= len(questions) <= MAX_QUESTIONS or any(
        spec.get("kind") not in POLL_KINDS for spec in questions
    ):
        raise ValueError("a poll asks one to five questions of the poll kinds")
    asked = {
        person_id: role
        for person_id, role in members(group).items()
        if audience in ("everyone", role)
    }
    if not asked:
        raise SurveyError("no_members")
    clean = check_questions(questions, tenant.languages, tenant.default_language)
    poll = Survey(
        group_id=group.id,
        kind="poll",
        title=title,
        named=named,
        questions={POLL_ROLE: clean},
        opened_by=staff_id,
    )
    db.session.add(poll)
    db.session.flush()
    db.session.add_all(
        SurveyRecipient(survey_id=poll.id, person_id=person_id, role=role)
        for person_id, role in sorted(asked.items())
    )
    db.session.flush()
    record(
        "poll.opened", actor_id=staff_id, ip=ip, obj=poll, group=group.id, named=named,
        audience=audience,
    )  # fmt: skip
    sent = send_links(poll, audience="everyone", tenant=tenant, staff_id=staff_id, ip=ip)
    return poll, sent
