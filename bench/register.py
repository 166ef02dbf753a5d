"""Register list scaling: the staff list of participants must not slow down as the
register grows.

Times the filtered list page (a page of 50) through the test client with 1,000 and
with 20,000 participants in the tenant, while 100 other tenants hold data too. Uses a
throw-away SQLite file unless BENCH_DATABASE_URL is set.

    .venv/bin/python bench/register.py [--requests 30]

The last line is `register list scaling ratio: X` (p50 at 20,000 / p50 at 1,000);
target X <= 1.5. (CSV export is not built yet; it will be timed here too.)
"""

from __future__ import annotations

import argparse
import statistics
import time

from sqlalchemy import insert
from support import bench_app  # bench/support.py (scripts run from bench/)

from kaari.accounts.services import create_user, grant_role
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.tenancy.services import create_tenant

PASSWORD = "bench password 2026"
URLS = (
    "/bench-0/staff/participants/",
    "/bench-0/staff/participants/?role=actor&status=waiting",
    "/bench-0/staff/participants/?q=vantaa",
    "/bench-0/staff/participants/?field=2&language_level=b1&sort=waiting",
)


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


def p50(client, requests: int) -> float:
    timings = []
    for url in URLS:
        per_url = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            per_url.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(f"  {url}: p50 {statistics.median(per_url) * 1000:.1f} ms")
        timings += per_url
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    requests = parser.parse_args().requests

    app = bench_app()
    with app.app_context():
        tenants = [create_tenant(f"bench-{n}", f"Bench {n}", "fi", ["fi"]) for n in range(101)]
        db.session.commit()
        user = create_user("coordinator@bench.example.org", password=PASSWORD)
        with tenant_scope(tenants[0].id):
            grant_role(user, "coordinator", actor=None)
        db.session.commit()
        for number, tenant in enumerate(tenants[1:]):
            add_people(tenant.id, 200, number * 200)
        add_people(tenants[0].id, 1000, 0)

    client = app.test_client()
    client.post(
        "/bench-0/login", data={"email": "coordinator@bench.example.org", "password": PASSWORD}
    )
    small = p50(client, requests)
    with app.app_context():
        add_people(tenants[0].id, 19_000, 1000)
    large = p50(client, requests)

    print("other tenants: 100 with 200 participants each")
    print(f"list page p50 with 1,000 participants: {small * 1000:.1f} ms")
    print(f"list page p50 with 20,000 participants: {large * 1000:.1f} ms")
    print(f"register list scaling ratio: {large / small:.2f}")


if __name__ == "__main__":
    main()
