"""The import of an existing register, step by step: upload, map the columns, map the
status words and give the consent basis, the dry run, the import.

Nothing is written to the register until every row has passed the checks: the import
job checks the whole file again first (the register may have changed since the dry
run), and then writes every row in one transaction. A re-run of the same file finds
the people it created (email first, then phone) and updates them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any, cast

from sqlalchemy import CursorResult, insert, select, update

from kaari.audit.services import record, record_each
from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.intake.imports.checks import Candidate, RegisterIndex, RowChecker, RowError
from kaari.intake.imports.fields import (
    FIELDS,
    normalised,
    proposed_mapping,
    proposed_statuses,
)
from kaari.intake.imports.models import (
    MAX_WORDS,
    RUNNING_STATES,
    ImportMapping,
    RegisterImport,
)
from kaari.intake.imports.reading import ImportFileError, Row, kind_of, table
from kaari.intake.models import Consent
from kaari.intake.services import coded
from kaari.participants import services as register
from kaari.participants.models import Person, StatusChange
from kaari.tenancy.models import Tenant

CONTENT_TYPES = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The dry run's report keeps this many row errors; the count is always whole.
KEPT_ERRORS = 5000
PROGRESS_EVERY = 1000
BATCH = 500
# A running step that has not committed progress for this long lost its worker: a
# live job commits every PROGRESS_EVERY rows, and its writing takes minutes at most.
LOST_AFTER = timedelta(minutes=30)
# An uploaded register not imported within this time is deleted (see the sweep).
KEEP_FILES = timedelta(days=7)


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_rows: int


class MappingError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def upload(filename: str, data: bytes, limits: Limits, *, actor_id: int, ip: str = ""):
    """Keep the file with its header, to be read by the reading job (the caller
    enqueues it), or ImportFileError for a file that cannot be imported at all (type,
    size, encoding, no header); the row limit is the reading job's to check."""
    if len(data) > limits.max_bytes:
        raise ImportFileError("size")
    kind = kind_of(filename, data)
    headers, _rows = table(data, kind, max_rows=limits.max_rows)
    key = storage.new_key("imports", f".{kind}")
    storage.current().put(key, data, CONTENT_TYPES[kind])
    imported = RegisterImport(
        file_key=key,
        filename=filename[-200:],
        kind=kind,
        columns=headers,
        mapping=proposed_mapping(headers),
        created_by_id=actor_id,
    )
    _start(imported, "reading")
    db.session.add(imported)
    db.session.flush()
    record("register_import.uploaded", actor_id=actor_id, ip=ip, obj=imported)
    return imported


def read(imported: RegisterImport, limits: Limits, progress: Callable[[int], None]) -> None:
    """Count the rows and keep each column's distinct values (the status words are
    among them): the whole file is read once, here, in the reading job."""
    words: list[set[str] | None] = [set() for _column in imported.columns]
    count = 0
    for count, row in enumerate(_rows(imported, limits.max_rows), start=1):
        for column, value in enumerate(row.cells):
            seen = words[column]
            if seen is not None and value not in seen:
                seen.add(value)
                if len(seen) > MAX_WORDS:
                    words[column] = None
        if count % PROGRESS_EVERY == 0:
            progress(count)
    imported.total_rows, imported.read_at = count, utcnow()
    imported.column_words = {
        str(column): None if seen is None else sorted(seen) for column, seen in enumerate(words)
    }
    imported.state = "uploaded"


def get_import(import_id: int) -> RegisterImport | None:
    return db.session.scalar(select(RegisterImport).where(RegisterImport.id == import_id))


def recent_imports(limit: int = 20) -> list[RegisterImport]:
    query = select(RegisterImport).order_by(RegisterImport.created_at.desc(), RegisterImport.id)
    return list(db.session.scalars(query.limit(limit)))


def saved_mappings() -> list[ImportMapping]:
    return list(db.session.scalars(select(ImportMapping).order_by(ImportMapping.name)))


def use_saved_mapping(imported: RegisterImport, mapping_id: int) -> bool:
    saved = db.session.scalar(select(ImportMapping).where(ImportMapping.id == mapping_id))
    if saved is None:
        return False
    imported.mapping = proposed_mapping(imported.columns, saved.fields)
    return True


def _rows(imported: RegisterImport, max_rows: int) -> Iterator[Row]:
    data = storage.current().get(imported.file_key)
    if data is None:
        raise ImportFileError("gone")
    _headers, rows = table(data, imported.kind, max_rows=max_rows)
    return rows


def check_mapping(mapping: list[str]) -> None:
    """MappingError unless the columns can make people: a name, a way to reach them."""
    chosen = [name for name in mapping if name]
    if any(name not in FIELDS for name in chosen) or len(chosen) != len(set(chosen)):
        raise MappingError("twice")
    if "name" not in chosen and not {"first_name", "last_name"} & set(chosen):
        raise MappingError("name")
    if not {"email", "phone"} & set(chosen):
        raise MappingError("contact")


def set_mapping(
    imported: RegisterImport, mapping: list[str], *, save_as: str, actor_id: int
) -> None:
    """Take the columns' fields (saved under a name if given) and collect the file's
    status words for the next step; with no status column, one word for everyone ("")."""
    check_mapping(mapping)
    imported.mapping = mapping
    if save_as.strip():
        fields = {normalised(h): f for h, f in zip(imported.columns, mapping, strict=True) if f}
        db.session.add(
            ImportMapping(name=save_as.strip()[:80], fields=fields, created_by_id=actor_id)
        )
    words = [""]
    if "status" in mapping:
        words = imported.column_words[str(mapping.index("status"))]
        if words is None:
            raise MappingError("status_words")
        words = sorted(words, key=lambda word: (word != "", word.lower()))
    imported.status_words = proposed_statuses(words)
    imported.state = "mapped"


def set_details(
    imported: RegisterImport,
    status_words: dict[str, str],
    *,
    default_role: str,
    consent_basis: str,
    informed_on: date,
) -> None:
    """The status words mapped, the role of rows without one, the consent basis:
    ready for the dry run (the caller enqueues it)."""
    imported.status_words = status_words
    imported.default_role = default_role
    imported.consent_basis = consent_basis.strip()[:300]
    imported.informed_on = informed_on
    _start(imported, "checking")


def confirm(imported: RegisterImport, *, actor_id: int, ip: str = "") -> None:
    """Start the import after a dry run without errors (the caller enqueues it)."""
    if imported.state != "checked" or imported.report.get("errors_total"):
        raise MappingError("not_ready")
    _start(imported, "importing")
    record("register_import.started", actor_id=actor_id, ip=ip, obj=imported)


def _start(imported: RegisterImport, state: str) -> None:
    imported.state, imported.processed_rows, imported.failure = state, 0, ""
    imported.progressed_at = utcnow()


def progressed(imported: RegisterImport, rows: int) -> None:
    imported.processed_rows, imported.progressed_at = rows, utcnow()


def fail_lost(now: datetime) -> int:
    """Mark failed (`lost`) every running import silent for LOST_AFTER, in every
    tenant in scope: its worker died, and as the writing is one transaction nothing
    was imported. One UPDATE, so a job that does finish still ends "done"."""
    lost = cast(
        "CursorResult[Any]",
        db.session.execute(
            update(RegisterImport)
            .where(
                RegisterImport.state.in_(RUNNING_STATES),
                RegisterImport.progressed_at < now - LOST_AFTER,
            )
            .values(state="failed", failure="lost")
            .execution_options(synchronize_session=False)
        ),
    )
    return lost.rowcount


@dataclass
class Plan:
    creates: list[Candidate] = field(default_factory=list)
    updates: list[tuple[int, Candidate]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    errors_total: int = 0

    def report(self) -> dict:
        return {
            "rows": len(self.creates) + len(self.updates) + self._rows_with_errors(),
            "create": len(self.creates),
            "update": len(self.updates),
            "errors_total": self.errors_total,
            "errors": [error.as_dict() for error in self.errors],
        }

    def _rows_with_errors(self) -> int:
        return len({error.row for error in self.errors})


def plan(
    imported: RegisterImport, tenant: Tenant, limits: Limits, progress: Callable[[int], None]
) -> Plan:
    """Check every row and match it to the register; nothing is written."""
    checker = RowChecker(
        imported.mapping,
        imported.status_words,
        default_role=imported.default_role,
        default_language=tenant.default_language,
    )
    index = RegisterIndex()
    result = Plan()
    for count, row in enumerate(_rows(imported, limits.max_rows), start=1):
        checked = checker.check(row.number, row.cells)
        if isinstance(checked, list):
            result.errors_total += len(checked)
            result.errors.extend(checked[: max(0, KEPT_ERRORS - len(result.errors))])
        else:
            person_id = index.match(checked)
            if person_id is None:
                result.creates.append(checked)
            else:
                result.updates.append((person_id, checked))
        if count % PROGRESS_EVERY == 0:
            progress(count)
    return result


def _batches(items: list, size: int = BATCH) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def reason(imported: RegisterImport) -> str:
    """What the status history keeps as the cause (the person page links it)."""
    return f"import:{imported.id}"


def apply(imported: RegisterImport, tenant: Tenant, checked: Plan) -> None:
    """Write every row of a plan without errors, in the caller's transaction.

    New people are created with their final status and one history step whose reason
    is the import; the history steps, consents and audit entries go in as bulk inserts.
    """
    actor_id = imported.created_by_id
    for batch in _batches(checked.creates):
        people = [_new_person(candidate) for candidate in batch]
        db.session.add_all(people)
        db.session.flush()
        _first_steps(people, imported, tenant)
        record_each("person.imported", people, actor_id=actor_id, **_audited(imported, True))
    for batch in _batches(checked.updates):
        found = db.session.scalars(select(Person).where(Person.id.in_([i for i, _c in batch])))
        by_id = {person.id: person for person in found}
        people = []
        for person_id, candidate in batch:
            person = by_id[person_id]
            person.name, person.municipality = candidate.name, candidate.municipality
            person.email = candidate.email or person.email
            person.language = candidate.language
            person.answers = {**person.answers, **candidate.answers, **coded(candidate.answers)}
            register.set_status(
                person, candidate.status, reason=reason(imported), actor_id=actor_id
            )
            people.append(person)
        record_each("person.imported", people, actor_id=actor_id, **_audited(imported, False))
    imported.created_count, imported.updated_count = len(checked.creates), len(checked.updates)


def _new_person(candidate: Candidate) -> Person:
    return Person(
        role=candidate.role,
        name=candidate.name,
        email=candidate.email,
        municipality=candidate.municipality,
        language=candidate.language,
        question="",
        status=candidate.status,
        answers={**candidate.answers, **coded(candidate.answers)},
    )


def _first_steps(people: list[Person], imported: RegisterImport, tenant: Tenant) -> None:
    """Each new person's history step and consent row, two statements for the batch."""
    tenant_id, at = tenant.id, utcnow()
    changes = [
        {
            "tenant_id": tenant_id,
            "person_id": person.id,
            "old_status": "",
            "new_status": person.status,
            "reason": reason(imported),
            "changed_by_id": imported.created_by_id,
            "at": at,
        }
        for person in people
    ]
    db.session.execute(insert(StatusChange), changes)
    notice_version = tenant.setting("privacy_notice_version")
    consents = [
        {
            "tenant_id": tenant_id,
            "person_id": person.id,
            "form": f"import-{imported.id}",
            "notice_version": notice_version,
            "given_at": at,
        }
        for person in people
    ]
    db.session.execute(insert(Consent), consents)


def _audited(imported: RegisterImport, created: bool) -> dict:
    return {"register_import": imported.id, "created": created}


def finish_check(imported: RegisterImport, checked: Plan) -> None:
    imported.report = checked.report()
    imported.processed_rows = imported.total_rows
    imported.state = "checked"


def finish_import(imported: RegisterImport) -> None:
    """Done: the uploaded file (personal data) is deleted with the commit."""
    _drop_file(imported)
    imported.processed_rows = imported.total_rows
    imported.state, imported.finished_at = "done", utcnow()
    record(
        "register_import.done",
        actor_id=imported.created_by_id,
        obj=imported,
        created=imported.created_count,
        updated=imported.updated_count,
    )


def fail(imported: RegisterImport, code: str) -> None:
    """A file that could not be read is of no further use: deleted with the commit."""
    if imported.read_at is None:
        _drop_file(imported)
    imported.state, imported.failure = "failed", code


def _drop_file(imported: RegisterImport) -> None:
    if imported.file_key:
        storage.current().delete([imported.file_key])
        imported.file_key = ""


def _abandoned(now: datetime):
    return (
        RegisterImport.file_key != "",
        RegisterImport.state.not_in(RUNNING_STATES),
        RegisterImport.created_at < now - KEEP_FILES,
    )


def tenants_with_abandoned_files(now: datetime) -> list[int]:
    """The tenants in scope with an import left unfinished for KEEP_FILES."""
    query = select(RegisterImport.tenant_id).where(*_abandoned(now)).distinct()
    return list(db.session.scalars(query))


def drop_abandoned_files(now: datetime) -> int:
    """Delete the uploaded files (personal data) of the tenant's imports left
    unfinished for KEEP_FILES; such an import is then failed ("gone")."""
    abandoned = db.session.scalars(select(RegisterImport).where(*_abandoned(now))).all()
    for imported in abandoned:
        _drop_file(imported)
        imported.state, imported.failure = "failed", "gone"
    return len(abandoned)
