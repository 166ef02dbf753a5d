"""Erasure (GDPR Art. 17): a person is anonymised, not deleted, so that counts,
statuses and anonymous survey answers stay and reports do not change.

Each registered place of personal data says what erasure does to it (see
`registry.register_person_data`); places that hold the person without a column to
find them by (generated PDFs with names) register a step of their own.
"""

from __future__ import annotations

from collections.abc import Callable

from kaari.core.domains import record
from kaari.privacy.registry import REGISTRY

PERSON_ROW = "people.id"
STEPS: list[Callable[[int], None]] = []


def register_erasure_step(step: Callable[[int], None]) -> None:
    """Run `step(person_id)` at every erasure, before the places are erased (so the
    step can still read the person). Called from the owning domain's `init_app`."""
    record("erasure_step", f"{step.__module__}.{step.__qualname__}")
    if step not in STEPS:
        STEPS.append(step)


def erase_person(person_id: int) -> None:
    """Erase the person everywhere, the person's own row last (call in the tenant's
    scope; the caller records the audit entry and commits)."""
    for step in STEPS:
        step(person_id)
    for data in sorted(REGISTRY.values(), key=lambda data: data.key == PERSON_ROW):
        data.erase(person_id)
