"""Configuration comes from the environment; production refuses unsafe settings."""

from __future__ import annotations

import pytest

from kaari import create_app
from kaari.config import ConfigError, load_config


def test_development_defaults_use_sqlite_and_inline_jobs():
    config = load_config({})
    assert config["DATABASE_URL"].startswith("sqlite:///")
    assert config["JOBS_INLINE"] is True
    assert config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({**load_config({"KAARI_ENV": "production"}), "DATABASE_URL": "postgresql://x/y"})


def test_production_refuses_sqlite():
    env = {"KAARI_ENV": "production", "SECRET_KEY": "s" * 40}
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        create_app(load_config(env))


def test_production_cookies_are_secure():
    config = load_config({"KAARI_ENV": "production", "REDIS_URL": "redis://localhost:6379/0"})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["JOBS_INLINE"] is False
    assert config["RATELIMIT_STORAGE_URI"] == "redis://localhost:6379/0"
