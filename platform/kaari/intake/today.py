"""The intake's to-dos on the staff home: contacts nobody has sent the registration
form yet, registrations left unfinished after the reminder, people who have waited for
a pair longer than the network tells applicants to expect, and for a partner the
people its referral links brought."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import ngettext
from sqlalchemy import exists

from kaari.core.today import TodayScope, TodaySource, Todo, count_of
from kaari.intake import partners
from kaari.intake.settings import intake_settings
from kaari.intake.unfinished import TEMPLATE as REMINDER
from kaari.mail.models import OutboxMessage
from kaari.participants.models import Person

DAYS_IN_MONTH = 30


def _count(*conditions) -> int:
    return count_of(Person, Person.erased_at.is_(None), *conditions)


def _contacts(_scope: TodayScope) -> list[Todo]:
    count = _count(Person.status == "contacted")
    text = ngettext(
        "%(num)d new contact has not been sent the registration form",
        "%(num)d new contacts have not been sent the registration form",
        count,
    )
    return [Todo(text, url_for("participants.people", status="contacted"), count)]


def _unfinished(_scope: TodayScope) -> list[Todo]:
    reminded = exists().where(
        OutboxMessage.person_id == Person.id, OutboxMessage.template == REMINDER
    )
    count = _count(Person.status == "registration_sent", reminded)
    text = ngettext(
        "%(num)d registration is unfinished although the reminder was sent",
        "%(num)d registrations are unfinished although the reminder was sent",
        count,
    )
    return [Todo(text, url_for("participants.people", unfinished=1), count)]


def _waiting_long(scope: TodayScope) -> list[Todo]:
    months = intake_settings.get(scope.tenant, "expected_wait_months")
    since = scope.now - timedelta(days=months * DAYS_IN_MONTH)
    count = _count(Person.status == "waiting", Person.registered_at < since)
    text = ngettext(
        "%(num)d person has waited for a pair longer than %(months)d months",
        "%(num)d people have waited for a pair longer than %(months)d months",
        count,
        months=months,
    )
    return [Todo(text, url_for("participants.people", status="waiting", sort="waiting"), count)]


def _referrals(scope: TodayScope) -> list[Todo]:
    """A partner's own figures: how many its links brought, by stage; counts only."""
    partner = partners.partner_of_user(scope.user_id) if scope.user_id else None
    if partner is None:
        return []
    by_stage = partners.stage_counts(partner)
    total = sum(by_stage.values())
    text = ngettext(
        "%(num)d person has come through your referral links",
        "%(num)d people have come through your referral links",
        total,
    )
    labels = partners.ReferralStage.labels()
    details = tuple(f"{labels[stage]}: {count}" for stage, count in by_stage.items() if count)
    # Always one item: the partner's way to its links and posters, even before anyone came.
    return [Todo(text, url_for("partners.referrals"), 1, details)]


SOURCES = (
    TodaySource("new_contacts", "people", "manage_register", _contacts),
    TodaySource("unfinished_registrations", "people", "manage_register", _unfinished),
    TodaySource("waiting_long", "people", "manage_register", _waiting_long),
    TodaySource("referrals", "partner", "refer_people", _referrals),
)
