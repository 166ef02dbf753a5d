"""The tenant settings of the register: re-confirming old registrations, how long a
portal link works, and how long personal data is kept (participants.retention)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.tenancy.settings import CONTROLLER_PAGE, PROGRAMME_PAGE, Setting, SettingsProxy

participants_settings = SettingsProxy(
    "participants",
    Setting(
        "reconfirm_after_days",
        90,
        bounds=(7, 730),
        page=PROGRAMME_PAGE,
        label=_l("Days before an old registration is re-confirmed"),
    ),
    Setting(
        "portal_link_days",
        30,
        bounds=(1, 365),
        page=CONTROLLER_PAGE,
        label=_l("Days a portal link works"),
        help=_l("A participant can always ask for a new one."),
    ),
    # Months personal data is kept after the person's arc ended (completed), after the
    # person left it (withdrew, dropped out, outside the target group, not reachable),
    # and after a contact that never led to a registration; then it is erased.
    Setting(
        "retention_after_arc_months",
        24,
        bounds=(1, 120),
        page=CONTROLLER_PAGE,
        label=_l("Months personal data is kept after the person's arc ended"),
    ),
    Setting(
        "retention_after_exit_months",
        12,
        bounds=(1, 120),
        page=CONTROLLER_PAGE,
        label=_l("Months personal data is kept after the person left the programme"),
    ),
    Setting(
        "retention_unanswered_months",
        6,
        bounds=(1, 120),
        page=CONTROLLER_PAGE,
        label=_l("Months a contact who never registered is kept"),
        help=_l("After these times the person's data is erased automatically."),
    ),
)
