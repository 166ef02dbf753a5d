"""The coordinator's page of joint invitations (the same permission as the pairs page)."""

from __future__ import annotations

from flask import flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.core import db
from kaari.core.i18n import select_language
from kaari.core.web import client_ip
from kaari.programme.groups.invitations import when
from kaari.programme.joint_invitations import forms, services
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("joint_invitations", __name__, "/staff/joint-invitations")


@bp.route("/", methods=["GET", "POST"])
@permission_required("manage_matching")
def page():
    form = forms.JointInvitationsForm()
    if form.validate_on_submit():
        chosen = form.chosen()
        if not chosen:
            flash(_("Choose at least one pair."), "error")
            return redirect(url_for("joint_invitations.page"))
        invited = services.invite(chosen, tenant=g.tenant, staff_id=current_user.id, ip=client_ip())
        db.session.commit()
        if invited:
            flash(
                ngettext(
                    "The joint invitation of %(num)d pair is on its way.",
                    "The joint invitations of %(num)d pairs are on their way.",
                    invited,
                ),
                "info",
            )
        else:
            flash(
                _("Nothing was sent: the pairs are invited already or have no kick-off yet."),
                "info",
            )
        return redirect(url_for("joint_invitations.page"))
    candidates = services.candidates()
    letters = _letters(form, candidates)
    return render_template(
        "programme/joint_invitations.html",
        form=form,
        candidates=candidates,
        letters=letters,
        kickoff_when=lambda meeting: when(meeting, g.tenant.zone, select_language()),
    ), 400 if form.errors else 200


def _letters(form: forms.JointInvitationsForm, candidates: list[services.Candidate]) -> dict:
    """Pair id -> its sub-form: as submitted (a form with errors), else prefilled."""
    letters = {entry.form.pair_id.data: entry.form for entry in form.pairs}
    for candidate in candidates:
        if candidate.ready and candidate.pair.id not in letters:
            actor, mentor = candidate.actor, candidate.mentor
            entry = form.pairs.append_entry(
                {
                    "pair_id": candidate.pair.id,
                    "chosen": True,
                    "for_actor": services.prefilled(mentor, actor, tenant=g.tenant),
                    "for_mentor": services.prefilled(actor, mentor, tenant=g.tenant),
                }
            )
            letters[candidate.pair.id] = entry.form
    return letters
