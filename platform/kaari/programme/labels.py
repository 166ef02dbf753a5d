"""What the programme's vocabularies are called on pages and in reports (meeting kinds,
outcome kinds, survey roles): the labels other domains show, kept apart from the forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l


def meeting_names() -> dict[str, str]:
    return {
        "kickoff": _l("Kick-off meeting"),
        "midpoint": _l("Mid-point meeting"),
        "final": _l("Final meeting"),
        "extra_kickoff": _l("Separate kick-off"),
        "training": _l("Training evening"),
        "social": _l("Social event"),
    }


def kind_names() -> dict[str, str]:
    """Outcome categories as staff and reports name them (with "not known")."""
    return {
        "employed_own_field": _l("Employed in own field"),
        "employed_other_field": _l("Employed in another field"),
        "internship_own_field": _l("Internship in own field"),
        "studies": _l("Study place, continued studies or research grant"),
        "other": _l("Other"),
        "none": _l("None"),
        "not_known": _l("Not known"),
    }


def role_names() -> dict[str, str]:
    return {"actor": _l("Actors"), "mentor": _l("Mentors")}
