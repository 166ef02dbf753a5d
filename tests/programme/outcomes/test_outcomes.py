"""Outcomes: staff record what each actor of a group achieved, and reports count each
actor once by the programme's priority while still showing every record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from kaari.programme.outcomes.models import Outcome
from kaari.programme.outcomes.services import (
    NOT_KNOWN,
    add_months,
    counted_kind,
    group_outcomes,
    summarise,
)
from tests.helpers import make_group_leader, put_pairs_in_group
from tests.test_query_counts import _queries


@pytest.mark.parametrize(
    ("kinds", "counted"),
    [
        ([], NOT_KNOWN),
        (["none"], "none"),
        (["none", "other"], "other"),
        (["other", "studies"], "studies"),
        (["studies", "internship_own_field", "other"], "internship_own_field"),
        (["internship_own_field", "employed_other_field"], "employed_other_field"),
        (["employed_other_field", "employed_own_field", "none"], "employed_own_field"),
        (["studies", "studies"], "studies"),
    ],
)
def test_each_actor_counts_once_by_priority(kinds, counted):
    assert counted_kind(kinds) == counted


def test_the_summary_counts_by_priority_and_keeps_every_record():
    """Ten actors, worked out by hand: three employed (two in their own field), two
    interns, two studying, one other, one none and one with nothing recorded."""
    records = [
        (1, "employed_own_field"),
        (1, "internship_own_field"),
        (2, "employed_own_field"),
        (3, "studies"),
        (3, "employed_other_field"),
        (4, "internship_own_field"),
        (4, "studies"),
        (4, "other"),
        (5, "internship_own_field"),
        (6, "studies"),
        (7, "studies"),
        (7, "none"),
        (8, "other"),
        (9, "none"),
        (99, "employed_own_field"),  # not one of these actors: left out
    ]
    summary = summarise(range(1, 11), records)
    assert summary.actors == 10
    assert summary.counted == {
        "employed_own_field": 2,
        "employed_other_field": 1,
        "internship_own_field": 2,
        "studies": 2,
        "other": 1,
        "none": 1,
        NOT_KNOWN: 1,
    }
    assert (summary.employed, summary.employed_share) == (3, 0.3)
    assert summary.share("employed_own_field") == 0.2
    assert summary.share("employed_other_field") == 0.1
    assert summary.share(NOT_KNOWN) == 0.1
    assert summary.raw == {
        "employed_own_field": 2,
        "employed_other_field": 1,
        "internship_own_field": 3,
        "studies": 4,
        "other": 2,
        "none": 2,
    }
    assert summary.records == 14


def test_an_empty_group_has_no_shares():
    summary = summarise([], [])
    assert summary.actors == 0 and summary.share("studies") == 0.0 == summary.employed_share


@pytest.mark.parametrize(
    ("day", "months", "later"),
    [
        (date(2025, 6, 30), 12, date(2026, 6, 30)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (date(2024, 8, 31), 6, date(2025, 2, 28)),
        (date(2025, 1, 15), -3, date(2024, 10, 15)),
    ],
)
def test_months_are_added_by_the_calendar(day, months, later):
    assert add_months(day, months) == later


def _add(client, url: str, person_id: int, kind: str, day: date, text: str = ""):
    data = {"person": person_id, "kind": kind, "happened_on": day.isoformat(), "other_text": text}
    return client.submit(url + "?lang=en", data)


def test_a_coordinator_records_outcomes_and_sees_them_counted_at_the_end_and_a_year_on(
    app, coordinator, world, actors_group
):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Group, actors_group.group_id).planned_end = date(2025, 6, 30)
        db.session.commit()
    url = actors_group.url + "/outcomes"
    aino, mika, bea = (actors_group.actors[n] for n in ("Aino Actor", "Mika Actor", "Bea Actor"))
    for person_id, kind, day in (
        (aino, "employed_other_field", date(2025, 3, 1)),
        (aino, "employed_own_field", date(2026, 1, 10)),  # a better job within the year
        (mika, "internship_own_field", date(2025, 6, 30)),  # on the last day: counts
        (bea, "studies", date(2026, 7, 1)),  # a day after the year: not counted
    ):
        assert _add(coordinator, url, person_id, kind, day).status_code == 302

    with app.app_context(), tenant_scope(world.a.tenant_id):
        result = group_outcomes(db.session.get(Group, actors_group.group_id))
    assert (result.ends_on, result.year_on) == (date(2025, 6, 30), date(2026, 6, 30))
    at_end, after_year = result.at_end, result.after_year
    assert at_end.actors == after_year.actors == 3
    assert at_end.counted["employed_other_field"] == 1
    assert at_end.counted["internship_own_field"] == 1
    assert at_end.counted[NOT_KNOWN] == 1
    assert after_year.counted["employed_own_field"] == 1
    assert after_year.counted["employed_other_field"] == 0
    assert after_year.counted[NOT_KNOWN] == 1  # Bea's studies began too late
    assert after_year.raw["employed_other_field"] == after_year.raw["employed_own_field"] == 1

    page = coordinator.get(url + "?lang=en").get_data(as_text=True)
    assert "At the end (30 Jun 2025)" in page and "12 months later (30 Jun 2026)" in page
    assert "Employed in another field" in page and "Study place" in page
    assert "1 (33%)" in page


def test_a_future_date_or_other_without_text_is_refused_keeping_the_input(
    app, coordinator, world, actors_group
):
    url = actors_group.url + "/outcomes"
    tomorrow = date.today() + timedelta(days=2)
    response = _add(
        coordinator, url, actors_group.actors["Bea Actor"], "other", tomorrow, "Own café"
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "The date cannot be in the future." in html
    assert 'value="Own café"' in html and f'value="{tomorrow.isoformat()}"' in html

    response = _add(coordinator, url, actors_group.actors["Bea Actor"], "other", date(2025, 5, 2))
    assert response.status_code == 400
    assert "Write what the &#34;Other&#34; outcome was." in response.get_data(as_text=True)

    finnish = coordinator.submit(
        url + "?lang=fi",
        {"person": actors_group.actors["Bea Actor"], "kind": "other", "happened_on": "2025-05-02"},
    )
    assert finnish.status_code == 400 and "Kirjoita" in finnish.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalars(select(Outcome).where(Outcome.kind == "other")).all() == []


def test_only_the_groups_actors_can_get_outcomes(app, coordinator, world, actors_group):
    url = actors_group.url + "/outcomes"
    mentor = actors_group.mentors["Aino Actor"]
    assert _add(coordinator, url, mentor, "studies", date(2025, 5, 2)).status_code == 400
    assert _add(coordinator, url, world.a.person_id, "studies", date(2025, 5, 2)).status_code == 400


def test_a_coordinator_removes_an_outcome_and_both_changes_are_audited(
    app, coordinator, world, actors_group
):
    url = actors_group.url + "/outcomes"
    _add(coordinator, url, actors_group.actors["Mika Actor"], "studies", date(2025, 5, 2))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        outcome_id = db.session.scalar(
            select(Outcome.id).where(Outcome.person_id == actors_group.actors["Mika Actor"])
        )
    response = coordinator.submit(f"{url}/{outcome_id}/remove", form_url=url)
    assert response.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.get(Outcome, outcome_id) is None
        actions = db.session.scalars(
            select(TenantAuditEvent.action).where(
                TenantAuditEvent.object_type == "Outcome",
                TenantAuditEvent.object_id == str(outcome_id),
            )
        ).all()
    assert sorted(actions) == ["outcome.recorded", "outcome.removed"]


def test_an_outcome_of_another_groups_actor_is_not_found_through_this_group(
    app, coordinator, world, actors_group
):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="ALPHA2")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    url = actors_group.url + "/outcomes"
    _add(coordinator, url, actors_group.actors["Aino Actor"], "studies", date(2025, 5, 2))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        outcome_id = db.session.scalar(select(Outcome.id).where(Outcome.kind == "studies"))
    wrong = f"/alpha/staff/groups/{other_id}/outcomes/{outcome_id}/remove"
    assert coordinator.submit(wrong, form_url=url).status_code == 404


def test_a_group_leader_reads_the_outcomes_but_cannot_change_them(app, client, world, actors_group):
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login("lea@alpha.example.org", tenant="alpha")
    url = actors_group.url + "/outcomes"
    page = client.get(url + "?lang=en")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Aino Actor" in html and "Add an outcome" not in html
    response = _add(client, url, actors_group.actors["Aino Actor"], "studies", date(2025, 5, 2))
    assert response.status_code == 403


def test_the_group_page_links_to_its_outcomes(coordinator, actors_group):
    html = coordinator.get(actors_group.url).get_data(as_text=True)
    assert f'href="{actors_group.url}/outcomes"' in html


def test_closing_a_group_stamps_the_day_and_reopening_clears_it(
    app, coordinator, world, actors_group
):
    def status(value: str):
        form = {"name": "ALPHA1", "target_group": "0", "status": value, "venue": "Library"}
        assert coordinator.submit(actors_group.url, form).status_code == 302
        with app.app_context(), tenant_scope(world.a.tenant_id):
            return db.session.get(Group, actors_group.group_id).closed_at

    closed_at = status("closed")
    assert closed_at is not None
    assert status("closed") == closed_at  # saving a closed group again keeps the day
    assert status("running") is None
    with app.app_context(), tenant_scope(world.a.tenant_id):
        result = group_outcomes(db.session.get(Group, actors_group.group_id))
    assert result.ends_on is None and result.after_year is None
    assert result.at_end.actors == 3


def test_the_outcomes_page_does_not_grow_queries_with_actors(app, coordinator, world, actors_group):
    url = actors_group.url + "/outcomes"
    _add(coordinator, url, actors_group.actors["Aino Actor"], "studies", date(2025, 5, 2))
    few = _queries(app, coordinator, url)
    actors, _mentors = put_pairs_in_group(
        app, world.a.tenant_id, actors_group.group_id, [(f"Extra{n} Actor", "fi") for n in range(8)]
    )
    for person_id in actors.values():
        _add(coordinator, url, person_id, "other", date(2025, 5, 2), "Volunteering")
        _add(coordinator, url, person_id, "none", date(2025, 4, 2))
    assert _queries(app, coordinator, url) == few
