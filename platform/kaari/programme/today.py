"""The programme's to-dos on the staff home, for the groups one may act on: pairs that
have not met for twice the nudge interval, pairs flagged before the mid-point, the
group meetings and events of the coming week with their answers, and open surveys
with their response rate (counts only: never who answered)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from flask import url_for
from flask_babel import gettext, ngettext
from sqlalchemy import func, select

from kaari.core import db, formats
from kaari.core.i18n import pick, select_language
from kaari.core.today import TodayScope, TodaySource, Todo
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups import diary, nudges, pair_progress
from kaari.programme.groups.models import (
    GROUP_MEETINGS,
    Group,
    GroupPair,
    Meeting,
    MeetingInvitation,
)
from kaari.programme.labels import meeting_names
from kaari.programme.settings import programme_settings
from kaari.programme.surveys.models import Survey, SurveyRecipient

WEEK = timedelta(days=7)
NAMES_SHOWN = 8  # of the people who have not answered; the rest are counted


def _group_url(group_id: int) -> str:
    return url_for("programme.group", group_id=group_id)


def _quiet_pairs(scope: TodayScope) -> list[Todo]:
    weeks = 2 * programme_settings.get(scope.tenant, "nudge_after_weeks")
    by_group: dict[int, list[str]] = defaultdict(list)
    names = {}
    for quiet in nudges.quiet_pairs(weeks, scope.now):
        if scope.allows(quiet.group.id):
            by_group[quiet.group.id].append(str(quiet.pair.id))
            names[quiet.group.id] = quiet.group.name
    return [
        Todo(
            ngettext(
                "%(group)s: %(num)d pair has not logged a meeting for %(weeks)d weeks",
                "%(group)s: %(num)d pairs have not logged a meeting for %(weeks)d weeks",
                len(pairs),
                group=names[group_id],
                weeks=weeks,
            ),
            _group_url(group_id),
            len(pairs),
        )
        for group_id, pairs in by_group.items()
    ]


def _running_groups(scope: TodayScope) -> list[Group]:
    groups = db.session.scalars(select(Group).where(Group.status == "running").order_by(Group.name))
    return [group for group in groups if scope.allows(group.id)]


def _midpoint_flags(scope: TodayScope) -> list[Todo]:
    groups = _running_groups(scope)
    ids = [group.id for group in groups]
    meetings: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in db.session.scalars(select(Meeting).where(Meeting.group_id.in_(ids))):
        meetings[meeting.group_id].append(meeting)
    pairs: dict[int, list[Pair]] = defaultdict(list)
    placed = select(GroupPair.group_id, Pair).join(Pair, Pair.id == GroupPair.pair_id)
    for group_id, pair in db.session.execute(placed.where(GroupPair.group_id.in_(ids))):
        pairs[group_id].append(pair)
    # Every running group's pairs' meetings in one statement, not one per group.
    activity = diary.activity([pair.id for placed in pairs.values() for pair in placed])
    zone = scope.tenant.zone
    today = scope.now.astimezone(zone).date()
    found = []
    for group in groups:
        middle = pair_progress.midpoint(group, meetings[group.id], zone)
        flags = pair_progress.follow_up(pairs[group.id], middle, today, activity).values()
        count = sum(1 for follow_up in flags if follow_up.flag)
        text = ngettext(
            "%(group)s: %(num)d pair has fewer meetings than expected by the mid-point",
            "%(group)s: %(num)d pairs have fewer meetings than expected by the mid-point",
            count,
            group=group.name,
        )
        found.append(Todo(text, _group_url(group.id), count))
    return found


def _meeting_url(meeting: Meeting, scope: TodayScope) -> str:
    """The meeting's own page for those who manage meetings, else its group's page or
    the list of events."""
    group_meeting = meeting.group_id is not None and meeting.kind in GROUP_MEETINGS
    if not scope.can("manage_groups"):
        return (
            _group_url(meeting.group_id)
            if group_meeting
            else url_for("programme_events.event_list")
        )
    if group_meeting:
        return url_for("programme.meeting", group_id=meeting.group_id, meeting_id=meeting.id)
    return url_for("programme_events.event", meeting_id=meeting.id)


def _this_week(scope: TodayScope) -> list[Todo]:
    soon = select(Meeting).where(
        Meeting.starts_at >= scope.now, Meeting.starts_at < scope.now + WEEK
    )
    meetings = [
        meeting
        for meeting in db.session.scalars(soon.order_by(Meeting.starts_at))
        if scope.allows(meeting.group_id)
    ]
    ids = [meeting.id for meeting in meetings]
    answers: Counter[tuple[int, str]] = Counter()
    counted = select(MeetingInvitation.meeting_id, MeetingInvitation.answer, func.count())
    for meeting_id, answer, count in db.session.execute(
        counted.where(MeetingInvitation.meeting_id.in_(ids)).group_by(
            MeetingInvitation.meeting_id, MeetingInvitation.answer
        )
    ):
        answers[meeting_id, answer] = count
    silent: dict[int, list[str]] = defaultdict(list)
    unanswered = (
        select(MeetingInvitation.meeting_id, Person.name)
        .join(Person, Person.id == MeetingInvitation.person_id)
        .where(MeetingInvitation.meeting_id.in_(ids), MeetingInvitation.answer == "")
        .order_by(Person.name)
    )
    for meeting_id, name in db.session.execute(unanswered):
        silent[meeting_id].append(name)
    names = meeting_names()
    found = []
    for meeting in meetings:
        waiting = silent[meeting.id]
        text = ngettext(
            "%(meeting)s %(when)s: %(coming)d coming, %(away)d not coming, "
            "%(num)d has not answered",
            "%(meeting)s %(when)s: %(coming)d coming, %(away)d not coming, "
            "%(num)d have not answered",
            len(waiting),
            meeting=names.get(meeting.kind, meeting.kind),
            when=formats.moment(meeting.starts_at),
            coming=answers[meeting.id, "yes"],
            away=answers[meeting.id, "no"],
        )
        details = (_not_answered(waiting),) if waiting else ()
        # One to-do each: a meeting this week needs a look even when everyone answered.
        found.append(Todo(text, _meeting_url(meeting, scope), 1, details))
    return found


def _not_answered(names: list[str]) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        more = len(names) - NAMES_SHOWN
        return ngettext(
            "Not answered: %(names)s and %(num)d more", "Not answered: %(names)s and %(num)d more",
            more, names=shown,
        )  # fmt: skip
    return gettext("Not answered: %(names)s", names=shown)


def _open_surveys(scope: TodayScope) -> list[Todo]:
    """Open feedback surveys and polls, each with how many of those sent it answered."""
    surveys = db.session.execute(
        select(Survey.id, Survey.group_id, Survey.kind, Survey.title, Group.name)
        .join(Group, Group.id == Survey.group_id)
        .where(Survey.status == "open")
        .order_by(Group.name, Survey.id)
    ).all()
    surveys = [row for row in surveys if scope.allows(row.group_id)]
    rates = {
        survey_id: (sent, answered)
        for survey_id, sent, answered in db.session.execute(
            select(
                SurveyRecipient.survey_id,
                func.count(),
                func.count().filter(SurveyRecipient.answered.is_(True)),
            )
            .where(SurveyRecipient.survey_id.in_([row.id for row in surveys]))
            .group_by(SurveyRecipient.survey_id)
        )
    }
    language = select_language()
    found = []
    for survey_id, group_id, kind, title, group_name in surveys:
        sent, answered = rates.get(survey_id, (0, 0))
        if kind == "poll":
            text = ngettext(
                "%(group)s: the poll “%(title)s” is open, %(answered)d of %(num)d answered",
                "%(group)s: the poll “%(title)s” is open, %(answered)d of %(num)d answered",
                sent,
                group=group_name,
                title=pick(title, language, scope.tenant.default_language),
                answered=answered,
            )
            url = url_for("polls.poll", group_id=group_id, poll_id=survey_id)
        else:
            text = ngettext(
                "%(group)s: the survey is open, %(answered)d of %(num)d answered",
                "%(group)s: the survey is open, %(answered)d of %(num)d answered",
                sent,
                group=group_name,
                answered=answered,
            )
            url = url_for("surveys.group_survey", group_id=group_id)
        found.append(Todo(text, url, 1))
    return found


SOURCES = (
    TodaySource("quiet_pairs", "groups", "lead_groups", _quiet_pairs),
    TodaySource("midpoint_flags", "groups", "lead_groups", _midpoint_flags),
    TodaySource("meetings_this_week", "groups", "lead_groups", _this_week),
    TodaySource("open_surveys", "groups", "lead_groups", _open_surveys),
)
