"""A group's file of every pair's pack. Laying out a dozen packs takes longer than a
request should, so it is made by a background job (inline without Redis) that
records its progress; staff watch it and download the file when it is ready."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta

from flask_babel import force_locale
from sqlalchemy import delete, or_, select, update

from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.core.pdf import render_combined_pdf
from kaari.core.scoping import tenant_scope
from kaari.materials.models import GroupPack, StoredPdf
from kaari.materials.services import cached_pdf, pack_html, pack_input
from kaari.programme.groups import services as programme
from kaari.programme.groups.models import Group
from kaari.tenancy.models import Tenant

log = logging.getLogger(__name__)
KIND = "group_pack"
QUEUED_GRACE = timedelta(minutes=10)
RUNNING_GRACE = timedelta(hours=1)
KEEP_FOR = timedelta(days=30)


class GroupPackError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def start_group_pack(group: Group, language: str, *, by: int | None) -> GroupPack:
    """Record the request; the caller enqueues `build_group_pack` after commit."""
    total = len(programme.group_pairs(group))
    if total == 0:
        raise GroupPackError("no_pairs")
    pack = GroupPack(group_id=group.id, language=language, total=total, requested_by=by)
    db.session.add(pack)
    db.session.flush()
    return pack


def get_group_pack(group: Group, pack_id: int) -> GroupPack | None:
    """A group pack of this group (looked up through its group)."""
    query = select(GroupPack).where(GroupPack.id == pack_id, GroupPack.group_id == group.id)
    return db.session.scalar(query)


def group_pack_pdf(pack: GroupPack) -> bytes | None:
    if pack.status != "done" or pack.stored_pdf_id is None:
        return None
    stored = db.session.get(StoredPdf, pack.stored_pdf_id)
    return storage.current().get(stored.file_key) if stored is not None else None


def _lost(now: datetime):
    """Still queued after QUEUED_GRACE (Redis was down when it was enqueued), or
    still running after RUNNING_GRACE (the worker died while laying it out; a file
    takes seconds to a few minutes)."""
    return or_(
        (GroupPack.status == "queued") & (GroupPack.created_at < now - QUEUED_GRACE),
        (GroupPack.status == "running") & (GroupPack.created_at < now - RUNNING_GRACE),
    )


def lost_group_packs(now: datetime) -> list[tuple[int, int]]:
    """(tenant id, pack id) of the files whose job was lost."""
    query = select(GroupPack.tenant_id, GroupPack.id).where(_lost(now))
    return [(tenant_id, pack_id) for tenant_id, pack_id in db.session.execute(query)]


def claim_group_pack(pack_id: int, *, lost_by: datetime | None = None) -> GroupPack | None:
    """Mark the pack running if it is still queued (or, for the sweep, lost as of
    `lost_by`): one UPDATE, so two jobs for the same pack never both build it."""
    waiting = GroupPack.status == "queued" if lost_by is None else _lost(lost_by)
    claimed = db.session.execute(
        update(GroupPack).where(GroupPack.id == pack_id, waiting).values(status="running", done=0)
    )
    db.session.commit()
    return db.session.get(GroupPack, pack_id) if claimed.rowcount == 1 else None


def prune(now: datetime) -> tuple[int, int]:
    """Forget the group files and stored PDFs older than KEEP_FOR, with their files
    (they hold names; anything still needed is made again on request). Runs across
    tenants; the files go tenant by tenant. Returns (packs, PDFs) deleted."""
    cutoff = now - KEEP_FOR
    packs = db.session.execute(
        delete(GroupPack).where(GroupPack.created_at < cutoff, GroupPack.status != "running")
    ).rowcount
    in_use = select(GroupPack.stored_pdf_id).where(GroupPack.stored_pdf_id.is_not(None))
    old = select(StoredPdf.tenant_id, StoredPdf.id, StoredPdf.file_key).where(
        StoredPdf.created_at < cutoff, StoredPdf.id.not_in(in_use)
    )
    by_tenant: dict[int, list[tuple[int, str]]] = {}
    for tenant_id, pdf_id, file_key in db.session.execute(old):
        by_tenant.setdefault(tenant_id, []).append((pdf_id, file_key))
    for tenant_id, pdfs in by_tenant.items():
        with tenant_scope(tenant_id):
            db.session.execute(delete(StoredPdf).where(StoredPdf.id.in_([i for i, _ in pdfs])))
            storage.current().delete(key for _, key in pdfs)
    return packs, sum(len(pdfs) for pdfs in by_tenant.values())


def _progress(pack: GroupPack, done: int) -> None:
    pack.done = done
    db.session.commit()


def build_group_pack(pack: GroupPack) -> None:
    """Lay out every pair's pack into one file (the pack is claimed: running),
    committing progress after each pair. The same pairs, texts and dates as before
    are served from the store."""
    try:
        tenant = db.session.get(Tenant, pack.tenant_id)
        group = db.session.get(Group, pack.group_id)
        with force_locale(pack.language):
            inputs = [
                pack_input(tenant, pack.language, pair=pair, group=group)
                for pair in programme.group_pairs(group)
            ]
            digest = hashlib.sha256("".join(i.digest() for i in inputs).encode()).hexdigest()
            pack.total = len(inputs)
            stored, _content = cached_pdf(
                KIND,
                digest,
                lambda: render_combined_pdf(
                    (pack_html(i) for i in inputs), lambda n: _progress(pack, n)
                ),
            )
        pack.stored_pdf_id, pack.done, pack.status = stored.id, len(inputs), "done"
    except Exception:
        log.exception("group pack %s failed", pack.id)
        db.session.rollback()
        pack.status = "failed"
    pack.finished_at = utcnow()
    db.session.commit()
