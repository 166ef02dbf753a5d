"""Extension objects, created here and bound in create_app()."""

from __future__ import annotations

from flask import current_app, request
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, current_user
from flask_wtf import CSRFProtect

babel = Babel()
csrf = CSRFProtect()
login_manager = LoginManager()


def _public_form_limit() -> str:
    return current_app.config["PUBLIC_FORM_RATE_LIMIT"]


def _not_a_public_form() -> bool:
    """The default limit guards the forms anyone may post; reading pages and the work
    of signed-in staff are not limited (sign-in and joining have limits of their own)."""
    return request.method != "POST" or current_user.is_authenticated


limiter = Limiter(
    key_func=get_remote_address,
    default_limits=[_public_form_limit],
    default_limits_exempt_when=_not_a_public_form,
)
