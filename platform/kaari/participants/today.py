"""The register's to-dos on the staff home: personal-data requests due within a week
or overdue (the law gives a month)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.today import TodayScope, TodaySource, Todo
from kaari.participants.models import DataRequest

DUE_SOON = timedelta(days=7)


def _requests_due(scope: TodayScope) -> list[Todo]:
    query = select(func.count()).where(
        DataRequest.answered_at.is_(None), DataRequest.due_at < scope.now + DUE_SOON
    )
    count = db.session.scalar(query) or 0
    text = ngettext(
        "%(num)d personal-data request is due within a week",
        "%(num)d personal-data requests are due within a week",
        count,
    )
    return [Todo(text, url_for("data_requests.request_list"), count)]


SOURCES = (TodaySource("data_requests_due", "privacy", "privacy_requests", _requests_due),)
