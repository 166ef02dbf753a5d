"""Mail's to-dos on the staff home: mailings of the last two weeks with messages that
could not be sent (the mailing's page retries them)."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.i18n import pick, select_language
from kaari.core.today import TodayScope, TodaySource, Todo
from kaari.mail.models import Mailing, MessageStatus, OutboxMessage

RECENT = timedelta(days=14)


def _failed_mailings(scope: TodayScope) -> list[Todo]:
    failed = (
        select(Mailing, func.count(OutboxMessage.id))
        .join(OutboxMessage, OutboxMessage.mailing_id == Mailing.id)
        # By the mailing's time, not each message's: the failures are then counted
        # from the index on (tenant, mailing, state) alone.
        .where(
            Mailing.created_at >= scope.now - RECENT,
            OutboxMessage.status == MessageStatus.FAILED,
        )
        .group_by(Mailing.id)
        .order_by(Mailing.id.desc())
    )
    language = select_language()
    return [
        Todo(
            ngettext(
                "Mailing “%(subject)s”: %(num)d message could not be sent",
                "Mailing “%(subject)s”: %(num)d messages could not be sent",
                count,
                subject=pick(mailing.subject, language, scope.tenant.default_language),
            ),
            url_for("mail.mailing", mailing_id=mailing.id),
            count,
        )
        for mailing, count in db.session.execute(failed)
    ]


SOURCES = (TodaySource("failed_mailings", "mail", "send_mailings", _failed_mailings),)
