"""What the staff home calls the sections of its to-do list (kaari.core.today)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def today_sections() -> dict[str, str]:
    return {
        "people": _l("People in the register"),
        "pairs": _l("Pairs"),
        "groups": _l("Groups and meetings"),
        "partner": _l("Your referrals"),
        "privacy": _l("Personal data"),
        "mail": _l("Mail"),
    }
