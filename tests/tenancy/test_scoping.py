"""Automatic tenant scoping: a tenant sees only its own rows, and forgetting the scope fails loudly."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select, update

from kaari.accounts.models import Membership, User
from kaari.core import db
from kaari.core.scoping import TenantScopeError, cross_tenant, tenant_scope
from kaari.tenancy.models import TargetGroup


def test_a_query_outside_any_tenant_raises(app_context, world):
    with pytest.raises(TenantScopeError):
        db.session.scalars(select(Membership)).all()


def test_platform_tables_need_no_tenant(app_context, world):
    assert db.session.scalar(select(func.count()).select_from(User)) == 6


def test_a_tenant_sees_only_its_own_rows(app_context, world):
    with tenant_scope(world.a.tenant_id):
        rows = db.session.scalars(select(Membership)).all()
    assert {row.tenant_id for row in rows} == {world.a.tenant_id}
    assert len(rows) == 3


def test_get_by_id_of_another_tenant_finds_nothing(app_context, world):
    with tenant_scope(world.a.tenant_id):
        assert db.session.get(Membership, world.b.admin.membership_id) is None
        assert db.session.get(Membership, world.a.admin.membership_id) is not None


def test_joins_and_relationship_loads_are_scoped(app_context, world):
    with tenant_scope(world.a.tenant_id):
        query = select(User.email).join(Membership, Membership.user_id == User.id)
        emails = set(db.session.scalars(query))
    assert emails == {world.a.admin.email, world.a.coordinator.email, world.a.partner.email}


def test_orm_bulk_update_and_delete_touch_only_the_scoped_tenant(app_context, world):
    with tenant_scope(world.a.tenant_id):
        db.session.execute(update(Membership).values(role="group_leader"))
        db.session.execute(delete(Membership).where(Membership.role == "group_leader"))
        db.session.commit()
    with cross_tenant():
        remaining = db.session.scalars(select(Membership)).all()
    assert {row.tenant_id for row in remaining} == {world.b.tenant_id}
    assert {row.role for row in remaining} == {"admin", "coordinator", "partner"}


def test_new_rows_take_the_tenant_in_scope(app_context, world):
    with tenant_scope(world.b.tenant_id):
        group = TargetGroup(key="women", name={"fi": "Naiset"})
        db.session.add(group)
        db.session.commit()
    assert group.tenant_id == world.b.tenant_id


def test_a_new_row_without_a_tenant_is_refused(app_context, world):
    db.session.add(TargetGroup(key="women", name={"fi": "Naiset"}))
    with pytest.raises(TenantScopeError):
        db.session.flush()
    db.session.rollback()


def test_a_row_for_another_tenant_is_refused(app_context, world):
    with tenant_scope(world.a.tenant_id):
        db.session.add(TargetGroup(key="x", name={"fi": "X"}, tenant_id=world.b.tenant_id))
        with pytest.raises(TenantScopeError):
            db.session.flush()
        db.session.rollback()


def test_cross_tenant_access_is_explicit(app_context, world):
    with cross_tenant():
        count = db.session.scalar(select(func.count()).select_from(Membership))
    assert count == 6


def test_column_selects_are_scoped_too(app_context, world):
    """Matching reads people as plain rows of chosen columns; those stay in the tenant."""
    from kaari.participants.models import Person

    with tenant_scope(world.a.tenant_id):
        rows = db.session.execute(select(Person.id, Person.name)).all()
    assert rows and all(name.endswith("alpha") for _id, name in rows)
