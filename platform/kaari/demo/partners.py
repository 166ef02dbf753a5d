"""The partners of each demo network (kaari.demo.networks): an employment service, a
school or course, an association or employer network, each with referral links and
people it referred. The first is tied to the network's partner login, and its people
are at every stage, so that its page shows real figures."""

from __future__ import annotations

from datetime import timedelta
from itertools import islice

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.demo.names import mail_name
from kaari.demo.networks import network_for
from kaari.demo.people import NEW_CONTACT_DAYS
from kaari.intake import partners
from kaari.intake.models import Partner
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant

IN_GROUP_REFERRED = 2  # of the actors in the demo group, so many came through the login's partner


def add_demo_partners(tenant: Tenant, partner_user_id: int) -> list[str]:
    """The partners, their links and their referrals, once; returns their names, the
    one the partner login speaks for first."""
    if db.session.scalar(select(func.count()).select_from(Partner)):
        return []
    specs = network_for(tenant).partners
    made = []
    for number, spec in enumerate(specs, start=1):
        partner = partners.create_partner(
            spec.name,
            spec.kind,
            spec.contact,
            f"{mail_name(spec.contact)}@partner{number}.{tenant.slug}.example.org",
            actor_id=None,
        )
        for label in spec.links:
            partners.create_link(partner, label, actor_id=None)
        made.append(partner)
    partners.set_member(made[0], partner_user_id)
    waiting = {
        role: iter(
            db.session.scalars(
                select(Person)
                .where(Person.role == role, Person.status == "waiting")
                .order_by(Person.id)
            ).all()
        )
        for role in ("actor", "mentor")
    }
    for partner, spec in zip(made, specs, strict=True):
        for role, count in (("actor", spec.actors), ("mentor", spec.mentors)):
            for person in islice(waiting[role], count):
                person.partner_id = partner.id
    for person in _along_the_arc():
        person.partner_id = made[0].id
    db.session.flush()
    return [partner.name for partner in made]


def _along_the_arc() -> list[Person]:
    """Actors in the demo group and those further along or off the arc (not this
    week's new contacts, who found the join form themselves)."""
    in_group = (
        select(Person)
        .where(Person.role == "actor", Person.status == "in_group")
        .order_by(Person.id)
        .limit(IN_GROUP_REFERRED)
    )
    elsewhere = select(Person).where(
        Person.role == "actor",
        Person.status.not_in(("waiting", "in_group")),
        Person.created_at < utcnow() - timedelta(days=NEW_CONTACT_DAYS + 1),
    )
    return [*db.session.scalars(in_group), *db.session.scalars(elsewhere)]
