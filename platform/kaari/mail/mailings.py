"""Mailings: written once by staff, sent to an audience, each person in their language."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Select, distinct, func, or_, select

from kaari.core import db
from kaari.core.choices import labels_of
from kaari.core.db import utcnow
from kaari.core.i18n import pick
from kaari.core.jobs import DEFAULT_JOB_TIMEOUT, enqueue
from kaari.core.scoping import cross_tenant, current_tenant_id
from kaari.mail.audiences import AUDIENCES
from kaari.mail.links import PersonalLink, Trusted, marker, shown, tenant_url
from kaari.mail.models import Mailing
from kaari.mail.services import Recipient, Rendered, render, unsubscribe_token
from kaari.tenancy.models import Tenant


def recipients(audience: dict) -> Select:
    """The rows (people or staff accounts) a mailing's audience means now, as a query
    of the audience's model with an address (an erased person's is blank)."""
    query = AUDIENCES[audience["key"]].recipients(audience.get("options", []))
    return query.where(recipient_model(query).email != "")


def recipient_model(query: Select):
    """The model an audience's query selects (Person or User)."""
    return query.column_descriptions[0]["entity"]


def count(audience: dict) -> int:
    """How many messages the audience gets now: its addresses, each once, counted by
    the database (never by loading the people)."""
    query = recipients(audience)
    address = func.lower(recipient_model(query).email)
    return db.session.scalar(query.with_only_columns(func.count(distinct(address)))) or 0


def confirmation(audience: dict, count: int) -> str:
    """What a sender sees before sending: the audience and how many it reaches. A send
    whose confirmation differs (never previewed, the choice changed, people joined or
    left) shows the preview again instead of sending."""
    return f"{count}:{audience['key']}:{','.join(sorted(audience.get('options', [])))}"


def language_for(person: Recipient, tenant: Tenant) -> str:
    return person.language if person.language in tenant.languages else tenant.default_language


def _context(mailing_subject: dict, body: dict, language: str, tenant: Tenant) -> dict:
    return {
        "subject": pick(mailing_subject, language, tenant.default_language),
        "body": Trusted(pick(body, language, tenant.default_language)),
        "unsubscribe_link": PersonalLink("unsubscribe"),
    }


def unsubscribe_link(_params: dict, language: str, recipient: str) -> str:
    """The link opens its confirmation in the mail's language, not the browser's."""
    token = unsubscribe_token(current_tenant_id(), recipient)
    return tenant_url("mail_public.unsubscribe", token=token, language=language)


def preview(subject: dict, body: dict, tenant: Tenant) -> dict[str, Rendered]:
    """The mailing rendered as its recipients get it, in each of the tenant's languages
    (the unsubscribe link as the placeholder staff see for personal links)."""
    previews = {}
    for language in tenant.languages:
        context = _context(subject, body, language, tenant)
        rendered = render("mailing", language=language, tenant=tenant, context=context)
        previews[language] = Rendered(rendered.subject, shown(rendered.text), shown(rendered.html))
    return previews


# Headers of every mailing message: one-click unsubscribe (RFC 8058).
UNSUBSCRIBE_HEADERS = {
    "List-Unsubscribe": f"<{marker('unsubscribe_link')}>",
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
}


def message_for(mailing: Mailing, language: str, tenant: Tenant) -> tuple[Rendered, dict]:
    """The mailing as everyone who reads `language` gets it, and its context: the same
    for all of them (the personal unsubscribe link is a marker, minted at delivery),
    so it is rendered once per language, not once per recipient."""
    context = _context(mailing.subject, mailing.body, language, tenant)
    return render("mailing", language=language, tenant=tenant, context=context), context


def write_timeout(recipient_count: int) -> int:
    """Seconds RQ gives the job writing a mailing of this size: the default and a
    second for every 100 recipients (20,000: 500 s), room for a busy machine where a
    quiet one needs about ten. A job killed anyway has committed its batches; the
    sweep's next job writes only the rest."""
    return DEFAULT_JOB_TIMEOUT + recipient_count // 100


def create(
    subject: dict, body: dict, audience: dict, *, created_by_id: int, recipient_count: int
) -> Mailing:
    """Store the mailing; once the transaction commits, a job writes its messages
    (`mail.jobs.write_mailing`), so a large audience never holds up the request."""
    from kaari.mail.jobs import write_mailing

    mailing = Mailing(
        subject=subject,
        body=body,
        audience=audience,
        created_by_id=created_by_id,
        recipient_count=recipient_count,
    )
    db.session.add(mailing)
    db.session.flush()
    timeout = write_timeout(recipient_count)
    enqueue(write_mailing, mailing.tenant_id, mailing.id, job_timeout=timeout)
    return mailing


def unwritten(older_than: datetime) -> list[tuple[int, int, int]]:
    """(tenant id, mailing id, recipients) of every mailing, across tenants, whose
    messages are still unwritten since before `older_than` and that no job is writing
    now (its job was lost with Redis, or killed: its lease ran out)."""
    query = select(Mailing.tenant_id, Mailing.id, Mailing.recipient_count).where(
        Mailing.sent_at.is_(None),
        Mailing.created_at < older_than,
        or_(Mailing.writing_until.is_(None), Mailing.writing_until < utcnow()),
    )
    with cross_tenant():
        return [
            (tenant, mailing, count or 0) for tenant, mailing, count in db.session.execute(query)
        ]


def list_mailings(created_by_id: int | None = None) -> list[Mailing]:
    """Every mailing, or only those one staff member wrote."""
    query = select(Mailing).order_by(Mailing.created_at.desc())
    if created_by_id is not None:
        query = query.where(Mailing.created_by_id == created_by_id)
    return list(db.session.scalars(query))


def audience_summaries(audiences: Sequence[dict]) -> list[list[str]]:
    """Each audience in words: its label, then its chosen options' labels (the options
    of each kind of audience are read once, however many mailings there are)."""
    labels: dict[str, dict] = {}
    summaries = []
    for audience in audiences:
        known = AUDIENCES.get(audience.get("key", ""))
        if known is None:
            summaries.append([])
            continue
        if known.key not in labels:
            labels[known.key] = labels_of(known.options())
        by_value = labels[known.key]
        summaries.append(
            [str(known.label())]
            + [str(by_value.get(option, option)) for option in audience.get("options", [])]
        )
    return summaries
