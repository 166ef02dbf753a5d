"""The demo's people are of their network's kind: the women's network has only women and
pairs them under the women's rule set, every person is in one of the network's target
groups, names, fields and homes fit the network, and each network's partners referred
people, of whom the partner login sees its own partner's counts and never a name."""

from __future__ import annotations

import re
import shutil

from sqlalchemy import select

from kaari.core import db
from kaari.core.config import PROJECT_ROOT
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.demo import DEMO_PASSWORD, load_demo
from kaari.demo.names import ORIGINS
from kaari.demo.networks import NETWORKS
from kaari.intake import partners
from kaari.intake.tenant_forms import missing
from kaari.matching import rulesets
from kaari.matching.services import PoolOptions, propose
from kaari.participants.models import Person
from kaari.taxonomy import services as taxonomy
from kaari.tenancy.models import TargetGroup, Tenant
from tests.helpers import Client

BUNDLES = ("uranaiset-helsinki", "turku-insinoorit", "tampere-nuoret")
# The regions, written out here rather than read from the demo's own tables.
REGIONS = {
    "uranaiset": {
        "Helsinki", "Espoo", "Vantaa", "Kauniainen", "Kerava", "Järvenpää", "Kirkkonummi",
        "Tuusula", "Sipoo",
    },
    "turku-insinoorit": {
        "Turku", "Kaarina", "Raisio", "Naantali", "Lieto", "Masku", "Parainen", "Paimio", "Rusko",
    },
    "tampere-nuoret": {"Tampere", "Nokia", "Ylöjärvi", "Kangasala", "Pirkkala", "Lempäälä"},
}  # fmt: skip
TARGET_GROUPS = {
    "uranaiset": {"women-higher-ed"},
    "turku-insinoorit": {"engineers", "technical-graduates"},
    "tampere-nuoret": {"young-graduates", "young-students"},
}


def _people(slug: str) -> tuple[Tenant, list[Person]]:
    tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
    with tenant_scope(tenant.id):
        people = list(db.session.scalars(select(Person).order_by(Person.id)))
    return tenant, people


def _origins_fitting(name: str) -> set[str]:
    """The naming traditions in which the first and the family name belong together."""
    first, last = name.split(" ", 1)
    return {
        key
        for key, origin in ORIGINS.items()
        if first in origin.women + origin.men and last in origin.surnames + origin.women_surnames
    }


def _first_names(gender: str) -> set[str]:
    return {name for origin in ORIGINS.values() for name in getattr(origin, gender)}


def test_the_womens_network_has_only_women_and_pairs_them_by_the_womens_rules(
    app, load_demo_networks
):
    load_demo_networks("uranaiset-helsinki")
    with app.app_context():
        tenant, people = _people("uranaiset")
        assert all(person.name.split()[0] in _first_names("women") for person in people)
        registered = [person for person in people if person.registered_at]
        assert len(registered) > 40
        assert {person.answers.get("custom_gender") for person in registered} == {"woman"}
        with tenant_scope(tenant.id):
            rules, _objective = rulesets.tenant_rules()
            assert rules.label == "women v1" and rules.constraints == {"gender": 1.0}
            # The hard rule lets no pair through whose gender is unknown: these all passed.
            run = propose(tenant, PoolOptions(), actor_id=None, secret_key="test")
            assert len(run.result["proposals"]) >= 10
    coordinator = Client(app)
    coordinator.login("koordinaattori@uranaiset.example.org", DEMO_PASSWORD, tenant="uranaiset")
    page = coordinator.get(f"/uranaiset/staff/participants/{registered[0].id}?lang=en")
    html = page.get_data(as_text=True)
    assert '<dt>Gender</dt><dd class="answer">Woman</dd>' in html
    assert "Missing information" not in html


def test_every_demo_person_is_in_a_target_group_of_their_network(app, load_demo_networks):
    load_demo_networks(*BUNDLES)
    with app.app_context():
        for slug, keys in TARGET_GROUPS.items():
            tenant, people = _people(slug)
            with tenant_scope(tenant.id):
                groups = {g.id: g.key for g in db.session.scalars(select(TargetGroup))}
            of = {person.id: groups.get(person.target_group_id) for person in people}
            assert set(of.values()) == keys, slug  # each group has people, nobody has none
            assert not any(person.outside_target_groups for person in people)
            for person in people:
                if slug == "turku-insinoorit" and person.occupation_code:
                    engineer = person.occupation_code[:3] in ("214", "215")
                    assert (of[person.id] == "engineers") == engineer, person.name
                if slug == "tampere-nuoret" and person.role == "actor" and person.registered_at:
                    studying = person.answers["situation"] == "studying"
                    assert (of[person.id] == "young-students") == studying, person.name


def test_names_fields_and_homes_fit_each_network(app, load_demo_networks):
    load_demo_networks(*BUNDLES)
    this_year = utcnow().year
    with app.app_context():
        for slug, network in NETWORKS.items():
            tenant, people = _people(slug)
            assert {person.municipality for person in people} <= REGIONS[slug], slug
            assert len({person.name for person in people}) == len(people), slug
            for person in people:
                origins = (
                    network.actor_origins if person.role == "actor" else network.mentor_origins
                )
                assert _origins_fitting(person.name) & set(origins), (slug, person.name)
            registered = [person for person in people if person.registered_at]
            with tenant_scope(tenant.id):  # the forms in force are the tenant's
                for person in registered:
                    assert missing(person.role, person.answers, "fi", "fi") == [], person.name
            for person in registered:
                answers = person.answers
                field = (answers["occupation_code"], answers["education_field_code"])
                assert field in network.fields, (slug, person.name)
                assert answers["occupation"] in (
                    taxonomy.label_of(field[0], taxonomy.occupations(), language)
                    for language in ("fi", "sv", "en")
                )
                assert field[1] in taxonomy.education_fields()
                if slug == "turku-insinoorit":
                    assert field[0][:2] in ("21", "25"), person.name
                if slug == "tampere-nuoret" and person.role == "actor":
                    assert 18 <= this_year - int(answers["birth_year"]) <= 29, person.name
        _tenant, engineers = _people("turku-insinoorit")
        first_names = {person.name.split()[0] for person in engineers}
        assert first_names & _first_names("women") and first_names & _first_names("men")


def test_the_partner_login_sees_its_own_partners_referrals_and_no_names(app, load_demo_networks):
    load_demo_networks("uranaiset-helsinki")
    with app.app_context():
        tenant, people = _people("uranaiset")
        with tenant_scope(tenant.id):
            referred = {partner.name: count for partner, count in partners.list_partners()}
    assert len(referred) == 3 and all(referred.values()), referred
    partner = Client(app)
    partner.login("partneri@uranaiset.example.org", DEMO_PASSWORD, tenant="uranaiset")
    html = partner.get("/uranaiset/staff/partners/referrals?lang=en").get_data(as_text=True)
    assert "Helsingin työllisyyspalvelut" in html
    assert "Maahanmuuttajien työnhakuvalmennus" in html  # one of its links
    assert not any(name in html for name in referred if name != "Helsingin työllisyyspalvelut")
    stages = {stage: int(n) for stage, n in re.findall(r"<tr><td>([A-Z][^<]+)</td><td>(\d+)</td></tr>", html)}  # fmt: skip
    assert sum(stages.values()) == referred["Helsingin työllisyyspalvelut"]
    assert len([n for n in stages.values() if n]) >= 5, stages
    assert not any(person.name in html for person in people)


def test_a_bundle_without_a_demo_network_of_its_own_gets_people_and_a_partner(app, tmp_path):
    folder = tmp_path / "tenants"
    shutil.copytree(PROJECT_ROOT / "tenants" / "logos", folder / "logos")
    bundle = (PROJECT_ROOT / "tenants" / "tampere-nuoret.toml").read_text()
    bundle = bundle.replace('slug = "tampere-nuoret"', 'slug = "oulu-nuoret"')
    (folder / "oulu-nuoret.toml").write_text(bundle.replace('"Tampere"', '"Oulu"'))
    with app.app_context():
        list(load_demo(folder))
        tenant, people = _people("oulu-nuoret")
        assert len(people) > 40 and {person.municipality for person in people} == {"Oulu"}
        assert all(person.target_group_id for person in people)
        with tenant_scope(tenant.id):
            [(partner, referred)] = partners.list_partners()
    assert referred and partner.kind == "employment_office"
