"""A participant downloads their own pair's personal material pack and agreement in the portal."""

from __future__ import annotations

from flask import abort, g
from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.i18n import select_language
from kaari.core.web import client_ip
from kaari.materials import services
from kaari.materials.views import pdf_response
from kaari.programme.groups.models import Group, GroupPair
from kaari.programme.portal import services as portal
from kaari.programme.portal.views import participant_required
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("materials_portal", __name__, "/portal")


def _own_pair(pair_id: int):
    """The participant's own pair and its group; anyone else's pair is a 404."""
    pair = portal.pair_of(g.participant, pair_id)
    if pair is None:
        abort(404)
    query = select(Group).join(GroupPair, GroupPair.group_id == Group.id)
    return pair, db.session.scalar(query.where(GroupPair.pair_id == pair.id))


@bp.route("/pairs/<id:pair_id>/pack.pdf")
@participant_required
def pair_pack(pair_id: int):
    pair, group = _own_pair(pair_id)
    language = select_language()
    content = services.pack_pdf(g.tenant, language, pair=pair, group=group)
    record("materials.pair_pack", actor_id=None, ip=client_ip(), obj=pair, person=g.participant.id)
    db.session.commit()
    return pdf_response(content, f"{g.tenant.slug}-{language}")


@bp.route("/pairs/<id:pair_id>/agreement.pdf")
@participant_required
def pair_agreement(pair_id: int):
    pair, group = _own_pair(pair_id)
    language = select_language()
    content = services.agreement_pdf(g.tenant, pair, group, language)
    record("materials.agreement", actor_id=None, ip=client_ip(), obj=pair, person=g.participant.id)
    db.session.commit()
    return pdf_response(content, f"{g.tenant.slug}-agreement-{language}")
