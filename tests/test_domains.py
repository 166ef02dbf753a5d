"""The faces of the domains: every route, recurring job, bundle section, audience,
link minter, mail check, erasure step, place of personal data, tenant setting and menu entry is
registered by a domain's `init_app` (kaari/<domain>/__init__.py), and nothing
registers itself by being imported."""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest

from kaari import DOMAINS
from kaari.core import db, domains, schedule, today
from kaari.mail import audiences, delivery, links
from kaari.participants import answers, person_panels, referrers, register_columns
from kaari.privacy import erasure, registry
from kaari.reporting import threshold
from kaari.tenancy import bundles, settings
from kaari.tenancy.models import Tenant
from tests.helpers import World

PLATFORM = Path(__file__).resolve().parents[1] / "platform"


def _name(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


# registry name in domains.ORIGINS -> the keys registered there now
REGISTRIES = {
    "recurring": lambda: list(schedule.RECURRING),
    "bundle_section": lambda: list(bundles.SECTIONS),
    "audience": lambda: list(audiences.AUDIENCES),
    "link_minter": lambda: list(links.MINTERS),
    "wanted_check": lambda: [_name(check) for check in delivery.WANTED_CHECKS],
    "erasure_step": lambda: [_name(step) for step in erasure.STEPS],
    "person_data": lambda: list(registry.REGISTRY),
    "partner_names": lambda: ["provider"] if referrers._providers else [],
    "answer_reader": lambda: ["reader"] if answers._readers else [],
    "register_columns": lambda: list(register_columns._sources),
    "register_filter": lambda: list(register_columns._filters),
    "person_panel": lambda: list(person_panels._panels),
    "setting": lambda: list(settings.DECLARED),
    "threshold_source": lambda: ["source"] if threshold._sources else [],
    "today": lambda: list(today.SOURCES),
}


def test_domains_are_the_packages_with_a_face():
    faces = sorted(
        path.parent.name
        for path in (PLATFORM / "kaari").glob("*/__init__.py")
        if "def init_app(" in path.read_text()
    )
    assert sorted(DOMAINS) == faces
    assert len(set(DOMAINS)) == len(DOMAINS)


def test_every_route_comes_from_a_domains_blueprint(app):
    owners = app.extensions["kaari.blueprint_domains"]
    assert set(app.blueprints) == set(owners), "a blueprint registered outside init_app"
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        blueprint = rule.endpoint.rpartition(".")[0]
        assert owners.get(blueprint) in DOMAINS, f"{rule.rule} ({rule.endpoint}) has no domain"


@pytest.mark.parametrize("name", sorted(REGISTRIES))
def test_every_registration_came_through_a_domains_init_app(app, name):
    keys = REGISTRIES[name]()
    assert keys, f"nothing registered as {name}"
    for key in keys:
        assert domains.ORIGINS.get((name, key)) in DOMAINS, f"{name} {key} has no domain"


def test_a_recurring_job_lives_in_the_domain_that_registers_it(app):
    for name, entry in schedule.RECURRING.items():
        domain = domains.ORIGINS[("recurring", name)]
        assert entry.func.__module__.startswith(f"kaari.{domain}."), name


def test_registering_outside_a_domains_init_app_fails():
    def job() -> None:
        pass

    with pytest.raises(domains.RegistrationError):
        schedule.add_recurring(job, every=timedelta(hours=1))
    assert _name(job) not in schedule.RECURRING


def test_a_setting_is_registered_by_the_domain_that_declares_it(app):
    for key in settings.DECLARED:
        domain = domains.ORIGINS[("setting", key)]
        proxy = getattr(importlib.import_module(f"kaari.{domain}.settings"), f"{domain}_settings")
        assert proxy.settings[key] is settings.DECLARED[key]


def test_every_setting_read_in_the_code_is_declared(app):
    """A key is a string: a typo would fail only on the request that reads it, so every
    read in the package and the templates is checked here. Code reads its own or a
    lower domain's proxy, with that domain's keys."""
    root = PLATFORM.parent
    reads = 0
    for path in [*(PLATFORM / "kaari").rglob("*.py"), *(root / "templates").rglob("*.html")]:
        text = path.read_text()
        for domain, key in re.findall(
            r"\b(\w+)_settings\.get\([^,()]+(?:\([^()]*\))?, \"(\w+)\"", text
        ):
            reads += 1
            assert domains.ORIGINS.get(("setting", key)) == domain, f"{path}: {domain} {key}"
        for key in re.findall(r"\.setting\(\"(\w+)\"\)", text):
            reads += 1
            assert key in settings.DECLARED, f"{path}: {key}"
    assert reads > 30


def test_declaring_and_reading_settings_fail_loudly(app, world: World):
    with pytest.raises(ValueError, match="default"):
        settings.SettingsProxy("reporting", settings.Setting("weeks", 0, bounds=(1, 4)))
    with pytest.raises(ValueError, match="twice"):
        settings.SettingsProxy("reporting", settings.Setting("a", 1), settings.Setting("a", 2))
    proxy = settings.SettingsProxy("reporting", settings.Setting("arc_months", 9))
    with pytest.raises(domains.RegistrationError):
        settings.register_settings(proxy)  # outside an init_app
    with domains.registering("materials"), pytest.raises(domains.RegistrationError):
        settings.register_settings(proxy)  # another domain's settings
    with domains.registering("reporting"), pytest.raises(domains.RegistrationError):
        settings.register_settings(proxy)  # a key programme declares
    from kaari.programme.settings import programme_settings

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        assert programme_settings.get(tenant, "arc_months") == 9
        with pytest.raises(KeyError):
            programme_settings.get(tenant, "pack_diary_pages")  # materials' setting


def test_importing_every_module_registers_nothing():
    """A fresh interpreter imports every module of the package without an app: any
    registration at import time raises (or, done by hand, leaves a registry filled)."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, kaari
        for module in pkgutil.walk_packages(kaari.__path__, "kaari."):
            if module.name != "kaari.wsgi":  # builds the app
                importlib.import_module(module.name)
        from tests.test_domains import REGISTRIES
        from kaari.core.domains import ORIGINS
        from kaari.core.extensions import login_manager
        filled = {name: keys() for name, keys in REGISTRIES.items() if keys()}
        assert not filled and not ORIGINS, (filled, ORIGINS)
        assert login_manager._user_callback is None  # accounts sets it in init_app
        """
    )
    root = PLATFORM.parent
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={"PYTHONPATH": f"{PLATFORM}:{root}", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
