"""One error type for what the user can put right, with its translated message.

A domain raises its subclass with a code; the subclass keeps, in one place, the
message of each code (lazy, so it is translated into the language of the request
that shows it) and the form field each code is about:

    class LogoError(UserError):
        MESSAGES = {"too_large": _l("The file is larger than 1.5 MB.")}
        FIELDS = {"too_large": "logo"}

    raise LogoError("too_large")

A message with placeholders takes their values as keywords,
`ProgrammeError("name_differs", name=person.name)`.

A view shows any of them the same way, `show(error, form)`: beside its field when the
form has it, else as a flash. No view keeps a table of error texts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from flask import flash
from flask_babel.speaklater import LazyString


class UserError(ValueError):
    MESSAGES: ClassVar[Mapping[str, Any]] = {}
    FIELDS: ClassVar[Mapping[str, str]] = {}

    def __init__(self, code: str, message: Any = None, *, field: str | None = None, **params: Any):
        """`params` fill the message's placeholders (`%(name)s`) when it is shown."""
        super().__init__(code)
        self.code = code
        template = self.MESSAGES[code] if message is None else message
        self.message = LazyString(lambda: str(template) % params) if params else template
        self.field = self.FIELDS.get(code) if field is None else field


def show(error: UserError, form: Any = None) -> None:
    """The error's message beside its field when `form` has that field, else flashed."""
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is not None:
        field.errors.append(str(error.message))
    else:
        flash(str(error.message), "error")
