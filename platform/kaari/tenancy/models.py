"""Tenants (organisations), their target groups and privacy notices."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kaari.core.db import Base, utcnow
from kaari.core.scoping import TenantOwned

Translations = dict[str, str]


class Tenant(Base):
    """An organisation running its own mentoring network on the platform."""

    __tablename__ = "tenants"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    default_language: Mapped[str] = mapped_column(String(2), default="fi")
    languages: Mapped[list[str]] = mapped_column(JSON, default=lambda: ["fi", "sv", "en"])
    contact_name: Mapped[str] = mapped_column(String(120), default="")
    contact_email: Mapped[str] = mapped_column(String(254), default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="")
    contact_address: Mapped[str] = mapped_column(String(300), default="")
    brand_colour: Mapped[str] = mapped_column(String(7), default="#1f5f8b")
    logo_key: Mapped[str | None] = mapped_column(String(200), default=None)  # in kaari.core.storage
    logo_mimetype: Mapped[str] = mapped_column(String(40), default="")
    # Who funds the network (e.g. STEA): its name and logo go on the material pack's cover.
    funder_name: Mapped[str] = mapped_column(String(120), default="")
    funder_logo_key: Mapped[str | None] = mapped_column(String(200), default=None)
    funder_logo_mimetype: Mapped[str] = mapped_column(String(40), default="")
    region: Mapped[str] = mapped_column(String(80), default="")
    municipality: Mapped[str] = mapped_column(String(80), default="")
    national_reporting: Mapped[bool] = mapped_column(default=False)
    enabled: Mapped[bool] = mapped_column(default=True)
    # In the directory and open to the public; a new organisation starts as a preview.
    published: Mapped[bool] = mapped_column(default=False)
    # Tenant-authored texts, each {"fi": ..., "sv": ..., "en": ...}: tagline, about, ...
    texts: Mapped[dict[str, Translations]] = mapped_column(JSON, default=dict)
    settings: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def text(self, key: str, language: str) -> str:
        from kaari.core.i18n import pick

        return pick(self.texts.get(key), language, self.default_language)

    def setting(self, key: str):
        """Any registered setting (for templates; code reads its domain's proxy)."""
        from kaari.tenancy.settings import setting

        return setting(self, key)

    @property
    def zone(self) -> ZoneInfo:
        """The organisation's time zone: meeting times are entered and shown in it."""
        from kaari.tenancy.settings import tenancy_settings

        return ZoneInfo(tenancy_settings.get(self, "timezone"))

    def __repr__(self) -> str:
        return f"<Tenant {self.slug}>"


class PrivacyNotice(TenantOwned, Base):
    """One published wording of the tenant's privacy notice, kept so that a consent
    can always be read against the text it was given to."""

    __tablename__ = "privacy_notices"
    __table_args__ = (UniqueConstraint("tenant_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int]
    texts: Mapped[Translations] = mapped_column(JSON, default=dict)
    published_at: Mapped[datetime] = mapped_column(default=utcnow)


class TargetGroup(TenantOwned, Base):
    """Whom a network serves, e.g. highly educated immigrant women."""

    __tablename__ = "target_groups"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    name: Mapped[Translations] = mapped_column(JSON, default=dict)
    description: Mapped[Translations] = mapped_column(JSON, default=dict)
    # Yes/no questions an actor must all answer "yes" to be in the group:
    # [{"key": "degree", "text": {"fi": ..., "sv": ..., "en": ...}}, ...]
    questions: Mapped[list[dict]] = mapped_column(JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
