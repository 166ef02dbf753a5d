"""Error pages in the user's language; never a stack trace."""

from __future__ import annotations

import logging

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from kaari.core import db
from kaari.ops.logs import request_id

log = logging.getLogger(__name__)

MESSAGES = {
    400: (
        _l("Something in the request was not right"),
        _l("Please go back, check what you entered and try again."),
    ),
    403: (_l("No access"), _l("Your account does not have access to this page.")),
    404: (_l("Page not found"), _l("The page does not exist, or the link has expired.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("What you sent is too large. Please shorten it and try again.")),
    429: (_l("Too many attempts"), _l("Please wait a moment before trying again.")),
    500: (_l("Something went wrong"), _l("The error has been logged. Please try again later.")),
}
CSRF_MESSAGE = (
    _l("The form expired"),
    _l(
        "For your security the form must be sent from this site within your session. Nothing was saved: please reload the page and send the form again."
    ),
)


def render_error(code: int, title, message):
    page = render_template(
        "errors/error.html", code=code, title=title, message=message, request_id=request_id()
    )
    return page, code


def _http_error(error: HTTPException):
    code = error.code or 500
    title, message = MESSAGES.get(code, (error.name, error.description))
    return render_error(code, title, message)


def _csrf_error(_error: CSRFError):
    return render_error(400, *CSRF_MESSAGE)


def _unexpected_error(error: Exception):
    if isinstance(error, HTTPException):
        return _http_error(error)
    log.exception("unhandled error", exc_info=error)
    db.session.rollback()
    return render_error(500, *MESSAGES[500])


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _unexpected_error)
    app.register_error_handler(Exception, _unexpected_error)
