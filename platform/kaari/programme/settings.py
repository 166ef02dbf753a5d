"""The tenant settings of the programme: the arc's length, nudges to quiet pairs,
survey reminders and the follow-up questions after the arc."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.programme.groups.finnish_year import valid_blackouts
from kaari.tenancy.settings import PROGRAMME_PAGE, Setting, SettingsProxy

programme_settings = SettingsProxy(
    "programme",
    Setting(
        "arc_months",
        9,
        bounds=(6, 12),
        page=PROGRAMME_PAGE,
        label=_l("Months of the mentoring arc"),
        help=_l("Used for planning the group meetings."),
    ),
    # Days the planner keeps group meetings away from, besides the Finnish holidays,
    # Christmas week and July: the text as typed (finnish_year.parse_blackouts).
    Setting(
        "blackout_dates",
        "",
        check=valid_blackouts,
        page=PROGRAMME_PAGE,
        label=_l("Blackout dates for group meetings"),
        help=_l(
            "Dates or ranges the planner avoids besides public holidays, Christmas week "
            "and July, e.g. 1.3.2027, 15.4.-20.4.2027."
        ),
        invalid=_l(
            "Write dates as day.month.year separated by commas, and ranges with a dash, "
            "e.g. 1.3.2027, 15.4.-20.4.2027."
        ),
    ),
    # Weeks without a logged pair meeting before the pair is nudged (0: never);
    # coordinators hear of pairs quiet for twice as long.
    Setting(
        "nudge_after_weeks",
        4,
        bounds=(0, 26),
        page=PROGRAMME_PAGE,
        label=_l("Weeks without a pair meeting before a pair is reminded"),
        help=_l("0 switches the reminders off; coordinators hear of pairs quiet twice as long."),
    ),
    Setting(
        "survey_reminder_days",
        7,
        bounds=(1, 60),
        page=PROGRAMME_PAGE,
        label=_l("Days before the silent get a reminder of the feedback survey"),
    ),
    # Months after a group closed when its actors are asked about their situation.
    Setting(
        "follow_up_months",
        [3, 6, 12],
        bounds=(1, 60),
        page=PROGRAMME_PAGE,
        label=_l("Follow-up questions after the arc, in months"),
        help=_l("Months after the group closed, e.g. 3, 6, 12; leave empty for none."),
        invalid=_l("Each follow-up must be 1 to 60 months after the group closed."),
    ),
)
