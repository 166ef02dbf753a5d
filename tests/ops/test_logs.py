"""Structured logs: a JSON line per request with its id and tenant, and no
personal data or tokens in any line."""

from __future__ import annotations

import io
import json
import logging

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from kaari import create_app
from kaari.core import db
from kaari.ops.logs import make_handler
from tests.isolation_routes import portal_link


@pytest.fixture
def json_lines():
    """Everything logged during the test, as parsed JSON lines."""
    stream = io.StringIO()
    handler = make_handler("json", stream)
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    lines: list[dict] = []

    def read() -> list[dict]:
        lines[:] = [json.loads(line) for line in stream.getvalue().splitlines()]
        return lines

    yield read
    root.removeHandler(handler)
    root.setLevel(previous)


def _request_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "kaari.request"]


def test_a_request_line_names_the_route_pattern_not_the_token(app, world, json_lines):
    link = portal_link(app, world.a.tenant_id, world.a.person_id)
    response = app.test_client().get(link + "?lang=en")
    assert response.status_code == 200  # the page with the button that uses the link
    (line,) = _request_lines(json_lines())
    assert line["tenant"] == "alpha"
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert "<" in line["route"]
    assert line["request_id"] == response.headers["X-Request-ID"]
    token = link.rsplit("/", 1)[-1]
    assert token not in json.dumps(json_lines())


def test_the_ingress_request_id_is_kept_and_a_strange_one_replaced(app, json_lines):
    client = app.test_client()
    kept = client.get("/", headers={"X-Request-ID": "ingress-0123456789"})
    assert kept.headers["X-Request-ID"] == "ingress-0123456789"
    replaced = client.get("/", headers={"X-Request-ID": "bad id\u00e4"})
    assert replaced.headers["X-Request-ID"] != "bad id\u00e4"
    assert len(replaced.headers["X-Request-ID"]) == 32
    ids = [line["request_id"] for line in _request_lines(json_lines())]
    assert ids == ["ingress-0123456789", replaced.headers["X-Request-ID"]]


def test_probes_are_not_logged_at_info(app, json_lines):
    app.test_client().get("/healthz")
    assert _request_lines(json_lines()) == []


def test_email_addresses_are_masked_in_messages_and_tracebacks(json_lines):
    log = logging.getLogger("kaari.test")
    log.warning("delivery to %s failed", "maija.meikalainen@example.org")
    try:
        raise ValueError("rejected: <maija.meikalainen@example.org>")
    except ValueError:
        log.exception("could not send")
    output = json.dumps(json_lines())
    assert "maija" not in output
    lines = json_lines()
    assert lines[0]["message"] == "delivery to <email> failed"
    assert lines[1]["exc_info"].endswith("rejected: <<email>>")


def test_database_errors_are_logged_without_the_values(app_context, world, json_lines):
    try:
        db.session.execute(
            text("INSERT INTO users (id, email) VALUES (:id, :email)"),
            {"id": world.a.admin.user_id, "email": "secret.person@example.org"},
        )
    except IntegrityError:
        logging.getLogger("kaari.test").exception("could not save")
    db.session.rollback()
    (line,) = json_lines()
    assert "IntegrityError" in line["exc_info"]
    assert "secret.person" not in line["exc_info"]
    assert "example.org" not in line["exc_info"]


def test_an_unexpected_error_shows_a_reference_that_finds_its_log_lines(app, json_lines):
    broken = create_app({**app.config, "LOG_FORMAT": "json"})

    @broken.get("/explode")
    def explode():
        raise RuntimeError("lost the record of matti@example.org")

    response = broken.test_client().get("/explode?lang=en")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    reference = response.headers["X-Request-ID"]
    assert reference in page
    assert "Traceback" not in page and "RuntimeError" not in page
    errors = [line for line in json_lines() if line["level"] == "ERROR"]
    assert errors and all(line["request_id"] == reference for line in errors)
    assert "matti@" not in json.dumps(json_lines())
