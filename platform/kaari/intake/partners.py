"""Partners and their referral links; what a partner may see is counts only."""

from __future__ import annotations

import io
import secrets

import segno
from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import extract, func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.vocabulary import Vocabulary
from kaari.intake.models import PARTNER_KINDS, Partner, PartnerMember, ReferralLink
from kaari.participants.models import EXIT_STATUSES, ParticipantStatus, Person


class ReferralStage(Vocabulary):
    """How far the people a partner referred have come: coarser than their statuses,
    and counts only."""

    # The stages along the arc are called as the statuses are.
    CONTACTED = ParticipantStatus.CONTACTED.value, ParticipantStatus.CONTACTED.label
    REGISTERED = ParticipantStatus.REGISTERED.value, ParticipantStatus.REGISTERED.label
    WAITING = ParticipantStatus.WAITING.value, ParticipantStatus.WAITING.label
    MATCHED = ParticipantStatus.MATCHED.value, ParticipantStatus.MATCHED.label
    IN_GROUP = ParticipantStatus.IN_GROUP.value, ParticipantStatus.IN_GROUP.label
    COMPLETED = ParticipantStatus.COMPLETED.value, ParticipantStatus.COMPLETED.label
    LEFT = "left", _l("Left the programme")


STAGE_OF_STATUS = {
    ParticipantStatus.CONTACTED: ReferralStage.CONTACTED,
    ParticipantStatus.REGISTRATION_SENT: ReferralStage.CONTACTED,
    ParticipantStatus.REGISTERED: ReferralStage.REGISTERED,
    ParticipantStatus.WAITING: ReferralStage.WAITING,
    ParticipantStatus.MATCHED: ReferralStage.MATCHED,
    ParticipantStatus.IN_GROUP: ReferralStage.IN_GROUP,
    ParticipantStatus.COMPLETED: ReferralStage.COMPLETED,
    **dict.fromkeys(EXIT_STATUSES, ReferralStage.LEFT),
}


def list_partners() -> list[tuple[Partner, int]]:
    """Partners with the number of people each referred (one query)."""
    referred = (
        select(Person.partner_id, func.count().label("people"))
        .where(Person.partner_id.is_not(None))
        .group_by(Person.partner_id)
        .subquery()
    )
    query = (
        select(Partner, func.coalesce(referred.c.people, 0))
        .outerjoin(referred, referred.c.partner_id == Partner.id)
        .order_by(Partner.name)
    )
    return [(partner, count) for partner, count in db.session.execute(query)]


def partner_names() -> dict[int, str]:
    query = select(Partner.id, Partner.name).order_by(Partner.name)
    return {row.id: row.name for row in db.session.execute(query)}


def create_partner(
    name: str,
    kind: str,
    contact_name: str,
    contact_email: str,
    *,
    actor_id: int | None,
    ip: str = "",
) -> Partner:
    if kind not in PARTNER_KINDS:
        raise ValueError(kind)
    partner = Partner(
        name=name.strip(),
        kind=kind,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    db.session.add(partner)
    db.session.flush()
    record("partner.created", actor_id=actor_id, ip=ip, obj=partner)
    return partner


def create_link(
    partner: Partner, label: str, *, actor_id: int | None, ip: str = ""
) -> ReferralLink:
    link = ReferralLink(partner_id=partner.id, label=label.strip(), code=secrets.token_urlsafe(6))
    db.session.add(link)
    db.session.flush()
    record("referral_link.created", actor_id=actor_id, ip=ip, obj=link, partner=partner.id)
    return link


def links_of(partner: Partner) -> list[ReferralLink]:
    query = select(ReferralLink).where(ReferralLink.partner_id == partner.id)
    return list(db.session.scalars(query.order_by(ReferralLink.created_at)))


def get_link(partner: Partner, link_id: int) -> ReferralLink | None:
    query = select(ReferralLink).where(
        ReferralLink.id == link_id, ReferralLink.partner_id == partner.id
    )
    return db.session.scalar(query)


def referral_url(code: str) -> str:
    """The public join address a link carries (in a request of the link's tenant)."""
    return current_app.config["BASE_URL"] + url_for("intake.join", ref=code)


def partner_for_code(code: str | None) -> int | None:
    """The id of the partner whose link carries `code`, in the tenant in scope."""
    if not code:
        return None
    return db.session.scalar(select(ReferralLink.partner_id).where(ReferralLink.code == code[:16]))


def qr_svg(url: str) -> bytes:
    """The link as a QR code (SVG, print quality)."""
    output = io.BytesIO()
    segno.make(url, error="m").save(output, kind="svg", scale=8, border=2, title=url)
    return output.getvalue()


def qr_png(url: str) -> bytes:
    """The link as a QR code (PNG, big enough modules to print sharp on a poster)."""
    output = io.BytesIO()
    segno.make(url, error="m").save(output, kind="png", scale=16, border=2)
    return output.getvalue()


def set_member(partner: Partner, user_id: int) -> None:
    """Let a staff user with the partner role see this partner's referral counts."""
    member = db.session.scalar(select(PartnerMember).where(PartnerMember.user_id == user_id))
    if member is None:
        db.session.add(PartnerMember(partner_id=partner.id, user_id=user_id))
    else:
        member.partner_id = partner.id


def partner_of_user(user_id: int) -> Partner | None:
    query = select(Partner).join(PartnerMember, PartnerMember.partner_id == Partner.id)
    return db.session.scalar(query.where(PartnerMember.user_id == user_id))


def stage_counts(partner: Partner) -> dict[ReferralStage, int]:
    """How many people the partner referred are at each stage (every stage, in the arc's
    order): counts, never people."""
    by_stage = dict.fromkeys(ReferralStage, 0)
    by_status = db.session.execute(
        select(Person.status, func.count())
        .where(Person.partner_id == partner.id)
        .group_by(Person.status)
    )
    for status, count in by_status:
        by_stage[STAGE_OF_STATUS[ParticipantStatus(status)]] += count
    return by_stage


def referral_counts(
    partner: Partner,
) -> tuple[dict[ReferralStage, int], list[tuple[int, int, int]]]:
    """Counts only, never people: by stage, and by (year, month) of contact."""
    year, month = extract("year", Person.created_at), extract("month", Person.created_at)
    by_month = db.session.execute(
        select(year, month, func.count())
        .where(Person.partner_id == partner.id)
        .group_by(year, month)
        .order_by(year, month)
    ).all()
    return stage_counts(partner), [(int(y), int(m), count) for y, m, count in by_month]
