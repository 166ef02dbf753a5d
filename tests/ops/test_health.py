"""Liveness and readiness probes, as Kubernetes and the load balancer call them."""

from __future__ import annotations

import os

import pytest

from kaari import create_app
from kaari.core import migrate


def test_healthz_answers_without_touching_anything(app):
    response = app.test_client().get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_readyz_is_ready_on_a_migrated_database(app):
    response = app.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["migrations"] == "ok"
    assert response.headers["Cache-Control"] == "no-store"


def _app_on(url: str, **config):
    return create_app(
        {
            "DATABASE_URL": url,
            "MIGRATE_DATABASE_URL": url,
            "SECRET_KEY": "health-check-secret-0123456789-0123456789",
            "REDIS_URL": None,
            **config,
        }
    )


def test_readyz_names_the_migrations_still_to_run(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.sqlite'}"
    migrate.upgrade(url, "0024")
    response = _app_on(url).test_client().get("/readyz")
    assert response.status_code == 503
    checks = response.get_json()["checks"]
    assert checks["database"] == "ok"
    assert checks["migrations"].startswith("pending: ")


def test_readyz_says_the_database_is_unreachable_without_its_address():
    url = "postgresql+psycopg://kaari:hunter2secret@127.0.0.1:1/kaari"
    response = _app_on(url).test_client().get("/readyz")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert response.get_json()["checks"]["database"] == "unreachable (OperationalError)"
    assert "hunter2secret" not in body and "127.0.0.1" not in body


def test_readyz_on_an_empty_database_waits_for_the_first_migration(tmp_path):
    response = _app_on(f"sqlite:///{tmp_path / 'empty.sqlite'}").test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["migrations"].startswith("pending: ")


def test_readyz_fails_while_redis_is_down(app, database_urls):
    app_url, owner_url = database_urls
    down = _app_on(app_url, MIGRATE_DATABASE_URL=owner_url, REDIS_URL="redis://127.0.0.1:1/0")
    response = down.test_client().get("/readyz")
    assert response.status_code == 503
    assert response.get_json()["checks"]["redis"].startswith("unreachable")


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server at REDIS_URL")
def test_readyz_checks_redis_when_jobs_go_through_it(app, database_urls):
    app_url, owner_url = database_urls
    up = _app_on(app_url, MIGRATE_DATABASE_URL=owner_url, REDIS_URL=os.environ["REDIS_URL"])
    response = up.test_client().get("/readyz")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["checks"]["redis"] == "ok"
