"""Tenant bundles: the shipped examples apply, re-applying changes nothing, errors name the key."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from kaari.core import db, storage
from kaari.core.config import PROJECT_ROOT
from kaari.core.scoping import cross_tenant, tenant_scope
from kaari.tenancy.bundles import BundleError, apply_bundle, load_bundle, parse_bundle
from kaari.tenancy.models import TargetGroup, Tenant
from tests.helpers import Client

BUNDLES = sorted((PROJECT_ROOT / "tenants").glob("*.toml"))
EXAMPLE = PROJECT_ROOT / "tenants" / "uranaiset-helsinki.toml"


def _snapshot() -> list[tuple]:
    with cross_tenant():
        tenants = db.session.scalars(select(Tenant).order_by(Tenant.slug)).all()
        groups = db.session.scalars(select(TargetGroup).order_by(TargetGroup.id)).all()
        return [
            (t.slug, t.name, t.languages, t.texts, t.brand_colour, t.logo_key, t.settings)
            for t in tenants
        ] + [(g.tenant_id, g.key, g.name, g.description, g.position) for g in groups]


def test_three_example_organisations_ship_with_different_target_groups(app):
    # (the app's domains register their bundle sections, such as [forms])
    assert len(BUNDLES) >= 3
    keys = [tuple(group["key"] for group in load_bundle(path).target_groups) for path in BUNDLES]
    assert len(set(keys)) == len(keys)


@pytest.mark.parametrize("path", BUNDLES, ids=lambda path: path.stem)
def test_each_example_bundle_applies_with_texts_in_its_languages(app_context, path):
    bundle = load_bundle(path)
    tenant, created = apply_bundle(bundle)
    db.session.commit()
    assert created
    for language in tenant.languages:
        assert tenant.text("about", language)
    with tenant_scope(tenant.id):
        assert db.session.scalar(select(func.count()).select_from(TargetGroup)) >= 1


def test_applying_the_same_bundles_twice_changes_nothing(app_context):
    for path in BUNDLES:
        apply_bundle(load_bundle(path))
    db.session.commit()
    first = _snapshot()
    for path in BUNDLES:
        _tenant, created = apply_bundle(load_bundle(path))
        assert not created
    db.session.commit()
    assert _snapshot() == first


def test_a_changed_bundle_updates_the_tenant(app_context, tmp_path):
    apply_bundle(load_bundle(EXAMPLE))
    data = tomllib.loads(EXAMPLE.read_text())
    data["name"] = "Renamed Network"
    data["branding"].pop("logo")
    bundle = parse_bundle(data, base_dir=EXAMPLE.parent)
    tenant, created = apply_bundle(bundle)
    db.session.commit()
    assert not created and tenant.name == "Renamed Network"
    assert tenant.logo_key is None
    with tenant_scope(tenant.id):
        assert list(storage.current().files()) == []  # the dropped logo's file went too


def _broken(**changes) -> dict:
    data = tomllib.loads(EXAMPLE.read_text())
    for dotted, value in changes.items():
        *parents, key = dotted.split("__")
        target = data
        for parent in parents:
            target = target[int(parent)] if parent.isdigit() else target[parent]
        if value is None:
            target.pop(key)
        else:
            target[key] = value
    return data


@pytest.mark.parametrize(
    ("changes", "named_key"),
    [
        ({"colour_of_logo": "red"}, "colour_of_logo"),
        ({"slug": "Not Valid!"}, "slug"),
        ({"slug": "platform"}, "slug"),
        ({"languages": ["fi", "de"]}, "languages"),
        ({"default_language": "en", "languages": ["fi"]}, "default_language"),
        ({"branding__colour": "purple"}, "branding.colour"),
        ({"branding__logo": "logos/missing.svg"}, "branding.logo"),
        ({"contact__fax": "123"}, "contact.fax"),
        ({"texts__about": {"fi": "Vain suomeksi"}}, "texts.about.sv"),
        ({"texts__motto": {"fi": "x"}}, "texts.motto"),
        ({"target_groups__0__key": None}, "target_groups[0].key"),
        ({"settings": {"reconfirm_after_days": "soon"}}, "settings.reconfirm_after_days"),
        ({"settings": {"unknown_setting": 1}}, "settings.unknown_setting"),
        ({"settings": {"arc_months": 30}}, "settings.arc_months: expected a number from 6 to 12"),
        ({"settings": {"timezone": "Mars/Olympus"}}, "settings.timezone"),
        ({"national_reporting": "yes"}, "national_reporting"),
        ({"name": None}, "name"),
    ],
)
def test_errors_name_the_bad_key(app, changes, named_key):
    # Sections and settings come from the domains' faces, registered when the app is built.
    with pytest.raises(BundleError) as error:
        parse_bundle(_broken(**changes), base_dir=EXAMPLE.parent)
    assert str(error.value).startswith(named_key), str(error.value)


def test_invalid_toml_is_reported(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('slug = "x\n')
    with pytest.raises(BundleError, match="not valid TOML"):
        load_bundle(path)


def test_the_cli_applies_a_bundle_and_reports_errors(app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["tenants", "apply", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert "created uranaiset" in result.output
    result = runner.invoke(args=["tenants", "apply", str(EXAMPLE)])
    assert "updated uranaiset" in result.output

    bad = tmp_path / "bad.toml"
    bad.write_text(EXAMPLE.read_text().replace("[contact]", "[contact]\nfax = '1'"))
    result = runner.invoke(args=["tenants", "apply", str(bad)])
    assert result.exit_code != 0
    assert "contact.fax: unknown key" in result.output


def test_the_cli_says_when_a_bundle_leaves_the_join_form_closed(app, tmp_path):
    runner = app.test_cli_runner()
    assert "join form" not in runner.invoke(args=["tenants", "apply", str(EXAMPLE)]).output
    shutil.copytree(EXAMPLE.parent / "logos", tmp_path / "logos")
    without = tmp_path / "no-contact.toml"
    without.write_text(EXAMPLE.read_text().replace('email = "koordinaattori', '# email = "k', 1))
    result = runner.invoke(args=["tenants", "apply", str(without)])
    assert result.exit_code == 0, result.output
    assert "join form of uranaiset is closed to the public" in result.output


def test_demo_load_creates_logins_for_every_example(app):
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from kaari.accounts.services import authenticate
        from kaari.demo import DEMO_PASSWORD

        for path in BUNDLES:
            slug = load_bundle(Path(path)).slug
            assert authenticate(f"koordinaattori@{slug}.example.org", DEMO_PASSWORD)
        assert authenticate("admin@kaari.example.org", DEMO_PASSWORD).platform_role == (
            "platform_admin"
        )


def test_the_demo_has_people_waiting_and_proposals_for_them(app):
    """make run's promise: a coordinator finds people waiting and gets proposals."""
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    assert "invented people" not in runner.invoke(args=["demo", "load"]).output  # once only
    from kaari.matching.services import PoolOptions, propose, with_details
    from kaari.participants.models import Person

    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "turku-insinoorit"))
        with tenant_scope(tenant.id):
            waiting = db.session.scalar(
                select(func.count()).select_from(Person).where(Person.status == "waiting")
            )
            run = propose(tenant, PoolOptions(), actor_id=None, secret_key="test")
            assert waiting >= 30  # twelve of each tenant's people are in its demo group
            assert len(run.result["proposals"]) >= 10
            proposals = with_details(run, run.result["proposals"])
            assert all(proposal["parts"] for proposal in proposals)


def test_the_demo_group_is_half_way_through_its_arc(app, client):
    """make run's promise: a coordinator finds a running group with its pairs' meetings,
    agreements, mid-point flags and a report."""
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    from kaari.demo import DEMO_PASSWORD
    from kaari.programme.groups.models import Group

    with app.app_context():
        tenant = db.session.scalar(select(Tenant).where(Tenant.slug == "turku-insinoorit"))
        with tenant_scope(tenant.id):
            group_id = db.session.scalar(select(Group.id))
    client.login(
        "koordinaattori@turku-insinoorit.example.org", DEMO_PASSWORD, tenant="turku-insinoorit"
    )
    page = client.get(f"/turku-insinoorit/staff/groups/{group_id}?lang=en").get_data(as_text=True)
    assert page.count("Fewer than four") == 2 and page.count("No meetings</span>") == 1
    assert page.count(">Signed<") == 4
    report = client.get(f"/turku-insinoorit/staff/groups/{group_id}/report?lang=en")
    assert "Agreements signed by both: 4 of 6. Pair meetings logged: 19." in report.get_data(
        as_text=True
    )
    events = client.get("/turku-insinoorit/staff/events/?lang=en").get_data(as_text=True)
    assert "CV workshop" in events
    # The demo group leader leads this group, so that login shows it (and only it).
    leader = Client(app)
    leader.login("vetaja@turku-insinoorit.example.org", DEMO_PASSWORD, tenant="turku-insinoorit")
    groups = leader.get("/turku-insinoorit/staff/groups/?lang=en").get_data(as_text=True)
    assert f"/turku-insinoorit/staff/groups/{group_id}" in groups
    assert leader.get(f"/turku-insinoorit/staff/groups/{group_id}?lang=en").status_code == 200
