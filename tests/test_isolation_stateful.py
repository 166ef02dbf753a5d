"""Three organisations at work side by side, in an order hypothesis chooses.

Each step is one coordinator's action in their own organisation: a person is
added, the register is listed, exported as CSV, a person's data is exported as
JSON and as PDF, or a mailing is sent. Whatever a coordinator sees (names on the
page, CSV rows, JSON, PDF text, mail recipients) belongs to their organisation.
"""

from __future__ import annotations

import csv
import io
import json
from itertools import count

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, rule, run_state_machine_as_test
from pypdf import PdfReader
from sqlalchemy import select

from kaari.core import db
from kaari.tenancy.models import Tenant
from tests.helpers import Client, make_person, make_staff, make_tenant, read_outbox, send_mailing

SLUGS = ("north", "south", "east")


def _organisations(app) -> dict[str, Client]:
    """Three tenants with a coordinator each, signed in."""
    with app.app_context():
        for slug in SLUGS:
            tenant = make_tenant(slug, f"{slug.title()} Network")
            db.session.flush()
            make_staff(tenant, f"coordinator@{slug}.example.org", "coordinator")
        db.session.commit()
    clients = {}
    for slug in SLUGS:
        clients[slug] = Client(app)
        clients[slug].login(f"coordinator@{slug}.example.org", tenant=slug)
    return clients


class Organisations(RuleBasedStateMachine):
    """The database lives on from one example to the next, and so does `people`:
    everyone added so far, by organisation, as (person id, name, email)."""

    def __init__(self, app, clients: dict[str, Client], outbox, people: dict, numbers):
        super().__init__()
        self.app, self.clients, self.outbox = app, clients, outbox
        self.people, self.numbers = people, numbers

    def _others(self, slug: str) -> list[str]:
        return [
            marker
            for other, people in self.people.items()
            if other != slug
            for _id, name, email in people
            for marker in (name, email)
        ]

    def _assert_own(self, slug: str, text: str, what: str):
        leaked = [marker for marker in self._others(slug) if marker in text]
        assert not leaked, f"{slug}'s {what} shows {leaked}"

    @rule(slug=st.sampled_from(SLUGS))
    def add_person(self, slug):
        number = next(self.numbers)
        name, email = f"{slug.title()} Person {number}", f"person{number}@{slug}.example.org"
        with self.app.app_context():
            tenant = db.session.scalar(select(Tenant).where(Tenant.slug == slug))
            person = make_person(tenant, name, email)
            db.session.commit()
            self.people[slug].append((person.id, name, email))

    @rule(slug=st.sampled_from(SLUGS))
    def list_register(self, slug):
        response = self.clients[slug].get(f"/{slug}/staff/participants/")
        assert response.status_code == 200
        self._assert_own(slug, response.get_data(as_text=True), "register")

    @rule(slug=st.sampled_from(SLUGS))
    def export_register(self, slug):
        response = self.clients[slug].get(f"/{slug}/staff/participants/export")
        assert response.status_code == 200
        text = response.get_data().decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))[1:]
        assert len(rows) == len(self.people[slug])
        self._assert_own(slug, text, "CSV export")

    @rule(data=st.data(), slug=st.sampled_from(SLUGS), kind=st.sampled_from(["json", "pdf"]))
    def export_a_person(self, data, slug, kind):
        if not self.people[slug]:
            return
        person_id, name, _email = data.draw(st.sampled_from(self.people[slug]))
        response = self.clients[slug].get(
            f"/{slug}/staff/participants/{person_id}/subject-access.{kind}"
        )
        assert response.status_code == 200
        if kind == "json":
            text = json.dumps(json.loads(response.get_data()), ensure_ascii=False)
        else:
            reader = PdfReader(io.BytesIO(response.get_data()))
            text = "\n".join(page.extract_text() for page in reader.pages)
        assert name in text
        self._assert_own(slug, text, f"{kind} export of {name}")

    @rule(slug=st.sampled_from(SLUGS))
    def send_a_mailing(self, slug):
        for old in self.outbox.glob("*.eml"):
            old.unlink()
        form = {
            "audience": "participants",
            "options_participants": ["role:actor", "status:registered"],
            "subject_fi": f"Tervehdys {slug}",
            "body_fi": "Tervetuloa",
        }
        response = send_mailing(self.clients[slug], form, f"/{slug}/staff/mailings/new")
        own = sorted(email for _id, _name, email in self.people[slug])
        assert response.status_code == (302 if own else 400)  # 400: nobody to mail yet
        assert sorted(message["To"] for message in read_outbox(self.outbox)) == own


def test_every_organisation_sees_only_its_own(app, outbox):
    clients, people, numbers = _organisations(app), {slug: [] for slug in SLUGS}, count(1)
    run_state_machine_as_test(
        lambda: Organisations(app, clients, outbox, people, numbers),
        settings=settings(
            max_examples=6,
            stateful_step_count=12,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
