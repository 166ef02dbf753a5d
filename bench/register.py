"""Register list scaling: the staff list of participants, its search and its pages
must not slow down as the register grows, and its exports must grow only with the
rows they write, in flat memory.

Times, through the test client, a tenant with 1,000 and one with 20,000 participants
side by side (their requests take turns, so that a busy moment of a shared machine
hits both), while 100 other tenants hold 200 each:

- the filtered list page (a page of 50) under four filters;
- a search that matches nobody (the whole register is looked through, twice: the
  count and the page);
- deep pages: the last page of the list, newest first and by name;
- the exports, CSV and XLSX, of the whole register with every column (median of
  `--exports` runs; the file read to its end), with their time per person and the
  peak memory Python allocated while one of them ran (tracemalloc, a run of its own).

On PostgreSQL by default: the database `kaari_bench_register` on 127.0.0.1:5432
(trust auth, user postgres), or BENCH_DATABASE_URL, which is DROPPED and created
afresh (give the bench a database of its own); `--sqlite` uses a throw-away SQLite
file. The app connects as the URL's user (postgres, a superuser: row-level security
is not in the way, the tenant filter of every query still is).

    .venv/bin/python bench/register.py [--sqlite] [--requests 30] [--exports 5]

The last line is `register list scaling ratio: X`, the worst p50 at 20,000 / p50 at
1,000 over the list, the search that matches nobody and the deep pages; target
X <= 1.5. The exports print their own 20,000 / 1,000 ratios before it (time per
person and peak memory: about 1 for both when they scale with the rows they write).
The same list with every optional column (group, pair partner, agreement signed, pair
meetings logged, outcome, occupation, education, referrer) and the programme's filters
is timed on its own: a third of the people are in confirmed pairs of ten-pair groups,
with an agreement, pair meetings and outcomes; its line is `register list with the
programme's columns scaling ratio: X`, target X <= 1.5.

The import of a register (`--import-rows 20000`, or `--only import` for it alone):
an XLSX and a CSV file of that many people, the upload and mapping requests, the
reading job, the dry run and the real import (the jobs, run inline), each as a ratio
to reading the same file with openpyxl or csv alone; target <= 5. The line "the phone
and email libraries' checks alone" is the floor under any import that checks rows as
the registration form does (phonenumbers and email-validator, about 35 us a row
each): against csv's C reader (under 1 us a row) that floor alone is far above 5 x,
so the CSV ratios cannot meet the target; the XLSX ones do.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import statistics
import time
import tracemalloc
from datetime import date

from email_validator import validate_email
from openpyxl import Workbook, load_workbook
from sqlalchemy import insert, select
from support import (  # bench/support.py (scripts run from bench/)
    LOCAL_POSTGRES,
    bench_app,
    fresh_postgres,
    refresh_statistics,
)

from kaari.accounts.services import create_user, grant_role
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake.imports import jobs as import_jobs
from kaari.intake.imports import services as imports
from kaari.intake.services import normalise_phone
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import (
    Agreement,
    AgreementSignature,
    Group,
    GroupPair,
    PairMeeting,
)
from kaari.programme.outcomes.models import OUTCOME_KINDS, Outcome
from kaari.tenancy.services import create_tenant

PASSWORD = "bench password 2026"
REGISTER = "/{tenant}/staff/participants/"
LIST = ("", "?role=actor&status=waiting", "?q=vantaa", "?field=2&language_level=b1&sort=waiting")
EVERY_COLUMN = "&".join(
    f"show={key}"
    for key in (
        "group", "pair_partner", "agreement", "meetings", "outcome", "occupation", "education",
        "referrer",
    )
)  # fmt: skip
NOBODY = ("?q=zzyzx-nobody",)
EXPORT = "export?" + "&".join(
    f"columns={key}"
    for key in (
        "name", "email", "phone", "role", "status", "municipality", "language", "contacted",
        "registered", "language_level", "occupation", "education", "referrer", "group",
        "pair_partner", "agreement", "meetings", "outcome",
    )
)  # fmt: skip
EXPORT_KINDS = ("csv", "xlsx")
PROGRAMME = (
    f"?{EVERY_COLUMN}",
    f"?{EVERY_COLUMN}&role=actor&meetings=1&agreement=yes",
    f"?{EVERY_COLUMN}&outcome=employed_own_field&sort=name",
    f"?{EVERY_COLUMN}&pair=no&role=mentor",
)
SIZES = {"bench-0": 1_000, "bench-1": 20_000}  # the two registers measured, side by side


def add_people(tenant_id: int, count: int, start: int) -> None:
    now = utcnow()
    rows = [
        {
            "tenant_id": tenant_id,
            "role": ("actor", "mentor", "other")[n % 3],
            "name": f"Person {n}",
            "email": f"person{n}@example.org",
            "municipality": ("Helsinki", "Espoo", "Vantaa")[n % 3],
            "status": ("registered", "waiting", "matched", "in_group")[n % 4],
            "language": "fi",
            "question": "",
            "wants_job_placement": n % 50 == 0,
            "answers": {"goals": "Engineering", "occupation_code": ("2142", "2512", "3112")[n % 3]},
            "occupation_code": ("2142", "2512", "3112")[n % 3],
            "language_level": ("a2", "b1", "b2")[n % 3],
            # What the mapper event would keep (a bulk insert skips it).
            "search_text": f"person {n}\nperson{n}@example.org\n"
            f"{('helsinki', 'espoo', 'vantaa')[n % 3]}\nengineering",
            "created_at": now,
            "updated_at": now,
        }
        for n in range(start, start + count)
    ]
    with tenant_scope(tenant_id):
        for chunk in range(0, len(rows), 5000):
            db.session.execute(insert(Person), rows[chunk : chunk + 5000])
        db.session.commit()


def add_programme(tenant_id: int, group_number: int) -> None:
    """Pairs of the tenant's people not yet in one (actor n with the mentor after them),
    ten pairs a group, each with a signed agreement, a pair meeting per third of them,
    and an outcome for every other actor."""
    with tenant_scope(tenant_id):
        paired = select(Pair.actor_id).union(select(Pair.mentor_id))
        people = db.session.execute(
            select(Person.id, Person.role).where(Person.id.not_in(paired)).order_by(Person.id)
        ).all()
        actors = [pid for pid, role in people if role == "actor"]
        mentors = [pid for pid, role in people if role == "mentor"]
        pairs = [
            Pair(actor_id=actor, mentor_id=mentor, status="confirmed")
            for actor, mentor in zip(actors, mentors, strict=False)
        ]
        db.session.add_all(pairs)
        db.session.flush()
        for start in range(0, len(pairs), 10):
            group = Group(name=f"G{group_number}-{start // 10}", status="running")
            db.session.add(group)
            db.session.flush()
            for n, pair in enumerate(pairs[start : start + 10]):
                db.session.add(GroupPair(group_id=group.id, pair_id=pair.id))
                agreement = Agreement(pair_id=pair.id)
                db.session.add(agreement)
                db.session.flush()
                for member in (pair.actor_id, pair.mentor_id):
                    db.session.add(AgreementSignature(agreement_id=agreement.id, version=1,
                                                      person_id=member, typed_name="x"))  # fmt: skip
                if n % 3 == 0:
                    db.session.add(PairMeeting(pair_id=pair.id, met_on=date(2026, 10, 1)))
                if n % 2 == 0:
                    db.session.add(Outcome(person_id=pair.actor_id, kind=OUTCOME_KINDS[n % 6],
                                           happened_on=date(2026, 11, 1)))  # fmt: skip
        db.session.commit()


def deep_pages(people: int) -> tuple[str, ...]:
    """The last page of the list, newest first and by name."""
    last = -(-people // 50)
    return (f"?page={last}", f"?sort=name&page={last}")


def p50(clients: dict, requests: int, paths_of) -> dict[str, float]:
    """Each tenant's p50 over the pages `paths_of(people)` gives, the two tenants'
    requests taking turns (so that a busy moment of the machine hits both)."""
    timings: dict[str, list[float]] = {tenant: [] for tenant in clients}
    for number in range(len(paths_of(1))):
        per_path: dict[str, list[float]] = {tenant: [] for tenant in clients}
        for _ in range(requests):
            for tenant, client in clients.items():
                url = REGISTER.format(tenant=tenant) + paths_of(SIZES[tenant])[number]
                started = time.perf_counter()
                response = client.get(url)
                per_path[tenant].append(time.perf_counter() - started)
                assert response.status_code == 200, (url, response.status_code)
        print("  " + ", ".join(
            f"{paths_of(SIZES[t])[number] or '(the list)'} at {SIZES[t]:,}: "
            f"p50 {statistics.median(per_path[t]) * 1000:.1f} ms" for t in clients))  # fmt: skip
        for tenant in clients:
            timings[tenant] += per_path[tenant]
    return {tenant: statistics.median(found) for tenant, found in timings.items()}


def downloaded(client, url: str) -> int:
    """Bytes of the file, read as a browser does, chunk by chunk and not kept (the
    test client's buffered body would hold the whole file in this process)."""
    response = client.get(url, buffered=False)
    assert response.status_code == 200, (url, response.status_code)
    size = sum(len(chunk) for chunk in response.response)
    response.close()
    return size


def exports(clients: dict, runs: int) -> dict[tuple[str, str], tuple[float, float, int]]:
    """Each export of each whole register, the tenants taking turns: (median seconds,
    peak MiB Python allocated in a run of its own, bytes) by (kind, tenant)."""
    timings: dict[tuple[str, str], list[float]] = {}
    sizes: dict[tuple[str, str], int] = {}
    for kind in EXPORT_KINDS:
        for _ in range(runs):
            for tenant, client in clients.items():
                started = time.perf_counter()
                url = REGISTER.format(tenant=tenant) + f"{EXPORT}&format={kind}"
                sizes[kind, tenant] = downloaded(client, url)
                timings.setdefault((kind, tenant), []).append(time.perf_counter() - started)
    figures = {}
    for (kind, tenant), found in timings.items():
        tracemalloc.start()
        downloaded(clients[tenant], REGISTER.format(tenant=tenant) + f"{EXPORT}&format={kind}")
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
        figures[kind, tenant] = (statistics.median(found), peak, sizes[kind, tenant])
    return figures


IMPORT_HEADERS = ("Etunimi", "Sukunimi", "Sähköposti", "Puhelin", "Rooli", "Tila", "Kotikunta")


def register_rows(count: int) -> list[tuple]:
    return [
        (
            f"Etu{n}",
            f"Suku{n}",
            f"tuonti{n}@example.fi",
            f"040 {1_000_000 + n}",
            ("Aktori", "Mentori")[n % 2],
            ("Odottaa", "Ryhmässä", "Ilmoittautunut")[n % 3],
            ("Helsinki", "Espoo", "Vantaa")[n % 3],
        )
        for n in range(count)
    ]


def register_file(kind: str, count: int) -> bytes:
    rows = [IMPORT_HEADERS, *register_rows(count)]
    if kind == "csv":
        text = io.StringIO()
        csv.writer(text, delimiter=";").writerows(rows)
        return ("\ufeff" + text.getvalue()).encode()
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def read_alone(kind: str, data: bytes) -> float:
    """Reading every cell of the file, nothing else: the yardstick."""
    started = time.perf_counter()
    if kind == "csv":
        for _row in csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"):
            pass
    else:
        book = load_workbook(io.BytesIO(data), read_only=True)
        for _row in book.worksheets[0].iter_rows(values_only=True):
            pass
        book.close()
    return time.perf_counter() - started


def libraries_alone(count: int) -> float:
    """The phone and email libraries' checks of the file's values, nothing else: the
    floor under any import that checks as the registration form does."""
    rows = register_rows(count)
    started = time.perf_counter()
    for row in rows:
        normalise_phone(row[3])
        validate_email(row[2], check_deliverability=False)
    return time.perf_counter() - started


def timed_job(job, import_id: int, tenant_id: int) -> float:
    started = time.perf_counter()
    job(import_id, tenant_id)
    return time.perf_counter() - started


def bench_import(app, tenant_id: int, user_id: int, count: int) -> None:
    for kind in ("xlsx", "csv"):
        data = register_file(kind, count)
        alone = min(read_alone(kind, data) for _ in range(3))
        floor = libraries_alone(count)
        with app.app_context(), tenant_scope(tenant_id):
            started = time.perf_counter()
            limits = import_jobs.limits(app)
            imported = imports.upload(f"register.{kind}", data, limits, actor_id=user_id)
            db.session.commit()
            upload = time.perf_counter() - started
            reading = timed_job(import_jobs.read_file, imported.id, tenant_id)
            db.session.refresh(imported)
            started = time.perf_counter()
            imports.set_mapping(imported, imported.mapping, save_as="", actor_id=user_id)
            imports.set_details(
                imported,
                imported.status_words,
                default_role="",
                consent_basis="Bench",
                informed_on=date(2026, 12, 1),
            )
            db.session.commit()
            steps = upload + time.perf_counter() - started
            dry_run = timed_job(import_jobs.check_import, imported.id, tenant_id)
            db.session.refresh(imported)
            assert imported.report["errors_total"] == 0, imported.report["errors"][:5]
            imports.confirm(imported, actor_id=user_id)
            db.session.commit()
            real = timed_job(import_jobs.run_import, imported.id, tenant_id)
            db.session.refresh(imported)
            assert imported.state == "done", imported.failure
            print(f"import of {count:,} rows, {kind}: reading alone {alone:.2f} s")
            print(f"  the phone and email libraries' checks alone {floor:.2f} s "
                  f"({floor / alone:.1f} x)")  # fmt: skip
            print(f"  upload and mapping requests {steps:.2f} s ({steps / alone:.1f} x)")
            print(f"  reading job {reading:.2f} s ({reading / alone:.1f} x)")
            print(f"  dry run {dry_run:.2f} s ({dry_run / alone:.1f} x)")
            print(f"  import {real:.2f} s ({real / alone:.1f} x), "
                  f"{imported.created_count} created, {imported.updated_count} updated")  # fmt: skip


def database(arguments: argparse.Namespace) -> None:
    """PostgreSQL (a fresh database of the bench's own) unless --sqlite."""
    if arguments.sqlite:
        os.environ.pop("BENCH_DATABASE_URL", None)
        return
    url = os.environ.get("BENCH_DATABASE_URL") or f"{LOCAL_POSTGRES}kaari_bench_register"
    os.environ["BENCH_DATABASE_URL"] = fresh_postgres(url)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", action="store_true", help="SQLite, not PostgreSQL")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--exports", type=int, default=5, help="runs of each export")
    parser.add_argument("--import-rows", type=int, default=20_000)
    parser.add_argument("--only", choices=("list", "import"))
    arguments = parser.parse_args()
    requests = arguments.requests

    database(arguments)
    app = bench_app()
    with app.app_context():
        print(f"database: {db.session.get_bind().dialect.name}")
    if arguments.only != "list":
        with app.app_context():
            tenant = create_tenant("bench-import", "Bench import", "fi", ["fi"])
            user = create_user("importer@bench.example.org", password=PASSWORD)
            with tenant_scope(tenant.id):
                grant_role(user, "coordinator", actor=None)
            db.session.commit()
            tenant_id, user_id = tenant.id, user.id
        bench_import(app, tenant_id, user_id, arguments.import_rows)
        if arguments.only == "import":
            return
    with app.app_context():
        tenants = [create_tenant(f"bench-{n}", f"Bench {n}", "fi", ["fi"]) for n in range(102)]
        db.session.commit()
        user = create_user("coordinator@bench.example.org", password=PASSWORD)
        for tenant in tenants[:2]:
            with tenant_scope(tenant.id):
                grant_role(user, "coordinator", actor=None)
        db.session.commit()
        for number, tenant in enumerate(tenants[2:]):
            add_people(tenant.id, 200, number * 200)
        for number, tenant in enumerate(tenants[:2]):
            add_people(tenant.id, SIZES[tenant.slug], 0)
            add_programme(tenant.id, number)
        refresh_statistics()

    clients = {}
    for slug in SIZES:
        clients[slug] = app.test_client()
        clients[slug].post(
            f"/{slug}/login", data={"email": "coordinator@bench.example.org", "password": PASSWORD}
        )
    found = {
        "list": p50(clients, requests, lambda _people: LIST),
        "nobody": p50(clients, requests, lambda _people: NOBODY),
        "deep": p50(clients, requests, deep_pages),
        "programme": p50(clients, requests, lambda _people: PROGRAMME),
    }
    exported = exports(clients, arguments.exports)

    print("other tenants: 100 with 200 participants each; the two measured side by side")
    ratios = {}
    for key, what in (
        ("list", "list page"),
        ("nobody", "search that matches nobody"),
        ("deep", "last page"),
        ("programme", "list with the programme's columns"),
    ):
        small, large = found[key]["bench-0"], found[key]["bench-1"]
        ratios[key] = large / small
        print(f"{what} p50, 1,000: {small * 1000:.1f} ms; 20,000: {large * 1000:.1f} ms "
              f"({ratios[key]:.2f})")  # fmt: skip
    for kind in EXPORT_KINDS:
        (small_time, small_peak, small_size) = exported[kind, "bench-0"]
        (large_time, large_peak, large_size) = exported[kind, "bench-1"]
        print(f"export {kind}, whole register, every column: 1,000 {small_time:.2f} s "
              f"({small_size / 2**20:.1f} MiB), 20,000 {large_time:.2f} s "
              f"({large_size / 2**20:.1f} MiB); peak memory {small_peak:.1f} / "
              f"{large_peak:.1f} MiB")  # fmt: skip
        print(f"export {kind} time per person ratio (20,000 / 1,000): "
              f"{large_time / 20 / small_time:.2f}")  # fmt: skip
        print(f"export {kind} peak memory ratio (20,000 / 1,000): {large_peak / small_peak:.2f}")
    print(f"register list with the programme's columns scaling ratio: {ratios['programme']:.2f}")
    worst = max(ratios[key] for key in ("list", "nobody", "deep"))
    print(f"register list scaling ratio: {worst:.2f}")


if __name__ == "__main__":
    main()
