"""Feedback surveys of a group (DOMAIN.md step 9): opened at the final meeting, where
most answer on paper; absentees (or everyone) get a personal link by mail and one
reminder. Answers are anonymous: see kaari.programme.surveys.models for how, and
kaari.programme.surveys.buffer for how they wait and are released in batches.

One person's answer counts once: those recorded present at the final meeting when
links go to the absent are marked as handed a paper sheet and never get a link, and
no more sheets of a role are taken than members of that role were handed one.

A group's polls go through the same links, answering and closing
(kaari.programme.surveys.polls makes them).

Plain functions; callers commit. Answering writes no audit entry and no time: an
entry naming the person would undo the anonymity.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from sqlalchemy import CursorResult, func, or_, select, update

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.i18n import pick
from kaari.core.tokens import digest, new_token
from kaari.core.user_errors import UserError
from kaari.mail.links import LinkUnavailable, PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Group, GroupPair, Meeting, MeetingInvitation
from kaari.programme.settings import programme_settings
from kaari.programme.surveys.buffer import hold, release
from kaari.programme.surveys.models import (
    SURVEY_ROLES,
    PendingSurveyResponse,
    Survey,
    SurveyRecipient,
    SurveyResponse,
)
from kaari.programme.surveys.questions import question_set
from kaari.tenancy.models import Tenant, Translations


class SurveyError(UserError):
    MESSAGES = {
        "already_open": _l("The group already has a survey."),
        "no_members": _l("The group has no pairs yet, so there is nobody to ask."),
        "closed": _l("The survey is closed."),
        "bad_audience": _l("Choose whom to mail the links to."),
        "bad_status": _l("Choose a status from the list."),
        "empty": _l("Type in at least one answer from the sheet."),
        "no_sheets": _l(
            "As many sheets of this role have been typed in as members of the role were "
            "handed one at the final meeting. The others were mailed a link and answer "
            "by it, so a sheet of theirs would count twice."
        ),
        "already_answered": _l("You have already answered this survey. Thank you!"),
        "paper": _l(
            "You got this survey on paper at the last meeting, so you answer on the paper. "
            "This link does not take answers."
        ),
    }


FEEDBACK = Survey.kind == "feedback"


def survey_of(group: Group) -> Survey | None:
    """The group's feedback survey (a group has at most one), looked up through the group."""
    return db.session.scalar(select(Survey).where(Survey.group_id == group.id, FEEDBACK))


def list_surveys(groups: list[Group]) -> list[Survey]:
    """The groups' feedback surveys."""
    query = select(Survey).where(FEEDBACK, Survey.group_id.in_([group.id for group in groups]))
    query = query.order_by(Survey.opened_at.desc())
    return list(db.session.scalars(query))


def members(group: Group) -> dict[int, str]:
    """Person id → role, for every member of the group's pairs."""
    query = (
        select(Pair.actor_id, Pair.mentor_id)
        .join(GroupPair, GroupPair.pair_id == Pair.id)
        .where(GroupPair.group_id == group.id)
    )
    members: dict[int, str] = {}
    for actor_id, mentor_id in db.session.execute(query):
        members[actor_id] = "actor"
        members.setdefault(mentor_id, "mentor")
    return members


def open_survey(
    group: Group,
    *,
    audience: str,
    tenant: Tenant,
    staff_id: int,
    ip: str = "",
) -> tuple[Survey, int]:
    """Open the group's survey with a frozen copy of both question sets, make every
    member a recipient in one batch, and mail links to `audience` ("absent" or
    "everyone"). Returns the survey and how many links were mailed."""
    if survey_of(group) is not None:
        raise SurveyError("already_open")
    asked = members(group)
    if not asked:
        raise SurveyError("no_members")
    survey = Survey(
        group_id=group.id,
        questions={role: question_set(role) for role in SURVEY_ROLES},
        opened_by=staff_id,
    )
    db.session.add(survey)
    db.session.flush()
    db.session.add_all(
        SurveyRecipient(survey_id=survey.id, person_id=person_id, role=role)
        for person_id, role in sorted(asked.items())
    )
    db.session.flush()
    record("survey.opened", actor_id=staff_id, ip=ip, obj=survey, group=group.id)
    sent = send_links(
        survey,
        audience=audience,
        tenant=tenant,
        staff_id=staff_id,
        ip=ip,
    )
    return survey, sent


def _present_at_final_meeting(survey: Survey) -> set[int]:
    query = (
        select(MeetingInvitation.person_id)
        .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .where(
            Meeting.group_id == survey.group_id,
            Meeting.kind == "final",
            MeetingInvitation.attended.is_(True),
        )
    )
    return set(db.session.scalars(query))


def _mail(
    template: str,
    recipient: SurveyRecipient,
    person: Person,
    group_name: str,
    *,
    tenant: Tenant,
    poll: Survey | None = None,
) -> None:
    """The feedback survey's link (or reminder), or with `poll` the poll's link."""
    language = person.language if person.language in tenant.languages else tenant.default_language
    context = {
        "name": person.name,
        "group": group_name,
        "link": PersonalLink("survey", {"recipient_id": recipient.id}),
    }
    if poll is not None:
        template = "poll_link"
        context |= {
            "title": pick(poll.title, language, tenant.default_language),
            "named": poll.named,
        }
    send(template, to=person, language=language, key=f"{template}-{recipient.id}", context=context)


def send_links(
    survey: Survey,
    *,
    audience: str,
    tenant: Tenant,
    staff_id: int,
    ip: str = "",
) -> int:
    """Mail a personal link to the recipients of `audience` who have none yet, have
    not answered and were not handed a paper sheet; returns how many. "absent" marks
    those recorded as present at the group's final meeting as handed a sheet there
    instead: they answer on paper and never get a link."""
    if audience not in ("absent", "everyone"):
        raise SurveyError("bad_audience")
    if survey.status != "open":
        raise SurveyError("closed")
    present = _present_at_final_meeting(survey) if audience == "absent" else set()
    query = (
        select(SurveyRecipient, Person)
        .join(Person, Person.id == SurveyRecipient.person_id)
        .where(
            SurveyRecipient.survey_id == survey.id,
            SurveyRecipient.invited.is_(False),
            SurveyRecipient.paper.is_(False),
            SurveyRecipient.answered.is_(False),
        )
        .order_by(SurveyRecipient.id)
    )
    group_name = db.session.get_one(Group, survey.group_id).name
    sent = 0
    for recipient, person in db.session.execute(query):
        if person.id in present:
            recipient.paper = True
            continue
        recipient.invited = True
        _mail(
            "survey_link",
            recipient,
            person,
            group_name,
            tenant=tenant,
            poll=survey if survey.kind == "poll" else None,
        )
        sent += 1
    record("survey.links_sent", actor_id=staff_id, ip=ip, obj=survey, audience=audience, sent=sent)
    return sent


def set_status(
    survey: Survey, status: str, *, staff_id: int, secret_key: str, ip: str = ""
) -> None:
    """Close the survey (links stop taking answers, waiting answers are released) or
    open it again."""
    if status not in ("open", "closed"):
        raise SurveyError("bad_status")
    if survey.status != status:
        survey.status = status
        if status == "closed":
            release(survey, secret_key=secret_key, closing=True)
        action = "survey.closed" if status == "closed" else "survey.reopened"
        record(action, actor_id=staff_id, ip=ip, obj=survey)


# Personal links


# A link's token is random and says nothing of whom it belongs to; only its digest
# is kept. A new mail (the reminder) gets a new token, which replaces the last one.


def issue_token(recipient: SurveyRecipient, *, portal: bool = False) -> str:
    """A new token for the recipient's link (mailed, or shown in the portal)."""
    raw, token_digest = new_token()
    if portal:
        recipient.portal_token_digest = token_digest
    else:
        recipient.token_digest = token_digest
    return raw


def mint_link(params: dict, language: str, _recipient: str) -> str:
    query = select(SurveyRecipient).where(SurveyRecipient.id == params["recipient_id"])
    recipient = db.session.scalar(query)
    if recipient is None:
        raise LinkUnavailable
    return tenant_url("surveys_public.answer", token=issue_token(recipient), language=language)


def recipient_for_token(token: str, *, tenant_id: int) -> SurveyRecipient | None:
    """The recipient a personal link names, in this tenant."""
    token_digest = digest(token)
    query = select(SurveyRecipient).where(
        SurveyRecipient.tenant_id == tenant_id,
        or_(
            SurveyRecipient.token_digest == token_digest,
            SurveyRecipient.portal_token_digest == token_digest,
        ),
    )
    return db.session.scalar(query)


def survey_of_recipient(recipient: SurveyRecipient) -> Survey:
    return db.session.get_one(Survey, recipient.survey_id)


def answer(
    survey: Survey, recipient: SurveyRecipient, answers: dict[str, Any], *, secret_key: str
) -> None:
    """Hold a person's answers, sealed and anonymous, and mark them as having
    answered, in the caller's transaction. The flag is set with a conditional
    UPDATE, so two answers sent at once from the same link hold one; one handed a
    paper sheet answers on it, not here. After the commit, call
    `buffer.release` in a transaction of its own. A named poll's answers are kept
    with the flag, on the recipient's row, and wait for nothing."""
    if survey.status != "open":
        raise SurveyError("closed")
    named = {"named_answers": answers} if survey.named else {}
    flagged = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(SurveyRecipient)
            .where(
                SurveyRecipient.id == recipient.id,
                SurveyRecipient.answered.is_(False),
                SurveyRecipient.paper.is_(False),
            )
            .values(answered=True, **named)
            .execution_options(synchronize_session=False)
        ),
    )
    if flagged.rowcount != 1:
        raise SurveyError("paper" if recipient.paper else "already_answered")
    if not survey.named:
        hold(survey, survey.answer_role(recipient.role), "link", answers, secret_key=secret_key)


def _sheets_left(survey: Survey, role: str) -> int:
    """Members of the role handed a paper sheet, less the sheets already typed in."""
    handed = db.session.execute(
        select(func.count()).where(
            SurveyRecipient.survey_id == survey.id,
            SurveyRecipient.role == role,
            SurveyRecipient.paper.is_(True),
        )
    ).scalar_one()
    typed = sum(
        db.session.execute(
            select(func.count()).where(
                model.survey_id == survey.id, model.role == role, model.source == "paper"
            )
        ).scalar_one()
        for model in (SurveyResponse, PendingSurveyResponse)
    )
    return handed - typed


def enter_paper(
    survey: Survey,
    role: str,
    answers: dict[str, Any],
    *,
    staff_id: int,
    secret_key: str,
    ip: str = "",
) -> None:
    """Staff type in one paper answer sheet: an anonymous answer with no recipient,
    waiting for release like the others. No more sheets of a role are taken than
    members of the role were handed one (those mailed a link answer by the link)."""
    if role not in SURVEY_ROLES:
        raise ValueError(f"no such role: {role}")
    if survey.status != "open":
        raise SurveyError("closed")
    if not answers:
        raise SurveyError("empty")
    if _sheets_left(survey, role) <= 0:
        raise SurveyError("no_sheets")
    hold(survey, role, "paper", answers, secret_key=secret_key)
    record("survey.paper_entered", actor_id=staff_id, ip=ip, obj=survey, role=role)


# Reminders and the participant portal


def remind_unanswered(*, tenant: Tenant, now: datetime | None = None) -> int:
    """Remind once those mailed a feedback survey's link who have not answered
    `survey_reminder_days` after the survey opened, while it is open. Polls are short
    and sent for a date near at hand: they get no reminder."""
    now = now or utcnow()
    opened_before = now - timedelta(days=programme_settings.get(tenant, "survey_reminder_days"))
    query = (
        select(SurveyRecipient, Person, Group.name)
        .join(Survey, Survey.id == SurveyRecipient.survey_id)
        .join(Group, Group.id == Survey.group_id)
        .join(Person, Person.id == SurveyRecipient.person_id)
        .where(
            FEEDBACK,
            Survey.status == "open",
            Survey.opened_at <= opened_before,
            SurveyRecipient.invited.is_(True),
            SurveyRecipient.answered.is_(False),
            SurveyRecipient.reminded_at.is_(None),
        )
    )
    rows = db.session.execute(query).all()
    for recipient, person, group_name in rows:
        _mail(
            "survey_reminder",
            recipient,
            person,
            group_name,
            tenant=tenant,
        )
        recipient.reminded_at = now
    return len(rows)


@dataclass(frozen=True)
class OpenSurvey:
    survey_id: int
    group_name: str
    token: str  # for the answer page, /<slug>/survey/<token>
    kind: str = "feedback"
    title: Translations = field(default_factory=dict)  # a poll's
    named: bool = False


def open_surveys_for(person: Person) -> list[OpenSurvey]:
    """The open surveys and polls the person was mailed a link to and has not
    answered, each with a new portal token (for the participant portal to list; the
    mailed link keeps working)."""
    query = (
        select(SurveyRecipient, Group.name, Survey)
        .join(Survey, Survey.id == SurveyRecipient.survey_id)
        .join(Group, Group.id == Survey.group_id)
        .where(
            SurveyRecipient.person_id == person.id,
            SurveyRecipient.invited.is_(True),
            SurveyRecipient.answered.is_(False),
            Survey.status == "open",
        )
        .order_by(Survey.opened_at.desc())
    )
    return [
        OpenSurvey(
            recipient.survey_id,
            group_name,
            issue_token(recipient, portal=True),
            survey.kind,
            survey.title,
            survey.named,
        )
        for recipient, group_name, survey in db.session.execute(query)
    ]
