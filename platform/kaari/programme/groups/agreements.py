"""The mentoring agreement a pair writes at the kick-off: either member drafts it,
both sign it with their typed name, and any later change needs both signatures again.
An agreement signed on paper and recorded by staff (kaari.programme.groups.
paper_agreements) counts as signed the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Select, func, select, union

from kaari.audit.services import record
from kaari.core import db
from kaari.core.db import utcnow
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import Agreement, AgreementSignature, PaperAgreement
from kaari.programme.groups.services import ProgrammeError


@dataclass(frozen=True)
class Terms:
    """What the pair agrees on."""

    goals: str = ""
    themes: str = ""
    frequency: str = ""
    meeting_length: str = ""
    visits: str = ""
    first_meeting_on: date | None = None


def terms_of(agreement: Agreement | None) -> Terms:
    if agreement is None:
        return Terms()
    return Terms(**{field.name: getattr(agreement, field.name) for field in fields(Terms)})


def agreement_of(pair: Pair) -> Agreement | None:
    return db.session.scalar(select(Agreement).where(Agreement.pair_id == pair.id))


def save(pair: Pair, terms: Terms, *, by: Person, ip: str = "") -> Agreement:
    """Write the agreement. A change to signed terms starts a new version, so both
    sign again; saving the same terms changes nothing."""
    if pair.status != "confirmed":
        raise ProgrammeError("pair_not_confirmed")
    if not terms.goals.strip():
        raise ProgrammeError("goals_missing")
    agreement = agreement_of(pair)
    if agreement is None:
        agreement = Agreement(pair_id=pair.id, version=1)
        db.session.add(agreement)
    elif terms_of(agreement) == terms:
        return agreement
    elif signatures(agreement):
        agreement.version += 1
    for field in fields(Terms):
        setattr(agreement, field.name, getattr(terms, field.name))
    agreement.changed_by, agreement.changed_at = by.id, utcnow()
    db.session.flush()
    record("agreement.saved", actor_id=None, ip=ip, obj=agreement, person=by.id)
    return agreement


def signatures(agreement: Agreement) -> list[AgreementSignature]:
    """Signatures of the current version."""
    query = select(AgreementSignature).where(
        AgreementSignature.agreement_id == agreement.id,
        AgreementSignature.version == agreement.version,
    )
    return list(db.session.scalars(query))


def _plain(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip().casefold()


def sign(agreement: Agreement, person: Person, typed_name: str, *, ip: str = "") -> None:
    """Sign the current version with the name as the register knows it."""
    if _plain(typed_name) != _plain(person.name):
        raise ProgrammeError("name_differs", name=person.name)
    if any(s.person_id == person.id for s in signatures(agreement)):
        return
    db.session.add(
        AgreementSignature(
            agreement_id=agreement.id,
            version=agreement.version,
            person_id=person.id,
            typed_name=typed_name.strip(),
        )
    )
    record("agreement.signed", actor_id=None, ip=ip, obj=agreement, person=person.id)


def signed_pairs() -> Select:
    """The ids of the pairs whose agreement is signed: both signatures on the current
    version in the portal, or signed on paper."""
    in_portal = (
        select(Agreement.pair_id)
        .join(
            AgreementSignature,
            (AgreementSignature.agreement_id == Agreement.id)
            & (AgreementSignature.version == Agreement.version),
        )
        .group_by(Agreement.pair_id)
        .having(func.count(AgreementSignature.id) >= 2)
    )
    return select(union(in_portal, select(PaperAgreement.pair_id)).subquery().c[0])


def signed_by_both(pair_ids: list[int]) -> set[int]:
    """Which of the pairs have a signed agreement (see signed_pairs)."""
    if not pair_ids:
        return set()
    signed = signed_pairs().subquery().c[0]
    return set(db.session.scalars(select(signed).where(signed.in_(pair_ids))))
