"""The Finnish year the planner keeps away from: public holidays (the `holidays`
package), Christmas week to Epiphany (24.12.-6.1.), July, and the tenant's own
blackout dates (setting `blackout_dates`, typed as "1.3.2027, 15.4.-20.4.2027")."""

from __future__ import annotations

import re
from datetime import date

import holidays
from flask_babel import gettext as _

# The reader's language as the holidays package names its translations.
HOLIDAY_LANGUAGES = {"fi": "fi", "sv": "sv_FI", "en": "en_US"}
_DAY = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})?$")
_DASHES = re.compile(r"\s*[-\u2013\u2014]\s*")


def _parts(text: str) -> tuple[int, int, int | None]:
    """Day, month and year (if typed) of "d.M.yyyy" or "d.M.": ValueError otherwise."""
    found = _DAY.match(text.strip())
    if found is None:
        raise ValueError(text)
    return int(found[1]), int(found[2]), int(found[3]) if found[3] else None


def _day(text: str) -> date:
    day, month, year = _parts(text)
    if year is None:
        raise ValueError(text)
    return date(year, month, day)


def _range(part: str) -> tuple[date, date]:
    """One "1.3.2027" or "15.4.-20.4.2027"; a range's start without a year takes its
    end's year, or the year before if its month comes later (28.12.-3.1.2028)."""
    first, *rest = _DASHES.split(part)
    if not rest:
        return _day(first), _day(first)
    if len(rest) > 1:
        raise ValueError(part)
    last = _day(rest[0])
    day, month, year = _parts(first)
    start = date(year or last.year, month, day)
    if year is None and month > last.month:  # across New Year
        start = date(last.year - 1, month, day)
    if start > last:
        raise ValueError(part)
    return start, last


def parse_blackouts(text: str) -> list[tuple[date, date]]:
    """The (first, last) days of "1.3.2027, 15.4.-20.4.2027"; ValueError if a part is
    not a date or a range."""
    return [_range(part) for part in filter(None, (p.strip() for p in text.split(",")))]


def valid_blackouts(text: str) -> bool:
    try:
        parse_blackouts(text)
    except ValueError:
        return False
    return True


class FinnishYear:
    """Why a day is no day for a group meeting, in `language` (or None)."""

    def __init__(self, blackouts: list[tuple[date, date]] | None = None, language="en") -> None:
        self.blackouts = blackouts or []
        self.holidays = holidays.country_holidays(
            "FI", language=HOLIDAY_LANGUAGES.get(language, "en_US")
        )

    def closed(self, day: date) -> str | None:
        if (name := self.holidays.get(day)) is not None:
            return name
        if (day.month, day.day) >= (12, 24) or (day.month, day.day) <= (1, 6):
            return _("Christmas holidays")
        if day.month == 7:
            return _("July, the summer holidays")
        if any(first <= day <= last for first, last in self.blackouts):
            return _("a blackout date of the organisation")
        return None
