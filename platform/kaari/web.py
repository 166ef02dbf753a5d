"""Small helpers for views: client address, safe redirects, commit-and-go."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request
from werkzeug.routing import IntegerConverter


def client_ip() -> str:
    return request.remote_addr or ""


def safe_next(target: str | None, default: str) -> str:
    """Only same-site paths are followed after login, never another host."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


class IdConverter(IntegerConverter):
    """`<id:name>`: a positive database id; anything else (too big too) is a 404."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=2**31 - 1)
