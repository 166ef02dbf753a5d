"""Small helpers for views: client address, safe redirects, ids in URLs."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Request, request
from werkzeug.datastructures import MultiDict
from werkzeug.routing import IntegerConverter
from werkzeug.utils import cached_property


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


def _without_nul(values: MultiDict) -> MultiDict:
    return type(values)((key, value.replace("\x00", "")) for key, value in values.items(multi=True))


class KaariRequest(Request):
    """Form fields and query parameters without NUL characters: no one types them,
    and PostgreSQL refuses to store them (a fuzzed form found the 500 they caused)."""

    def _load_form_data(self) -> None:
        super()._load_form_data()
        if "form" in self.__dict__:
            self.__dict__["form"] = _without_nul(self.__dict__["form"])

    @cached_property
    def args(self) -> MultiDict:
        return _without_nul(super().args)
