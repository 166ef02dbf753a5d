"""The register's filters as a coordinator uses them: target group, field, municipality,
partner, registration age, language level, order, and search over free text and notes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Note, Person
from kaari.tenancy.models import TargetGroup, Tenant
from tests.helpers import make_person


@pytest.fixture
def register(app, world):
    """Four people of tenant A who differ in one thing each."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            group = TargetGroup(key="women", name={"fi": "Naiset", "en": "Women"})
            db.session.add(group)
            db.session.flush()
            group_id = group.id
        engineer = make_person(
            tenant,
            "Engineer Eeva",
            "eeva@example.org",
            answers={"occupation_code": "2142", "finnish_level": "b1", "goals": "Bridges"},
            target_group_id=group_id,
            partner_id=world.a.partner_id,
            registered_at=utcnow() - timedelta(days=200),
        )
        nurse = make_person(
            tenant,
            "Nurse Nora",
            "nora@example.org",
            answers={"occupation_code": "2221", "finnish_level": "a2", "interests": "Kantele"},
            municipality="Tampere",
            registered_at=utcnow() - timedelta(days=10),
        )
        cook = make_person(
            tenant,
            "Cook Kalle",
            "kalle@example.org",
            answers={"occupation_code": "5120", "finnish_level": "b1"},
        )
        with tenant_scope(tenant.id):
            db.session.add(Note(person_id=cook.id, text="Met at the library fair", kind="note"))
        db.session.commit()
        return {"group": group_id, "engineer": engineer.id, "nurse": nurse.id, "cook": cook.id}


def _names(client, query: str) -> set[str]:
    html = client.get(f"/alpha/staff/participants/?{query}").get_data(as_text=True)
    known = ("Engineer Eeva", "Nurse Nora", "Cook Kalle", "Person of alpha")
    return {name for name in known if f"{name}<" in html}


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


def test_each_filter_narrows_the_list(coordinator, register, world):
    assert _names(coordinator, f"target_group={register['group']}") == {"Engineer Eeva"}
    assert _names(coordinator, "field=2") == {"Engineer Eeva", "Nurse Nora"}
    assert _names(coordinator, "field=22") == {"Nurse Nora"}
    assert _names(coordinator, "municipality=tamp") == {"Nurse Nora"}
    assert _names(coordinator, f"partner={world.a.partner_id}") == {"Engineer Eeva"}
    assert _names(coordinator, "waited=180") == {"Engineer Eeva"}
    assert _names(coordinator, "language_level=b1") == {"Engineer Eeva", "Cook Kalle"}
    assert _names(coordinator, "field=2&language_level=b1") == {"Engineer Eeva"}


def test_search_reads_answers_and_notes(coordinator, register):
    assert _names(coordinator, "q=kantele") == {"Nurse Nora"}
    assert _names(coordinator, "q=library fair") == {"Cook Kalle"}
    assert _names(coordinator, "q=BRIDGES") == {"Engineer Eeva"}


def test_the_list_sorts_by_name_and_by_waiting_time(coordinator, register):
    html = coordinator.get("/alpha/staff/participants/?sort=name").get_data(as_text=True)
    assert html.index("Cook Kalle") < html.index("Engineer Eeva") < html.index("Nurse Nora")
    html = coordinator.get("/alpha/staff/participants/?sort=waiting").get_data(as_text=True)
    assert html.index("Engineer Eeva") < html.index("Nurse Nora")


def test_paging_keeps_the_filters(app, coordinator, world):
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(60):
            make_person(tenant, f"Espoo person {n}", f"e{n}@example.org", municipality="Espoo")
        db.session.commit()
    html = coordinator.get("/alpha/staff/participants/?municipality=espoo").get_data(as_text=True)
    assert "municipality=espoo" in html.split('class="pagination"')[1]


def test_the_person_page_shows_the_partner_and_missing_answers(app, coordinator, register, world):
    html = coordinator.get(f"/alpha/staff/participants/{register['engineer']}?lang=en").get_data(
        as_text=True
    )
    assert "Partner of alpha" in html
    assert "has not sent the registration form" in html
    with app.app_context(), tenant_scope(world.a.tenant_id):
        nurse = db.session.get(Person, register["nurse"])
        nurse.answers = {**nurse.answers, "_submitted": True, "phone": "+358401234567"}
        db.session.commit()
    html = coordinator.get(f"/alpha/staff/participants/{register['nurse']}?lang=en").get_data(
        as_text=True
    )
    missing = html.split("Missing information")[1].split("</ul>")[0]
    assert "Address" in missing and "Phone" not in missing


def test_saved_answers_keep_the_filter_columns_current(app, register, world):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        cook = db.session.get(Person, register["cook"])
        cook.answers = {**cook.answers, "occupation_code": "3434", "finnish_level": "c1"}
        db.session.commit()
        assert (cook.occupation_code, cook.language_level) == ("3434", "c1")
