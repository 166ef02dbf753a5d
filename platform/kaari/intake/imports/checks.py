"""Checking the rows of a register before anything is written, and matching them to
the people already in the register (email first, then phone).

The checks are the registration form's: a valid email address, a phone number the
phone library accepts (kept in international form), the year of birth in the same
range, the same lengths, no web address in names. Each problem is a `RowError`
with the row's number as the spreadsheet shows it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from kaari.core import db
from kaari.intake.forms import SHORT, WEB_ADDRESS
from kaari.intake.imports.fields import ANSWER_FIELDS, LANGUAGE_WORDS, normalised, role_words
from kaari.intake.services import normalise_phone
from kaari.participants.models import ParticipantStatus, Person

LENGTHS = {"name": 120, "email": 254, "municipality": 80, "occupation": SHORT}
LENGTHS["education_field"] = SHORT
NAMES_WITHOUT_ADDRESSES = ("name", "municipality", "occupation", "education_field")
INTERNATIONAL = re.compile(r"\+[1-9][0-9]{6,14}")  # E.164, as normalise_phone writes it
# Error codes, explained to the user by views.ROW_ERRORS.
ERRORS = (
    "name_missing",
    "contact_missing",
    "email",
    "phone",
    "role",
    "status",
    "language",
    "birth_year",
    "too_long",
    "web_address",
    "formula",
    "same_email",
    "same_phone",
)


@dataclass(frozen=True)
class RowError:
    row: int
    field: str
    code: str
    other_row: int = 0  # the earlier row of a duplicate

    def as_dict(self) -> dict:
        return {"row": self.row, "field": self.field, "code": self.code, "other": self.other_row}


@dataclass
class Candidate:
    """A row that passed: what the person will be."""

    row: int
    name: str
    email: str
    phone: str
    role: str
    status: str
    municipality: str
    language: str
    answers: dict = field(default_factory=dict)


def _email(value: str) -> str | None:
    try:
        return validate_email(value, check_deliverability=False).normalized
    except EmailNotValidError:
        return None


def _has_web_address(text: str) -> bool:
    """WEB_ADDRESS, with its cost (it tries every position of the text) only for a
    text with a dot or a colon: each of its forms needs one."""
    return ("." in text or ":" in text) and WEB_ADDRESS.search(text) is not None


def _stored_phone(value: str) -> str | None:
    """A phone of the register for matching: kept in international form by every
    form and import, so only another form needs the phone library (a row's phone,
    valid and international, can only equal an international one)."""
    return value if INTERNATIONAL.fullmatch(value) else normalise_phone(value)


def _birth_year(value: str) -> bool:
    this_year = date.today().year
    return value.isdigit() and this_year - 100 <= int(value) <= this_year - 16


class RowChecker:
    """Checks rows one at a time, remembering emails and phones seen in the file."""

    def __init__(
        self,
        mapping: list[str],
        status_words: dict[str, str],
        *,
        default_role: str,
        default_language: str,
    ):
        self.columns = {name: index for index, name in enumerate(mapping) if name}
        self.status_words = {normalised(word): status for word, status in status_words.items()}
        self.default_role = default_role
        self.default_language = default_language
        self.roles = role_words()
        self.statuses = frozenset(ParticipantStatus.values())
        self.emails: dict[str, int] = {}
        self.phones: dict[str, int] = {}

    def _values(self, cells: list[str]) -> dict[str, str]:
        return {name: cells[index] for name, index in self.columns.items()}

    def check(self, number: int, cells: list[str]) -> Candidate | list[RowError]:
        values = self._values(cells)
        errors = [RowError(number, name, "formula") for name, v in values.items() if v[:1] == "="]
        if errors:
            return errors
        name = values.get("name") or " ".join(
            part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
        )
        values["name"] = name
        errors = [
            RowError(number, key, "too_long")
            for key, limit in LENGTHS.items()
            if len(values.get(key, "")) > limit
        ]
        errors += [
            RowError(number, key, "web_address")
            for key in NAMES_WITHOUT_ADDRESSES
            if _has_web_address(values.get(key, ""))
        ]
        if not name:
            errors.append(RowError(number, "name", "name_missing"))
        email = values.get("email", "")
        if email and (email := _email(email) or "") == "":
            errors.append(RowError(number, "email", "email"))
        phone = values.get("phone", "")
        if phone and (phone := normalise_phone(phone) or "") == "":
            errors.append(RowError(number, "phone", "phone"))
        if not values.get("email") and not values.get("phone"):
            errors.append(RowError(number, "email", "contact_missing"))
        role = self.roles.get(normalised(values.get("role", ""))) or (
            "" if values.get("role") else self.default_role
        )
        if not role:
            errors.append(RowError(number, "role", "role"))
        status = self.status_words.get(normalised(values.get("status", "")), "")
        if status not in self.statuses:
            errors.append(RowError(number, "status", "status"))
        language = (
            LANGUAGE_WORDS.get(normalised(values["language"]))
            if values.get("language")
            else self.default_language
        )
        if not language:
            errors.append(RowError(number, "language", "language"))
        if values.get("birth_year") and not _birth_year(values["birth_year"]):
            errors.append(RowError(number, "birth_year", "birth_year"))
        errors += self._duplicates(number, email.lower(), phone)
        if errors:
            return errors
        answers = {key: values[key] for key in ANSWER_FIELDS if values.get(key)}
        if phone:
            answers["phone"] = phone
        return Candidate(
            row=number,
            name=name,
            email=email,
            phone=phone,
            role=role,
            status=status,
            municipality=values.get("municipality", ""),
            language=language,
            answers=answers,
        )

    def _duplicates(self, number: int, email: str, phone: str) -> list[RowError]:
        errors = []
        for value, seen, key, code in (
            (email, self.emails, "email", "same_email"),
            (phone, self.phones, "phone", "same_phone"),
        ):
            if not value:
                continue
            if value in seen:
                errors.append(RowError(number, key, code, seen[value]))
            else:
                seen[value] = number
        return errors


class RegisterIndex:
    """The tenant's people by email and by phone, read once for the whole file."""

    def __init__(self):
        rows = db.session.execute(
            select(Person.id, Person.email, Person.answers).where(Person.erased_at.is_(None))
        ).all()
        self.by_email = {email.lower(): id_ for id_, email, _answers in rows if email}
        self._answers = {id_: answers for id_, _email, answers in rows}
        self._by_phone: dict[str, int] | None = None

    @property
    def by_phone(self) -> dict[str, int]:
        if self._by_phone is None:  # only a row without a known email needs it
            self._by_phone = {}
            for id_, answers in self._answers.items():
                phone = _stored_phone((answers or {}).get("phone") or "")
                if phone:
                    self._by_phone.setdefault(phone, id_)
        return self._by_phone

    def match(self, candidate: Candidate) -> int | None:
        """The id of the person this row is, or None for someone new."""
        if candidate.email and candidate.email.lower() in self.by_email:
            return self.by_email[candidate.email.lower()]
        if candidate.phone:
            return self.by_phone.get(candidate.phone)
        return None
