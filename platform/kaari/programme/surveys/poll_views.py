"""A group's polls: the coordinator makes one (which mails the links) and closes it;
the coordinator and the group's leaders read its results. Members answer on the
feedback survey's answer page (kaari.programme.surveys.views.answer)."""

from __future__ import annotations

from flask import current_app, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import can, permission_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.lookups import found_or_404
from kaari.core.user_errors import show
from kaari.core.web import client_ip
from kaari.intake.custom_fields import DefinitionError
from kaari.programme.groups import access as group_access
from kaari.programme.surveys import forms, poll_forms, polls
from kaari.programme.surveys import results as survey_results
from kaari.programme.surveys import services as surveys
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("polls", __name__, "/staff/surveys/groups")


@bp.route("/<id:group_id>/polls/new", methods=["GET", "POST"])
@permission_required("manage_groups")
def new_poll(group_id: int):
    group = group_access.group_or_404(group_id)
    tenant = g.tenant
    form = poll_forms.poll_form(tenant.languages, tenant.default_language)()
    if form.validate_on_submit():
        try:
            poll, sent = polls.create_poll(
                group,
                title=form.texts("title"),
                questions=form.questions(),
                named=form.named.data == "named",
                audience=form.audience.data,
                tenant=tenant,
                staff_id=current_user.id,
                ip=client_ip(),
            )
        except surveys.SurveyError as error:
            db.session.rollback()
            show(error)
        except DefinitionError as error:
            db.session.rollback()
            flash(_("The questions could not be saved: %(problem)s", problem=str(error)), "error")
        else:
            db.session.commit()
            opened = ngettext(
                "The poll is open; %(num)d link mailed.",
                "The poll is open; %(num)d links mailed.",
                sent,
            )
            flash(opened, "info")
            return redirect(url_for("polls.poll", group_id=group.id, poll_id=poll.id))
    return render_template(
        "programme/poll_new.html", group=group, form=form
    ), 400 if form.is_submitted() else 200


@bp.route("/<id:group_id>/polls/<id:poll_id>")
@permission_required("lead_groups")
def poll(group_id: int, poll_id: int):
    """The poll's results. A named poll's answers are personal data: reading them is
    audit-logged (without the answers)."""
    group = group_access.group_or_404(group_id)
    found = found_or_404(polls.poll_of(group, poll_id))
    if found.named:
        record("poll.answers_read", actor_id=current_user.id, ip=client_ip(), obj=found)
        db.session.commit()
    return render_template(
        "programme/poll.html",
        group=group,
        poll=found,
        results=survey_results.poll_results(found),
        answer_label=forms.answer_label,
        minimum=survey_results.MIN_RESPONDENTS,
        can_manage=can("manage_groups"),
    )


@bp.route("/<id:group_id>/polls/<id:poll_id>/close", methods=["POST"])
@permission_required("manage_groups")
def close(group_id: int, poll_id: int):
    """Links stop taking answers; an anonymous poll's waiting answers are released."""
    group = group_access.group_or_404(group_id)
    found = found_or_404(polls.poll_of(group, poll_id))
    surveys.set_status(
        found,
        "closed",
        staff_id=current_user.id,
        secret_key=current_app.config["SECRET_KEY"],
        ip=client_ip(),
    )
    db.session.commit()
    flash(_("The poll is closed."), "info")
    return redirect(url_for("polls.poll", group_id=group.id, poll_id=found.id))
