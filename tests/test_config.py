"""Configuration comes from the environment; production refuses unsafe settings."""

from __future__ import annotations

import pytest

from kaari import create_app
from kaari.core.config import ConfigError, load_config

# A real key, so that these tests reach the setting they are about.
TOTP_KEY = "dGhpcy1pcy1hLXRlc3Qta2V5LWZvci10b3RwLTAwMDA="


def test_development_defaults_use_sqlite_and_inline_jobs():
    config = load_config({})
    assert config["DATABASE_URL"].startswith("sqlite:///")
    assert config["JOBS_INLINE"] is True
    assert config["SESSION_COOKIE_SECURE"] is False


def test_production_refuses_the_default_secret_key():
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app({**load_config({"KAARI_ENV": "production"}), "DATABASE_URL": "postgresql://x/y"})


def test_production_refuses_sqlite():
    env = {"KAARI_ENV": "production", "SECRET_KEY": "s" * 40, "TOTP_ENCRYPTION_KEY": TOTP_KEY}
    with pytest.raises(ConfigError, match="DATABASE_URL"):
        create_app(load_config(env))


def test_production_cookies_are_secure():
    config = load_config({"KAARI_ENV": "production", "REDIS_URL": "redis://localhost:6379/0"})
    assert config["SESSION_COOKIE_SECURE"] is True
    assert config["JOBS_INLINE"] is False
    assert config["RATELIMIT_STORAGE_URI"] == "redis://localhost:6379/0"


def test_files_go_to_the_database_in_production_and_to_a_directory_in_development(tmp_path):
    assert load_config({"KAARI_ENV": "production"})["STORAGE_URL"] == "database:"
    development = load_config({"KAARI_INSTANCE": str(tmp_path)})
    assert development["STORAGE_URL"] == (tmp_path / "files").as_uri()


def test_production_refuses_files_on_a_local_disk_unless_the_volume_is_shared(tmp_path):
    env = {
        "KAARI_ENV": "production",
        "SECRET_KEY": "s" * 40,
        "TOTP_ENCRYPTION_KEY": TOTP_KEY,
        "DATABASE_URL": "postgresql+psycopg://kaari@127.0.0.1/kaari",
        "STORAGE_URL": (tmp_path / "files").as_uri(),
    }
    with pytest.raises(ConfigError, match="STORAGE_ALLOW_FILESYSTEM=1"):
        create_app(load_config(env))
    app = create_app(load_config(env | {"STORAGE_ALLOW_FILESYSTEM": "1"}))
    assert app.extensions["kaari_storage"].root == tmp_path / "files"


@pytest.mark.parametrize("url", ["s3://bucket/files", "file://files", "file:relative/path", "db:"])
def test_a_storage_url_that_names_no_store_stops_the_start(url):
    with pytest.raises(ConfigError, match="STORAGE_URL must be"):
        create_app({"STORAGE_URL": url})


def test_mailed_links_follow_the_address_make_run_serves():
    assert load_config({})["BASE_URL"] == "http://127.0.0.1:5000"
    served = {"KAARI_HOST": "192.168.1.20", "KAARI_PORT": "5056"}
    assert load_config(served)["BASE_URL"] == "http://192.168.1.20:5056"
    explicit = {**served, "BASE_URL": "https://kaari.example.org/"}
    assert load_config(explicit)["BASE_URL"] == "https://kaari.example.org"
