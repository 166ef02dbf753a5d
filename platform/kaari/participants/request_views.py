"""Requests from data subjects: the admins' list with due dates, answering them,
and the download link that hands a person a copy of their data."""

from __future__ import annotations

from flask import Response, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from kaari.accounts.access import permission_required
from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.lookups import get_or_404
from kaari.core.web import client_ip
from kaari.participants import data_requests, services
from kaari.participants.models import DATA_REQUEST_KINDS, DataRequest
from kaari.privacy import subject_access
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("data_requests", __name__, "/staff/participants/requests")
public = tenant_blueprint("data_copy", __name__, "/my-data")


def kind_labels() -> dict[str, str]:
    return {
        "access": _("A copy of one's data"),
        "rectification": _("A correction"),
        "erasure": _("Erasure"),
    }


@bp.route("/")
@permission_required("privacy_requests")
def request_list():
    return render_template(
        "participants/data_requests.html",
        requests=data_requests.open_requests(),
        kinds=kind_labels(),
        now=utcnow(),
    )


@bp.route("/people/<id:person_id>", methods=["POST"])
@permission_required("privacy_requests")
def receive(person_id: int):
    """A request that reached staff by phone, mail or letter."""
    person = services.get_person(person_id)
    kind = request.form.get("kind", "")
    if person is None or kind not in DATA_REQUEST_KINDS:
        abort(404)
    data_requests.receive(person, kind, source="staff", ip=client_ip())
    db.session.commit()
    flash(_("The request has been recorded; it is due in a month."), "info")
    return redirect(url_for("participants.person", person_id=person.id))


@bp.route("/<id:request_id>/answer", methods=["POST"])
@permission_required("privacy_requests")
def answer(request_id: int):
    data_request = get_or_404(DataRequest, request_id)
    person = services.get_person(data_request.person_id)
    if data_request.kind == "access":
        try:
            data_requests.send_copy(
                data_request,
                person,
                by=current_user.id,
                ip=client_ip(),
            )
        except data_requests.DataRequestError:
            flash(_("The person has no email address; hand the copy over from their page."),
                  "error")  # fmt: skip
            return redirect(url_for("data_requests.request_list"))
        flash(_("A download link has been sent to the person."), "info")
    elif data_request.kind == "erasure" and person.erased_at is None:
        return redirect(url_for("participants.erase", person_id=person.id))
    else:
        data_requests.answer(data_request, by=current_user.id, ip=client_ip())
        flash(_("The request has been marked answered."), "info")
    db.session.commit()
    return redirect(url_for("data_requests.request_list"))


def _person_for_link(token: str):
    person = data_requests.person_for_link(token)
    if person is None:
        abort(404)
    return person


@public.route("/<token>")
def download_page(token: str):
    person = _person_for_link(token)
    return render_template("participants/data_copy.html", person=person, token=token)


@public.route("/<token>/data.json", defaults={"kind": "json"})
@public.route("/<token>/data.pdf", defaults={"kind": "pdf"})
def download(token: str, kind: str):
    person = _person_for_link(token)
    access = subject_access.gather(g.tenant.name, person.id, person.name, utcnow())
    record("person.subject_access", actor_id=None, ip=client_ip(), obj=person, format=kind,
           by="person")  # fmt: skip
    db.session.commit()
    headers = {"Content-Disposition": f'attachment; filename="{g.tenant.slug}-data.{kind}"'}
    content, mimetype = subject_access.as_file(access, g.tenant, person.language, kind)
    return Response(content, mimetype=mimetype, headers=headers)
