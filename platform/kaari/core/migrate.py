"""Running Alembic from the app's configuration (`kaari db ...`)."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from kaari.core.config import PROJECT_ROOT


def alembic_config(url: str, app_url: str | None = None) -> Config:
    """`url` is the schema owner's connection; `app_url` the role the app uses."""
    config = Config()
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("path_separator", "os")
    config.attributes["database_url"] = url
    config.attributes["app_database_url"] = app_url or url
    return config


def upgrade(url: str, revision: str = "head", *, app_url: str | None = None) -> None:
    command.upgrade(alembic_config(url, app_url), revision)


def downgrade(url: str, revision: str, *, app_url: str | None = None) -> None:
    command.downgrade(alembic_config(url, app_url), revision)
