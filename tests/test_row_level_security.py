"""PostgreSQL row-level security holds on its own, with the ORM scoping out of the way.

These statements are Core `text()`, which the ORM scoping never sees; the
app's role is neither owner nor superuser, so only the policies stand.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from kaari.core import db


@pytest.fixture
def app_engine(app, database_urls):
    if not database_urls[0].startswith("postgresql"):
        pytest.skip("row-level security exists only on PostgreSQL (set TEST_DATABASE_URL)")
    engine = db.make_engine(database_urls[0])
    yield engine
    engine.dispose()


def _set_tenant(connection, tenant_id) -> None:
    connection.execute(text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(tenant_id)})


def test_the_app_role_cannot_bypass_rls(app_engine):
    with app_engine.connect() as connection:
        superuser, bypass = connection.execute(
            text("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
        ).one()
        owns = connection.execute(
            text("SELECT count(*) FROM pg_tables WHERE tableowner = current_user")
        ).scalar()
    assert not superuser and not bypass and owns == 0


def test_a_session_bound_to_tenant_a_sees_none_of_tenant_bs_rows(app_engine, world):
    with app_engine.begin() as connection:
        _set_tenant(connection, world.a.tenant_id)
        tenants = connection.execute(text("SELECT DISTINCT tenant_id FROM memberships")).scalars()
        assert set(tenants) == {world.a.tenant_id}
        leaked = connection.execute(
            text("SELECT count(*) FROM memberships WHERE tenant_id = :b"), {"b": world.b.tenant_id}
        ).scalar()
        assert leaked == 0


def test_with_no_tenant_set_the_app_role_sees_no_rows(app_engine, world):
    with app_engine.connect() as connection:
        for table in ("memberships", "invitations", "target_groups", "tenant_audit_events"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0


def test_the_setting_does_not_outlive_its_transaction(app_engine, world):
    with app_engine.connect() as connection:
        with connection.begin():
            _set_tenant(connection, world.a.tenant_id)
            assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 3
        assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 0


def test_a_cross_tenant_insert_is_rejected_by_with_check(app_engine, world):
    with pytest.raises(DBAPIError, match="row-level security"), app_engine.begin() as connection:
        _set_tenant(connection, world.a.tenant_id)
        connection.execute(
            text(
                "INSERT INTO target_groups (tenant_id, key, name, description, position)"
                " VALUES (:b, 'sneaky', '{}', '{}', 0)"
            ),
            {"b": world.b.tenant_id},
        )


def test_an_update_cannot_move_a_row_to_another_tenant(app_engine, world):
    with pytest.raises(DBAPIError, match="row-level security"), app_engine.begin() as connection:
        _set_tenant(connection, world.a.tenant_id)
        connection.execute(text("UPDATE memberships SET tenant_id = :b"), {"b": world.b.tenant_id})


def test_the_app_role_cannot_switch_on_cross_tenant_reads(app_engine, world):
    """What an attacker with the app's connection would try: the flag the policies
    used to trust, set by hand for the session, with and without a tenant."""
    with app_engine.connect() as connection:
        connection.execute(text("SELECT set_config('app.cross_tenant', 'on', false)"))
        for table in ("memberships", "invitations", "target_groups", "tenant_audit_events"):
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() == 0
        _set_tenant(connection, world.a.tenant_id)
        tenants = connection.execute(text("SELECT DISTINCT tenant_id FROM memberships")).scalars()
        assert set(tenants) == {world.a.tenant_id}
        connection.rollback()


def test_nor_write_across_tenants(app_engine, world):
    with pytest.raises(DBAPIError, match="row-level security"), app_engine.begin() as connection:
        connection.execute(text("SELECT set_config('app.cross_tenant', 'on', true)"))
        connection.execute(
            text(
                "INSERT INTO target_groups (tenant_id, key, name, description, position)"
                " VALUES (:b, 'sneaky', '{}', '{}', 0)"
            ),
            {"b": world.b.tenant_id},
        )


@pytest.fixture
def cross_engine(app_engine, app):
    engine = db.make_engine(app.config["CROSS_TENANT_DATABASE_URL"])
    yield engine
    engine.dispose()


def test_the_cross_tenant_role_sees_every_tenant_only_with_the_flag(cross_engine, world):
    with cross_engine.connect() as connection:
        superuser, bypass, app_is_member = connection.execute(
            text(
                "SELECT rolsuper, rolbypassrls, pg_has_role('kaari_app', 'kaari_cross', 'MEMBER')"
                " FROM pg_roles WHERE rolname = current_user"
            )
        ).one()
        assert not superuser and not bypass and not app_is_member
        assert connection.execute(text("SELECT count(*) FROM memberships")).scalar() == 0
        _set_tenant(connection, world.a.tenant_id)
        tenants = connection.execute(text("SELECT DISTINCT tenant_id FROM memberships")).scalars()
        assert set(tenants) == {world.a.tenant_id}
        connection.execute(text("SELECT set_config('app.cross_tenant', 'on', true)"))
        tenants = connection.execute(text("SELECT DISTINCT tenant_id FROM memberships")).scalars()
        assert set(tenants) == {world.a.tenant_id, world.b.tenant_id}
        connection.rollback()


def test_cross_tenant_blocks_of_the_app_use_the_cross_tenant_role(app, world):
    if not app.config["DATABASE_URL"].startswith("postgresql"):
        pytest.skip("one database role off PostgreSQL (set TEST_DATABASE_URL)")
    from sqlalchemy import select

    from kaari.accounts.models import Membership
    from kaari.core.scoping import cross_tenant, tenant_scope

    with app.app_context():
        with tenant_scope(world.a.tenant_id):
            assert db.session.scalar(text("SELECT current_user")) == "kaari_app"
            with cross_tenant():
                assert db.session.scalar(text("SELECT current_user")) == "kaari_cross"
                tenants = set(db.session.scalars(select(Membership.tenant_id)))
                with tenant_scope(world.b.tenant_id):
                    assert db.session.scalar(text("SELECT current_user")) == "kaari_cross"
                    mine = set(db.session.scalars(text("SELECT tenant_id FROM memberships")))
            assert db.session.scalar(text("SELECT current_user")) == "kaari_app"
            own = set(db.session.scalars(text("SELECT tenant_id FROM memberships")))
        db.session.rollback()
    assert tenants == {world.a.tenant_id, world.b.tenant_id}
    assert mine == {world.b.tenant_id}
    assert own == {world.a.tenant_id}
