"""Agreements signed on paper (at the kick-off, most often), recorded by staff: the
date, who was present, and optionally a scan. A recorded paper agreement makes the
pair's agreement signed wherever that is shown (kaari.programme.groups.agreements.
signed_pairs). The scan is kept in the file store, read by staff only, and deleted
when either member of the pair is erased (its place in the registry of personal
data, below, which also gives the members these rows in their subject access)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select

from kaari.audit.services import record
from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.matching.models import Pair
from kaari.privacy.registry import Rows, person_data, plain
from kaari.programme.groups.models import PaperAgreement
from kaari.programme.groups.services import ProgrammeError

SCAN_MAX_BYTES = 6 * 1024 * 1024
# What a scan may be, told by its first bytes (not by its name or the browser's word).
SCAN_TYPES = {
    b"%PDF-": ("application/pdf", ".pdf"),
    b"\xff\xd8\xff": ("image/jpeg", ".jpg"),
    b"\x89PNG\r\n\x1a\n": ("image/png", ".png"),
}


@dataclass(frozen=True)
class Signing:
    signed_on: date
    actor_present: bool = False
    mentor_present: bool = False
    coordinator_present: bool = False


def paper_agreement_of(pair: Pair) -> PaperAgreement | None:
    return db.session.scalar(select(PaperAgreement).where(PaperAgreement.pair_id == pair.id))


def scan_type(data: bytes) -> tuple[str, str]:
    """The scan's content type and file suffix, or ProgrammeError."""
    if len(data) > SCAN_MAX_BYTES:
        raise ProgrammeError("scan_too_large", megabytes=SCAN_MAX_BYTES // (1024 * 1024))
    for magic, kind in SCAN_TYPES.items():
        if data.startswith(magic):
            return kind
    raise ProgrammeError("scan_not_accepted")


def record_signing(
    pair: Pair,
    signing: Signing,
    *,
    scan: bytes | None,
    staff_id: int,
    today: date,
    ip: str = "",
) -> PaperAgreement:
    """Record (or correct) the paper agreement; a new scan replaces the old one."""
    if pair.status != "confirmed":
        raise ProgrammeError("pair_not_confirmed_to_record")
    if signing.signed_on > today:
        raise ProgrammeError("signed_in_future")
    kind = scan_type(scan) if scan else None
    paper = paper_agreement_of(pair)
    if paper is None:
        paper = PaperAgreement(pair_id=pair.id, signed_on=signing.signed_on)
        db.session.add(paper)
    paper.signed_on = signing.signed_on
    paper.actor_present = signing.actor_present
    paper.mentor_present = signing.mentor_present
    paper.coordinator_present = signing.coordinator_present
    paper.recorded_by, paper.recorded_at = staff_id, utcnow()
    if scan and kind:
        _forget_scan(paper)
        paper.scan_key = storage.new_key("agreement-scan", kind[1])
        paper.scan_type = kind[0]
        storage.current().put(paper.scan_key, scan, kind[0])
    db.session.flush()
    record(
        "agreement.paper_recorded",
        actor_id=staff_id,
        ip=ip,
        obj=paper,
        pair=pair.id,
        scan=bool(scan),
    )
    return paper


def remove(paper: PaperAgreement, *, staff_id: int, ip: str = "") -> None:
    """Take back a paper agreement recorded by mistake, with its scan."""
    record("agreement.paper_removed", actor_id=staff_id, ip=ip, obj=paper, pair=paper.pair_id)
    _forget_scan(paper)
    db.session.delete(paper)


def scan_of(paper: PaperAgreement) -> bytes | None:
    return storage.current().get(paper.scan_key) if paper.scan_key else None


def _forget_scan(paper: PaperAgreement) -> None:
    if paper.scan_key:
        storage.current().delete([paper.scan_key])
    paper.scan_key, paper.scan_type = None, ""


def _papers_of(person_id: int):
    query = (
        select(PaperAgreement)
        .join(Pair, Pair.id == PaperAgreement.pair_id)
        .where(or_(Pair.actor_id == person_id, Pair.mentor_id == person_id))
        .order_by(PaperAgreement.id)
    )
    return db.session.scalars(query)


def _rows(person_id: int) -> Rows:
    return [
        {
            "pair_id": paper.pair_id,
            "signed_on": plain(paper.signed_on),
            "actor_present": paper.actor_present,
            "mentor_present": paper.mentor_present,
            "coordinator_present": paper.coordinator_present,
            "scan_kept": paper.scan_key is not None,
            "recorded_at": plain(paper.recorded_at),
        }
        for paper in _papers_of(person_id)
    ]


def _forget_scans(_model, _column, person_id: int) -> None:
    """The scans of the person's pairs carry names and signatures, so they go; the
    date and who was present stay, so the counts do not change."""
    for paper in _papers_of(person_id):
        _forget_scan(paper)


_forget_scans.effect = "cleared"  # type: ignore[attr-defined]

PERSON_DATA = person_data(
    PaperAgreement,
    PaperAgreement.pair_id,
    title=_l("Agreements signed on paper (the pair's)"),
    purpose=_l("The pair's mentoring agreement"),
    erasure=_forget_scans,
    rows=_rows,
)
