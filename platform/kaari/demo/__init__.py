"""Demo data for `make run`: the example bundles plus staff logins to try.

Every demo login uses the password DEMO_PASSWORD; the README lists them.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kaari.accounts import services as accounts
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.demo.group import add_demo_group
from kaari.demo.partners import add_demo_partners
from kaari.demo.people import add_demo_people
from kaari.matching.rulesets import publish_shipped
from kaari.reporting.facts import refresh_facts
from kaari.reporting.rollup import rebuild_national_facts
from kaari.tenancy.bundles import apply_bundle, load_bundle

DEMO_PASSWORD = "kaari-demo-2026"  # noqa: S105 (documented demo credential, local only)
DEMO_ROLES = (
    ("admin", "admin"),
    ("koordinaattori", "coordinator"),
    ("vetaja", "group_leader"),
    ("partneri", "partner"),
)


def _demo_user(email: str, *, name: str, platform_role: str | None = None):
    user = accounts.find_user(email)
    if user is None:
        user = accounts.create_user(
            email, name=name, password=DEMO_PASSWORD, platform_role=platform_role
        )
    return user


def load_demo(folder: Path) -> Iterator[str]:
    platform_admin = _demo_user(
        "admin@kaari.example.org", name="Platform Admin", platform_role="platform_admin"
    )
    _demo_user(
        "analyytikko@kaari.example.org", name="National Analyst", platform_role="national_analyst"
    )
    multi = _demo_user("monitoimija@kaari.example.org", name="Maija Monitoimija")
    yield f"platform admin: {platform_admin.email}"
    for rule_set in publish_shipped():
        yield f"published rule set {rule_set.key} v{rule_set.version}"
    for path in sorted(folder.glob("*.toml")):
        tenant, created = apply_bundle(load_bundle(path))
        tenant.published = True  # the demo networks are public from the start
        yield f"{'created' if created else 'updated'} tenant {tenant.slug}"
        with tenant_scope(tenant.id):
            staff = {}
            for local, role in DEMO_ROLES:
                user = staff[role] = _demo_user(
                    f"{local}@{tenant.slug}.example.org",
                    name=f"{local.capitalize()} ({tenant.name})",
                )
                if accounts.membership_of(user) is None:
                    accounts.grant_role(user, role, actor=None)
            if accounts.membership_of(multi) is None:
                accounts.grant_role(multi, "coordinator", actor=None)
            added = add_demo_people(tenant)
            if added:
                yield f"  {added} invented people: waiting for a pair, and a few new contacts"
            group = add_demo_group(tenant, leader_id=staff["group_leader"].id)
            if group:
                yield f"  demo group {group} with six pairs half-way through their arc"
            partners = add_demo_partners(tenant, staff["partner"].id)
            if partners:
                yield f"  partners {', '.join(partners)}; the partner login speaks for the first"
            if tenant.national_reporting:
                this_year = utcnow().year
                rows = sum(refresh_facts(tenant.id, year) for year in (this_year, this_year - 1))
                yield f"  {rows} aggregate rows for national reporting"
        db.session.commit()
    rebuild_national_facts()
    db.session.commit()
    yield f"demo password for every login: {DEMO_PASSWORD}"
