"""The tenant settings of accounts: whether staff must use two-factor sign-in."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.tenancy.settings import CONTROLLER_PAGE, Setting, SettingsProxy

accounts_settings = SettingsProxy(
    "accounts",
    Setting(
        "require_two_factor",
        False,
        page=CONTROLLER_PAGE,
        label=_l("Admins and coordinators must use two-factor sign-in"),
        help=_l("They are asked to set it up before they can use the staff pages."),
    ),
)
