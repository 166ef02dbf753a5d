"""Privacy duties: the registry of personal data, subject access, (later) erasure and
retention. Low in the stack on purpose: the domains that own person data register it
here, so privacy never imports them."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Privacy owns the registries; what fills them comes from the other domains."""
