"""The tenant settings of intake: the wait for a pair that applicants are told."""

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
)
