"""Dates, times and numbers read as people in Finland write them, in every language."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from flask_babel import force_locale

from kaari.core import formats
from kaari.core.config import PROJECT_ROOT

EVENING = datetime(2026, 12, 6, 15, 30, tzinfo=UTC)  # 17.30 in Helsinki
EARLY = datetime(2026, 12, 6, 2, 59, tzinfo=UTC)  # 4.59 in Helsinki


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fi", ("6.12.2026", "6.12.2026 klo 17.30", "6. joulukuuta 2026", "joulukuu 2026")),
        ("sv", ("6.12.2026", "6.12.2026 kl. 17.30", "6 december 2026", "december 2026")),
        ("en", ("6 Dec 2026", "6 Dec 2026, 17:30", "6 December 2026", "December 2026")),
    ],
)
def test_days_and_times_in_finlands_formats(app, language, expected):
    with app.test_request_context(), force_locale(language):
        shown = (
            formats.day(EVENING),
            formats.moment(EVENING),
            formats.day(EVENING, "long"),
            formats.month(EVENING),
        )
    assert shown == expected


def test_swedish_is_finlands_swedish_not_swedens(app):
    with app.test_request_context(), force_locale("sv"):
        assert formats.moment(EARLY) == "6.12.2026 kl. 4.59"
        assert formats.day(date(2026, 10, 31), "medium") == "31.10.2026"


@pytest.mark.parametrize(
    ("language", "period", "score", "share"),
    [
        ("fi", "1.1.\u201331.12.2026", "0,81", "13\xa0%"),
        ("sv", "1.1\u201331.12.2026", "0,81", "13\xa0%"),
        ("en", "1 Jan\u2009\u2013\u200931 Dec 2026", "0.81", "13%"),
    ],
)
def test_periods_decimals_and_percentages(app, language, period, score, share):
    with app.test_request_context(), force_locale(language):
        assert formats.date_range(date(2026, 1, 1), date(2026, 12, 31)) == period
        assert formats.number(0.8123) == score
        assert formats.percent(0.13) == share


def test_phone_numbers_national_at_home_international_abroad(app):
    assert formats.phone("+358407089940") == "040 7089940"
    assert formats.phone("+46701234567") == "+46 70 123 45 67"
    assert formats.phone("040 123") == "040 123"  # not a number: shown as typed
    assert formats.phone("") == ""


@pytest.mark.parametrize("typed", ["1.3.2025", "01.03.2025", "1.3.2025.", "2025-03-01"])
def test_days_are_read_as_typed(typed):
    assert formats.parse_day(typed) == date(2025, 3, 1)


@pytest.mark.parametrize("typed", ["2025-13-01", "1.3.25", "tomorrow", "31.2.2025"])
def test_other_days_are_refused(typed):
    with pytest.raises(ValueError):
        formats.parse_day(typed)


def test_templates_format_through_the_one_layer():
    """strftime and "%.2f" give ISO-like dates and decimal points in every language."""
    offending = re.compile(r"strftime\(|\"%[-+0-9]*\.\d+f\"\s*\|\s*format|isoformat\(\)\s*}}")
    found = [
        f"{path.relative_to(PROJECT_ROOT)}:{number}"
        for path in sorted((PROJECT_ROOT / "templates").rglob("*.*"))
        if path.suffix in (".html", ".txt")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if offending.search(line)
    ]
    assert found == []


def test_the_staff_pages_show_times_in_the_readers_format(world, client):
    """The group's kick-off (16.00 UTC, 18.00 in Helsinki) on the groups list and the
    group page: Swedish in Finland's format, not Sweden's, and no ISO date anywhere."""
    client.login(world.a.coordinator.email, tenant="alpha")
    for url in ("/alpha/staff/groups/?lang=sv", f"/alpha/staff/groups/{world.a.group_id}?lang=sv"):
        page = client.get(url).get_data(as_text=True)
        assert "2.3.2027 kl. 18.00" in page
        assert "2027-03-02" not in page and "18:00" not in page
