"""Invented people for the demo tenants, so that the register and matching have
something to show after `make run`. Same names and answers on every run."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.participants.models import Person
from kaari.tenancy.models import Tenant

FIRST_NAMES = (
    "Amina",
    "Olena",
    "Farid",
    "Mei",
    "Tariq",
    "Sofia",
    "Dmitri",
    "Leila",
    "Juan",
    "Priya",
    "Yusuf",
    "Hanna",
    "Ahmed",
    "Liisa",
    "Mikko",
    "Aino",
    "Kaisa",
    "Pekka",
    "Sanna",
    "Juha",
    "Ingrid",
    "Erik",
    "Noora",
    "Ville",
    "Elina",
    "Karim",
    "Nadia",
    "Omar",
    "Tuula",
    "Ravi",
)
LAST_NAMES = (
    "Haddad",
    "Koval",
    "Rahimi",
    "Chen",
    "Aziz",
    "Petrova",
    "Ivanov",
    "Nasser",
    "García",
    "Sharma",
    "Demir",
    "Virtanen",
    "Korhonen",
    "Nieminen",
    "Mäkinen",
    "Lindqvist",
    "Laine",
    "Heikkinen",
    "Salo",
    "Lehtonen",
)
# (ISCO-08 occupation, ISCED-F field of education) that belong together.
FIELDS = (
    ("2142", "0732"),
    ("2144", "0715"),
    ("2149", "0788"),
    ("3112", "0732"),
    ("2512", "0613"),
    ("2513", "0613"),
    ("2511", "0613"),
    ("2221", "0913"),
    ("2211", "0912"),
    ("2411", "0411"),
    ("2631", "0311"),
    ("2341", "0114"),
    ("2161", "0731"),
    ("2113", "0531"),
)
INTERESTS = (
    "chess",
    "hiking",
    "cooking",
    "football",
    "music",
    "reading",
    "photography",
    "running",
    "painting",
    "gardening",
    "yoga",
    "cycling",
    "theatre",
    "volunteering",
    "dancing",
)
LEVELS = ("a2", "b1", "b1", "b2", "b2", "c1")
PEOPLE_PER_ROLE = 24
NEW_CONTACTS = 3


def _answers(rng: random.Random, role: str, occupation: str, education: str) -> dict:
    answers = {
        "phone": f"+35840{rng.randint(1000000, 9999999)}",
        "birth_year": str(rng.randint(1965, 1997) if role == "actor" else rng.randint(1955, 1990)),
        "occupation": occupation,
        "occupation_code": occupation,
        "education_field": education,
        "education_field_code": education,
        "interests": ", ".join(rng.sample(INTERESTS, 3)),
        "_submitted": True,
    }
    if role == "actor":
        answers |= {
            "finnish_level": rng.choice(LEVELS),
            "situation": rng.choice(("unemployed", "studying", "employed_other_field")),
            "goals": "Work in my own field in Finland",
            "education_abroad": "Master's degree",
        }
    else:
        answers |= {
            "wished_field_code": occupation,
            "other_fields": rng.choice(("yes", "no")),
            "situation": rng.choice(("employed_own_field", "employed_own_field", "unemployed")),
            "workplace": "Example Oy",
            "wishes": rng.choice(
                ("", "", "", "Someone who speaks Arabic", "Someone who speaks Russian")
            ),
        }
    return answers


def add_demo_people(tenant: Tenant) -> int:
    """Waiting actors and mentors, and a few new contacts, for a tenant that has nobody
    yet; returns how many."""
    if db.session.scalar(select(func.count()).select_from(Person)):
        return 0
    rng = random.Random(tenant.slug)  # noqa: S311 (repeatable invented data, not secrets)
    now = utcnow()
    places = [tenant.municipality or "Helsinki", "Helsinki", "Espoo", "Vantaa"]
    added = 0
    for role in ("actor", "mentor"):
        for n in range(PEOPLE_PER_ROLE):
            occupation, education = rng.choice(FIELDS)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            registered = now - timedelta(days=rng.randint(5, 300))
            db.session.add(
                Person(
                    role=role,
                    name=f"{first} {last}",
                    email=f"{role}{n}@{tenant.slug}.example.org",
                    municipality=rng.choice(places),
                    language=rng.choice(tenant.languages),
                    status="waiting",
                    answers=_answers(rng, role, occupation, education),
                    registered_at=registered,
                    created_at=registered - timedelta(days=3),
                )
            )
            added += 1
    for n in range(NEW_CONTACTS):  # got in touch through the join form this week
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        db.session.add(
            Person(
                role="actor",
                name=f"{first} {last}",
                email=f"contact{n}@{tenant.slug}.example.org",
                municipality=rng.choice(places),
                language=rng.choice(tenant.languages),
                status="contacted",
                created_at=now - timedelta(days=rng.randint(0, 6)),
            )
        )
        added += 1
    db.session.flush()
    return added
