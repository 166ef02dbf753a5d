"""RQ jobs of the mail domain: thin, ids only, each re-entering its scope."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import job_context, run_or_enqueue, url_context
from kaari.core.scoping import cross_tenant
from kaari.mail import delivery, mailings, writing
from kaari.mail.models import OutboxMessage, PlatformOutboxMessage
from kaari.mail.services import BATCH_SIZE
from kaari.mail.transport import transport_for
from kaari.tenancy.models import Tenant

SWEEP_EVERY = timedelta(seconds=30)
SWEEP_GRACE = timedelta(minutes=1)
# A mailing's messages are written by one job after the request that created it; the
# sweep gives a mailing still unwritten after this long, and leased by no job, to a new job.
MAILING_GRACE = timedelta(minutes=5)


def deliver_messages(tenant_id: int | None, message_ids: list[int]) -> dict[str, int]:
    """Deliver a batch of one tenant's messages (tenant None: platform mail). A
    tenant's mail comes from the tenant by name: participants know the network, not
    the platform; platform mail comes from MAIL_FROM as it is."""
    with job_context(tenant_id) as app, url_context(app):
        config = app.config
        model = OutboxMessage if tenant_id is not None else PlatformOutboxMessage
        tenant = db.session.get(Tenant, tenant_id) if tenant_id is not None else None
        return delivery.deliver(
            model,
            message_ids,
            transport=transport_for(config["MAIL_URL"], config["OUTBOX_DIR"]),
            mail_from=config["MAIL_FROM"],
            sender_name=tenant.name if tenant is not None else None,
            lease=timedelta(seconds=config["MAIL_LEASE_SECONDS"]),
        )


def write_mailing(tenant_id: int, mailing_id: int) -> int:
    """Write a mailing's messages in batches (`mail.writing`); each batch leaves like
    any other mail once committed. A mailing written, or being written by another
    job, is left alone."""
    with job_context(tenant_id) as app, url_context(app):
        mailing = writing.claim(mailing_id)
        if mailing is None:
            return 0
        return writing.write_messages(mailing, db.session.get(Tenant, tenant_id))


def sweep_outbox() -> int:
    """Hand every due or abandoned row to delivery again, and every mailing whose
    messages are still unwritten to its job again; returns how many messages."""
    with job_context() as app:
        for tenant_id, mailing_id, size in mailings.unwritten(utcnow() - MAILING_GRACE):
            timeout = mailings.write_timeout(size)
            run_or_enqueue(app, write_mailing, tenant_id, mailing_id, job_timeout=timeout)
        with cross_tenant():
            now = utcnow()
            due = delivery.due_messages(OutboxMessage, now, grace=SWEEP_GRACE)
            due += delivery.due_messages(PlatformOutboxMessage, now, grace=SWEEP_GRACE)
        by_tenant: dict[int | None, list[int]] = defaultdict(list)
        for tenant_id, message_id in due:
            by_tenant[tenant_id].append(message_id)
        for tenant_id, ids in by_tenant.items():
            for start in range(0, len(ids), BATCH_SIZE):
                run_or_enqueue(app, deliver_messages, tenant_id, ids[start : start + BATCH_SIZE])
    return len(due)
