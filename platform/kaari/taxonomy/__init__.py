"""Occupations (ISCO-08) and fields of education (ISCED-F 2013) with fi/sv/en names."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Taxonomy registers nothing: it is data and lookups that other domains call."""
