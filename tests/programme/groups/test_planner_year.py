"""The planner keeps group meetings off Finnish public holidays, Christmas week, July
and the organisation's own blackout dates, and says which date it moved and why."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.finnish_year import parse_blackouts
from kaari.programme.groups.models import Group, Meeting
from kaari.tenancy.models import Tenant
from tests.tenancy.test_settings_page import URL as SETTINGS
from tests.tenancy.test_settings_page import VALID

HELSINKI = ZoneInfo("Europe/Helsinki")


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def _plan(app, world, client, start: str, lang: str, name: str = "HKI2") -> tuple[str, list]:
    """Create a group starting on `start`, plan it in `lang`: the page told, the dates."""
    created = client.submit("/alpha/staff/groups/", {"name": name, "planned_start": start})
    url = created.headers["Location"]
    page = client.submit(f"{url}/plan?lang={lang}", form_url=url, follow_redirects=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        group_id = db.session.scalar(select(Group.id).where(Group.name == name))
        starts = db.session.scalars(
            select(Meeting.starts_at)
            .where(Meeting.group_id == group_id)
            .order_by(Meeting.starts_at)
        )
        days = [moment.astimezone(HELSINKI).date() for moment in starts]
    return page.get_data(as_text=True), days


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Kick-off meeting moved from 6 Dec 2027: Independence Day."),
        ("fi", "6.12.2027: Itsenäisyyspäivä"),
    ],
)
def test_a_public_holiday_moves_the_kick_off(app, world, coordinator, lang, told):
    page, days = _plan(app, world, coordinator, "2027-12-06", lang)  # a Monday
    assert told in page
    assert days[0] == date(2027, 12, 7)


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Kick-off meeting moved from 27 Dec 2027: Christmas holidays."),
        ("fi", "27.12.2027"),
    ],
)
def test_christmas_week_to_epiphany_is_skipped(app, world, coordinator, lang, told):
    page, days = _plan(app, world, coordinator, "2027-12-27", lang)
    assert told in page
    assert days[0] == date(2028, 1, 10)  # the first Monday to Thursday after 6.1.


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Mid-point meeting moved from 19 Jul 2027: July, the summer holidays."),
        ("fi", "19.7.2027"),
    ],
)
def test_july_moves_the_mid_point_to_august(app, world, coordinator, lang, told):
    page, days = _plan(app, world, coordinator, "2027-03-01", lang)
    assert told in page
    assert days[0] == date(2027, 3, 1) and days[1] == date(2027, 8, 2)  # both Mondays


@pytest.mark.parametrize(
    ("lang", "told"),
    [
        ("en", "Kick-off meeting moved from 15 Apr 2027: a blackout date of the organisation."),
        ("fi", "15.4.2027"),
    ],
)
def test_the_organisations_blackout_dates_are_kept_free(app, world, coordinator, lang, told):
    assert coordinator.submit(SETTINGS, VALID).status_code == 302  # 15.4.-20.4.2027 among them
    page = coordinator.get(SETTINGS).get_data(as_text=True)
    assert f'value="{VALID["blackout_dates"]}"' in page
    page, days = _plan(app, world, coordinator, "2027-04-15", lang)  # a Thursday
    assert told in page
    assert days[0] == date(2027, 4, 21)
    assert "moved from" not in page.split(told)[1]  # the other meetings kept their dates


def test_a_plan_without_closed_days_says_nothing_of_moves(app, world, coordinator):
    page, days = _plan(app, world, coordinator, "2027-02-08", "en")
    assert "moved from" not in page and days[0] == date(2027, 2, 8)


@pytest.mark.parametrize("typed", ["1.3.2027, soon", "31.2.2027", "20.4.-15.4.2027", "1.3."])
def test_bad_blackout_dates_are_explained_keeping_the_input(app, world, coordinator, typed):
    response = coordinator.submit(SETTINGS + "?lang=en", {**VALID, "blackout_dates": typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Write dates as day.month.year separated by commas" in page
    assert f'value="{typed}"' in page


def test_blackout_ranges_may_leave_out_the_year_of_their_start():
    assert parse_blackouts("28.12.\u20133.1.2028, 1.3.2027") == [
        (date(2027, 12, 28), date(2028, 1, 3)),
        (date(2027, 3, 1), date(2027, 3, 1)),
    ]
    assert parse_blackouts(" ") == []


def test_blackout_dates_may_be_cleared(app, world, coordinator):
    coordinator.submit(SETTINGS, VALID)
    assert coordinator.submit(SETTINGS, {**VALID, "blackout_dates": ""}).status_code == 302
    with app.app_context():
        assert "blackout_dates" not in (db.session.get(Tenant, world.a.tenant_id).settings or {})
