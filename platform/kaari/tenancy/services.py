"""Tenant lookup and administration. Callers write the audit entries."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from kaari.core import db
from kaari.core.config import LANGUAGES
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import PrivacyNotice, TargetGroup, Tenant
from kaari.tenancy.settings import change_setting, tenancy_settings

# Texts a tenant writes itself, each in its languages (`Tenant.texts`).
TEXT_KEYS = (
    "tagline",
    "about",
    "how_to_join",
    "privacy_notice",
    "other_services",
    "pair_invitation",
)
MAX_TEXT = 10_000
SLUG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$")
# Top-level path segments the platform uses itself; no tenant may take them.
RESERVED_SLUGS = frozenset(
    {
        "platform",
        "national",
        "login",
        "logout",
        "account",
        "static",
        "healthz",
        "readyz",
        "api",
        "admin",
        "lang",
        "favicon.ico",
        "robots.txt",
        "invite",
        "password",
    }
)
COLOUR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


class TenantError(ValueError):
    """Tenant data that cannot be stored; `field` names the culprit."""

    def __init__(self, field: str, message: str):
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def get_by_slug(slug: str, *, enabled_only: bool = True) -> Tenant | None:
    query = select(Tenant).where(Tenant.slug == slug)
    if enabled_only:
        query = query.where(Tenant.enabled.is_(True))
    return db.session.scalar(query)


def list_tenants(*, enabled_only: bool = False) -> list[Tenant]:
    query = select(Tenant).order_by(Tenant.name)
    if enabled_only:
        query = query.where(Tenant.enabled.is_(True))
    return list(db.session.scalars(query))


def public_tenants() -> list[Tenant]:
    """The directory: organisations that are open and published."""
    query = select(Tenant).where(Tenant.enabled.is_(True), Tenant.published.is_(True))
    return list(db.session.scalars(query.order_by(Tenant.name)))


def list_target_groups() -> list[TargetGroup]:
    """The active tenant's target groups in their display order."""
    return list(db.session.scalars(select(TargetGroup).order_by(TargetGroup.position)))


def eligibility_questions() -> list[dict]:
    """The questions of the active tenant's target groups, each key once."""
    questions: dict[str, dict] = {}
    for group in list_target_groups():
        for question in group.questions or []:
            questions.setdefault(question["key"], question)
    return list(questions.values())


def fitting_target_group(answers: dict[str, str]) -> TargetGroup | None:
    """The first target group whose every question was answered "yes"."""
    for group in list_target_groups():
        if all(answers.get(question["key"]) == "yes" for question in group.questions or []):
            return group
    return None


def validate_slug(slug: str) -> None:
    if not SLUG_PATTERN.match(slug):
        raise TenantError("slug", "use 3-40 lower-case letters, digits and hyphens")
    if slug in RESERVED_SLUGS:
        raise TenantError("slug", "this address is reserved by the platform")


def validate_languages(default_language: str, languages: list[str]) -> None:
    unknown = [code for code in languages if code not in LANGUAGES]
    if unknown or not languages:
        raise TenantError("languages", f"choose among {', '.join(LANGUAGES)}")
    if default_language not in languages:
        raise TenantError("default_language", "must be one of the enabled languages")


def validate_colour(colour: str) -> None:
    if not COLOUR_PATTERN.match(colour):
        raise TenantError("brand_colour", "use a colour like #1f5f8b")


def create_tenant(slug: str, name: str, default_language: str, languages: list[str]) -> Tenant:
    validate_slug(slug)
    validate_languages(default_language, languages)
    if get_by_slug(slug, enabled_only=False) is not None:
        raise TenantError("slug", "an organisation with this address exists already")
    tenant = Tenant(slug=slug, name=name, default_language=default_language, languages=languages)
    db.session.add(tenant)
    db.session.flush()
    publish_privacy_notice(tenant)  # version 1: Kaari's own wording until the tenant's
    return tenant


def set_enabled(tenant: Tenant, enabled: bool) -> None:
    tenant.enabled = enabled


def set_texts(tenant: Tenant, texts: dict[str, dict[str, str]]) -> list[str]:
    """Replace the tenant's texts given (key → language → text; blank means none) and
    return the keys that changed. A changed privacy notice gets a new version number,
    so later consents say which wording they were given to."""
    changed = []
    stored = dict(tenant.texts or {})
    for key, by_language in texts.items():
        if key not in TEXT_KEYS:
            raise TenantError("texts", f"unknown text {key!r}")
        cleaned = {
            language: text.strip()[:MAX_TEXT]
            for language, text in by_language.items()
            if language in tenant.languages and text and text.strip()
        }
        if cleaned != (stored.get(key) or {}):
            stored[key] = cleaned
            changed.append(key)
    if changed:
        tenant.texts = stored
    if "privacy_notice" in changed:
        publish_privacy_notice(tenant)
    return changed


def publish_privacy_notice(tenant: Tenant) -> PrivacyNotice:
    """Keep the notice's current wording as a numbered version: a new wording gets the
    next number (the setting `privacy_notice_version` follows), the same one keeps
    its number. Consents refer to that number."""
    with tenant_scope(tenant.id):
        latest = db.session.scalar(
            select(PrivacyNotice).order_by(PrivacyNotice.version.desc()).limit(1)
        )
        wording = dict((tenant.texts or {}).get("privacy_notice") or {})
        if latest is None or latest.texts != wording:
            number = (
                tenancy_settings.get(tenant, "privacy_notice_version")
                if latest is None
                else latest.version + 1
            )
            latest = PrivacyNotice(version=number, texts=wording)
            db.session.add(latest)
            db.session.flush()
    change_setting(tenant, "privacy_notice_version", latest.version)
    return latest


def privacy_notices() -> list[PrivacyNotice]:
    """Every published wording of the tenant in scope, newest first."""
    query = select(PrivacyNotice).order_by(PrivacyNotice.version.desc())
    return list(db.session.scalars(query))


def privacy_notice(version: int) -> PrivacyNotice | None:
    query = select(PrivacyNotice).where(PrivacyNotice.version == version)
    return db.session.scalar(query)


# The controller's contact details, printed in the privacy notice (GDPR art. 13(1)(a)).
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone", "contact_address")


def set_contact(tenant: Tenant, values: dict[str, str]) -> dict[str, dict[str, Any]]:
    """Store the controller's contact details and the data protection contact given;
    returns the old and new value of each that changed, for the audit log."""
    changes = {}
    for key in CONTACT_FIELDS:
        if key in values and getattr(tenant, key) != values[key].strip():
            changes[key] = {"old": getattr(tenant, key), "new": values[key].strip()}
            setattr(tenant, key, values[key].strip())
    if "data_protection_contact" in values:
        changes |= set_settings(
            tenant, {"data_protection_contact": values["data_protection_contact"].strip()}
        )
    return changes


def notice_gaps(tenant: Tenant) -> list[str]:
    """What the privacy notice still lacks; while anything does, the join form is not
    open to the public. Only a way to reach the controller is required here: Kaari's
    own notice covers the rest of articles 13 and 14, and an organisation's own
    wording is printed with the same contact below it."""
    return [] if (tenant.contact_email or "").strip() else ["contact_email"]


def set_settings(tenant: Tenant, values: dict) -> dict[str, dict[str, Any]]:
    """Store the settings given (each checked as a bundle's would be); returns the old
    and new value of each setting that changed, for the audit log."""
    changes = {
        key: {"old": tenant.setting(key), "new": value}
        for key, value in values.items()
        if tenant.setting(key) != value
    }
    for key in changes:
        change_setting(tenant, key, values[key])
    return changes
