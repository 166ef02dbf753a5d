"""The register's to-dos on the staff home: personal-data requests due within a week
or overdue (the law gives a month)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import ngettext

from kaari.core.today import TodayScope, TodaySource, Todo, count_of
from kaari.participants.models import DataRequest

DUE_SOON = timedelta(days=7)


def _requests_due(scope: TodayScope) -> list[Todo]:
    count = count_of(
        DataRequest, DataRequest.answered_at.is_(None), DataRequest.due_at < scope.now + DUE_SOON
    )
    text = ngettext(
        "%(num)d personal-data request is due within a week",
        "%(num)d personal-data requests are due within a week",
        count,
    )
    return [Todo(text, url_for("data_requests.request_list"), count)]


SOURCES = (TodaySource("data_requests_due", "privacy", "privacy_requests", _requests_due),)
