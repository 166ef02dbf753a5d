"""Staff forms for the material pack: which sections, in which order, and a
section's own text per language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from kaari.core.i18n import LANGUAGE_NAMES
from kaari.materials.sections import SectionSetting, heading

MAX_TEXT = 20_000


def layout_form(settings: list[SectionSetting], language: str, formdata=None) -> FlaskForm:
    """One check box and one position per section, named after the section's key."""

    class LayoutForm(FlaskForm):
        pass

    for setting in settings:
        name = heading(setting.key, language)
        setattr(
            LayoutForm,
            f"enabled_{setting.key}",
            BooleanField(_l("%(section)s is in the pack", section=name), default=setting.enabled),
        )
        setattr(
            LayoutForm,
            f"position_{setting.key}",
            IntegerField(
                _l("Place of %(section)s", section=name),
                default=setting.position,
                validators=[
                    InputRequired(_l("Give the place as a number.")),
                    NumberRange(1, 99, _l("Give a place from 1 to 99.")),
                ],
            ),
        )
    return LayoutForm(formdata=formdata) if formdata is not None else LayoutForm()


def text_form(languages: list[str], texts: dict[str, str], formdata=None) -> FlaskForm:
    """A Markdown text area per language of the tenant."""

    class TextForm(FlaskForm):
        pass

    too_long = lazy_ngettext(
        "The text can be at most %(num)d character long.",
        "The text can be at most %(num)d characters long.",
        MAX_TEXT,
    )
    for code in languages:
        setattr(
            TextForm,
            f"text_{code}",
            TextAreaField(
                _l("Text in %(language)s (Markdown)", language=LANGUAGE_NAMES[code]),
                default=texts.get(code, ""),
                validators=[Length(max=MAX_TEXT, message=too_long)],
                render_kw={"rows": 14},
            ),
        )
    return TextForm(formdata=formdata) if formdata is not None else TextForm()


class GroupPackForm(FlaskForm):
    """The language of a group's file of every pair's pack (choices: the tenant's)."""

    language = SelectField(_l("Language"))
