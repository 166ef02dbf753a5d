"""Staff correct a person's data (GDPR Art. 16): contact details and registration
answers. Each changed value is kept with its old and new value (`PersonCorrection`);
the audit log names the fields only, since it outlives the person. The answers keep
the form version they were given under. A correction the person asked for in the
portal is answered by the same step."""

from __future__ import annotations

from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.intake import custom_fields
from kaari.intake.models import PersonCorrection
from kaari.intake.services import coded
from kaari.participants import data_requests
from kaari.participants.models import DataRequest, Person

DETAILS = ("name", "email", "municipality", "language")


def _text(value) -> str:
    if value is None:
        return ""
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def open_rectification(person: Person, request_id: int | None) -> DataRequest | None:
    """The person's open request for a correction with this id, or None."""
    if request_id is None:
        return None
    return db.session.scalar(
        select(DataRequest).where(
            DataRequest.id == request_id,
            DataRequest.person_id == person.id,
            DataRequest.kind == "rectification",
            DataRequest.answered_at.is_(None),
        )
    )


def correct(
    person: Person,
    details: dict[str, str],
    answers: dict,
    *,
    request: DataRequest | None = None,
    actor_id: int,
    ip: str = "",
) -> list[PersonCorrection]:
    """Change what differs; returns the corrections made (none when nothing changed).
    `answers` holds every question of the form the person's answers were given under."""
    version = person.answers.get(custom_fields.VERSION_KEY)
    corrections = [
        PersonCorrection(
            person_id=person.id,
            field=name,
            old_value=_text(getattr(person, name)),
            new_value=value,
            data_request_id=request.id if request else None,
            corrected_by=actor_id,
        )
        for name, value in details.items()
        if name in DETAILS and value != _text(getattr(person, name))
    ]
    changed_answers = {
        name: value
        for name, value in answers.items()
        if _text(value) != _text(person.answers.get(name))
    }
    corrections += [
        PersonCorrection(
            person_id=person.id,
            field=f"answer:{name}",
            old_value=_text(person.answers.get(name)),
            new_value=_text(value),
            form_version=version,
            data_request_id=request.id if request else None,
            corrected_by=actor_id,
        )
        for name, value in changed_answers.items()
    ]
    for correction in corrections:
        if correction.field in DETAILS:
            setattr(person, correction.field, correction.new_value)
    if changed_answers:
        person.answers = {**person.answers, **changed_answers, **coded(changed_answers)}
    db.session.add_all(corrections)
    if corrections:
        record(
            "person.corrected",
            actor_id=actor_id,
            ip=ip,
            obj=person,
            fields=[correction.field for correction in corrections],
            request=request.id if request else None,
        )
    if request is not None:
        data_requests.answer(request, by=actor_id, ip=ip)
    return corrections


def corrections_of(person: Person) -> list[PersonCorrection]:
    query = select(PersonCorrection).where(PersonCorrection.person_id == person.id)
    return list(
        db.session.scalars(query.order_by(PersonCorrection.at.desc(), PersonCorrection.id.desc()))
    )
