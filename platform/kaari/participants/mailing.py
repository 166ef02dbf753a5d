"""How the register takes part in mail: participants as a mailing audience, chosen
by role and by status (a person must match one of each chosen kind, as the form says)."""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, select
from wtforms import SelectChoice

from kaari.core.choices import as_choices
from kaari.mail.audiences import Audience
from kaari.participants.models import ParticipantStatus, Person, PersonRole


def options() -> list[SelectChoice]:
    roles = [
        (f"role:{key}", f"{_l('Role')}: {label}") for key, label in PersonRole.labels().items()
    ]
    statuses = [
        (f"status:{key}", f"{_l('Status')}: {label}")
        for key, label in ParticipantStatus.labels().items()
    ]
    return as_choices(roles + statuses)


def people_matching(chosen: Sequence[str]) -> Select:
    roles = [
        value.removeprefix("role:")
        for value in chosen
        if value.removeprefix("role:") in PersonRole.values()
    ]
    statuses = [
        value.removeprefix("status:")
        for value in chosen
        if value.removeprefix("status:") in ParticipantStatus.values()
    ]
    query = select(Person)
    if roles:
        query = query.where(Person.role.in_(roles))
    if statuses:
        query = query.where(Person.status.in_(statuses))
    if not roles and not statuses:
        return query.where(false())
    return query


PARTICIPANTS = Audience(
    key="participants",
    label=lambda: _l("Participants"),
    options=options,
    recipients=people_matching,
    rule=lambda: _l(
        "People who have one of the chosen roles AND one of the chosen statuses. "
        "Choose no role (or no status) to take every role (or status)."
    ),
)
