"""Work that must wait until the current transaction has committed.

Mail and background jobs are triggered only after the change that caused
them is durable; a rollback drops them.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.orm import Session

from kaari import db

_PENDING = "kaari_after_commit"


def after_commit(callback: Callable[[], None]) -> None:
    """Run `callback` once the current session's transaction commits."""
    db.session().info.setdefault(_PENDING, []).append(callback)


@event.listens_for(db.session_factory, "after_commit")
def _run_pending(session: Session) -> None:
    callbacks = session.info.pop(_PENDING, [])
    for callback in callbacks:
        callback()


@event.listens_for(db.session_factory, "after_rollback")
def _drop_pending(session: Session) -> None:
    session.info.pop(_PENDING, None)
