"""The disclosure threshold of the national tables. The platform admin keeps it (a
platform setting) and registers how to read it, so reporting reads it without
importing platform_admin, which sits above it (docs/ARCHITECTURE.md)."""

from __future__ import annotations

from collections.abc import Callable

from kaari.core.domains import record
from kaari.reporting.disclosure import DEFAULT_THRESHOLD

ThresholdSource = Callable[[], int]
_sources: list[ThresholdSource] = []


def register_threshold_source(source: ThresholdSource) -> None:
    record("threshold_source", "source")
    _sources[:] = [source]


def disclosure_threshold() -> int:
    """The threshold in force: the registered source's, else the default."""
    return _sources[0]() if _sources else DEFAULT_THRESHOLD
