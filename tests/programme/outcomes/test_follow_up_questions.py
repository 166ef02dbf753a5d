"""Follow-up after the arc: months after their group closed, actors are asked by mail
about their situation now, answer with one click in their language, and the answer
becomes an outcome that reports count."""

from __future__ import annotations

import time as clock
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.months import add_months
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.programme.groups.models import Group
from kaari.programme.outcomes.follow_up_questions import due_round, send_follow_ups, token_for
from kaari.programme.outcomes.models import FollowUp, Outcome
from kaari.programme.outcomes.services import group_outcomes
from kaari.tenancy.models import Tenant
from kaari.tenancy.settings import change_setting, validate_settings
from tests.helpers import first_link, read_outbox, text_body

HELSINKI = ZoneInfo("Europe/Helsinki")


def _today() -> date:
    return datetime.now(HELSINKI).date()


@pytest.mark.parametrize(
    ("closed_on", "today", "due"),
    [
        (date(2026, 1, 31), date(2026, 4, 29), None),  # not yet
        (date(2026, 1, 31), date(2026, 4, 30), 3),  # April has 30 days
        (date(2026, 1, 31), date(2026, 5, 30), 3),  # late, but within a month
        (date(2026, 1, 31), date(2026, 6, 1), None),  # too late for 3, too early for 6
        (date(2026, 1, 31), date(2026, 7, 31), 6),
        (date(2026, 1, 31), date(2027, 1, 31), 12),
        (date(2023, 1, 31), date(2026, 1, 31), None),  # closed long before
    ],
)
def test_a_round_is_due_from_its_day_for_a_month(closed_on, today, due):
    assert due_round(closed_on, [3, 6, 12], today) == due


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ([3, 6, 12], True),
        ([], True),
        ([1], True),
        ([0], False),
        ([61], False),
        ([3, "6"], False),
        ([3, True], False),
        (3, False),
    ],
)
def test_follow_up_months_are_a_list_of_whole_months(app, value, valid):
    assert (validate_settings({"follow_up_months": value}) == []) is valid


def _close(app, coordinator, world, actors_group, months_ago: int) -> None:
    """The coordinator closes the group; then the clock moves on `months_ago` months."""
    form = {"name": "ALPHA1", "target_group": "0", "status": "closed", "venue": "Library"}
    assert coordinator.submit(actors_group.url, form).status_code == 302
    _closed_months_ago(app, world, months_ago)


def _closed_months_ago(app, world, months: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        group = db.session.get(Group, world.a.group_id)
        group.closed_at = datetime.combine(add_months(_today(), -months), time(12), HELSINKI)
        db.session.commit()


@pytest.fixture
def asked(app, world, coordinator, actors_group, outbox):
    """The group closed three months ago today; the daily job has run."""
    _close(app, coordinator, world, actors_group, 3)
    with app.app_context():
        assert send_follow_ups() == 3
    return {message["To"]: message for message in read_outbox(outbox)}


def _outcomes(app, world, person_id: int) -> list[Outcome]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        query = select(Outcome).where(Outcome.person_id == person_id)
        return list(db.session.scalars(query))


def test_every_actor_of_a_closed_group_is_asked_once_in_their_language(app, world, asked):
    assert sorted(asked) == ["aino@example.org", "bea@example.org", "mika@example.org"]
    english, finnish = asked["mika@example.org"], asked["aino@example.org"]
    assert english["Subject"] == "What is your situation now?"
    assert "about 3 months ago" in text_body(english) and "?lang=en" in text_body(english)
    assert "tilanteesi" in finnish["Subject"] and "?lang=fi" in text_body(finnish)
    with app.app_context():
        assert send_follow_ups() == 0  # once per round


def test_the_next_round_asks_again(app, world, asked):
    _closed_months_ago(app, world, 6)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert send_follow_ups() == 3
        rounds = db.session.scalars(select(FollowUp.months)).all()
    assert sorted(rounds) == [3, 3, 3, 6, 6, 6]


def test_withdrawn_actors_and_old_groups_are_not_asked(app, world, coordinator, actors_group):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Person, actors_group.actors["Bea Actor"]).status = "withdrawn"
        db.session.commit()
    _close(app, coordinator, world, actors_group, 24)
    with app.app_context():
        assert send_follow_ups() == 0
    _closed_months_ago(app, world, 12)
    with app.app_context():
        assert send_follow_ups() == 2


def test_a_tenant_switches_follow_ups_off_or_chooses_its_own_months(
    app, world, coordinator, actors_group
):
    _close(app, coordinator, world, actors_group, 3)

    def months(value: list[int]) -> None:
        with app.app_context():
            change_setting(db.session.get(Tenant, world.a.tenant_id), "follow_up_months", value)
            db.session.commit()

    months([])
    with app.app_context():
        assert send_follow_ups() == 0
    months([2])
    _closed_months_ago(app, world, 2)
    with app.app_context():
        assert send_follow_ups() == 3


def test_an_actor_answers_with_one_click_and_may_change_the_answer(
    app, client, world, actors_group, asked
):
    mika = actors_group.actors["Mika Actor"]
    link = first_link(asked["mika@example.org"])
    page = client.get(link)
    assert page.status_code == 200
    assert "What is your situation now?" in page.get_data(as_text=True)
    assert _outcomes(app, world, mika) == []  # opening the link changes nothing

    thanks = client.submit(link, {"kind": "employed_own_field"})
    assert thanks.status_code == 200
    assert "Thank you for your answer!" in thanks.get_data(as_text=True)
    [outcome] = _outcomes(app, world, mika)
    assert (outcome.kind, outcome.source, outcome.happened_on) == (
        "employed_own_field",
        "follow_up",
        _today(),
    )

    client.submit(link, {"kind": "other", "other_text": "Own design studio"})
    [changed] = _outcomes(app, world, mika)
    assert (changed.id, changed.kind, changed.other_text) == (
        outcome.id,
        "other",
        "Own design studio",
    )
    assert "Your answer: Something else" in client.get(link).get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        question = db.session.scalar(select(FollowUp).where(FollowUp.person_id == mika))
        assert question.answered_at is not None and question.outcome_id == outcome.id


def test_the_answers_reach_the_staff_page_and_the_counts(
    app, client, coordinator, world, actors_group, asked
):
    client.submit(first_link(asked["aino@example.org"]), {"kind": "internship_own_field"})
    client.submit(first_link(asked["bea@example.org"]), {"kind": "none"})
    page = coordinator.get(actors_group.url + "/outcomes?lang=en").get_data(as_text=True)
    assert "Internship in own field, the actor's own answer" in page
    with app.app_context(), tenant_scope(world.a.tenant_id):
        result = group_outcomes(db.session.get(Group, actors_group.group_id))
    # Asked three months after closing: nothing at the end, both answers within the year.
    assert result.at_end.counted["not_known"] == 3
    assert result.after_year.counted["internship_own_field"] == 1
    assert result.after_year.counted["none"] == 1
    assert result.after_year.counted["not_known"] == 1


def test_a_finnish_actor_gets_the_page_in_finnish(client, asked):
    page = client.get(first_link(asked["aino@example.org"]))
    assert '<html lang="fi">' in page.get_data(as_text=True)


def test_a_wrong_answer_is_refused_keeping_the_text(client, asked):
    link = first_link(asked["mika@example.org"])
    response = client.submit(link, {"kind": "lottery_win", "other_text": "Something I wrote"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Choose one of the answers." in html and 'value="Something I wrote"' in html


def test_an_expired_or_forged_link_gets_a_kind_page(app, client, world, asked, monkeypatch):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        question = db.session.scalars(select(FollowUp)).first()
        with monkeypatch.context() as past:  # the link was mailed 61 days ago
            long_ago = clock.time() - 61 * 24 * 3600
            past.setattr(clock, "time", lambda: long_ago)
            token = token_for(question)
    expired = client.get(f"/alpha/follow-up/{token}?lang=en")
    assert expired.status_code == 404
    html = expired.get_data(as_text=True)
    assert "The link does not work" in html and "coordinator@alpha.example.org" in html
    assert client.submit(
        f"/alpha/follow-up/{token}", {"kind": "none"}, form_url="/alpha/join"
    ).status_code == (404)
    assert client.get("/alpha/follow-up/forged?lang=sv").status_code == 404
    assert _outcomes(app, world, question.person_id) == []
