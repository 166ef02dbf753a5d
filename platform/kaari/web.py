"""Small helpers for views: client address, safe redirects, commit-and-go."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import request


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
