"""Public intake pages: join, the privacy notice, and the personal registration form."""

from __future__ import annotations

import time

from flask import (
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer

from kaari import db
from kaari.extensions import limiter
from kaari.i18n import LANGUAGE_NAMES, select_language
from kaari.intake import forms, services
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip

bp = tenant_blueprint("intake", __name__)

MIN_FILL_SECONDS = 3


def _signer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="kaari-join-shown")


def _filled_too_fast(shown_at: str | None) -> bool:
    """People take a few seconds to fill the form; scripts do not."""
    try:
        started = float(_signer().loads(shown_at or ""))
    except (BadSignature, ValueError, TypeError):
        return True
    return time.time() - started < current_app.config.get("JOIN_MIN_SECONDS", MIN_FILL_SECONDS)


def _join_rate_limit() -> str:
    return current_app.config.get("JOIN_RATE_LIMIT", "5 per minute;30 per hour")


def _registration_link(raw_token: str, language: str) -> str:
    """The personal link, opening in the language the person chose."""
    path = url_for("intake.register", token=raw_token, lang=language)
    return current_app.config["BASE_URL"] + path


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_rate_limit, methods=["POST"])
def join():
    tenant = g.tenant
    form = forms.ContactForm()
    status = 200
    form.language.choices = [(code, LANGUAGE_NAMES[code]) for code in tenant.languages]
    if request.method == "GET":
        form.language.data = select_language()
        form.role.data = (
            request.args.get("role")
            if request.args.get("role") in ("actor", "mentor", "other")
            else None
        )
    if form.validate_on_submit():
        if form.website.data:  # the hidden field: only robots fill it
            return redirect(url_for("intake.thanks"))
        if _filled_too_fast(form.shown_at.data):
            flash(_("That was quick! Please check your answers and send the form again."), "error")
            status = 400
        else:
            services.contact(
                tenant,
                role=form.role.data,
                name=form.name.data,
                email=form.email.data,
                municipality=form.municipality.data,
                question=form.question.data or "",
                language=form.language.data,
                link_for=_registration_link,
                ip=client_ip(),
            )
            db.session.commit()
            return redirect(url_for("intake.thanks"))
    form.shown_at.data = _signer().dumps(str(time.time()))
    return render_template("intake/join.html", form=form), 400 if form.errors else status


@bp.route("/join/thanks")
def thanks():
    return render_template("intake/thanks.html")


@bp.route("/privacy")
def privacy():
    return render_template("intake/privacy.html")


@bp.route("/register/<token>", methods=["GET", "POST"])
def register(token: str):
    person = services.person_for_link(token)
    if person is None:
        return render_template("accounts/link_invalid.html"), 404
    if request.args.get("sent") and person.answers.get("_submitted"):
        return render_template("intake/registered.html", person=person)
    if not services.can_edit(person):
        return render_template("intake/registration_closed.html", person=person)
    form_class = forms.FORMS[person.role]
    form = form_class(data=person.answers) if request.method == "GET" else form_class()
    if request.method == "POST":
        # "Save" keeps a draft as typed; "Send" checks every answer first. (CSRF is
        # checked for every POST by CSRFProtect before this view runs.)
        submitting = "submit" in request.form
        if not submitting or form.validate():
            services.save_answers(person, form.answers(), submitted=submitting)
            db.session.commit()
            if submitting:
                return redirect(url_for("intake.register", token=token, sent=1))
            flash(_("Your answers are saved. You can continue later with the same link."), "info")
            return redirect(url_for("intake.register", token=token))
    return render_template("intake/register.html", form=form, person=person), (
        400 if form.errors else 200
    )
