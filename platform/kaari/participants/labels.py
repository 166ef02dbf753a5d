"""What the register's vocabularies are called on pages, exports and reports (roles,
statuses, Finnish levels): the labels other domains show, kept with the register that
owns the values rather than in its forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def role_labels() -> dict[str, str]:
    return {"actor": _l("Actor"), "mentor": _l("Mentor"), "other": _l("Other contribution")}


def status_labels() -> dict[str, str]:
    return {
        "contacted": _l("Contacted"),
        "registration_sent": _l("Registration form sent"),
        "registered": _l("Registered"),
        "waiting": _l("Waiting for a pair"),
        "matched": _l("Matched"),
        "in_group": _l("In a group"),
        "completed": _l("Completed"),
        "withdrawn": _l("Withdrawn"),
        "dropped_out": _l("Dropped out"),
        "outside_target_group": _l("Outside the target group"),
        "not_reachable": _l("Not reachable"),
    }


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
