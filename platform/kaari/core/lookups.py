"""Loading the object a URL names: missing is a 404, and so is another tenant's.

    run = get_or_404(MatchingRun, run_id)
    meeting = get_or_404(Meeting, meeting_id, Meeting.group_id == group.id)
    tenant = found_or_404(tenancy.get_by_slug(slug))

The load goes through the session, whose tenant scoping (kaari.core.scoping) leaves
out other tenants' rows, so a foreign id is indistinguishable from a missing one.
Object-level checks (may this user act on this group?) stay with the caller.
"""

from __future__ import annotations

from typing import Any, TypeVar

from flask import abort
from sqlalchemy import select

from kaari.core import db

T = TypeVar("T")


def found_or_404(value: T | None) -> T:
    if value is None:
        abort(404)
    return value


def get_or_404(model: type[T], id: Any, *criteria: Any) -> T:
    """The row of `model` with this primary key (and `criteria`), in the tenant in scope."""
    query = select(model).where(model.id == id, *criteria)  # type: ignore[attr-defined]
    return found_or_404(db.session.scalar(query))
