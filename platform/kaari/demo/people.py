"""Invented people for the demo tenants, so that the register and matching have
something to show after `make run`: each network's own kind of people (kaari.demo.networks)
with complete registration answers in their own language. Same people on every run."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import func, select

from kaari.core import db
from kaari.core.db import utcnow
from kaari.demo import phrases, places
from kaari.demo.group import PAIRS
from kaari.demo.names import ORIGINS, Origin, Texts, mail_name
from kaari.demo.networks import Network, network_for
from kaari.intake import custom_fields
from kaari.participants.models import Person
from kaari.taxonomy import services as taxonomy
from kaari.tenancy.models import TargetGroup, Tenant
from kaari.tenancy.services import list_target_groups

K = TypeVar("K")

PEOPLE_PER_ROLE = 24
NEW_CONTACTS = 3
NEW_CONTACT_DAYS = 6  # they got in touch within the last week
# Actors further along or off the arc (status, days since they got in touch), so that a
# partner's referrals show every stage.
EARLIER = (
    ("contacted", 20),
    ("registration_sent", 40),
    ("registered", 60),
    ("completed", 300),
    ("withdrawn", 100),
)
REGISTERED_AFTER = timedelta(days=3)  # the registration form came back this much later
RECONFIRM_AFTER = timedelta(days=90)  # participants' reconfirm_after_days by default
RECONFIRMED_SHARE = 0.8
MENTOR_SITUATIONS = {"employed_own_field": 9, "employed_other_field": 1}
RETIRED_AT = 63  # a mentor this old has retired ("something else" as the situation)
ACTOR_LANGUAGES = {"fi": 13, "en": 6, "sv": 1}  # the language an actor chooses, if enabled


def weighted(rng: random.Random, weights: dict[K, int]) -> K:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class PersonMaker:
    """Makes a network's people one at a time from one seeded random stream, each name
    once in the tenant."""

    def __init__(self, tenant: Tenant, network: Network, now: datetime):
        self.tenant, self.network, self.now = tenant, network, now
        self.rng = random.Random(tenant.slug)  # noqa: S311 (repeatable invented data)
        # A stream of its own, so the people themselves stay the same load after load.
        self.answers_rng = random.Random(f"{tenant.slug}-reconfirm")  # noqa: S311
        self.names: set[str] = set()
        self.groups = {group.key: group for group in list_target_groups()}
        self.forms = {role: custom_fields.current_version(role) for role in ("actor", "mentor")}

    def make(
        self, role: str, status: str, days_ago: int, field: tuple[str, str] | None = None
    ) -> Person:
        """A person of the role who got in touch `days_ago`, with the registration form
        filled unless the status comes before it; in the (occupation, education) `field`
        if given, else in one of the network's."""
        rng, network = self.rng, self.network
        gender = "woman" if rng.random() < network.women[role == "mentor"] else "man"
        origins = network.actor_origins if role == "actor" else network.mentor_origins
        origin_key = weighted(rng, origins)
        name = self._new_name(ORIGINS[origin_key], gender)
        occupation, education = field or weighted(rng, network.fields)
        situation = weighted(rng, network.situations if role == "actor" else MENTOR_SITUATIONS)
        language = self._language(role, origin_key)
        municipality = weighted(rng, network.municipalities)
        group = self._target_group(role, occupation, situation)
        contacted = self.now - timedelta(days=days_ago)
        registered = status not in ("contacted", "registration_sent")
        answers: dict = {}
        if role == "actor" and group and group.questions:  # asked on the join form
            answers["eligibility"] = {question["key"]: "yes" for question in group.questions}
        if registered:
            this_year = self.now.year
            writer = Writer(rng, language, this_year)
            if role == "actor":
                origin = ORIGINS[origin_key]
                answers |= writer.actor(network, origin, occupation, education, situation)
                answers["address"] = places.address(municipality, rng)
            else:
                answers |= writer.mentor(network, occupation, education, municipality)
                retired = this_year - int(answers["birth_year"]) >= RETIRED_AT
                answers["situation"] = "other" if retired else situation
            answers |= self._own_questions(role, gender, occupation)
        return Person(
            role=role,
            name=name,
            email=f"{mail_name(name)}@{self.tenant.slug}.example.org",
            municipality=municipality,
            language=language,
            question="" if registered else rng.choice(phrases.CONTACT_QUESTIONS)[language],
            status=status,
            answers=answers,
            target_group_id=group.id if group else None,
            created_at=contacted,
            registered_at=contacted + REGISTERED_AFTER if registered else None,
            reconfirmed_at=self._reconfirmed(status, contacted) if registered else None,
        )

    def _reconfirmed(self, status: str, contacted: datetime) -> datetime | None:
        """When someone waiting since long ago said they are still interested: a network
        asks after three months, and four in five answer within a few weeks."""
        if status not in ("registered", "waiting") or self.now - contacted < RECONFIRM_AFTER:
            return None
        if self.answers_rng.random() >= RECONFIRMED_SHARE:
            return None
        return self.now - timedelta(days=self.answers_rng.randint(3, 60))

    def _new_name(self, origin: Origin, gender: str) -> str:
        name = origin.full_name(gender, self.rng)
        while name in self.names:
            name = origin.full_name(gender, self.rng)
        self.names.add(name)
        return name

    def _language(self, role: str, origin_key: str) -> str:
        """Mentors write in Finnish, or in Swedish if it is theirs and the tenant's;
        actors mostly in Finnish, some in English or Swedish."""
        enabled = self.tenant.languages
        if role == "mentor":
            return "sv" if origin_key == "finland_swedish" and "sv" in enabled else "fi"
        wanted = weighted(self.rng, ACTOR_LANGUAGES)
        return wanted if wanted in enabled else self.tenant.default_language

    def _target_group(self, role: str, occupation: str, situation: str) -> TargetGroup | None:
        """The group the network's rule names, else the tenant's first (if it has any)."""
        key = self.network.target_group(role, occupation, situation, self.rng.random())
        return self.groups.get(key) or next(iter(self.groups.values()), None)

    def _own_questions(self, role: str, gender: str, occupation: str) -> dict:
        """Answers to the tenant's own questions on the role's form: the gender where it
        asks it (the women's rule set reads it), the network's answer for the occupation
        where it has one, a random choice for the others."""
        version = self.forms.get(role)
        if version is None:
            return {}
        answers: dict = {custom_fields.VERSION_KEY: version.number}
        for spec in version.definition.get("fields", []):
            keys = [choice["key"] for choice in spec.get("choices", [])]
            answer: str | list[str]
            hints = self.network.own_answers.get(spec["key"], {})
            if spec["key"] == "gender" and gender in keys:
                answer = gender
            elif any(occupation.startswith(prefix) for prefix in hints):
                answer = phrases.most_specific(hints, occupation)
            elif spec["kind"] == "yes_no":
                answer = self.rng.choice(("yes", "no"))
            elif spec["kind"] == "choice":
                answer = self.rng.choice(keys)
            elif spec["kind"] == "multi_choice":
                answer = self.rng.sample(keys, self.rng.randint(1, min(2, len(keys))))
            else:
                continue
            answers[custom_fields.answer_key(spec["key"])] = answer
        return answers


class Writer:
    """The registration answers one person writes, in their language."""

    def __init__(self, rng: random.Random, language: str, this_year: int):
        self.rng, self.language, self.this_year = rng, language, this_year

    def pick(self, choices: tuple[Texts, ...]) -> str:
        return self.rng.choice(choices)[self.language]

    def occupation(self, code: str) -> str:
        """As chosen from the form's list: "2142 Maa- ja vesirakentamisen …"."""
        return taxonomy.label_of(code, taxonomy.occupations(), self.language)

    def field_name(self, code: str) -> str:
        """A field of education inside a sentence: "rakennus- ja yhdyskuntatekniikka"."""
        return phrases.lower_first(taxonomy.education_fields()[code].name(self.language))

    def interests(self, origin: Origin | None) -> str:
        """Three hobbies, and an actor's languages ("Kielet: arabia, englanti")."""
        hobbies = ", ".join(h[self.language] for h in self.rng.sample(phrases.HOBBIES, 3))
        if origin is None or origin.language is None:
            return hobbies
        spoken = f"{origin.language[self.language]}, {phrases.ENGLISH[self.language]}"
        return f"{hobbies}. {phrases.LANGUAGES_LABEL[self.language]}: {spoken}"

    def _common(self, occupation: str, education: str, ages: tuple[int, int]) -> dict:
        prefix = self.rng.choice(("40", "44", "45", "50"))
        return {
            "phone": f"+358{prefix}{self.rng.randint(1000000, 9999999)}",
            "birth_year": str(self.this_year - self.rng.randint(*ages)),
            "occupation": self.occupation(occupation),
            "occupation_code": occupation,
            "education_field": taxonomy.label_of(
                education, taxonomy.education_fields(), self.language
            ),
            "education_field_code": education,
            "_submitted": True,
        }

    def actor(
        self, network: Network, origin: Origin, occupation: str, education: str, situation: str
    ) -> dict:
        answers = self._common(occupation, education, network.actor_ages)
        age = self.this_year - int(answers["birth_year"])
        answers |= {
            "education_abroad": self._education_abroad(
                origin,
                education,
                network.degree_levels,
                degree=situation != "studying" or age >= 24,
            ),
            "goals": self.pick(network.goals),
            "situation": situation,
            "finnish_level": weighted(self.rng, network.finnish_levels),
            "interests": self.interests(origin),
        }
        if situation == "studying":
            studying = self.pick(phrases.STUDYING_HERE)
            answers["education_here"] = f"{studying}: {self.field_name(education)}"
        elif self.rng.random() < 0.4:
            answers["education_here"] = self.pick(phrases.COURSES_HERE)
        if situation == "employed_other_field":
            answers["work_here"] = self.pick(phrases.JOBS_HERE)
        if age >= 26:
            years = self.rng.randint(2, min(15, age - 24))
            answers["work_abroad"] = phrases.YEARS_ABROAD[self.language].format(years=years)
        return answers

    def _education_abroad(
        self, origin: Origin, education: str, levels: dict[str, int], *, degree: bool
    ) -> str:
        """E.g. "Maisterin tutkinto, kemia (Iran)"; only the school for a young student."""
        country = self.rng.choice(origin.countries)[self.language]
        if not degree:
            return f"{phrases.SCHOOL_ABROAD[self.language]} ({country})"
        level = weighted(self.rng, levels)
        title = phrases.FOREIGN_DEGREE_OF_FIELD.get(education) or phrases.FOREIGN_DEGREES[level]
        return f"{title[self.language]}, {self.field_name(education)} ({country})"

    def mentor(self, network: Network, occupation: str, education: str, municipality: str) -> dict:
        answers = self._common(occupation, education, network.mentor_ages)
        degree = self.pick(phrases.most_specific(phrases.FINNISH_DEGREES, education))
        workplace = self.pick(phrases.most_specific(phrases.WORKPLACES, occupation))
        answers |= {
            "education": f"{degree}, {self.field_name(education)}",
            "workplace": f"{workplace}, {places.in_language(municipality, self.language)}",
            "wished_field": self.occupation(occupation),
            "wished_field_code": occupation,
            "other_fields": self.rng.choice(("yes", "yes", "no")),
            "interests": self.interests(None),
        }
        if self.rng.random() < 0.3:  # a wish for the actor's home language
            language = ORIGINS[weighted(self.rng, network.actor_origins)].language
            if language:
                wish = phrases.LANGUAGE_WISH[self.language]
                answers["wishes"] = wish.format(language=language[self.language])
        return answers


def _field(person: Person) -> tuple[str, str]:
    return person.answers["occupation_code"], person.answers["education_field_code"]


def add_demo_people(tenant: Tenant) -> int:
    """Waiting actors and mentors, a few actors elsewhere on the arc and a few new
    contacts, for a tenant that has nobody yet; returns how many."""
    if db.session.scalar(select(func.count()).select_from(Person)):
        return 0
    maker = PersonMaker(tenant, network_for(tenant), utcnow())
    waited = maker.rng.randint
    actors = [maker.make("actor", "waiting", waited(5, 300)) for _ in range(PEOPLE_PER_ROLE)]
    # Coordinators recruit mentors for the fields of those waiting: two in three mentors
    # share a waiting actor's field, and so do those of the first actors, who form the
    # demo group.
    mentors = []
    for n, actor in enumerate(actors):
        field = _field(actor) if n < PAIRS or n % 3 != 2 else None
        mentors.append(maker.make("mentor", "waiting", waited(5, 300), field))
    people = actors + mentors
    people += [maker.make("actor", status, days) for status, days in EARLIER]
    for _ in range(NEW_CONTACTS):  # got in touch through the join form this week
        people.append(maker.make("actor", "contacted", maker.rng.randint(0, NEW_CONTACT_DAYS)))
    db.session.add_all(people)
    db.session.flush()
    return len(people)
