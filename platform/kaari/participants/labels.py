"""What the register's self-assessed Finnish levels are called on pages, exports and
reports (roles and statuses carry their labels in their enums, participants.models)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def language_level_labels() -> dict[str, str]:
    """Self-assessed Finnish, as the registration form asks it."""
    return {
        "a1": _l("Beginner (A1)"),
        "a2": _l("Basic (A2)"),
        "b1": _l("Intermediate (B1)"),
        "b2": _l("Good (B2)"),
        "c1": _l("Very good (C1 or C2)"),
        "native": _l("Native speaker"),
    }
