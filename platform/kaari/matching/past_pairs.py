"""Pairs remembered without personal data.

When a member of a pair is erased, the pair is kept as HMAC-SHA256 over the two
email addresses, keyed with a key derived from the app's secret. Matching checks its
proposals against these digests and solves again without a pair that was there
before. Only the pairs proposed are hashed (not every actor-mentor combination of
the pool), so the check costs next to nothing; a hit is rare and costs one more
solve.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import current_app
from sqlalchemy import or_, select

from kaari.core import db
from kaari.matching.models import Pair, PastPair
from kaari.participants.models import Person


def _key(secret_key: str) -> bytes:
    return hashlib.sha256(b"kaari past pairs\n" + secret_key.encode()).digest()


def pair_digest(secret_key: str, actor_email: str, mentor_email: str) -> str:
    message = f"{actor_email.strip().lower()}\n{mentor_email.strip().lower()}".encode()
    return hmac.new(_key(secret_key), message, hashlib.sha256).hexdigest()


def remember_pairs_of(person_id: int, secret_key: str) -> int:
    """Keep a digest of every pair the person was in (before the person is
    anonymised); returns how many new ones."""
    pairs = db.session.scalars(
        select(Pair).where(or_(Pair.actor_id == person_id, Pair.mentor_id == person_id))
    ).all()
    ids = {pair.actor_id for pair in pairs} | {pair.mentor_id for pair in pairs}
    emails = _emails(ids)
    known = known_digests()
    added = 0
    for pair in pairs:
        actor, mentor = emails.get(pair.actor_id, ""), emails.get(pair.mentor_id, "")
        if not actor or not mentor:
            continue  # the other member was erased before: already remembered
        digest = pair_digest(secret_key, actor, mentor)
        if digest not in known:
            db.session.add(PastPair(digest=digest))
            known.add(digest)
            added += 1
    return added


def _emails(ids: set[int]) -> dict[int, str]:
    query = select(Person.id, Person.email).where(Person.id.in_(ids))
    return {row.id: row.email for row in db.session.execute(query)}


def known_digests() -> set[str]:
    return set(db.session.scalars(select(PastPair.digest)))


def were_paired(proposed: list[tuple[int, int]], secret_key: str) -> list[tuple[int, int]]:
    """The (actor id, mentor id) of `proposed` that were a pair before."""
    known = known_digests()
    if not known or not proposed:
        return []
    ids = {person for pair in proposed for person in pair}
    emails = _emails(ids)
    return [
        (actor, mentor)
        for actor, mentor in proposed
        if pair_digest(secret_key, emails.get(actor, ""), emails.get(mentor, "")) in known
    ]


def remember_before_erasure(person_id: int) -> None:
    remember_pairs_of(person_id, current_app.config["SECRET_KEY"])
