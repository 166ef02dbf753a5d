"""Choices go to WTForms as SelectChoice objects, rendered as the tuples were."""

import warnings

from wtforms import Form, RadioField, SelectField, SelectMultipleField

from kaari.core.choices import as_choices, labels_of

PAIRS = [("", "Choose"), ("fi", "suomi"), (3, "three")]


def _rendered(field_class, choices) -> str:
    class OneField(Form):
        field = field_class("Field", choices=choices, coerce=str)

    return str(OneField(data={"field": "fi"}).field())


def test_options_render_as_the_tuples_did():
    for field_class in (SelectField, RadioField, SelectMultipleField):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            old = _rendered(field_class, PAIRS)
        assert _rendered(field_class, as_choices(PAIRS)) == old


def test_options_do_not_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _rendered(SelectField, as_choices(PAIRS))


def test_labels_read_choices_back_by_value():
    assert labels_of(as_choices(PAIRS)) == {"": "Choose", "fi": "suomi", 3: "three"}
