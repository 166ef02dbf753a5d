"""Platform settings: defaults declared in code, overrides stored in `platform_settings`.

Read through `platform_setting(key)`; the platform admin edits them at
/platform/settings.
"""

from __future__ import annotations

from typing import Any

from kaari.core import db
from kaari.platform_admin.models import PlatformSetting
from kaari.reporting.disclosure import DEFAULT_THRESHOLD, check_threshold

DEFAULTS: dict[str, Any] = {
    # National tables hide counts of 1 to threshold - 1 people (never below 3).
    "disclosure_threshold": DEFAULT_THRESHOLD,
}
CHECKS = {"disclosure_threshold": check_threshold}


def platform_setting(key: str) -> Any:
    if key not in DEFAULTS:
        raise KeyError(f"unknown platform setting {key!r}")
    row = db.session.get(PlatformSetting, key)
    return DEFAULTS[key] if row is None else row.value


def set_platform_setting(key: str, value: Any) -> None:
    """Store a value after its check (a ValueError for a value out of bounds)."""
    if key not in DEFAULTS:
        raise KeyError(f"unknown platform setting {key!r}")
    CHECKS[key](value)
    row = db.session.get(PlatformSetting, key)
    if row is None:
        db.session.add(PlatformSetting(key=key, value=value))
    else:
        row.value = value
    db.session.flush()
