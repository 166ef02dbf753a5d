"""What the programme holds about one person, for their page in the register: their
current pair and group, the pair's confirmation and agreement, the pair meetings
logged, the group meetings they came to, how many surveys were sent to them, and their
outcomes. Nine queries at most, whatever the person did.

Surveys: only how many were sent. Whether the person answered is never shown to
staff (docs/PRIVACY.md, survey anonymity), not even as a count: a count that rises
while a group's results gain one answer would tell whose answer it is."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, or_, select

from kaari.core import db
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.participants.person_panels import PersonPanel
from kaari.programme.current_pairs import current_pairs, groups_of, partner_of
from kaari.programme.groups import diary
from kaari.programme.groups.models import (
    GROUP_MEETINGS,
    Agreement,
    AgreementSignature,
    Group,
    Meeting,
    MeetingInvitation,
    PaperAgreement,
)
from kaari.programme.labels import kind_names
from kaari.programme.outcomes.models import Outcome
from kaari.programme.surveys.models import SurveyRecipient

# The meetings of a group's arc, and the separate kick-off that stands in for the first.
ARC_MEETINGS = (*GROUP_MEETINGS, "extra_kickoff")


@dataclass(frozen=True)
class AgreementState:
    version: int | None  # of the agreement written in the portal; None: none written
    signatures: int  # on the current version; 2 is both members
    on_paper: date | None = None  # signed on paper, as staff recorded

    @property
    def signed(self) -> bool:
        return self.signatures >= 2 or self.on_paper is not None


@dataclass(frozen=True)
class ProgrammeSummary:
    pair: Pair | None
    partner: Person | None  # the other member of the pair
    group: Group | None
    agreement: AgreementState | None
    pair_meetings: diary.Activity
    group_meetings_invited: int
    group_meetings_attended: int
    surveys_sent: int  # mailed a link or handed a paper sheet
    outcomes: list[Outcome]


def _agreement(pair: Pair) -> AgreementState | None:
    """The portal agreement's state and the paper one's date, in one query."""
    query = (
        select(Agreement.version, func.count(AgreementSignature.id), PaperAgreement.signed_on)
        .select_from(Pair)
        .outerjoin(Agreement, Agreement.pair_id == Pair.id)
        .outerjoin(
            AgreementSignature,
            (AgreementSignature.agreement_id == Agreement.id)
            & (AgreementSignature.version == Agreement.version),
        )
        .outerjoin(PaperAgreement, PaperAgreement.pair_id == Pair.id)
        .where(Pair.id == pair.id)
        .group_by(Agreement.id, Agreement.version, PaperAgreement.signed_on)
    )
    version, signatures, on_paper = db.session.execute(query).one()
    if version is None and on_paper is None:
        return None
    return AgreementState(version, signatures, on_paper)


def _group_meetings(person_id: int) -> tuple[int, int]:
    query = (
        select(
            func.count(MeetingInvitation.id),
            func.coalesce(func.sum(case((MeetingInvitation.attended.is_(True), 1), else_=0)), 0),
        )
        .join(Meeting, Meeting.id == MeetingInvitation.meeting_id)
        .where(MeetingInvitation.person_id == person_id, Meeting.kind.in_(ARC_MEETINGS))
    )
    invited, attended = db.session.execute(query).one()
    return invited, attended


def _surveys_sent(person_id: int) -> int:
    query = select(func.count(SurveyRecipient.id)).where(
        SurveyRecipient.person_id == person_id,
        or_(SurveyRecipient.invited.is_(True), SurveyRecipient.paper.is_(True)),
    )
    return db.session.scalar(query) or 0


def _outcomes(person_id: int) -> list[Outcome]:
    query = select(Outcome).where(Outcome.person_id == person_id)
    return list(db.session.scalars(query.order_by(Outcome.happened_on, Outcome.id)))


def summary(person: Person) -> ProgrammeSummary:
    pair = current_pairs([person.id]).get(person.id)
    partner = group = agreement = None
    pair_meetings = diary.Activity()
    if pair is not None:
        partner = db.session.scalar(select(Person).where(Person.id == partner_of(pair, person.id)))
        group = groups_of([pair.id]).get(pair.id)
        agreement = _agreement(pair)
        pair_meetings = diary.activity([pair.id])[pair.id]
    invited, attended = _group_meetings(person.id)
    return ProgrammeSummary(
        pair=pair,
        partner=partner,
        group=group,
        agreement=agreement,
        pair_meetings=pair_meetings,
        group_meetings_invited=invited,
        group_meetings_attended=attended,
        surveys_sent=_surveys_sent(person.id),
        outcomes=_outcomes(person.id),
    )


def panel(person: Person) -> dict:
    """The panel's context: the summary and the names its template shows."""
    return {
        "summary": summary(person),
        "outcome_names": kind_names(),
        "answers": {"": _l("has not answered"), "yes": _l("said yes"), "no": _l("said no")},
    }


PANEL = PersonPanel("programme", "programme/person_panel.html", panel)
