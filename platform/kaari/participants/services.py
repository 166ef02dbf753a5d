"""The register: finding people, changing their status with history, and notes.

Every staff read of a person's data is audit-logged by the caller through
`record_view` (one helper, so no view forgets it).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select

from kaari import db
from kaari.audit.services import record
from kaari.mail.services import send
from kaari.participants.models import ROLES, STATUSES, Note, Person, SavedFilter, StatusChange
from kaari.tenancy.models import Tenant

PAGE_SIZE = 50
# Counting every match of a broad search would cost a scan of the whole register;
# beyond this many the list says "more than" and pages on through "next".
COUNT_CAP = 1000


class RegisterError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class Filters:
    role: str = ""
    status: str = ""
    search: str = ""
    flagged: bool = False
    outside: bool = False
    page: int = 1


@dataclass(frozen=True)
class Page:
    people: list[Person]
    total: int
    page: int
    pages: int
    more: bool  # there are more matches than `total` counted


def filtered_query(filters: Filters):
    query = select(Person)
    if filters.role in ROLES:
        query = query.where(Person.role == filters.role)
    if filters.status in STATUSES:
        query = query.where(Person.status == filters.status)
    if filters.flagged:
        query = query.where(Person.wants_job_placement.is_(True))
    if filters.outside:
        query = query.where(Person.outside_target_groups.is_(True))
    if filters.search.strip():
        pattern = f"%{filters.search.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Person.name).like(pattern),
                func.lower(Person.email).like(pattern),
                func.lower(Person.municipality).like(pattern),
                func.lower(Person.question).like(pattern),
            )
        )
    return query


def find_people(filters: Filters) -> Page:
    """One page of the register: two queries, and neither grows with the register."""
    query = filtered_query(filters)
    counted = select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())
    total = db.session.scalar(counted)
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = max(filters.page, 1) if more else min(max(filters.page, 1), pages)
    rows = db.session.scalars(
        query.order_by(Person.created_at.desc(), Person.id.desc())
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    ).all()
    return Page(list(rows), total, page, max(pages, page + 1) if more else pages, more)


def get_person(person_id: int) -> Person | None:
    return db.session.scalar(select(Person).where(Person.id == person_id))


def record_view(person: Person, *, actor_id: int, ip: str, what: str = "person") -> None:
    """Audit a staff member's read of a person's data."""
    record("person.viewed", actor_id=actor_id, ip=ip, obj=person, what=what)


def set_status(
    person: Person, status: str, *, reason: str = "", actor_id: int | None, ip: str = ""
) -> None:
    if status not in STATUSES:
        raise RegisterError("invalid_status")
    if status == person.status:
        return
    db.session.add(
        StatusChange(
            person_id=person.id,
            old_status=person.status,
            new_status=status,
            reason=reason.strip()[:500],
            changed_by_id=actor_id,
        )
    )
    record("person.status", actor_id=actor_id, ip=ip, obj=person, old=person.status, new=status)
    person.status = status


def history(person: Person) -> list[StatusChange]:
    query = select(StatusChange).where(StatusChange.person_id == person.id)
    return list(db.session.scalars(query.order_by(StatusChange.at, StatusChange.id)))


def add_note(person: Person, text: str, *, kind: str, author_id: int, ip: str = "") -> Note:
    note = Note(person_id=person.id, text=text.strip(), kind=kind, author_id=author_id)
    db.session.add(note)
    db.session.flush()
    record("person.note_added", actor_id=author_id, ip=ip, obj=person, note=note.id)
    return note


def notes(person: Person) -> list[Note]:
    query = select(Note).where(Note.person_id == person.id)
    return list(db.session.scalars(query.order_by(Note.at.desc(), Note.id.desc())))


def set_status_of_many(
    person_ids: list[int], status: str, *, reason: str, actor_id: int, ip: str = ""
) -> int:
    """Change the status of several people of the tenant in scope; returns how many."""
    people = db.session.scalars(select(Person).where(Person.id.in_(person_ids))).all()
    for person in people:
        set_status(person, status, reason=reason, actor_id=actor_id, ip=ip)
    return len(people)


def save_filter(name: str, query: str, *, actor_id: int) -> SavedFilter:
    saved = SavedFilter(name=name.strip()[:80], query=query[:500], created_by_id=actor_id)
    db.session.add(saved)
    return saved


def saved_filters() -> list[SavedFilter]:
    return list(db.session.scalars(select(SavedFilter).order_by(SavedFilter.name)))


def delete_filter(filter_id: int) -> bool:
    saved = db.session.scalar(select(SavedFilter).where(SavedFilter.id == filter_id))
    if saved is None:
        return False
    db.session.delete(saved)
    return True


def refer_onward(person: Person, *, actor_id: int, ip: str = "") -> None:
    """Tell a person outside every target group, kindly, where else to turn."""
    tenant = db.session.get(Tenant, person.tenant_id)
    language = person.language if person.language in tenant.languages else tenant.default_language
    send(
        "refer_onward",
        to=person,
        language=language,
        key=f"refer-onward-{person.id}",
        context={
            "name": person.name,
            "services": tenant.text("other_services", language),
        },
    )
    set_status(person, "outside_target_group", reason="referred onward", actor_id=actor_id, ip=ip)
