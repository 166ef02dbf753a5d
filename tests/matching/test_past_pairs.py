"""An actor and a mentor were a pair; the actor asked to be erased, then registered
again later. Matching must not put the same two people together again, although
nothing personal of the old pair was kept."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching import services
from kaari.matching.models import Pair, PastPair
from kaari.participants import services as register
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant
from tests.helpers import make_person
from tests.matching.conftest import ENGINEER


def _proposed(tenant) -> tuple[set[tuple[int, int]], services.PoolOptions]:
    options = services.PoolOptions()
    _rules, result = services.proposals(
        tenant, options, secret_key=current_app.config["SECRET_KEY"]
    )
    return {(p["actor"], p["mentor"]) for p in result["proposals"]}, options


def test_the_same_two_people_are_not_matched_again_after_erasure(app, world, pool):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            proposed, _options = _proposed(tenant)
            assert (pool["engineer"], pool["civil"]) in proposed  # the best pair

            db.session.add(Pair(actor_id=pool["engineer"], mentor_id=pool["civil"],
                                status="ended"))  # fmt: skip
            engineer = db.session.get(Person, pool["engineer"])
            register.erase(engineer, actor_id=None)
            db.session.commit()
            digests = db.session.scalars(select(PastPair.digest)).all()
            assert len(digests) == 1 and "example.org" not in digests[0]

        again = make_person(tenant, "Actor Engineer", " AE@example.org", answers=ENGINEER,
                            status="waiting")  # fmt: skip
        with tenant_scope(tenant.id):
            proposed, options = _proposed(tenant)
        assert (again.id, pool["civil"]) not in proposed
        assert [again.id, pool["civil"]] in options.excluded


def test_pairs_of_people_not_erased_leave_no_trace(app, world, pool):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = db.session.get(Tenant, world.a.tenant_id)
        _proposed(tenant)
        assert db.session.scalars(select(PastPair)).all() == []
