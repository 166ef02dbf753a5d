"""Personal registration links and consent records."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned
from kaari.privacy.registry import delete_rows, person_data


class RegistrationLink(TenantOwned, Base):
    """The emailed link to one person's detailed registration form (digest only)."""

    __tablename__ = "registration_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    token_digest: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]


class Consent(TenantOwned, Base):
    """A person's consent to the tenant's privacy notice: which version, when, where."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    notice_version: Mapped[int]
    form: Mapped[str] = mapped_column(String(40))
    given_at: Mapped[datetime] = mapped_column(default=utcnow)


PARTNER_KINDS = (
    "school",
    "language_course",
    "employment_office",
    "municipality",
    "association",
    "union",
    "employer_network",
    "other",
)


class Partner(TenantOwned, Base):
    """An organisation that refers applicants (never sees their personal data)."""

    __tablename__ = "partners"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReferralLink(TenantOwned, Base):
    """A partner's link to the join form (`/<tenant>/join?ref=CODE`), also as a QR code."""

    __tablename__ = "referral_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True
    )
    code: Mapped[str] = mapped_column(String(16), unique=True)
    label: Mapped[str] = mapped_column(String(120), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class PartnerMember(TenantOwned, Base):
    """Which partner a staff user with the partner role speaks for."""

    __tablename__ = "partner_members"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)


class FormVersion(TenantOwned, Base):
    """One version of a tenant's additions to a registration form.

    `definition` holds the tenant's own fields and its changes to built-in ones
    (kaari.intake.custom_fields). Versions are never edited: a change makes the
    next one, and each person's answers name the version they were given under,
    so old answers keep their meaning.
    """

    __tablename__ = "form_versions"
    __table_args__ = (UniqueConstraint("tenant_id", "form", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form: Mapped[str] = mapped_column(String(20))
    number: Mapped[int]
    definition: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )


class PersonCorrection(TenantOwned, Base):
    """One value of a person's data corrected by staff (GDPR Art. 16): the old and the
    new value, who corrected it and on which request. For an answer, the form version
    it was given under is kept. The values are personal data, so they live here, where
    erasure deletes them, and not in the audit log, which outlives the person."""

    __tablename__ = "person_corrections"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(60))
    old_value: Mapped[str] = mapped_column(Text, default="")
    new_value: Mapped[str] = mapped_column(Text, default="")
    form_version: Mapped[int | None] = mapped_column(default=None)
    data_request_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_requests.id", ondelete="SET NULL"), default=None
    )
    corrected_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(default=utcnow)


# Personal data kept here (subject access, and later erasure, read these).
PERSON_DATA = (
    person_data(
        RegistrationLink,
        RegistrationLink.person_id,
        title=_l("Registration links"),
        purpose=_l("Sending the detailed registration form"),
        erasure=delete_rows,
    ),
    person_data(
        Consent,
        Consent.person_id,
        title=_l("Consents"),
        purpose=_l("Proof of consent to the privacy notice"),
        erasure=delete_rows,
    ),
    person_data(
        PersonCorrection,
        PersonCorrection.person_id,
        title=_l("Corrections"),
        purpose=_l("Accountability for corrections of the person's data"),
        erasure=delete_rows,
    ),
)
