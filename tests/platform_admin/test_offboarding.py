"""At the end of a contract the platform admin downloads all of an organisation's data
and then deletes the organisation: afterwards no row of it is left in any table, and
the other organisation is untouched."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from kaari.accounts.models import User
from kaari.core import db, storage
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.platform_admin.offboarding import remaining_rows, tenant_tables
from kaari.reporting.facts import refresh_facts
from kaari.tenancy.models import Tenant
from tests.helpers import SVG_LOGO
from tests.platform_admin.test_tenants import _platform_admin


def _rich_beta(app, world) -> None:
    """Beta has its world (people, a pair, a group, meetings, a survey, mails, …), and
    its facts for national reporting too."""
    with app.app_context():
        with tenant_scope(world.b.tenant_id):
            refresh_facts(world.b.tenant_id, 2027)
        db.session.commit()


def test_the_organisations_data_is_handed_back_then_deleted(app, client, world):
    _rich_beta(app, world)
    with app.app_context():
        before = remaining_rows(world.b.tenant_id)
        alpha_before = remaining_rows(world.a.tenant_id)
    assert len(before) >= 15  # the world fills many of beta's tables
    _platform_admin(app, client)

    export = client.get("/platform/tenants/beta/export.jsonl")
    assert export.status_code == 200
    lines = [json.loads(line) for line in export.get_data(as_text=True).splitlines()]
    exported: dict[str, int] = {}
    for line in lines:
        exported[line["table"]] = exported.get(line["table"], 0) + 1
    assert lines[0]["table"] == "tenants" and lines[0]["row"]["slug"] == "beta"
    assert {t: n for t, n in exported.items() if t in before} == {
        t: n for t, n in before.items() if t != "scheduled_jobs"
    }
    assert any(line["row"].get("name") == "Person of beta" for line in lines)
    (logo,) = [line["row"] for line in lines if line["table"] == "stored_files"]
    assert base64.b64decode(logo["content"]["base64"]) == SVG_LOGO  # files come along
    assert logo["content_type"] == "image/svg+xml" and logo["key"].startswith("logo/")

    delete_page = "/platform/tenants/beta/delete"
    assert "Close the organisation first" in client.get(delete_page + "?lang=en").get_data(
        as_text=True
    )
    assert client.submit(delete_page, {"slug": "beta"}).status_code == 400  # still open
    client.submit("/platform/tenants/beta/enabled", form_url="/platform/tenants/beta")
    wrong = client.submit(delete_page + "?lang=en", {"slug": "alpha"}, form_url=delete_page)
    assert wrong.status_code == 400
    assert "That is not the organisation" in wrong.get_data(as_text=True)
    assert client.submit(delete_page, {"slug": "beta"}).status_code == 302

    with app.app_context():
        assert remaining_rows(world.b.tenant_id) == {}
        assert remaining_rows(world.a.tenant_id) == alpha_before
        assert db.session.get(Tenant, world.b.tenant_id) is None
        with tenant_scope(world.b.tenant_id):
            assert list(storage.current().files()) == []
        with tenant_scope(world.a.tenant_id):
            assert len(list(storage.current().files())) == 1  # alpha keeps its logo
        assert db.session.get(User, world.b.coordinator.user_id) is None  # beta's alone
        assert db.session.get(User, world.a.coordinator.user_id) is not None
        with tenant_scope(world.a.tenant_id):
            assert db.session.scalar(select(func.count()).select_from(Person)) >= 1
    assert client.get("/beta/").status_code == 404


def test_every_tenant_table_is_covered():
    names = {table.name for table in tenant_tables()}
    assert {"people", "pairs", "report_facts", "memberships", "data_requests"} <= names


def test_tenant_staff_cannot_export_or_delete_an_organisation(client, world):
    client.login(world.b.admin.email, tenant="beta")
    assert client.get("/platform/tenants/beta/export.jsonl").status_code == 403
    assert client.get("/platform/tenants/beta/delete").status_code == 403


def test_the_app_knows_every_table_without_the_models_aggregator():
    """Offboarding reads the tables from the metadata the app's domains filled; in a
    fresh interpreter, building the app must already have imported every model module
    that `kaari.models` (Alembic's list) names."""
    script = (
        "from kaari import create_app\n"
        "from kaari.core.db import Base\n"
        "create_app({'TESTING': True, 'SECRET_KEY': 'k' * 32})\n"
        "known = set(Base.metadata.tables)\n"
        "import kaari.models\n"
        "missing = set(Base.metadata.tables) - known\n"
        "assert not missing, sorted(missing)\n"
    )
    platform = Path(__file__).resolve().parents[2] / "platform"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(platform), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
