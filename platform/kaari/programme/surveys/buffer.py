"""Where a survey answer waits before staff see it.

An answer is held sealed in `survey_pending_responses`, in the transaction that marks
its recipient as having answered (so one link gives one answer, even when two arrive
at once). Sealed means encrypted (AES-GCM) with a key derived from SECRET_KEY, which
lives in the environment, not in the database: someone reading the tables sees that
this waiting row was written with that recipient's flag (same `xmin`), but not what
it says.

`release` moves waiting answers into `survey_responses` in a shuffled batch of at
least `RELEASE_BATCH` answers of a role (or whatever waits when the survey first
closes), in a transaction that touches no recipient: a released row's `xmin` is the
batch's, shared by several answers, and its key is new and random, so neither the
results page before and after one person answered nor the rows' system columns tie
an answer to a person. Plain functions; callers commit.
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from collections import Counter, defaultdict
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import func, select

from kaari.core import db
from kaari.programme.surveys.models import PendingSurveyResponse, Survey, SurveyResponse

RELEASE_BATCH = 3
_NONCE_BYTES = 12


def _cipher(secret_key: str) -> AESGCM:
    return AESGCM(hashlib.sha256(b"kaari-survey-answers\0" + secret_key.encode()).digest())


def seal(answers: dict[str, Any], *, secret_key: str) -> str:
    nonce = secrets.token_bytes(_NONCE_BYTES)
    sealed = _cipher(secret_key).encrypt(nonce, json.dumps(answers).encode(), None)
    return base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(sealed: str, *, secret_key: str) -> dict[str, Any]:
    raw = base64.urlsafe_b64decode(sealed)
    plain = _cipher(secret_key).decrypt(raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], None)
    return json.loads(plain)


def hold(
    survey: Survey, role: str, source: str, answers: dict[str, Any], *, secret_key: str
) -> None:
    """Keep an answer waiting, sealed."""
    db.session.add(
        PendingSurveyResponse(
            survey_id=survey.id,
            role=role,
            source=source,
            sealed=seal(answers, secret_key=secret_key),
        )
    )
    db.session.flush()


def release(survey: Survey, *, secret_key: str, closing: bool = False) -> int:
    """Release each role's waiting answers once at least `RELEASE_BATCH` wait; when
    `closing`, release every remainder too, but only the first time a survey closes
    with one (closing and reopening must not show answers one at a time). Returns
    how many were released."""
    waiting: dict[str, list[PendingSurveyResponse]] = defaultdict(list)
    query = select(PendingSurveyResponse).where(PendingSurveyResponse.survey_id == survey.id)
    for row in db.session.scalars(query):
        waiting[row.role].append(row)
    remainder = closing and not survey.remainder_released
    batch = [
        row for rows in waiting.values() if len(rows) >= RELEASE_BATCH or remainder for row in rows
    ]
    if remainder and any(len(rows) < RELEASE_BATCH for rows in waiting.values()):
        survey.remainder_released = True
    secrets.SystemRandom().shuffle(batch)
    for row in batch:
        db.session.add(
            SurveyResponse(
                survey_id=survey.id,
                role=row.role,
                source=row.source,
                answers=unseal(row.sealed, secret_key=secret_key),
            )
        )
        db.session.delete(row)
    db.session.flush()
    return len(batch)


def waiting_counts(survey_ids: list[int]) -> Counter[tuple[int, str, str]]:
    """(survey, role, source) → answers waiting for release: one query."""
    query = (
        select(
            PendingSurveyResponse.survey_id,
            PendingSurveyResponse.role,
            PendingSurveyResponse.source,
            func.count(),
        )
        .where(PendingSurveyResponse.survey_id.in_(survey_ids))
        .group_by(
            PendingSurveyResponse.survey_id,
            PendingSurveyResponse.role,
            PendingSurveyResponse.source,
        )
    )
    return Counter({(s, role, source): n for s, role, source, n in db.session.execute(query)})
