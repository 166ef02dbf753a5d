"""Dates, times, numbers and phone numbers as a reader in Finland writes them.

One layer for every screen, mail and PDF: Finnish and Swedish through Finland's
locales (fi_FI, sv_FI: "6.12.2026 klo 17.30", "6.12.2026 kl. 17.30", "0,81", "13 %"),
English through British English with the month written out ("6 Dec 2026, 17:30"),
so no date is ambiguous and none is ISO. The language is Flask-Babel's current one
(the request's, or the one `force_locale` sets for a mail or a PDF).

The Jinja filters keep Flask-Babel's names (`dateformat`, `datetimeformat`,
`timeformat`) and replace its functions, so every template already goes through here.
"""

from __future__ import annotations

from datetime import date, datetime

import phonenumbers
from babel import Locale
from babel.dates import format_date, format_interval, format_skeleton, format_time
from babel.numbers import format_decimal, format_percent
from flask import Flask
from flask_babel import to_user_timezone

from kaari.core.i18n import rendering_language

# The locale that formats each interface language.
FORMAT_LOCALES = {"fi": "fi_FI", "sv": "sv_FI", "en": "en_GB"}
# The day as numbers where that is how the language writes it, else with the month's name.
DAY_SKELETONS = {"fi": "yMd", "sv": "yMd", "en": "yMMMd"}
# Between a day and its time: "6.12.2026 klo 17.30".
TIME_JOINERS = {"fi": " klo ", "sv": " kl. ", "en": ", "}
HOME_REGION = "FI"


def _language() -> str:
    language = rendering_language()
    return language if language in FORMAT_LOCALES else "en"


def _locale() -> Locale:
    return Locale.parse(FORMAT_LOCALES[_language()])


def _local(value: date | datetime) -> date | datetime:
    """A datetime in the reader's time zone (stored times are UTC); a date as it is."""
    return to_user_timezone(value) if isinstance(value, datetime) else value


def day(value: date | datetime | None, style: str = "short") -> str:
    """The day: "short" and "medium" as the language writes a day in running text
    (6.12.2026 / 6 Dec 2026), "long" and "full" with the month's name."""
    if value is None:
        return ""
    local = _local(value)
    if style in ("long", "full"):
        return format_date(local, style, locale=_locale())
    return format_skeleton(DAY_SKELETONS[_language()], local, locale=_locale())


def clock(value: datetime | None) -> str:
    """The time of day: 17.30 (fi, sv) or 17:30 (en)."""
    if value is None:
        return ""
    return format_time(_local(value), "short", locale=_locale())


def moment(value: datetime | None, style: str = "short") -> str:
    """A day and its time: "6.12.2026 klo 17.30", "6.12.2026 kl. 17.30", "6 Dec 2026, 17:30"."""
    if value is None:
        return ""
    return f"{day(value, style)}{TIME_JOINERS[_language()]}{clock(value)}"


def month(value: date | datetime) -> str:
    """A month of a year: "joulukuu 2026", "december 2026", "December 2026"."""
    return format_skeleton("yMMMM", _local(value), locale=_locale())


def date_range(first: date, last: date) -> str:
    """Days from `first` to `last`, both included, as a coordinator writes a period."""
    return format_interval(first, last, DAY_SKELETONS[_language()], locale=_locale())


def parse_day(text: str) -> date:
    """A day as people type it: 1.1.2026 or 01.01.2026 (the ISO 2026-01-01 too).
    Raises ValueError for anything else."""
    text = text.strip()
    if "." not in text:
        return date.fromisoformat(text)
    day_, month_, year = (int(part) for part in text.rstrip(".").split("."))
    if year < 100:
        raise ValueError("give the year with four digits")
    return date(year, month_, day_)


def number(value: float | int | None, digits: int = 2) -> str:
    """A decimal with a fixed number of digits: 0,81 in fi and sv."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * digits if digits else "#,##0"
    return format_decimal(value, pattern, locale=_locale())


def percent(share: float | None, digits: int = 0) -> str:
    """A share of one as a percentage: 0.13 is "13 %" in fi and sv."""
    if share is None:
        return ""
    locale = _locale()
    pattern = locale.percent_formats[None].pattern  # "#,##0 %" in fi and sv
    if digits:
        pattern = pattern.replace("0", "0." + "0" * digits, 1)
    return format_percent(share, pattern, locale=locale)


def phone(value: str | None) -> str:
    """A stored E.164 number as people write it: a Finnish one in the national
    format (040 708 9940), others in the international one (+46 70 123 45 67)."""
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, HOME_REGION)
    except phonenumbers.NumberParseException:
        return value
    if not phonenumbers.is_valid_number(parsed):
        return value
    if phonenumbers.region_code_for_number(parsed) == HOME_REGION:
        return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def init_app(app: Flask) -> None:
    app.jinja_env.filters.update(
        dateformat=day,
        datetimeformat=moment,
        timeformat=clock,
        month=month,
        number=number,
        percent=percent,
        phone=phone,
    )
    app.jinja_env.globals.update(date_range=date_range)
