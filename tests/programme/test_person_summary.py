"""The programme on the person page: group and pair with links, the pair's
confirmation and agreement, pair meetings logged, group meetings attended of those
invited, surveys sent (never whether answered) and outcomes with dates, in fi and sv,
in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.programme.groups.models import (
    Agreement,
    AgreementSignature,
    Meeting,
    MeetingInvitation,
    PairMeeting,
)
from kaari.programme.outcomes.models import Outcome
from kaari.programme.surveys.models import SurveyRecipient
from tests.helpers import QueryCounter

STARTS = datetime(2027, 3, 2, 16, 0, tzinfo=UTC)


def _add_history(app, world, actor_id: int, *, meetings: int, outcomes: int) -> None:
    """Pair meetings, arc meetings (the first attended) and outcomes for the actor."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair = db.session.query(Pair).filter_by(actor_id=actor_id).one()
        for n in range(meetings):
            db.session.add(PairMeeting(pair_id=pair.id, met_on=date(2027, 3, 10) + timedelta(n)))
            meeting = Meeting(group_id=world.a.group_id, kind="midpoint", starts_at=STARTS,
                              ends_at=STARTS + timedelta(hours=2))  # fmt: skip
            db.session.add(meeting)
            db.session.flush()
            db.session.add(
                MeetingInvitation(meeting_id=meeting.id, person_id=actor_id, attended=n == 0)
            )
        for n in range(outcomes):
            db.session.add(Outcome(person_id=actor_id, kind="studies",
                                   happened_on=date(2027, 6, 1) + timedelta(n)))  # fmt: skip
        db.session.commit()


@pytest.fixture
def aino(app, world, actors_group):
    """Aino's pair: confirmed, agreement signed by both, two meetings logged, invited
    to two meetings and came to one, one survey mailed and answered, two outcomes."""
    actor_id, mentor_id = actors_group.actors["Aino Actor"], actors_group.mentors["Aino Actor"]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair = db.session.query(Pair).filter_by(actor_id=actor_id).one()
        agreement = Agreement(pair_id=pair.id, goals="A job", version=2)
        db.session.add(agreement)
        db.session.flush()
        for person_id in (actor_id, mentor_id):
            db.session.add(AgreementSignature(agreement_id=agreement.id, version=2,
                                              person_id=person_id, typed_name="x"))  # fmt: skip
        db.session.add(SurveyRecipient(survey_id=world.a.survey_id, person_id=actor_id,
                                       role="actor", invited=True, answered=True))  # fmt: skip
        db.session.add(Outcome(person_id=actor_id, kind="employed_own_field",
                               happened_on=date(2027, 9, 1)))  # fmt: skip
        db.session.commit()
    _add_history(app, world, actor_id, meetings=2, outcomes=1)
    return actor_id, mentor_id, pair.id


def test_the_person_page_shows_the_programme_in_finnish(coordinator, world, aino):
    actor_id, mentor_id, pair_id = aino
    html = coordinator.get(f"/alpha/staff/participants/{actor_id}?lang=fi").get_data(as_text=True)
    section = html[html.index('id="programme-title"') :]
    group_url = f"/alpha/staff/groups/{world.a.group_id}"
    assert f'<a href="{group_url}">ALPHA1</a>' in section
    assert f'<a href="/alpha/staff/participants/{mentor_id}">Mentor of Aino Actor</a>' in section
    assert f'href="{group_url}/pairs/{pair_id}"' in section
    assert "Versio 2, molemmat allekirjoittaneet" in section
    assert "2 (viimeisin 11.3.2027)" in section
    assert "Kutsuttu 2 tapaamiseen, osallistunut 1" in section
    assert "1 kysely lähetetty henkilölle" in section
    assert (
        "1.6.2027: Opiskelupaikka" in section and "1.9.2027: Työllistynyt omalle alalle" in section
    )


def test_the_person_page_shows_the_programme_in_swedish(coordinator, aino):
    actor_id, _mentor_id, _pair_id = aino
    html = coordinator.get(f"/alpha/staff/participants/{actor_id}?lang=sv").get_data(as_text=True)
    section = html[html.index('id="programme-title"') :]
    assert "Mentorskapet" in section
    assert "Version 2, undertecknat av båda" in section
    assert "1 enkät skickad till personen" in section
    assert "Kom till 1 av 2 träffar som personen bjöds in till" in section


def test_surveys_show_only_how_many_were_sent_never_whether_answered(coordinator, aino):
    actor_id, _mentor_id, _pair_id = aino
    html = coordinator.get(f"/alpha/staff/participants/{actor_id}?lang=en").get_data(as_text=True)
    section = html[html.index('id="programme-title"') :]
    assert "1 survey sent to the person" in section
    assert "answered" not in section.lower().replace("has not answered", "")


def test_someone_without_a_pair_sees_so(coordinator, world):
    html = coordinator.get(f"/alpha/staff/participants/{world.a.person_id}?lang=en").get_data(
        as_text=True
    )
    section = html[html.index('id="programme-title"') :]
    assert "Not in a group" in section and "No pair" in section
    assert "Mentoring agreement" not in section
    assert "Study place, continued studies or research grant" in section  # the world's outcome


def test_an_invited_pair_shows_each_members_answer(app, coordinator, world, actors_group):
    actor_id = actors_group.actors["Bea Actor"]
    with app.app_context(), tenant_scope(world.a.tenant_id):
        pair = db.session.query(Pair).filter_by(actor_id=actor_id).one()
        pair.status, pair.actor_answer = "invited", "yes"
        db.session.commit()
    html = coordinator.get(f"/alpha/staff/participants/{actor_id}?lang=en").get_data(as_text=True)
    assert "Invited: the actor said yes, the mentor has not answered" in html
    assert "Not written yet" in html


def test_the_person_page_does_not_grow_queries_with_the_programme(app, coordinator, world, aino):
    actor_id = aino[0]
    url = f"/alpha/staff/participants/{actor_id}"
    coordinator.get(url)

    def count() -> int:
        with QueryCounter(app.extensions["kaari_engine"]) as counter:
            assert coordinator.get(url).status_code == 200
        return counter.count

    small = count()
    _add_history(app, world, actor_id, meetings=8, outcomes=5)
    assert count() == small
