"""Forwarded headers count only from as many proxies as PROXY_HOPS says."""

from __future__ import annotations

import pytest
from flask import request

from kaari import create_app

FORWARDED = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"}


def _seen(app, hops: int) -> dict:
    behind = create_app({**app.config, "PROXY_HOPS": hops})

    @behind.get("/seen")
    def seen():
        return {"address": request.remote_addr, "scheme": request.scheme}

    return behind.test_client().get("/seen", headers=FORWARDED).get_json()


@pytest.mark.parametrize(
    ("hops", "address", "scheme"), [(0, "127.0.0.1", "http"), (1, "203.0.113.7", "https")]
)
def test_forwarded_headers_are_trusted_only_behind_a_proxy(app, hops, address, scheme):
    assert _seen(app, hops) == {"address": address, "scheme": scheme}
