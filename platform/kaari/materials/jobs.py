"""Background work of the materials domain: thin, calling the services."""

from __future__ import annotations

from kaari import db
from kaari.jobs import job_context
from kaari.materials.group_packs import build_group_pack
from kaari.materials.models import GroupPack


def make_group_pack(tenant_id: int, pack_id: int) -> None:
    """The job: gets ids only and re-enters the tenant's scope."""
    with job_context(tenant_id):
        pack = db.session.get(GroupPack, pack_id)
        if pack is not None and pack.status == "queued":
            build_group_pack(pack)
