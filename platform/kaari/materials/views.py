"""Staff pages of the material pack: download it per language, choose and order its
sections and write their texts with a preview, and a pair's personal pack."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari import db
from kaari.accounts.access import staff_required
from kaari.audit.services import record
from kaari.i18n import select_language
from kaari.materials import forms, sections, services
from kaari.materials.texts import SECTION_KEYS, TEXTS
from kaari.programme import services as programme
from kaari.tenancy.routing import tenant_blueprint
from kaari.web import client_ip

bp = tenant_blueprint("materials", __name__, "/staff/materials")
STAFF = ("admin", "coordinator", "group_leader")
MANAGERS = ("admin", "coordinator")


def pdf_response(content: bytes, name: str) -> Response:
    return Response(
        content,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'},
    )


def pack_language() -> str:
    """The pack's language from `?lang=`, if the tenant offers it, else the page's."""
    chosen = request.args.get("lang", "")
    return chosen if chosen in g.tenant.languages else select_language()


@bp.route("/pack.pdf")
@staff_required(*STAFF)
def pack():
    language = pack_language()
    content = services.pack_pdf(g.tenant, language)
    db.session.commit()
    return pdf_response(content, f"{g.tenant.slug}-{language}")


@bp.route("/groups/<id:group_id>/pairs/<id:pair_id>/pack.pdf")
@staff_required(*STAFF)
def pair_pack(group_id: int, pair_id: int):
    group = programme.get_group(group_id)
    pair = programme.group_pair(group, pair_id) if group is not None else None
    if pair is None:
        abort(404)
    language = pack_language()
    content = services.pack_pdf(g.tenant, language, pair=pair, group=group)
    record("materials.pair_pack", actor_id=current_user.id, ip=client_ip(), obj=pair)
    db.session.commit()
    return pdf_response(content, f"{group.name}-{pair.id}-{language}")


def _layout(form, settings) -> dict[str, tuple[bool, int]]:
    return {
        s.key: (form[f"enabled_{s.key}"].data, form[f"position_{s.key}"].data) for s in settings
    }


@bp.route("/", methods=["GET", "POST"])
@staff_required(*MANAGERS)
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
        error=error,
    )
    return page, 400 if form.errors or error else 200


@bp.route("/sections/<key>", methods=["GET", "POST"])
@staff_required(*MANAGERS)
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
