"""Staff pages for a group's outcomes, and the actors' own follow-up answers."""

from __future__ import annotations

from datetime import date, datetime

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import can, permission_required
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.participants import services as register
from kaari.programme.groups import access as group_access
from kaari.programme.labels import kind_names
from kaari.programme.outcomes import follow_up_questions
from kaari.programme.outcomes import services as outcomes
from kaari.programme.outcomes.forms import OutcomeForm, answer_names, source_names
from kaari.programme.outcomes.models import OUTCOME_KINDS
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("outcomes", __name__, "/staff/groups")
public = tenant_blueprint("outcomes_public", __name__)


def _today() -> date:
    return datetime.now(g.tenant.zone).date()


@bp.route("/<id:group_id>/outcomes", methods=["GET", "POST"])
@permission_required("lead_groups")  # group leaders read, managers change
def group_outcomes(group_id: int):
    group = group_access.group_or_404(group_id)
    if request.method == "POST" and not can("manage_groups"):
        abort(403)
    actors = outcomes.actors_with_outcomes(group)
    form = OutcomeForm()
    form.person.choices = as_choices((row.person.id, row.person.name) for row in actors)
    form.kind.choices = as_choices((kind, kind_names()[kind]) for kind in OUTCOME_KINDS)
    if form.validate_on_submit():
        try:
            outcomes.record_outcome(
                group,
                person_id=form.person.data,
                kind=form.kind.data,
                happened_on=form.happened_on.data,
                other_text=form.other_text.data or "",
                today=_today(),
                staff_id=current_user.id,
                ip=client_ip(),
            )
        except outcomes.OutcomeError as error:
            show(error, form)
        else:
            db.session.commit()
            flash(_("The outcome has been saved."), "info")
            return redirect(url_for("outcomes.group_outcomes", group_id=group.id))
    return render_template(
        "programme/outcomes.html",
        group=group,
        actors=actors,
        form=form,
        summary=outcomes.group_outcomes(group),
        categories=outcomes.CATEGORIES,
        kinds=OUTCOME_KINDS,
        kind_names=kind_names(),
        source_names=source_names(),
        can_manage=can("manage_groups"),
    ), 400 if form.errors else 200


@bp.route("/<id:group_id>/outcomes/<id:outcome_id>/remove", methods=["POST"])
@permission_required("manage_groups")
def remove_outcome(group_id: int, outcome_id: int):
    group = group_access.group_or_404(group_id)
    outcome = outcomes.get_outcome(group, outcome_id) or abort(404)
    outcomes.remove_outcome(outcome, staff_id=current_user.id, ip=client_ip())
    db.session.commit()
    flash(_("The outcome has been removed."), "info")
    return redirect(url_for("outcomes.group_outcomes", group_id=group.id))


@public.route("/follow-up/<token>", methods=["GET", "POST"])
def follow_up(token: str):
    """An actor's answer to the follow-up question (a GET alone changes nothing: mail
    scanners open links)."""
    question = follow_up_questions.follow_up_for_token(token, tenant_id=g.tenant.id)
    if question is None:
        return render_template(
            "programme/follow_up_invalid.html", days=follow_up_questions.LINK_LIFETIME.days
        ), 404
    person = register.get_person(question.person_id)
    error = None
    if request.method == "POST":
        try:
            follow_up_questions.answer(
                question,
                request.form.get("kind", ""),
                request.form.get("other_text", ""),
                today=_today(),
                ip=client_ip(),
            )
        except outcomes.OutcomeError:
            error = _("Choose one of the answers.")
        else:
            db.session.commit()
            return render_template("programme/follow_up_thanks.html", person=person)
    return render_template(
        "programme/follow_up.html",
        person=person,
        question=question,
        answered=follow_up_questions.answered_kind(question),
        answers=answer_names(),
        other_text=request.form.get("other_text", ""),
        error=error,
    ), 400 if error else 200
