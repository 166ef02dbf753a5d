"""The tenant settings of intake: the wait for a pair that applicants are told, and when
someone who has not finished the registration form is reminded."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.tenancy.settings import PROGRAMME_PAGE, Setting, SettingsProxy

intake_settings = SettingsProxy(
    "intake",
    Setting(
        "expected_wait_months",
        3,
        bounds=(0, 36),
        page=PROGRAMME_PAGE,
        label=_l("Expected wait for a pair, in months"),
        help=_l("Applicants are told this."),
    ),
    Setting(
        "registration_reminder_days",
        14,
        bounds=(3, 90),
        page=PROGRAMME_PAGE,
        label=_l("Days before an unfinished registration is reminded of"),
        help=_l("People who have not sent the registration form get one friendly reminder."),
    ),
)
