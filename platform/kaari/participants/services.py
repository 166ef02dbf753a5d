"""The register: finding people, changing their status with history, and notes.

Every staff read of a person's data is audit-logged by the caller through
`record_view` (one helper, so no view forgets it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, union

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.mail.links import Trusted
from kaari.mail.services import send
from kaari.participants import portal_access
from kaari.participants.models import (
    EXIT_STATUSES,
    Note,
    ParticipantStatus,
    Person,
    PersonRole,
    SavedFilter,
    StatusChange,
)
from kaari.participants.register_columns import registered_filters
from kaari.privacy.erasure import erase_person
from kaari.tenancy.models import Tenant

PAGE_SIZE = 50
# Counting every match of a broad search would cost a scan of the whole register;
# beyond this many the list says "more than" and pages on through "next".
COUNT_CAP = 1000


class RegisterError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


SORTS = ("newest", "oldest", "name", "waiting")
# Filters whose value staff type freely; the audit log keeps only that they did.
TYPED_FILTERS = ("q", "municipality")
# Contacts who have not sent the registration form ("registration unfinished").
UNFINISHED_STATUSES = ("contacted", "registration_sent")
# "Registered at least this long ago" choices of the list, in days.
WAITED_DAYS = (30, 90, 180, 365)


@dataclass(frozen=True)
class Filters:
    role: str = ""
    status: str = ""
    search: str = ""
    flagged: bool = False
    unfinished: bool = False  # sent the registration link, not the form
    outside: bool = False
    target_group: int | None = None
    field: str = ""  # an ISCO-08 major or sub-major group: "2", "21"
    municipality: str = ""
    partner: int | None = None
    waited: int = 0  # registered at least this many days ago
    language_level: str = ""
    # Filters other domains registered (kaari.participants.register_columns): (key, value).
    registered: tuple[tuple[str, str], ...] = ()
    sort: str = "newest"
    page: int = 1

    def args(self) -> dict[str, str | int]:
        """The filters as URL query arguments (without the page), defaults left out."""
        values = {
            "q": self.search,
            "role": self.role,
            "status": self.status,
            "flagged": 1 if self.flagged else "",
            "unfinished": 1 if self.unfinished else "",
            "outside": 1 if self.outside else "",
            "target_group": self.target_group or "",
            "field": self.field,
            "municipality": self.municipality,
            "partner": self.partner or "",
            "waited": self.waited or "",
            "language_level": self.language_level,
            **dict(self.registered),
            "sort": "" if self.sort == "newest" else self.sort,
        }
        return {key: value for key, value in values.items() if value}

    def audited(self) -> dict[str, str | int | bool]:
        """The filters for the audit log: texts typed by staff (a search for a name)
        only as having been typed, since the log outlives a person's erasure."""
        return {key: True if key in TYPED_FILTERS else value for key, value in self.args().items()}


@dataclass(frozen=True)
class Page:
    people: list[Person]
    total: int
    page: int
    pages: int
    more: bool  # there are more matches than `total` counted


def _searched(query, text: str):
    """The people whose searchable text or a note has the text: the two matches are
    found apart and joined (not `a OR EXISTS b` row by row), so that PostgreSQL
    finds each by its trigram index and a search that matches nobody reads nothing."""
    pattern = f"%{text.lower()}%"
    matches = union(
        select(Person.id).where(Person.search_text.like(pattern)),
        select(Note.person_id).where(Note.text.ilike(pattern)),
    )
    return query.where(Person.id.in_(matches))


def filtered_query(filters: Filters):
    query = select(Person)
    if filters.role in PersonRole.values():
        query = query.where(Person.role == filters.role)
    if filters.status in ParticipantStatus.values():
        query = query.where(Person.status == filters.status)
    if filters.unfinished:
        query = query.where(Person.status.in_(UNFINISHED_STATUSES))
    if filters.flagged:
        query = query.where(Person.wants_job_placement.is_(True))
    if filters.outside:
        query = query.where(Person.outside_target_groups.is_(True))
    if filters.target_group:
        query = query.where(Person.target_group_id == filters.target_group)
    if filters.field.isdigit():
        query = query.where(Person.occupation_code.like(f"{filters.field[:3]}%"))
    if filters.municipality.strip():
        query = query.where(
            func.lower(Person.municipality).like(f"{filters.municipality.strip().lower()}%")
        )
    if filters.partner:
        query = query.where(Person.partner_id == filters.partner)
    if filters.waited in WAITED_DAYS:
        since = utcnow() - timedelta(days=filters.waited)
        query = query.where(func.coalesce(Person.registered_at, Person.created_at) <= since)
    if filters.language_level:
        query = query.where(Person.language_level == filters.language_level)
    if filters.search.strip():
        query = _searched(query, filters.search.strip())
    known = registered_filters()
    for key, value in filters.registered:
        condition = known[key].condition(value) if key in known else None
        if condition is not None:
            query = query.where(condition)
    return query


def ordered(query, sort: str):
    """The list's order; every order ends on the id so pages never overlap."""
    if sort == "oldest":
        return query.order_by(Person.created_at, Person.id)
    if sort == "name":
        return query.order_by(Person.name, Person.id)
    if sort == "waiting":
        return query.order_by(Person.registered_at.asc().nulls_last(), Person.id)
    return query.order_by(Person.created_at.desc(), Person.id.desc())


def find_people(filters: Filters) -> Page:
    """One page of the register: two queries, and neither grows with the register."""
    query = filtered_query(filters)
    counted = select(func.count()).select_from(query.limit(COUNT_CAP + 1).subquery())
    total = db.session.execute(counted).scalar_one()
    more = total > COUNT_CAP
    total = min(total, COUNT_CAP)
    pages = max(1, -(-total // PAGE_SIZE))
    page = max(filters.page, 1) if more else min(max(filters.page, 1), pages)
    # The page's ids first (from the order's index alone, however deep the page),
    # then only those people.
    on_page = (
        ordered(query.with_only_columns(Person.id), filters.sort)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    rows = db.session.scalars(
        ordered(select(Person).where(Person.id.in_(on_page)), filters.sort)
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
    if status not in ParticipantStatus.values():
        raise RegisterError("invalid_status")
    if status == person.status:
        return
    at = utcnow()
    db.session.add(
        StatusChange(
            at=at,
            person_id=person.id,
            old_status=person.status,
            new_status=status,
            reason=reason.strip()[:500],
            changed_by_id=actor_id,
        )
    )
    record("person.status", actor_id=actor_id, ip=ip, obj=person, old=person.status, new=status)
    person.status, person.status_since = status, at
    if status in EXIT_STATUSES:  # someone who leaves leaves their portal too
        portal_access.end_access(person, why="status", actor_id=actor_id, ip=ip)


def erase(person: Person, *, actor_id: int | None, ip: str = "") -> None:
    """Erase the person's data (GDPR Art. 17): someone still on the way leaves it
    (withdrawn, so pools and mailings pass them by), then every place of personal
    data does what it registered (`kaari.privacy.erasure`). Reports keep counting
    the anonymous row."""
    if person.erased_at is not None:
        raise RegisterError("already_erased")
    if person.status not in (*EXIT_STATUSES, "completed"):
        set_status(person, "withdrawn", actor_id=actor_id, ip=ip)
    db.session.flush()
    erase_person(person.id)
    record("person.erased", actor_id=actor_id, ip=ip, obj=person)


def history(person: Person) -> list[StatusChange]:
    query = select(StatusChange).where(StatusChange.person_id == person.id)
    return list(db.session.scalars(query.order_by(StatusChange.at, StatusChange.id)))


def add_note(person: Person, text: str, *, kind: str, author_id: int | None, ip: str = "") -> Note:
    """A staff note, or (kind "request", no author) a change the person asked for."""
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
    tenant = db.session.get_one(Tenant, person.tenant_id)
    language = person.language if person.language in tenant.languages else tenant.default_language
    send(
        "refer_onward",
        to=person,
        language=language,
        key=f"refer-onward-{person.id}",
        context={
            "name": person.name,
            "services": Trusted(tenant.text("other_services", language)),
        },
    )
    set_status(person, "outside_target_group", reason="referred onward", actor_id=actor_id, ip=ip)
