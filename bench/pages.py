"""Staff pages at 20,000 people against the demo: every page a coordinator uses daily
should take about as long, run as few statements and weigh as little in a network of
20,000 people as in the demo's.

Builds on PostgreSQL (its own database, BENCH_DATABASE_URL or `kaari_bench_pages` on
127.0.0.1:5432; BENCH_KEEP=1 keeps it and reuses it on the next run):

- the demo (`kaari demo load`): its `tampere-nuoret` is the small network;
- `bench-large` from the same bundle with the demo's people, demo group and partners
  (through the services), grown to 20,000 people registered over five years, 150
  groups over those years with 2,000 pairs (agreements signed), leavers due for
  erasure within the month, three audit entries a person, and three mailings to
  everyone (each written through the mailing service for its first recipient). The
  growth is raw `INSERT ... SELECT` copies of the service-made rows, for speed: the
  services would take many minutes for it;
- a matching run in each (the staff form, through the test client).

Then it signs in as each network's admin (test client, no network) and times each
page: median of five after one unmeasured request, the SQL statements it runs and its
HTML's size. Last line: `page scaling worst ratio: X` (the worst large/small median;
target X <= 2, and every page <= 300 KB of HTML; the pages that miss are named).

    .venv/bin/python bench/pages.py
"""

from __future__ import annotations

import logging
import os
import re
import statistics
import time
import tomllib
from datetime import timedelta
from pathlib import Path

import psycopg
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url
from support import bench_app, refresh_statistics  # bench/support.py (scripts run from bench/)

from kaari.accounts import services as accounts
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.demo import DEMO_PASSWORD, load_demo
from kaari.demo.group import add_demo_group
from kaari.demo.partners import add_demo_partners
from kaari.demo.people import add_demo_people
from kaari.mail import mailings
from kaari.mail.models import Mailing, OutboxMessage
from kaari.matching.models import MatchingRun, Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import (
    Agreement,
    AgreementSignature,
    Group,
    GroupPair,
)
from kaari.tenancy.bundles import apply_bundle, parse_bundle
from kaari.tenancy.services import get_by_slug

DEFAULT_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/kaari_bench_pages"
URL = os.environ.setdefault("BENCH_DATABASE_URL", DEFAULT_URL)
KEEP = os.environ.get("BENCH_KEEP") == "1"
ROOT = Path(__file__).resolve().parent.parent
LARGE, SMALL = "bench-large", "tampere-nuoret"
PEOPLE, GROUPS, PAIRS, MAILINGS = 20_000, 150, 2_000, 3
REPETITIONS = 5
MAX_BYTES = 300 * 1024
TARGET = 2.0


def _database_ready() -> bool:
    """Make the bench's database (anew unless BENCH_KEEP=1); True when a kept one
    already holds the large network."""
    url = make_url(URL)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(False)
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute(
            "select 1 from pg_database where datname = %s", (url.database,)
        ).fetchone()
        if exists and KEEP:
            target = url.set(drivername="postgresql").render_as_string(False)
            with psycopg.connect(target) as bench:
                found = (
                    bench.execute(
                        "select 1 from information_schema.tables where table_name = 'tenants'"
                    ).fetchone()
                    and bench.execute("select 1 from tenants where slug = %s", (LARGE,)).fetchone()
                )
            if found:
                return True
        if exists:
            connection.execute(f'drop database "{url.database}" with (force)')
        connection.execute(f'create database "{url.database}"')
    return False


def build(app) -> None:
    with app.app_context():
        started = time.perf_counter()
        for line in load_demo(ROOT / "tenants"):
            if line.startswith("created"):
                print(f"  demo: {line}")
        data = tomllib.loads((ROOT / "tenants" / f"{SMALL}.toml").read_text(encoding="utf-8"))
        tenant, _created = apply_bundle(
            parse_bundle(
                {**data, "slug": LARGE, "name": "Bench: 20,000 people"}, base_dir=ROOT / "tenants"
            )
        )
        tenant.published = True
        with tenant_scope(tenant.id):
            staff = {}
            for local, role in (
                ("admin", "admin"),
                ("vetaja", "group_leader"),
                ("partneri", "partner"),
            ):
                user = staff[role] = accounts.create_user(
                    f"{local}@{LARGE}.example.org", name=local, password=DEMO_PASSWORD
                )
                accounts.grant_role(user, role, actor=None)
            add_demo_people(tenant)
            add_demo_group(tenant, leader_id=staff["group_leader"].id)
            add_demo_partners(tenant, staff["partner"].id)
            db.session.commit()
            print(f"  {LARGE}: bundle, demo people, group and partners "
                  f"({time.perf_counter() - started:.0f} s)")  # fmt: skip
            _grow_people(tenant.id)
            _add_programme(tenant.id)
            _add_leavers_and_log(tenant.id)
            for n in range(MAILINGS):
                _add_mailing(tenant.id, staff["admin"].id, n)
        small = get_by_slug(SMALL)
        with tenant_scope(small.id):
            admin = accounts.find_user(f"admin@{SMALL}.example.org")
            _add_mailing(small.id, admin.id, 0)
        refresh_statistics()
        _vacuum()
        print(f"  built in {time.perf_counter() - started:.0f} s")


def _vacuum() -> None:
    """VACUUM the bulk-filled tables, as autovacuum does in production shortly after
    (the bench's server may run without it): index-only scans, such as a mailing's
    counts by state, need the tables' visibility map."""
    url = make_url(URL).set(drivername="postgresql").render_as_string(False)
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("VACUUM (ANALYZE)")


def _columns(exclude: set[str]) -> list[str]:
    return [c.name for c in Person.__table__.columns if c.name not in exclude]


def _grow_people(tenant_id: int) -> None:
    """Copies of the demo people (raw INSERT ... SELECT, for speed) up to PEOPLE, each
    with its own name and address, registered over five years, and most of them along
    or past the arc: a tenth wait (the matching pool), the rest registered, completed
    or left."""
    have = db.session.scalar(select(func.count()).select_from(Person))
    copies = -(-(PEOPLE - have) // have)
    kept = _columns({"id", "name", "email", "search_text", "status", "created_at",
                     "registered_at", "status_since", "updated_at"})  # fmt: skip
    db.session.execute(
        text(f"""
        insert into people ({", ".join(kept)}, name, email, search_text, status,
                            created_at, registered_at, status_since, updated_at)
        select {", ".join("p." + c for c in kept)},
               p.name || ' ' || g, 'copy' || g || '.' || p.email,
               p.search_text || ' copy' || g,
               case when g % 10 = 0 then p.status
                    when g % 10 < 4 then 'completed'
                    when g % 10 < 6 then 'withdrawn'
                    else 'registered' end,
               now() - make_interval(days => ((p.id * 7 + g * 13) % 1825)),
               now() - make_interval(days => ((p.id * 7 + g * 13) % 1825)),
               now() - make_interval(days => ((p.id * 7 + g * 13) % 1825)),
               now()
        from people p, generate_series(1, :copies) g
        where p.tenant_id = :tenant
        limit :limit
        """),
        {"copies": copies, "tenant": tenant_id, "limit": PEOPLE - have},
    )
    db.session.commit()
    print(f"  {LARGE}: {db.session.scalar(select(func.count()).select_from(Person))} people")


def _add_programme(tenant_id: int) -> None:
    """GROUPS groups started over five years, PAIRS pairs among them, each with a
    signed agreement (through the models, as the group pages make them)."""
    people = db.session.execute(
        select(Person.id, Person.role).where(Person.status == "completed").order_by(Person.id)
    ).all()
    actors = [pid for pid, role in people if role == "actor"][:PAIRS]
    mentors = [pid for pid, role in people if role == "mentor"][:PAIRS]
    today = utcnow().date()
    per_group = -(-PAIRS // GROUPS)
    for number in range(GROUPS):
        start = today - timedelta(days=1825 * (GROUPS - number) // GROUPS)
        ended = start + timedelta(days=180) < today
        group = Group(name=f"Ryhmä {number + 1}", status="closed" if ended else "running",
                      planned_start=start, planned_end=start + timedelta(days=180))  # fmt: skip
        db.session.add(group)
        db.session.flush()
        chosen = list(zip(actors, mentors, strict=False))[
            number * per_group : (number + 1) * per_group
        ]
        pairs = [Pair(actor_id=a, mentor_id=m, status="confirmed") for a, m in chosen]
        db.session.add_all(pairs)
        db.session.flush()
        agreements = [Agreement(pair_id=pair.id) for pair in pairs]
        db.session.add_all(GroupPair(group_id=group.id, pair_id=pair.id) for pair in pairs)
        db.session.add_all(agreements)
        db.session.flush()
        db.session.add_all(
            AgreementSignature(
                agreement_id=agreement.id, version=1, person_id=member, typed_name="x"
            )
            for agreement, pair in zip(agreements, pairs, strict=True)
            for member in (pair.actor_id, pair.mentor_id)
        )
    db.session.commit()
    print(
        f"  {LARGE}: {GROUPS} groups, {db.session.scalar(select(func.count()).select_from(Pair))} pairs"
    )


def _add_leavers_and_log(tenant_id: int) -> None:
    """A status change for everyone who left or completed (raw INSERT ... SELECT): the
    leavers' a year ago less a few days, so that about 2,000 are due for erasure within
    the month; and three audit entries a person (reads of their page)."""
    db.session.execute(
        text("""
        insert into status_changes (tenant_id, person_id, old_status, new_status, reason, at)
        select tenant_id, id, 'in_group', status, '',
               case when status = 'withdrawn' then now() - make_interval(days => 340 + id % 30)
                    else created_at + interval '200 days' end
        from people where tenant_id = :tenant and status in ('withdrawn', 'completed')
        """),
        {"tenant": tenant_id},
    )
    db.session.execute(  # as set_status keeps it with the history
        text("""
        update people set status_since = changes.at from status_changes changes
        where changes.person_id = people.id and people.tenant_id = :tenant
        """),
        {"tenant": tenant_id},
    )
    db.session.execute(
        text("""
        insert into tenant_audit_events (tenant_id, action, actor_id, ip, object_type,
                                         object_id, details, at)
        select p.tenant_id, 'person.viewed', null, '127.0.0.1', 'Person', p.id::text,
               '{"what": "person"}', p.created_at + make_interval(days => g * 30)
        from people p, generate_series(1, 3) g where p.tenant_id = :tenant
        """),
        {"tenant": tenant_id},
    )
    db.session.commit()


def _add_mailing(tenant_id: int, admin_id: int, number: int) -> None:
    """A mailing written through the service for the admin, then copied (raw INSERT ...
    SELECT, for speed) to every person of the network; one in fifty failed."""
    audience = {"key": "staff", "options": ["admin"]}
    mailing = mailings.create(
        {"fi": f"Tiedote {number + 1}"},
        {"fi": "Hei! Tässä syksyn tapaamiset ja uutiset. " * 20},
        audience,
        created_by_id=admin_id,
        recipient_count=mailings.count(audience),
    )
    db.session.commit()
    db.session.execute(
        text("""
        insert into outbox_messages (tenant_id, mailing_id, person_id, recipient, language,
            subject, text_body, html_body, template, context, headers, bulk, status,
            attempts, last_error, created_at, updated_at, next_attempt_at, sent_at)
        select p.tenant_id, m.mailing_id, p.id, p.email, p.language, m.subject, m.text_body,
               m.html_body, m.template, m.context, m.headers, true,
               case when p.id % 50 = 0 then 'failed' else 'sent' end, 1,
               case when p.id % 50 = 0 then '550 mailbox unavailable' else '' end,
               m.created_at, m.created_at, m.created_at, m.created_at
        from people p, (select * from outbox_messages where mailing_id = :mailing limit 1) m
        where p.tenant_id = :tenant
        """),
        {"mailing": mailing.id, "tenant": tenant_id},
    )
    mailing.recipient_count = db.session.scalar(
        select(func.count()).where(OutboxMessage.mailing_id == mailing.id)
    )
    db.session.commit()


def _first_id(statement) -> int:
    found = db.session.scalar(statement)
    assert found is not None, statement
    return found


def _submit(client, url: str, data: dict):
    """Post a form as a browser does: with the token of the page that shows it."""
    page = client.get(url).get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    return client.post(url, data={**data, "csrf_token": token.group(1) if token else ""})


def urls(app, client, slug: str) -> list[tuple[str, str]]:
    """The pages, with ids of the network's own rows (a run made through the form)."""
    run = _submit(client, f"/{slug}/staff/matching/", {"objective": "score"})
    assert run.status_code == 302, run.status_code
    with app.app_context():
        tenant = get_by_slug(slug)
        with tenant_scope(tenant.id):
            person = _first_id(
                select(Person.id).where(Person.status == "waiting").order_by(Person.id)
            )
            demo_group = _first_id(
                select(Group.id).where(Group.name.not_like("Ryhmä %")).order_by(Group.id)
            )
            pair = db.session.execute(
                select(GroupPair.group_id, GroupPair.pair_id).where(
                    GroupPair.group_id == demo_group
                )
            ).first()
            run_id = _first_id(select(MatchingRun.id).order_by(MatchingRun.id.desc()))
            mailing = _first_id(select(Mailing.id).order_by(Mailing.id))
    staff = f"/{slug}/staff"
    return [
        ("Today", f"{staff}/"),
        ("register list", f"{staff}/participants/"),
        ("a person", f"{staff}/participants/{person}"),
        ("groups list", f"{staff}/groups/"),
        ("a group", f"{staff}/groups/{demo_group}"),
        ("a pair", f"{staff}/groups/{pair.group_id}/pairs/{pair.pair_id}"),
        ("matching overview", f"{staff}/matching/"),
        ("a matching run", f"{staff}/matching/runs/{run_id}"),
        ("mailings list", f"{staff}/mailings/"),
        ("a mailing's progress", f"{staff}/mailings/{mailing}"),
        ("reports", f"{staff}/reports/"),
        ("privacy records", f"{staff}/participants/privacy"),
        ("data requests", f"{staff}/participants/requests/"),
        ("audit log", f"{staff}/audit"),
        ("pairs list", f"{staff}/matching/pairs/"),
        ("partners", f"{staff}/partners/"),
        ("surveys list", f"{staff}/surveys/"),
        ("calendar", f"{staff}/groups/calendar"),
    ]


def measure(app, slug: str) -> dict[str, tuple[float, int, int]]:
    """Each page's median time (s), statements and bytes, signed in as the admin."""
    client = app.test_client()
    signed_in = _submit(client, f"/{slug}/login",
                        {"email": f"admin@{slug}.example.org", "password": DEMO_PASSWORD})  # fmt: skip
    assert signed_in.status_code == 302, signed_in.get_data(as_text=True)[:500]
    engine = app.extensions["kaari_engine"]
    results = {}
    for label, url in urls(app, client, slug):
        assert client.get(url).status_code == 200, url
        timings, statements = [], []
        for _ in range(REPETITIONS):
            counted = [0]

            def count(*_args, counted=counted):
                counted[0] += 1

            event.listen(engine, "before_cursor_execute", count)
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            event.remove(engine, "before_cursor_execute", count)
            statements.append(counted[0])
            assert response.status_code == 200, (url, response.status_code)
        results[label] = (statistics.median(timings), max(statements), len(response.data))
    return results


def main() -> None:
    reuse = _database_ready()
    # The pages render their forms' CSRF tokens: the bench posts its two forms with them.
    app = bench_app(WTF_CSRF_ENABLED=True)
    logging.getLogger("kaari.request").setLevel(logging.WARNING)
    if reuse:
        print(f"reusing the kept database {make_url(URL).database} (BENCH_KEEP=1)")
    else:
        print(f"building in {make_url(URL).database} (PostgreSQL)")
        build(app)
    with app.app_context():
        for slug in (SMALL, LARGE):
            with tenant_scope(get_by_slug(slug).id):
                people = db.session.scalar(select(func.count()).select_from(Person))
            print(f"  {slug}: {people} people")
    small, large = measure(app, SMALL), measure(app, LARGE)
    print(f"\n{'page':<22} {'small ms':>9} {'large ms':>9} {'ratio':>6} "
          f"{'stmts':>7} {'small KB':>9} {'large KB':>9}")  # fmt: skip
    worst, heavy = 0.0, []
    for label, (time_s, statements_s, bytes_s) in small.items():
        time_l, statements_l, bytes_l = large[label]
        ratio = time_l / time_s
        worst = max(worst, ratio)
        if max(bytes_s, bytes_l) > MAX_BYTES:
            heavy.append(label)
        print(f"{label:<22} {time_s * 1000:9.1f} {time_l * 1000:9.1f} {ratio:6.2f} "
              f"{statements_s:>3}/{statements_l:<3} {bytes_s / 1024:9.1f} {bytes_l / 1024:9.1f}")  # fmt: skip
    over = [label for label in small if large[label][0] / small[label][0] > TARGET]
    print(f"\npages over {TARGET:g}x: {', '.join(over) or 'none'}")
    print(f"pages over {MAX_BYTES // 1024} KB: {', '.join(heavy) or 'none'}")
    print(f"page scaling worst ratio: {worst:.2f}")


if __name__ == "__main__":
    main()
