"""A small pool of actors and mentors, and a signed-in coordinator."""

from __future__ import annotations

import re

import pytest

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.helpers import make_person

ENGINEER = {
    "occupation_code": "2142",
    "birth_year": "1988",
    "finnish_level": "b1",
    "interests": "chess",
}
NURSE = {
    "occupation_code": "2221",
    "birth_year": "1990",
    "finnish_level": "b2",
    "interests": "music",
}


@pytest.fixture
def pool(app, world):
    """Two actors and two mentors of tenant A; a look-alike mentor in tenant B."""
    with app.app_context():
        a = db.session.get(Tenant, world.a.tenant_id)
        b = db.session.get(Tenant, world.b.tenant_id)
        people = {
            "engineer": make_person(
                a, "Actor Engineer", "ae@example.org", answers=ENGINEER, status="waiting"
            ),
            "nurse": make_person(
                a, "Actor Nurse", "an@example.org", answers=NURSE, status="waiting"
            ),
            "civil": make_person(
                a,
                "Mentor Civil",
                "mc@example.org",
                role="mentor",
                answers={
                    **ENGINEER,
                    "birth_year": "1970",
                    "situation": "employed_own_field",
                    "custom_gender": "male",
                },
            ),
            "doctor": make_person(
                a,
                "Mentor Doctor",
                "md@example.org",
                role="mentor",
                answers={
                    **NURSE,
                    "occupation_code": "2211",
                    "birth_year": "1972",
                    "situation": "employed_own_field",
                },
            ),
        }
        make_person(
            b,
            "Beta Mentor",
            "bm@example.org",
            role="mentor",
            answers={**ENGINEER, "birth_year": "1970"},
        )
        db.session.commit()
        return {key: person.id for key, person in people.items()}


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def propose(client, **data) -> str:
    response = client.submit("/alpha/staff/matching/", {"objective": "score", **data})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    return response.headers["Location"]


ROW = re.compile(r"<tr>(.*?)</tr>", re.S)
NAME_CELL = re.compile(r'<td><a href="[^"]*">([^<]+)</a>')


def proposal_rows(html: str) -> list[tuple[str, str, str]]:
    """The run page's rows of proposed pairs: (actor, mentor, the row's HTML)."""
    match = re.search(r'<caption id="proposals">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert match, "no table of proposals on the page"
    rows = []
    for row in ROW.findall(match.group(1)):
        names = NAME_CELL.findall(row)
        if len(names) == 2:
            rows.append((names[0], names[1], row))
    return rows


def pairs_on(html: str) -> list[tuple[str, str]]:
    return [(actor, mentor) for actor, mentor, _row in proposal_rows(html)]
