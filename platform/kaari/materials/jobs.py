"""Background work of the materials domain: thin, calling the services."""

from __future__ import annotations

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import job_context, run_or_enqueue
from kaari.core.scoping import cross_tenant
from kaari.materials import group_packs


def make_group_pack(tenant_id: int, pack_id: int, lost: bool = False) -> None:
    """The job: gets ids only, re-enters the tenant's scope and builds the pack if
    no other job has claimed it (`lost`: sent by the sweep for a lost job)."""
    with job_context(tenant_id):
        pack = group_packs.claim_group_pack(pack_id, lost_by=utcnow() if lost else None)
        if pack is not None:
            group_packs.build_group_pack(pack)


def sweep_group_packs() -> int:
    """Start again the group files whose job was lost; returns how many."""
    with job_context() as app:
        with cross_tenant():
            lost = group_packs.lost_group_packs(utcnow())
        for tenant_id, pack_id in lost:
            run_or_enqueue(app, make_group_pack, tenant_id, pack_id, True)
    return len(lost)


def prune_stored_pdfs() -> tuple[int, int]:
    """Delete the group files and stored PDFs past their keeping time."""
    with job_context():
        with cross_tenant():
            deleted = group_packs.prune(utcnow())
        db.session.commit()
    return deleted
