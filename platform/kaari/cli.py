"""The `kaari` command: a Flask CLI group with the project's own commands."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from kaari.core import db


def _create_app():
    from kaari import create_app
    from kaari.core.config import ConfigError

    try:
        return create_app()
    except ConfigError as error:
        raise click.ClickException(f"{error} (`kaari check` lists every problem)") from error


@click.group(cls=FlaskGroup, create_app=_create_app)
def main() -> None:
    """Kaari: career-mentoring networks, many organisations, one platform."""


@main.command("check", with_appcontext=False)
def check() -> None:
    """Check the configuration and the services it names before starting (exit 1 on errors).

    Needs no working app, so it also explains why the app would refuse to start.
    """
    from kaari.core.config import ConfigError, load_config
    from kaari.ops.checks import ERROR, run_checks

    try:
        config = load_config()
    except ConfigError as error:
        click.echo(f"{ERROR:8} {'settings':12} {error}")
        raise SystemExit(1) from error
    findings = run_checks(config)
    for finding in findings:
        click.echo(f"{finding.level:8} {finding.setting:12} {finding.message}")
    errors = sum(finding.level == ERROR for finding in findings)
    click.echo(f"{errors} error(s)" if errors else "ready to start")
    if errors:
        raise SystemExit(1)


def register_commands(app: Flask) -> None:
    app.cli.add_command(db_group)
    app.cli.add_command(tenants_group)
    app.cli.add_command(users_group)
    app.cli.add_command(demo_group)
    app.cli.add_command(matching_group)
    app.cli.add_command(worker)
    app.cli.add_command(jobs_group)
    app.cli.add_command(reports_group)
    app.cli.add_command(storage_group)


@click.group("db", cls=AppGroup)
def db_group() -> None:
    """Database schema (Alembic migrations)."""


@db_group.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Migrate the database to REVISION (default: the newest)."""
    from kaari.core import migrate

    config = current_app.config
    migrate.upgrade(config["MIGRATE_DATABASE_URL"], revision, app_url=config["DATABASE_URL"])
    click.echo(f"database at {revision}")


@db_group.command("downgrade")
@click.argument("revision")
def db_downgrade(revision: str) -> None:
    """Migrate the database back to REVISION."""
    from kaari.core import migrate

    config = current_app.config
    migrate.downgrade(config["MIGRATE_DATABASE_URL"], revision, app_url=config["DATABASE_URL"])


@db_group.command("revision")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate/--empty", default=True)
def db_revision(message: str, autogenerate: bool) -> None:
    """Write a new migration (review it, and add enable_rls for tenant tables)."""
    from alembic import command

    from kaari.core import migrate

    config = migrate.alembic_config(current_app.config["MIGRATE_DATABASE_URL"])
    command.revision(config, message=message, autogenerate=autogenerate)


@click.group("tenants", cls=AppGroup)
def tenants_group() -> None:
    """Organisations and their bundles."""


@tenants_group.command("apply")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
def tenants_apply(files: tuple[str, ...]) -> None:
    """Create or update tenants from bundle FILES (TOML); idempotent."""
    from kaari.audit.services import record
    from kaari.tenancy.bundles import BundleError, apply_bundle, load_bundle
    from kaari.tenancy.services import notice_gaps

    for file in files:
        try:
            bundle = load_bundle(Path(file))
            tenant, created = apply_bundle(bundle)
        except BundleError as error:
            db.session.rollback()
            raise click.ClickException(f"{file}: {error}") from error
        record(
            "tenant.created" if created else "tenant.updated",
            actor_id=None,
            obj=tenant,
            source=Path(file).name,
        )
        db.session.commit()
        click.echo(f"{'created' if created else 'updated'} {tenant.slug}")
        if not tenant.published:
            click.echo(
                f"  {tenant.slug} is not published: its admin publishes it at "
                f"/{tenant.slug}/staff/settings/publication"
            )
        if notice_gaps(tenant):
            click.echo(
                f"  the join form of {tenant.slug} is closed to the public until the privacy "
                "notice has the controller's contact: add [contact] email to the bundle"
            )


@tenants_group.command("list")
def tenants_list() -> None:
    """List every tenant."""
    from kaari.tenancy.services import list_tenants

    for tenant in list_tenants():
        state = "open" if tenant.enabled else "closed"
        click.echo(f"{tenant.slug:24} {state:7} {tenant.name}")


@click.group("users", cls=AppGroup)
def users_group() -> None:
    """Platform users."""


@users_group.command("create-platform-admin")
@click.argument("email")
@click.password_option(help="Asked for when not given.")
@click.option(
    "--role", type=click.Choice(["platform_admin", "national_analyst"]), default="platform_admin"
)
def create_platform_admin(email: str, password: str, role: str) -> None:
    """Create a platform administrator (or national analyst) to bootstrap the platform."""
    from kaari.accounts.services import AccountError, create_user
    from kaari.audit.services import record

    try:
        user = create_user(email, password=password, platform_role=role, language="fi")
    except AccountError as error:
        raise click.ClickException(f"cannot create the user: {error.code}") from error
    record("user.created", actor_id=None, obj=user, platform_role=role)
    db.session.commit()
    click.echo(f"created {role} {user.email}")


@click.group("matching", cls=AppGroup)
def matching_group() -> None:
    """Shared matching rule sets."""


@matching_group.command("publish")
@click.argument("files", nargs=-1, type=click.Path(exists=True, dir_okay=False))
def matching_publish(files: tuple[str, ...]) -> None:
    """Publish rule set FILES (TOML) as new versions; without FILES, the shipped ones."""
    from kaari.matching import rulesets

    try:
        if files:
            published = [rulesets.publish_file(Path(file)) for file in files]
        else:
            published = rulesets.publish_shipped()
    except (rulesets.RulesError, KeyError) as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    for rule_set in published:
        if rule_set is not None:
            click.echo(f"published {rule_set.key} v{rule_set.version}")
    if not any(published):
        click.echo("nothing changed")


@click.group("demo", cls=AppGroup)
def demo_group() -> None:
    """Demo data for `make run`."""


@demo_group.command("load")
@click.option("--tenants-dir", type=click.Path(exists=True, file_okay=False), default=None)
def demo_load(tenants_dir: str | None) -> None:
    """Apply every bundle in tenants/ and add the demo staff logins (idempotent)."""
    from kaari.core.config import PROJECT_ROOT
    from kaari.demo import load_demo

    folder = Path(tenants_dir) if tenants_dir else PROJECT_ROOT / "tenants"
    for line in load_demo(folder):
        click.echo(line)


@click.command("worker")
@click.option("--queue", "queues", multiple=True, default=("default",))
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker(queues: tuple[str, ...], burst: bool) -> None:
    """Run an RQ worker with the scheduler (needs REDIS_URL); see kaari.core.schedule.Worker."""
    from kaari.core.schedule import Worker

    app = current_app._get_current_object()
    if not app.config["REDIS_URL"]:
        raise click.ClickException("REDIS_URL is not set: without Redis, jobs run inline")
    Worker(app, list(queues)).work(with_scheduler=True, burst=burst)


@click.group("jobs", cls=AppGroup)
def jobs_group() -> None:
    """Scheduled and recurring work."""


@jobs_group.command("run-due")
@click.option("--loop", type=int, default=0, help="Repeat every N seconds (0: once).")
def jobs_run_due(loop: int) -> None:
    """Start every due job (the embedded mode's scheduler; `make run` loops it)."""
    import time

    from kaari.core.schedule import run_due

    while True:
        for name in run_due(current_app._get_current_object()):
            click.echo(f"started {name}")
        if not loop:
            return
        time.sleep(loop)


@click.group("reports", cls=AppGroup)
def reports_group() -> None:
    """Reporting: the aggregate rows national reporting reads."""


@reports_group.command("refresh")
@click.option("--year", type=int, default=None, help="Only this year (default: this and last).")
def reports_refresh(year: int | None) -> None:
    """Rewrite the aggregate rows of every organisation that reports nationally."""
    from kaari.reporting.jobs import refresh_all_facts

    click.echo(f"{refresh_all_facts(year)} rows written")


@click.group("storage", cls=AppGroup)
def storage_group() -> None:
    """Files: generated PDFs and logos, in the store STORAGE_URL names."""


@storage_group.command("copy")
@click.option("--to", "target", required=True, help="STORAGE_URL of the store to copy into.")
@click.option("--from", "source", help="STORAGE_URL to copy from (default: this app's).")
def storage_copy(target: str, source: str | None) -> None:
    """Copy every tenant's files into another store (idempotent); then point
    STORAGE_URL at it."""
    from kaari.core import storage
    from kaari.core.config import ConfigError
    from kaari.core.scoping import cross_tenant
    from kaari.core.storage.copy import copy_files
    from kaari.tenancy.services import list_tenants

    try:
        source_store = storage.for_url(source) if source else storage.current()
        target_store = storage.for_url(target)
    except ConfigError as error:
        raise click.BadParameter(str(error)) from error
    with cross_tenant():
        tenant_ids = sorted(tenant.id for tenant in list_tenants())
    copied, present = copy_files(source_store, target_store, tenant_ids)
    click.echo(
        f"copied {copied} files from {source_store.url} to {target_store.url}"
        f" ({present} were there already)"
    )
