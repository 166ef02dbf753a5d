"""Requests from data subjects (access, rectification, erasure): each is due one
calendar month after it was received and stays on the admins' list until answered.
A copy of one's data goes out as a download link that works for LINK_DAYS days."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.months import add_months
from kaari.core.tokens import digest, new_token
from kaari.mail.links import LinkUnavailable, PersonalLink, tenant_url
from kaari.mail.services import send
from kaari.participants.models import DATA_REQUEST_KINDS, DataRequest, Person

LINK_DAYS = 7


class DataRequestError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def receive(
    person: Person, kind: str, *, source: str, message: str = "", ip: str = ""
) -> DataRequest:
    """Record a request; one open request of each kind per person is enough."""
    if kind not in DATA_REQUEST_KINDS:
        raise DataRequestError("unknown_kind")
    request = db.session.scalar(
        select(DataRequest).where(
            DataRequest.person_id == person.id,
            DataRequest.kind == kind,
            DataRequest.answered_at.is_(None),
        )
    )
    if request is None:
        now = utcnow()
        request = DataRequest(person_id=person.id, kind=kind, source=source, message=message,
                              received_at=now, due_at=add_months(now, 1))  # fmt: skip
        db.session.add(request)
        db.session.flush()
        record("data_request.received", actor_id=None, ip=ip, obj=person, kind=kind)
    return request


def open_requests() -> list[tuple[DataRequest, Person]]:
    """Unanswered requests, the most urgent first, with their people (one query)."""
    query = (
        select(DataRequest, Person)
        .join(Person, Person.id == DataRequest.person_id)
        .where(DataRequest.answered_at.is_(None))
        .order_by(DataRequest.due_at, DataRequest.id)
    )
    return [(row.DataRequest, row.Person) for row in db.session.execute(query)]


def answer(request: DataRequest, *, by: int | None, ip: str = "") -> None:
    request.answered_at, request.answered_by = utcnow(), by
    record("data_request.answered", actor_id=by, ip=ip, obj=request, kind=request.kind)


def answer_open(person: Person, kind: str, *, by: int | None, ip: str = "") -> None:
    """Mark the person's open requests of `kind` answered (after an erasure, say)."""
    query = select(DataRequest).where(
        DataRequest.person_id == person.id,
        DataRequest.kind == kind,
        DataRequest.answered_at.is_(None),
    )
    for request in db.session.scalars(query):
        answer(request, by=by, ip=ip)


def send_copy(
    request: DataRequest,
    person: Person,
    *,
    by: int | None,
    ip: str = "",
) -> None:
    """Mail the person a link to download all their data, and answer the request."""
    if request.kind != "access":
        raise DataRequestError("not_access")
    if not person.email:
        raise DataRequestError("no_email")
    request.link_expires_at = utcnow() + timedelta(days=LINK_DAYS)
    link = PersonalLink("data_copy", {"request_id": request.id})
    send("data_copy", to=person, context={"name": person.name, "link": link, "days": LINK_DAYS})
    answer(request, by=by, ip=ip)


def mint_link(params: dict, language: str, _recipient: str) -> str:
    """The download link, made at delivery: a new token whose digest replaces the
    last one (a resent mail's link is the one that works)."""
    query = select(DataRequest).where(DataRequest.id == params["request_id"])
    request = db.session.scalar(query)
    if request is None:
        raise LinkUnavailable
    raw, request.token_digest = new_token()
    return tenant_url("data_copy.download_page", token=raw, language=language)


def person_for_link(raw: str) -> Person | None:
    """Whose data an unexpired download link opens (in the tenant in scope)."""
    query = (
        select(Person)
        .join(DataRequest, DataRequest.person_id == Person.id)
        .where(DataRequest.token_digest == digest(raw), DataRequest.link_expires_at > utcnow())
    )
    return db.session.scalar(query)
