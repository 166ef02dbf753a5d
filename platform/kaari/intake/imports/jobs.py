"""The dry run and the import as background jobs (`kaari.core.jobs`: inline or on RQ).

Progress is committed every thousand rows while the rows are checked; the writing
that follows is one transaction, so a failure leaves nothing half-imported.
"""

from __future__ import annotations

import logging

from flask import Flask

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.jobs import enqueue, job_context
from kaari.core.scoping import cross_tenant
from kaari.intake.imports import services
from kaari.intake.imports.reading import ImportFileError
from kaari.tenancy.models import Tenant

log = logging.getLogger(__name__)
JOB_TIMEOUT = 3600


def limits(app: Flask) -> services.Limits:
    return services.Limits(
        max_bytes=app.config["REGISTER_IMPORT_MAX_BYTES"],
        max_rows=app.config["REGISTER_IMPORT_MAX_ROWS"],
    )


def start(imported, tenant_id: int) -> None:
    """Run the step the import is in (reading, checking or importing) once the caller
    commits."""
    job = {"reading": read_file, "checking": check_import, "importing": run_import}
    enqueue(job[imported.state], imported.id, tenant_id, job_timeout=JOB_TIMEOUT)


def read_file(import_id: int, tenant_id: int) -> None:
    _run(import_id, tenant_id, "reading")


def check_import(import_id: int, tenant_id: int) -> None:
    _run(import_id, tenant_id, "checking")


def run_import(import_id: int, tenant_id: int) -> None:
    _run(import_id, tenant_id, "importing")


def _step(imported, tenant: Tenant, limits: services.Limits, progress) -> None:
    if imported.state == "reading":
        services.read(imported, limits, progress)
        return
    checked = services.plan(imported, tenant, limits, progress)
    if imported.state == "importing" and not checked.errors_total:
        services.apply(imported, tenant, checked)
        services.finish_import(imported)
    else:  # a dry run, or the register or the file changed since it: a new report
        services.finish_check(imported, checked)


def _run(import_id: int, tenant_id: int, state: str) -> None:
    with job_context(tenant_id) as app:
        imported = services.get_import(import_id)
        if imported is None or imported.state != state:
            return
        tenant = db.session.get(Tenant, tenant_id)

        def progress(count: int) -> None:
            services.progressed(imported, count)
            db.session.commit()

        try:
            _step(imported, tenant, limits(app), progress)
            db.session.commit()
        except ImportFileError as error:
            _failed(import_id, error.code)
        except Exception:
            log.exception("register import %s failed", import_id)
            _failed(import_id, "error")
            raise


def _failed(import_id: int, code: str) -> None:
    db.session.rollback()
    services.fail(services.get_import(import_id), code)
    db.session.commit()


def sweep_lost_imports() -> int:
    """Fail the steps whose worker died, and delete the files of imports left
    unfinished for a week; returns how many steps were lost."""
    now = utcnow()
    with job_context(), cross_tenant():
        lost = services.fail_lost(now)
        db.session.commit()
        tenant_ids = services.tenants_with_abandoned_files(now)
    dropped = 0
    for tenant_id in tenant_ids:  # files are deleted in their tenant's scope
        with job_context(tenant_id):
            dropped += services.drop_abandoned_files(now)
            db.session.commit()
    if lost:
        log.warning("%d register imports lost their worker", lost)
    if dropped:
        log.info("deleted the files of %d unfinished register imports", dropped)
    return lost
