"""The joint invitations' to-do on the staff home: accepted pairs not yet invited."""

from __future__ import annotations

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.today import TodayScope, TodaySource, Todo
from kaari.matching.models import Pair, PairStatus


def _not_invited(_scope: TodayScope) -> list[Todo]:
    query = select(func.count()).select_from(Pair).where(Pair.status == PairStatus.PROPOSED)
    count = db.session.scalar(query) or 0
    text = ngettext(
        "%(num)d accepted pair has not been invited yet",
        "%(num)d accepted pairs have not been invited yet",
        count,
    )
    return [Todo(text, url_for("joint_invitations.page"), count)]


SOURCES = (TodaySource("pairs_not_invited", "pairs", "manage_matching", _not_invited),)
