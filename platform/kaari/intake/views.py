"""Public intake pages: join, the privacy notice, and the personal registration form."""

from __future__ import annotations

import time

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import current_role, permission_required
from kaari.accounts.services import list_members
from kaari.core import db
from kaari.core.choices import as_choices, labels_of
from kaari.core.extensions import limiter
from kaari.core.i18n import LANGUAGE_NAMES, select_language
from kaari.core.lookups import found_or_404, get_or_404
from kaari.core.signing import Signed
from kaari.core.web import client_ip
from kaari.intake import custom_fields, forms, partners, services, tenant_forms
from kaari.intake.models import Partner, ReferralLink
from kaari.participants import sharing
from kaari.tenancy.routing import tenant_blueprint
from kaari.tenancy.services import eligibility_questions, notice_gaps, privacy_notices

bp = tenant_blueprint("intake", __name__)
partners_bp = tenant_blueprint("partners", __name__, "/staff/partners")

MIN_FILL_SECONDS = 3


SHOWN_AT = Signed("join-shown")


def _filled_too_fast(shown_at: str | None) -> bool:
    """People take a few seconds to fill the form; scripts do not."""
    opened = SHOWN_AT.open(shown_at or "")
    try:
        started = float(opened.value)
    except (ValueError, TypeError):
        return True
    return time.time() - started < current_app.config.get("JOIN_MIN_SECONDS", MIN_FILL_SECONDS)


def _join_rate_limit() -> str:
    return current_app.config["JOIN_RATE_LIMIT"]


@bp.route("/join", methods=["GET", "POST"])
@limiter.limit(_join_rate_limit, methods=["POST"])
def join():
    tenant = g.tenant
    gaps = notice_gaps(tenant)
    # Unpublished or without a whole notice, the form (and every referral link to it)
    # is closed to the public; the organisation's staff see it as a preview.
    closed = bool(gaps) or not tenant.published
    if closed and current_role() is None:
        return render_template("intake/join_not_open.html")
    questions = eligibility_questions()
    version = custom_fields.current_version("contact")
    form = tenant_forms.contact_form(
        questions,
        version.definition if version else custom_fields.EMPTY,
        select_language(),
        tenant.default_language,
    )()
    status = 200
    form.language.choices = as_choices((code, LANGUAGE_NAMES[code]) for code in tenant.languages)
    if request.method == "GET":
        form.language.data = select_language()
        form.ref.data = request.args.get("ref", "")[:16]
        form.role.data = (
            request.args.get("role")
            if request.args.get("role") in ("actor", "mentor", "other")
            else None
        )
    if form.validate_on_submit():
        if form.website.data:  # the hidden field: only robots fill it
            return redirect(url_for("intake.thanks"))
        if closed:  # staff see the form, but no one joins before it opens
            flash(_("The join form is not open yet; nothing was saved."), "error")
            status = 400
        elif _filled_too_fast(form.shown_at.data):
            flash(_("That was quick! Please check your answers and send the form again."), "error")
            status = 400
        else:
            services.contact(
                tenant,
                role=form.role.data,
                name=form.name.data,
                email=form.email.data,
                municipality=form.municipality.data,
                question=(form.question.data if form.question else "") or "",
                language=form.language.data,
                partner_id=partners.partner_for_code(form.ref.data),
                eligibility=form.eligibility(),
                contact_answers={
                    **tenant_forms.custom_answers(form),
                    custom_fields.VERSION_KEY: version and version.number,
                },
                ip=client_ip(),
            )
            db.session.commit()
            return redirect(url_for("intake.thanks"))
    form.shown_at.data = SHOWN_AT.dumps(str(time.time()))
    return render_template("intake/join.html", form=form, questions=questions, notice_gaps=gaps), (
        400 if form.errors else status
    )


@bp.route("/join/thanks")
def thanks():
    return render_template("intake/thanks.html")


@bp.route("/privacy")
@bp.route("/privacy/<int:version>")
def privacy(version: int | None = None):
    """The privacy notice in force, or an earlier wording that consents refer to."""
    versions = privacy_notices()
    current = versions[0] if versions else None
    shown = (
        current if version is None else next((n for n in versions if n.version == version), None)
    )
    if version is not None and shown is None:
        abort(404)
    return render_template("intake/privacy.html", notice=shown, current=current, versions=versions)


def _shared_labels(person) -> list[str] | None:
    """What the person lets a proposed pair see (None for a role never paired)."""
    if person.role not in sharing.CHOICES:
        return None
    labels = sharing.choice_labels()
    return [labels[choice] for choice in sharing.chosen(person.role, person.answers)]


@bp.route("/register/<token>", methods=["GET", "POST"])
def register(token: str):
    person = services.person_for_link(token)
    if person is None:
        return render_template("accounts/link_invalid.html"), 404
    if request.args.get("sent") and person.answers.get("_submitted"):
        return render_template(
            "intake/registered.html", person=person, shared=_shared_labels(person)
        )
    if not services.can_edit(person):
        return render_template("intake/registration_closed.html", person=person)
    language = select_language()
    version = custom_fields.current_version(person.role)
    definition = version.definition if version else custom_fields.EMPTY
    form_class = tenant_forms.registration_form(
        person.role, definition, language, g.tenant.default_language
    )
    if request.method == "GET":
        form = form_class(data=tenant_forms.form_data(definition, person.answers))
    else:
        form = form_class()
    if request.method == "POST":
        # "Save" keeps a draft as typed; "Send" checks every answer first. (CSRF is
        # checked for every POST by CSRFProtect before this view runs.)
        submitting = "submit" in request.form
        if not submitting or form.validate():
            answers = {**form.answers(), custom_fields.VERSION_KEY: version and version.number}
            services.save_answers(person, answers, submitted=submitting)
            db.session.commit()
            if submitting:
                return redirect(url_for("intake.register", token=token, sent=1))
            flash(_("Your answers are saved. You can continue later with the same link."), "info")
            return redirect(url_for("intake.register", token=token))
    return render_template(
        "intake/register.html",
        form=form,
        person=person,
        **services.code_lists(language),
    ), (400 if form.errors else 200)


# Partners and their referral links (coordinators), and a partner's own counts ----


@partners_bp.route("/", methods=["GET", "POST"])
@permission_required("manage_intake")
def partner_list():
    form = forms.PartnerForm()
    if form.validate_on_submit():
        partner = partners.create_partner(
            form.name.data,
            form.kind.data,
            form.contact_name.data or "",
            form.contact_email.data or "",
            actor_id=current_user.id,
            ip=client_ip(),
        )
        db.session.commit()
        return redirect(url_for("partners.partner", partner_id=partner.id))
    return render_template(
        "intake/partners.html",
        form=form,
        partners=partners.list_partners(),
        kinds=labels_of(forms.partner_kind_choices()),
    ), 400 if form.errors else 200


@partners_bp.route("/<id:partner_id>", methods=["GET", "POST"])
@permission_required("manage_intake")
def partner(partner_id: int):
    partner = get_or_404(Partner, partner_id)
    link_form = forms.ReferralLinkForm(prefix="link")
    member_form = forms.PartnerMemberForm(prefix="member")
    member_form.user_id.choices = as_choices(
        (m.user_id, m.user.name or m.user.email) for m in list_members() if m.role == "partner"
    )
    if request.method == "POST" and "link-label" in request.form and link_form.validate():
        partners.create_link(
            partner, link_form.label.data or "", actor_id=current_user.id, ip=client_ip()
        )
        db.session.commit()
        return redirect(url_for("partners.partner", partner_id=partner.id))
    if request.method == "POST" and "member-user_id" in request.form and member_form.validate():
        partners.set_member(partner, member_form.user_id.data)
        db.session.commit()
        flash(_("The person now sees this partner's referral counts."), "info")
        return redirect(url_for("partners.partner", partner_id=partner.id))
    by_stage, by_month = partners.referral_counts(partner)
    return render_template(
        "intake/partner.html",
        partner=partner,
        link_form=link_form,
        member_form=member_form,
        links=partners.links_of(partner),
        join_url=partners.referral_url,
        by_stage=by_stage,
        by_month=by_month,
        kinds=labels_of(forms.partner_kind_choices()),
    )


@partners_bp.route("/<id:partner_id>/links/<id:link_id>/qr.svg")
@permission_required("manage_intake")
def referral_qr(partner_id: int, link_id: int):
    return _qr_response(found_or_404(partners.get_link(get_or_404(Partner, partner_id), link_id)))


def _qr_response(link: ReferralLink) -> Response:
    response = Response(partners.qr_svg(partners.referral_url(link.code)), mimetype="image/svg+xml")
    response.headers["Content-Disposition"] = f'inline; filename="referral-{link.code}.svg"'
    return response


@partners_bp.route("/referrals")
@permission_required("refer_people")
def referrals():
    """A partner sees its own links and how many people they brought, never who."""
    partner = partners.partner_of_user(current_user.id)
    by_stage, by_month = partners.referral_counts(partner) if partner else ({}, [])
    return render_template(
        "intake/referrals.html",
        partner=partner,
        links=partners.links_of(partner) if partner else [],
        join_url=partners.referral_url,
        by_stage=by_stage,
        by_month=by_month,
    )


@partners_bp.route("/referrals/links/<id:link_id>/qr.svg")
@permission_required("refer_people")
def own_referral_qr(link_id: int):
    """The QR code of one of the partner's own links; another partner's link is a 404."""
    partner = found_or_404(partners.partner_of_user(current_user.id))
    return _qr_response(found_or_404(partners.get_link(partner, link_id)))
