"""Logs: one line per event, JSON in production, with the request id and tenant.

* Every request gets an id: the ingress's `X-Request-ID` when it looks like one,
  else a new one. It is on every log line of the request and in the response
  header, and the error page shows it, so a user's report finds its log lines.
* One `request` line per request names the route pattern (`/<slug>/people/<id>`),
  never the path or query string, which may carry tokens.
* No personal data: email addresses are masked in messages and tracebacks, the
  database engine hides statement parameters from its exceptions, and the DETAIL
  lines of PostgreSQL's errors (which quote row values) are dropped.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid

from flask import Flask, Response, g, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from kaari.core.scoping import current_tenant_id

log = logging.getLogger("kaari.request")

REQUEST_ID_HEADER = "X-Request-ID"
_GOOD_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
MASK = "<email>"
# PostgreSQL's errors quote the row or key they refused ("Failing row contains (…)").
_ROW_VALUES = re.compile(r"^(DETAIL:\s+).*$", re.MULTILINE)
_QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/static/<path:filename>"})
# A line per layout step, font subset and migration plugin: noise in production logs.
_CHATTY_LIBRARIES = ("weasyprint", "fontTools", "alembic.runtime.plugins")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s %(tenant)s] %(message)s"
JSON_FIELDS = ("asctime", "levelname", "name", "message")


def mask_personal_data(text: str) -> str:
    return _ROW_VALUES.sub(r"\1<hidden>", _EMAIL.sub(MASK, text))


class ContextFilter(logging.Filter):
    """Adds `request_id`, `tenant` and `job` to every record, and masks email
    addresses in the message itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id() if has_request_context() else "-"
        tenant = g.get("tenant") if has_request_context() else None
        record.tenant = tenant.slug if tenant is not None else (current_tenant_id() or "-")
        record.job = _current_job_id()
        message = record.getMessage()
        masked = mask_personal_data(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def _current_job_id() -> str:
    from rq import get_current_job

    job = get_current_job()
    return job.id if job is not None else "-"


class _MaskedTracebacks:
    def formatException(self, ei) -> str:
        return mask_personal_data(super().formatException(ei))


class KaariJsonFormatter(_MaskedTracebacks, JsonFormatter):
    pass


class KaariTextFormatter(_MaskedTracebacks, logging.Formatter):
    pass


def formatter(kind: str) -> logging.Formatter:
    if kind == "json":
        return KaariJsonFormatter(
            JSON_FIELDS,
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
        )
    return KaariTextFormatter(TEXT_FORMAT)


def make_handler(kind: str, stream=None) -> logging.Handler:
    """A handler writing `kind` ("json" or "text") lines with the context fields."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.addFilter(ContextFilter())
    handler.setFormatter(formatter(kind))
    return handler


def configure(level: str, kind: str) -> None:
    """Send the process's logs to stderr as `kind` lines; idempotent."""
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "kaari", False)]:
        root.removeHandler(handler)
    handler = make_handler(kind)
    handler.kaari = True
    root.addHandler(handler)
    root.setLevel(level.upper())
    for chatty in _CHATTY_LIBRARIES:
        logging.getLogger(chatty).setLevel(max(logging.WARNING, root.level))


def request_id() -> str:
    """This request's id, chosen on first use (a tenant lookup may fail before any
    `before_request` runs)."""
    environ = request.environ
    if "kaari.request_id" not in environ:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        environ["kaari.request_id"] = (
            offered if _GOOD_REQUEST_ID.match(offered) else uuid.uuid4().hex
        )
    return environ["kaari.request_id"]


def _start_request(_endpoint, _values) -> None:
    g.request_started = time.perf_counter()


def _finish_request(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    route = request.url_rule.rule if request.url_rule is not None else "<unmatched>"
    elapsed_ms = (time.perf_counter() - g.get("request_started", time.perf_counter())) * 1000
    log.log(
        logging.DEBUG if route in _QUIET_ROUTES else logging.INFO,
        "%s %s %s %.0fms",
        request.method,
        route,
        response.status_code,
        elapsed_ms,
        extra={
            "method": request.method,
            "route": route,
            "status": response.status_code,
            "duration_ms": round(elapsed_ms, 1),
        },
    )
    return response


def init_app(app: Flask) -> None:
    configure(app.config["LOG_LEVEL"], app.config["LOG_FORMAT"])
    # Registered before the tenant lookup, which also runs as a URL value preprocessor.
    app.url_value_preprocessor(_start_request)
    app.after_request(_finish_request)
