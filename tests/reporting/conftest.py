"""A small network year (2025) of Alpha with every number of its report worked out
by hand in the tests.

Actors (target group, ISCO major, partner; history in 2025 unless said):
- Aino (women, 2, partner): contact 10.1., registered 20.1., waiting 21.1., matched
  1.3. (40 days), in group 10.3., completed 1.10.
- Bashir (youth, 2, partner): contact 1.2., registered and waiting 5.2., matched
  15.2. (10 days), in group 10.3., dropped out 1.6.
- Chen (women, 3): contact 1.3., registered 2.3., waiting 3.3.
- Dana (no target group, no field): contact 1.4., withdrew 15.4.
- Eero (youth, 2): contact 1.11.2024, registered 5.11.2024, waiting 6.11.2024,
  matched 5.5. (181 days), in group 10.5.
Mentors (no target group): Mirja (contact 5.1., registered 6.1., matched 1.3.: 54
days, in group 10.3., completed 1.10.), Niko (contact 1.12.2024, registered 2.12.2024,
matched 15.2.: 75 days, in group 10.3.), Olli (contact 1.10.2024, registered
2.10.2024, matched 5.5.: 215 days, in group 10.5.).
Pairs: Aino & Mirja and Bashir & Niko in HKI1 (women, 10.3.-closed 1.10.), Eero &
Olli in HKI2 (youth, running 10.5.2025-28.2.2026); Chen & Mirja declined (no group).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from kaari.accounts.services import create_user
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import StatusChange
from kaari.programme.groups.models import Group, GroupPair, Meeting, MeetingInvitation
from kaari.programme.outcomes.models import Outcome
from kaari.programme.surveys.models import Survey, SurveyRecipient, SurveyResponse
from kaari.reporting.models import ReportFact
from kaari.tenancy.models import TargetGroup, Tenant
from tests.helpers import PASSWORD, Client, make_person, make_tenant


def at(day: str) -> datetime:
    """Noon UTC of an ISO day, so whole days between two moments are exact."""
    return datetime.fromisoformat(f"{day}T12:00:00+00:00")


SCALE = {
    "key": "overall",
    "kind": "scale",
    "label": {"fi": "Kokonaisuus", "sv": "Helheten", "en": "Overall"},
    "required": True,
    "low": {"en": "Poor"},
    "high": {"en": "Great"},
}


@dataclass
class Year:
    tenant_id: int
    people: dict[str, int]
    groups: dict[str, int]


def _person(tenant, groups, name, role, status, steps, **fields):
    """A person whose history is the (status, day) steps; the first day is the contact."""
    first, *rest = steps
    registered = next((day for status_, day in rest if status_ == "registered"), None)
    answers = {}
    if fields.get("occupation"):
        answers["occupation_code"] = fields.pop("occupation")
    if fields.get("education"):
        answers["education_field_code"] = fields.pop("education")
    tg = fields.pop("tg", None)
    person = make_person(
        tenant,
        name,
        f"{name.lower()}@example.org",
        role,
        status=status,
        created_at=at(first[1]),
        registered_at=at(registered) if registered else None,
        target_group_id=groups[tg] if tg else None,
        answers=answers,
        **fields,
    )
    with tenant_scope(tenant.id):
        previous = "contacted"
        for new_status, day in rest:
            db.session.add(
                StatusChange(
                    person_id=person.id, old_status=previous, new_status=new_status, at=at(day)
                )
            )
            previous = new_status
    return person.id


@pytest.fixture
def year_2025(app, world) -> Year:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            target_groups = {}
            for position, (key, fi, en) in enumerate(
                (("women", "Naiset", "Women"), ("youth", "Nuoret", "Young people"))
            ):
                row = TargetGroup(key=key, name={"fi": fi, "en": en}, position=position)
                db.session.add(row)
                db.session.flush()
                target_groups[key] = row.id
        partner = world.a.partner_id
        arc = ("registered", "waiting", "matched", "in_group")
        people = {
            "Aino": _person(
                tenant, target_groups, "Aino", "actor", "completed",
                [("contacted", "2025-01-10"), *zip(arc, ("2025-01-20", "2025-01-21", "2025-03-01", "2025-03-10"), strict=True), ("completed", "2025-10-01")],
                tg="women", occupation="2142", education="0732", partner_id=partner,
            ),
            "Bashir": _person(
                tenant, target_groups, "Bashir", "actor", "dropped_out",
                [("contacted", "2025-02-01"), *zip(arc, ("2025-02-05", "2025-02-05", "2025-02-15", "2025-03-10"), strict=True), ("dropped_out", "2025-06-01")],
                tg="youth", occupation="2511", partner_id=partner,
            ),
            "Chen": _person(
                tenant, target_groups, "Chen", "actor", "waiting",
                [("contacted", "2025-03-01"), ("registered", "2025-03-02"), ("waiting", "2025-03-03")],
                tg="women", occupation="3112",
            ),
            "Dana": _person(
                tenant, target_groups, "Dana", "actor", "withdrawn",
                [("contacted", "2025-04-01"), ("withdrawn", "2025-04-15")],
            ),
            "Eero": _person(
                tenant, target_groups, "Eero", "actor", "in_group",
                [("contacted", "2024-11-01"), *zip(arc, ("2024-11-05", "2024-11-06", "2025-05-05", "2025-05-10"), strict=True)],
                tg="youth", occupation="2146",
            ),
            "Mirja": _person(
                tenant, target_groups, "Mirja", "mentor", "completed",
                [("contacted", "2025-01-05"), *zip(arc, ("2025-01-06", "2025-01-06", "2025-03-01", "2025-03-10"), strict=True), ("completed", "2025-10-01")],
                occupation="2142",
            ),
            "Niko": _person(
                tenant, target_groups, "Niko", "mentor", "in_group",
                [("contacted", "2024-12-01"), *zip(arc, ("2024-12-02", "2024-12-02", "2025-02-15", "2025-03-10"), strict=True)],
            ),
            "Olli": _person(
                tenant, target_groups, "Olli", "mentor", "in_group",
                [("contacted", "2024-10-01"), *zip(arc, ("2024-10-02", "2024-10-02", "2025-05-05", "2025-05-10"), strict=True)],
            ),
        }  # fmt: skip
        with tenant_scope(tenant.id):
            hki1 = Group(
                name="HKI1",
                target_group_id=target_groups["women"],
                status="closed",
                planned_start=date(2025, 3, 10),
                planned_end=date(2025, 11, 30),
                closed_at=at("2025-10-01"),
            )
            hki2 = Group(
                name="HKI2",
                target_group_id=target_groups["youth"],
                status="running",
                planned_start=date(2025, 5, 10),
                planned_end=date(2026, 2, 28),
            )
            db.session.add_all([hki1, hki2])
            db.session.flush()
            for actor, mentor, status, day, group in (
                ("Aino", "Mirja", "confirmed", "2025-03-01", hki1),
                ("Bashir", "Niko", "ended", "2025-02-15", hki1),
                ("Eero", "Olli", "confirmed", "2025-05-05", hki2),
                ("Chen", "Mirja", "declined", "2025-02-01", None),
            ):
                pair = Pair(
                    actor_id=people[actor],
                    mentor_id=people[mentor],
                    status=status,
                    created_at=at(day),
                )
                db.session.add(pair)
                db.session.flush()
                if group:
                    db.session.add(GroupPair(group_id=group.id, pair_id=pair.id))
            # Group meetings: HKI1 kick-off (4 invited, 2 came) and mid-point (2 and 2),
            # HKI2 kick-off (2 and 1); a training evening is no group meeting.
            for group, kind, day, came in (
                (hki1, "kickoff", "2025-03-10", {"Aino": True, "Mirja": True, "Bashir": False, "Niko": None}),
                (hki1, "midpoint", "2025-06-15", {"Aino": True, "Mirja": True}),
                (hki2, "kickoff", "2025-05-10", {"Eero": True, "Olli": False}),
                (hki1, "training", "2025-04-10", {"Aino": True, "Niko": True}),
            ):  # fmt: skip
                meeting = Meeting(group_id=group.id, kind=kind, starts_at=at(day), ends_at=at(day))
                db.session.add(meeting)
                db.session.flush()
                for name, attended in came.items():
                    db.session.add(
                        MeetingInvitation(
                            meeting_id=meeting.id, person_id=people[name], attended=attended
                        )
                    )
            for name, kind, day in (
                ("Aino", "internship_own_field", "2025-08-01"),
                ("Aino", "employed_own_field", "2026-03-01"),
                ("Bashir", "none", "2025-05-01"),
                ("Bashir", "studies", "2025-09-01"),
                ("Bashir", "other", "2025-09-15"),
                ("Eero", "employed_other_field", "2025-12-01"),
            ):
                db.session.add(
                    Outcome(person_id=people[name], kind=kind, happened_on=date.fromisoformat(day))
                )
            survey = Survey(group_id=hki1.id, questions={"actor": [SCALE], "mentor": [SCALE]})
            db.session.add(survey)
            db.session.flush()
            for name, role in (("Aino", "actor"), ("Bashir", "actor"), ("Mirja", "mentor")):
                db.session.add(
                    SurveyRecipient(survey_id=survey.id, person_id=people[name], role=role)
                )
            db.session.add(
                SurveyRecipient(survey_id=survey.id, person_id=people["Niko"], role="mentor")
            )
            for role, value, source in (
                ("actor", 4, "link"),
                ("actor", 5, "link"),
                ("actor", 3, "paper"),
                ("mentor", 5, "link"),
            ):
                db.session.add(
                    SurveyResponse(
                        survey_id=survey.id, role=role, source=source, answers={"overall": value}
                    )
                )
        db.session.commit()
        return Year(tenant.id, people, {"HKI1": hki1.id, "HKI2": hki2.id})


ANALYST = "analyst@kaari.example.org"


def add_facts(tenant_id: int, year: int, measure: str, counts: dict, **dimensions) -> None:
    """One ReportFact row per category of `counts`, with the given dimensions
    (commit, then call `rebuild_national_facts`, as the hourly job would: it reads the
    committed facts, as the cross-tenant role)."""
    with tenant_scope(tenant_id):
        for category, people in counts.items():
            db.session.add(
                ReportFact(
                    year=year,
                    measure=measure,
                    category=category,
                    people=people,
                    role=dimensions.get("role", "actor"),
                    target_group=dimensions.get("target_group", ""),
                    isco_major=dimensions.get("isco_major", ""),
                    isced_broad=dimensions.get("isced_broad", ""),
                )
            )


def organisation(slug: str, name: str, region: str, national: bool = True) -> int:
    tenant = make_tenant(slug, name)
    tenant.region = region
    tenant.national_reporting = national
    db.session.flush()
    return tenant.id


@pytest.fixture
def analyst(app) -> Client:
    with app.app_context():
        create_user(ANALYST, password=PASSWORD, platform_role="national_analyst")
        db.session.commit()
    client = Client(app)
    client.login(ANALYST)
    return client
