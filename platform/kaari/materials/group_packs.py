"""A group's file of every pair's pack. Laying out a dozen packs takes longer than a
request should, so it is made by a background job (inline without Redis) that
records its progress; staff watch it and download the file when it is ready."""

from __future__ import annotations

import hashlib
import logging

from flask_babel import force_locale
from sqlalchemy import select

from kaari import db
from kaari.db import utcnow
from kaari.materials.models import GroupPack, StoredPdf
from kaari.materials.services import pack_html, pack_input, store_pdf, stored_pdf
from kaari.pdf import render_combined_pdf
from kaari.programme import services as programme
from kaari.programme.models import Group
from kaari.tenancy.models import Tenant

log = logging.getLogger(__name__)
KIND = "group_pack"


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
    return stored.content if stored is not None else None


def _progress(pack: GroupPack, done: int) -> None:
    pack.done = done
    db.session.commit()


def build_group_pack(pack: GroupPack) -> None:
    """Lay out every pair's pack into one file, committing progress after each pair.
    The same pairs, texts and dates as before are served from the store."""
    pack.status = "running"
    db.session.commit()
    try:
        tenant = db.session.get(Tenant, pack.tenant_id)
        group = db.session.get(Group, pack.group_id)
        with force_locale(pack.language):
            inputs = [
                pack_input(tenant, pack.language, pair=pair, group=group)
                for pair in programme.group_pairs(group)
            ]
            digest = hashlib.sha256("".join(i.digest() for i in inputs).encode()).hexdigest()
            stored = stored_pdf(KIND, digest)
            if stored is None:
                pack.total = len(inputs)
                content = render_combined_pdf(
                    (pack_html(i) for i in inputs), lambda n: _progress(pack, n)
                )
                stored = store_pdf(KIND, digest, content)
        pack.stored_pdf_id, pack.done, pack.status = stored.id, len(inputs), "done"
    except Exception:
        log.exception("group pack %s failed", pack.id)
        db.session.rollback()
        pack.status = "failed"
    pack.finished_at = utcnow()
    db.session.commit()
