"""Tenant settings: defaults declared in code, overrides stored per tenant.

Later domains add their keys to DEFAULTS; a bundle or the staff UI stores only
what differs from the default.
"""

from __future__ import annotations

from typing import Any

DEFAULTS: dict[str, Any] = {
    # How many days a registration may age before the coordinator re-confirms interest.
    "reconfirm_after_days": 90,
    # Months of the mentoring arc, used for planning texts.
    "arc_months": 9,
    # What applicants are told about the wait for a pair, in months.
    "expected_wait_months": 3,
    # The version of the privacy notice that consents are given to; raise it when the notice changes.
    "privacy_notice_version": 1,
    # Days after a joint invitation before those who have not answered are reminded.
    "invitation_reminder_days": 5,
    # Whether waiting actors may rank a shortlist of mentors (a matching criterion).
    "actor_preferences": False,
    # The organisation's time zone: meeting times are entered and shown in it.
    "timezone": "Europe/Helsinki",
    # Days a participant's emailed portal link stays valid (a new one can be asked for).
    "portal_link_days": 30,
    # Weeks without a logged pair meeting before the pair is nudged (0: never);
    # coordinators hear of pairs quiet for twice as long.
    "nudge_after_weeks": 4,
    # Months after a group closed when its actors are asked about their situation; [] is off.
    "follow_up_months": [3, 6, 12],
    # Days after a feedback survey opens before the silent who were mailed a link are reminded.
    "survey_reminder_days": 7,
    # Blank diary pages at the end of the material pack, one per pair meeting.
    "pack_diary_pages": 8,
    # Months personal data is kept after the person's arc ended (completed), after the
    # person left it (withdrew, dropped out, outside the target group, not reachable),
    # and after a contact that never led to a registration; then it is erased.
    "retention_after_arc_months": 24,
    "retention_after_exit_months": 12,
    "retention_unanswered_months": 6,
    # Whether admins and coordinators must use TOTP two-factor sign-in for staff pages.
    "require_two_factor": False,
    # Who answers data protection questions (a data protection officer, if there is one),
    # as the default privacy notice names them; empty: the organisation's contact.
    "data_protection_contact": "",
}


# The controller's decisions rather than the programme's: who must use two-factor
# sign-in, how long a mailed link opens a person's portal, and how long personal data
# is kept. Only an admin changes them, after giving the password again, and each change
# is audited with its old and new value (docs/SECURITY.md, "Who may change security
# and retention settings").
CONTROLLER_KEYS = (
    "require_two_factor",
    "portal_link_days",
    "retention_after_arc_months",
    "retention_after_exit_months",
    "retention_unanswered_months",
)


def setting(tenant, key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(f"unknown tenant setting {key!r}")
    return (tenant.settings or {}).get(key, DEFAULTS[key])


def validate_settings(values: dict[str, Any]) -> list[str]:
    """Return one message per unknown key or value of the wrong type."""
    errors = []
    for key, value in values.items():
        if key not in DEFAULTS:
            errors.append(f"settings.{key}: unknown setting")
        elif type(value) is not type(DEFAULTS[key]):
            expected = type(DEFAULTS[key]).__name__
            errors.append(f"settings.{key}: expected {expected}, got {type(value).__name__}")
        elif key == "follow_up_months" and not all(
            type(months) is int and months > 0 for months in value
        ):
            errors.append(f"settings.{key}: expected whole months above 0, e.g. [3, 6, 12]")
    return errors


def change_setting(tenant, key: str, value: Any) -> None:
    """Store one setting of the tenant (checked like a bundle's); a default is dropped."""
    errors = validate_settings({key: value})
    if errors:
        raise ValueError(errors[0])
    values = {k: v for k, v in (tenant.settings or {}).items() if k != key}
    if value != DEFAULTS[key]:
        values[key] = value
    tenant.settings = values
