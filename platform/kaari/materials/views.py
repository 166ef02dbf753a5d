"""Staff pages of the material pack: download it per language, choose and order its
sections and write their texts with a preview, and a pair's personal pack."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.choices import as_choices
from kaari.core.i18n import LANGUAGE_NAMES, document_language, select_language
from kaari.core.jobs import enqueue
from kaari.core.lookups import found_or_404, get_or_404
from kaari.core.web import client_ip
from kaari.intake import partners
from kaari.intake.models import Partner, ReferralLink
from kaari.materials import forms, group_packs, posters, sections, services
from kaari.materials.jobs import make_group_pack
from kaari.materials.texts import SECTION_KEYS, TEXTS
from kaari.programme.groups import access as group_access
from kaari.programme.groups import services as programme
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("materials", __name__, "/staff/materials")


def pdf_response(content: bytes, name: str) -> Response:
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


@bp.route("/pack.pdf")
@permission_required("lead_groups")  # the pack's general texts, no one's data
def pack():
    language = document_language()
    content = services.pack_pdf(g.tenant, language)
    db.session.commit()
    return pdf_response(content, f"{g.tenant.slug}-{language}")


@bp.route("/groups/<id:group_id>/pairs/<id:pair_id>/pack.pdf")
@permission_required("lead_groups")
def pair_pack(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    pair = found_or_404(programme.group_pair(group, pair_id))
    language = document_language()
    content = services.pack_pdf(g.tenant, language, pair=pair, group=group)
    record("materials.pair_pack", actor_id=current_user.id, ip=client_ip(), obj=pair)
    db.session.commit()
    return pdf_response(content, f"{group.name}-{pair.id}-{language}")


@bp.route("/groups/<id:group_id>/pairs/<id:pair_id>/agreement.pdf")
@permission_required("lead_groups")
def pair_agreement(group_id: int, pair_id: int):
    group = group_access.group_or_404(group_id)
    pair = found_or_404(programme.group_pair(group, pair_id))
    language = document_language()
    content = services.agreement_pdf(g.tenant, pair, group, language)
    record("materials.agreement", actor_id=current_user.id, ip=client_ip(), obj=pair)
    db.session.commit()
    return pdf_response(content, f"{group.name}-{pair.id}-agreement-{language}")


def _poster(partner: Partner, link: ReferralLink) -> Response:
    language = document_language()
    url = partners.referral_url(link.code)
    content = posters.poster_pdf(g.tenant, partner, link, url, language)
    return pdf_response(content, f"{g.tenant.slug}-poster-{link.code}-{language}")


@bp.route("/referral-links/<id:link_id>/poster.pdf")
@permission_required("refer_people")
def referral_poster(link_id: int):
    """A partner's poster of one of its own links; another partner's link is a 404."""
    partner = found_or_404(partners.partner_of_user(current_user.id))
    return _poster(partner, found_or_404(partners.get_link(partner, link_id)))


@bp.route("/partners/<id:partner_id>/links/<id:link_id>/poster.pdf")
@permission_required("manage_intake")
def partner_poster(partner_id: int, link_id: int):
    partner = get_or_404(Partner, partner_id)
    return _poster(partner, found_or_404(partners.get_link(partner, link_id)))


def _layout(form, settings) -> dict[str, tuple[bool, int]]:
    return {
        s.key: (form[f"enabled_{s.key}"].data, form[f"position_{s.key}"].data) for s in settings
    }


@bp.route("/", methods=["GET", "POST"])
@permission_required("manage_materials")
def section_list():
    settings = sections.section_settings()
    language = select_language()
    form = forms.layout_form(settings, language, request.form if request.method == "POST" else None)
    error = ""
    if form.validate_on_submit():
        try:
            sections.set_layout(_layout(form, settings))
        except sections.SectionError:
            error = _("Keep at least one section in the pack.")
        else:
            record("materials.layout", actor_id=current_user.id, ip=client_ip())
            db.session.commit()
            flash(_("The sections have been saved."), "success")
            return redirect(url_for("materials.section_list"))
    page = render_template(
        "materials/sections.html",
        form=form,
        settings=settings,
        heading=lambda key: sections.heading(key, language),
        missing={
            s.key: [
                LANGUAGE_NAMES[code] for code in sections.missing_languages(s, g.tenant.languages)
            ]
            for s in settings
        },
        error=error,
    )
    return page, 400 if form.errors or error else 200


@bp.route("/sections/<key>", methods=["GET", "POST"])
@permission_required("manage_materials")
def section(key: str):
    if key not in SECTION_KEYS:
        abort(404)
    setting = next(s for s in sections.section_settings() if s.key == key)
    languages = g.tenant.languages
    form = forms.text_form(
        languages, setting.text, request.form if request.method == "POST" else None
    )
    texts = {code: form[f"text_{code}"].data or "" for code in languages}
    if form.validate_on_submit() and "save" in request.form:
        sections.set_text(key, texts)
        record("materials.section_text", actor_id=current_user.id, ip=client_ip(), section=key)
        db.session.commit()
        flash(_("The text has been saved."), "success")
        return redirect(url_for("materials.section", key=key))
    shown = sections.SectionSetting(key, text=texts)
    previews = {
        code: sections.section_html(shown, code, g.tenant.default_language) for code in languages
    }
    page = render_template(
        "materials/section.html",
        form=form,
        key=key,
        languages=languages,
        heading=sections.heading(key, select_language()),
        previews=previews,
        kaari_text={code: TEXTS[key].get(code, "") for code in languages},
    )
    return page, 400 if form.errors else 200


@bp.route("/groups/<id:group_id>/packs", methods=["POST"])
@permission_required("lead_groups")
def start_group_pack(group_id: int):
    group = group_access.group_or_404(group_id)
    form = forms.GroupPackForm()
    form.language.choices = as_choices((code, code) for code in g.tenant.languages)
    if not form.validate_on_submit():
        abort(400)
    try:
        pack = group_packs.start_group_pack(group, form.language.data, by=current_user.id)
    except group_packs.GroupPackError:
        flash(_("The group has no pairs yet."), "error")
        return redirect(url_for("programme.group", group_id=group.id))
    record("materials.group_pack", actor_id=current_user.id, ip=client_ip(), obj=group)
    enqueue(make_group_pack, g.tenant.id, pack.id)
    db.session.commit()
    return redirect(url_for("materials.group_pack", group_id=group.id, pack_id=pack.id))


def _group_pack_or_404(group_id: int, pack_id: int):
    group = group_access.group_or_404(group_id)
    return group, found_or_404(group_packs.get_group_pack(group, pack_id))


@bp.route("/groups/<id:group_id>/packs/<id:pack_id>")
@permission_required("lead_groups")
def group_pack(group_id: int, pack_id: int):
    group, pack = _group_pack_or_404(group_id, pack_id)
    return render_template("materials/group_pack.html", group=group, pack=pack)


@bp.route("/groups/<id:group_id>/packs/<id:pack_id>/pack.pdf")
@permission_required("lead_groups")
def group_pack_file(group_id: int, pack_id: int):
    group, pack = _group_pack_or_404(group_id, pack_id)
    content = group_packs.group_pack_pdf(pack)
    if content is None:
        abort(404)
    record("materials.group_pack_downloaded", actor_id=current_user.id, ip=client_ip(), obj=group)
    db.session.commit()
    return pdf_response(content, f"{group.name}-{pack.language}")
