"""What staff (and the group report) see of a survey: response rates, and per question
the average and distribution of scales, counts of choices and the free texts. With
fewer than three respondents of a role nothing of that role's answers is shown, since
a small group's answers would point at the people who gave them. Only released
answers are shown (kaari.programme.surveys.buffer); those still waiting are counted.
An anonymous poll is shown by the same rule over all its answers (they are pooled, not
by role); a named poll's answers are shown at once, with the respondents' names."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, select

from kaari.core import db
from kaari.participants.models import Person
from kaari.programme.groups.models import Group
from kaari.programme.surveys.buffer import waiting_counts
from kaari.programme.surveys.models import (
    POLL_ROLE,
    SURVEY_ROLES,
    Survey,
    SurveyRecipient,
    SurveyResponse,
)
from kaari.programme.surveys.questions import SCALE
from kaari.programme.surveys.services import survey_of

MIN_RESPONDENTS = 3


@dataclass(frozen=True)
class Rate:
    """Members of a role, responses of that role (link and paper, released or
    waiting), and their ratio (None without members)."""

    members: int
    responses: int

    @property
    def rate(self) -> float | None:
        return self.responses / self.members if self.members else None


@dataclass
class QuestionResult:
    question: dict[str, Any]  # the frozen question: label, kind, choices, scale ends
    answered: int = 0
    counts: dict[str, int] = field(default_factory=dict)  # "1".."5", choice keys, yes/no
    average: float | None = None  # scales only
    texts: list[str] = field(default_factory=list)  # free text and other typed answers


@dataclass
class RoleResults:
    role: str
    rate: Rate
    paper: int
    waiting: int  # answers not yet released (fewer than three new, survey open)
    shown: bool  # False below MIN_RESPONDENTS: then `questions` is empty
    questions: list[QuestionResult]


def _counted(question: dict[str, Any], values: list[Any]) -> QuestionResult:
    result = QuestionResult(question, answered=len(values))
    kind = question["kind"]
    if kind == "scale":
        numbers = [v for v in values if isinstance(v, int) and v in SCALE]
        tally = Counter(numbers)
        result.counts = {str(n): tally[n] for n in SCALE}
        result.average = sum(numbers) / len(numbers) if numbers else None
    elif kind in ("choice", "yes_no", "multi_choice"):
        keys = [c["key"] for c in question.get("choices", [])] or ["yes", "no"]
        tally = Counter(
            v for value in values for v in (value if isinstance(value, list) else [value])
        )
        result.counts = {key: tally[key] for key in keys}
    else:
        result.texts = sorted(str(value) for value in values)
    return result


def _each_question(
    questions: list[dict[str, Any]], answers: list[dict[str, Any]]
) -> list[QuestionResult]:
    return [
        _counted(q, [a[q["key"]] for a in answers if a.get(q["key"]) not in (None, "", [])])
        for q in questions
    ]


def _rates(survey_ids: list[int]) -> dict[tuple[int, str], list[int]]:
    """(survey, role) → [members, responses, paper responses, waiting]: three
    grouped queries."""
    rates: dict[tuple[int, str], list[int]] = {
        (survey_id, role): [0, 0, 0, 0] for survey_id in survey_ids for role in SURVEY_ROLES
    }
    members = (
        select(SurveyRecipient.survey_id, SurveyRecipient.role, func.count())
        .where(SurveyRecipient.survey_id.in_(survey_ids))
        .group_by(SurveyRecipient.survey_id, SurveyRecipient.role)
    )
    for survey_id, role, count in db.session.execute(members):
        rates[survey_id, role][0] = count
    responses = (
        select(SurveyResponse.survey_id, SurveyResponse.role, SurveyResponse.source, func.count())
        .where(SurveyResponse.survey_id.in_(survey_ids))
        .group_by(SurveyResponse.survey_id, SurveyResponse.role, SurveyResponse.source)
    )
    counts = Counter({(s, role, source): n for s, role, source, n in db.session.execute(responses)})
    waiting = waiting_counts(survey_ids)
    for (survey_id, role, source), count in (counts + waiting).items():
        rates[survey_id, role][1] += count
        if source == "paper":
            rates[survey_id, role][2] += count
    for (survey_id, role, _source), count in waiting.items():
        rates[survey_id, role][3] += count
    return rates


def survey_results(survey: Survey) -> dict[str, RoleResults]:
    """Per role ("actor", "mentor"): the rate and, from three released answers up,
    each question's aggregate. Four queries whatever the number of answers."""
    rates = _rates([survey.id])
    query = (
        select(SurveyResponse.role, SurveyResponse.answers)
        .where(SurveyResponse.survey_id == survey.id)
        .order_by(SurveyResponse.id)  # random keys: no order of answering
    )
    answers: dict[str, list[dict[str, Any]]] = {role: [] for role in SURVEY_ROLES}
    for role, given in db.session.execute(query):
        answers.setdefault(role, []).append(given)
    results = {}
    for role in SURVEY_ROLES:
        members, responses, paper, waiting = rates[survey.id, role]
        shown = responses - waiting >= MIN_RESPONDENTS
        questions = _each_question(survey.questions.get(role, []), answers[role]) if shown else []
        results[role] = RoleResults(
            role, Rate(members, responses), paper, waiting, shown, questions
        )
    return results


def survey_rates(surveys: list[Survey]) -> dict[int, dict[str, Rate]]:
    """Survey id → role → rate, for a list of surveys in three queries."""
    rates = _rates([survey.id for survey in surveys])
    return {
        survey.id: {role: Rate(*rates[survey.id, role][:2]) for role in SURVEY_ROLES}
        for survey in surveys
    }


def response_rates(group: Group) -> dict[str, Rate]:
    """Role → response rate of the group's survey; empty when it has none."""
    survey = survey_of(group)
    return survey_rates([survey])[survey.id] if survey else {}


@dataclass
class PollResults:
    asked: int  # members the poll was sent to
    answers: int  # released and waiting
    waiting: int  # an anonymous poll's answers not yet released
    shown: bool  # False for an anonymous poll below MIN_RESPONDENTS released answers
    questions: list[QuestionResult]
    by_person: list[tuple[str, dict[str, Any]]]  # a named poll's answers, by name


def _released(poll: Survey) -> list[dict[str, Any]]:
    query = (
        select(SurveyResponse.answers)
        .where(SurveyResponse.survey_id == poll.id)
        .order_by(SurveyResponse.id)  # random keys: no order of answering
    )
    return list(db.session.scalars(query))


def _named(poll: Survey) -> list[tuple[str, dict[str, Any]]]:
    query = (
        select(Person.name, SurveyRecipient.named_answers)
        .join(Person, Person.id == SurveyRecipient.person_id)
        .where(SurveyRecipient.survey_id == poll.id, SurveyRecipient.named_answers.is_not(None))
        .order_by(Person.name, Person.id)
    )
    return [(name, answers) for name, answers in db.session.execute(query)]


def poll_results(poll: Survey) -> PollResults:
    """Counts per choice and the texts of a poll; a named poll's answers by person too.
    Three queries whatever the number of answers."""
    asked = db.session.execute(
        select(func.count()).where(SurveyRecipient.survey_id == poll.id)
    ).scalar_one()
    by_person = _named(poll) if poll.named else []
    given = [answers for _name, answers in by_person] if poll.named else _released(poll)
    waiting = 0 if poll.named else sum(waiting_counts([poll.id]).values())
    shown = poll.named or len(given) >= MIN_RESPONDENTS
    questions = _each_question(poll.questions.get(POLL_ROLE, []), given) if shown else []
    return PollResults(asked, len(given) + waiting, waiting, shown, questions, by_person)
