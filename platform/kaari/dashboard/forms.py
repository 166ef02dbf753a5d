"""The organisation's own texts, one field per text and language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import Length, Optional

from kaari.i18n import LANGUAGE_NAMES
from kaari.tenancy.services import MAX_TEXT, TEXT_KEYS


def text_titles() -> dict[str, tuple[str, str]]:
    """Each text's title and where it is shown."""
    return {
        "tagline": (_l("Tagline"), _l("One sentence under the name on the front page.")),
        "about": (_l("About the network"), _l("Who the network is for and how it works.")),
        "how_to_join": (
            _l("How to join"),
            _l("Shown on the front page; an empty line starts a new paragraph."),
        ),
        "privacy_notice": (
            _l("Privacy notice"),
            _l("Every change gets a new version number; new consents refer to it."),
        ),
        "other_services": (
            _l("Other services"),
            _l("Sent to people outside the target group, with the reason."),
        ),
        "pair_invitation": (
            _l("Joint invitation to a new pair"),
            _l(
                "A paragraph in the message that introduces the two members of a new pair to each other."
            ),
        ),
    }


class TextsFormBase(FlaskForm):
    def texts(self) -> dict[str, dict[str, str]]:
        """key → language → text, as typed."""
        found: dict[str, dict[str, str]] = {}
        for name, field in self._fields.items():
            key, _, language = name.rpartition("__")
            if key in TEXT_KEYS:
                found.setdefault(key, {})[language] = field.data or ""
        return found


def texts_form(languages: list[str]) -> type[TextsFormBase]:
    """A form class with a field for each text in each of the tenant's languages."""

    class TextsForm(TextsFormBase):
        pass

    for key in TEXT_KEYS:
        for language in languages:
            setattr(
                TextsForm,
                f"{key}__{language}",
                TextAreaField(
                    LANGUAGE_NAMES[language],
                    validators=[Optional(), Length(max=MAX_TEXT)],
                    render_kw={"rows": 6 if key in ("privacy_notice", "about") else 3},
                ),
            )
    return TextsForm
