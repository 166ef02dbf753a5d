"""The tenant settings of matching: reminders of the joint invitation, and whether
waiting actors rank a shortlist of mentors (a matching criterion)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.tenancy.settings import PROGRAMME_PAGE, Setting, SettingsProxy

matching_settings = SettingsProxy(
    "matching",
    Setting(
        "invitation_reminder_days",
        5,
        bounds=(1, 60),
        page=PROGRAMME_PAGE,
        label=_l("Days before the silent get a reminder of the joint invitation"),
    ),
    Setting(
        "actor_preferences",
        False,
        page=PROGRAMME_PAGE,
        label=_l("Actors rank a shortlist of mentors"),
    ),
)
