"""A demo partner for each demo network, with a referral link and people it referred at
every stage, tied to the network's partner login so that its page shows real figures."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.intake import partners
from kaari.intake.models import Partner
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant

# People the partner referred who are not in the demo's waiting list or group.
REFERRED = (
    ("Rana Demo", "actor", "contacted"),
    ("Oleksii Demo", "actor", "registration_sent"),
    ("Marta Demo", "actor", "registered"),
    ("Samir Demo", "actor", "completed"),
    ("Ines Demo", "mentor", "withdrawn"),
)
WAITING_REFERRED = 4  # of the invented people waiting, so many came through the partner


def add_demo_partner(tenant: Tenant, partner_user_id: int) -> str | None:
    """The partner, its link and its referrals, once; returns the partner's name."""
    if db.session.scalar(select(func.count()).select_from(Partner)):
        return None
    partner = partners.create_partner(
        f"{tenant.municipality or 'Helsinki'} adult-education centre",
        "school",
        "Paula Partner",
        f"paula@partner.{tenant.slug}.example.org",
        actor_id=None,
    )
    partners.create_link(partner, "Notice board", actor_id=None)
    partners.set_member(partner, partner_user_id)
    for role in ("actor", "mentor"):
        waiting = select(Person).where(Person.role == role, Person.status == "waiting")
        for person in db.session.scalars(waiting.order_by(Person.id).limit(WAITING_REFERRED)):
            person.partner_id = partner.id
    in_group = select(Person).where(Person.status == "in_group").order_by(Person.id).limit(2)
    for person in db.session.scalars(in_group):
        person.partner_id = partner.id
    now = utcnow()
    for n, (name, role, status) in enumerate(REFERRED):
        contacted = now - timedelta(days=20 * (n + 1))
        registered = status not in ("contacted", "registration_sent")
        db.session.add(
            Person(
                role=role,
                name=name,
                email=f"referred{n}@{tenant.slug}.example.org",
                municipality=tenant.municipality or "Helsinki",
                language=tenant.default_language,
                status=status,
                answers={},
                partner_id=partner.id,
                created_at=contacted,
                registered_at=contacted + timedelta(days=3) if registered else None,
            )
        )
    db.session.flush()
    return partner.name
