"""Tenant bundles: one TOML file describes an organisation (docs/TENANT_BUNDLES.md).

`load_bundle` validates and names the bad key in every error; `apply_bundle`
creates or updates the tenant so that applying the same file twice changes
nothing.
"""

from __future__ import annotations

import mimetypes
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from kaari.core import db
from kaari.core.config import LANGUAGES
from kaari.core.domains import record
from kaari.core.scoping import tenant_scope
from kaari.tenancy import services
from kaari.tenancy.logo import store_logo
from kaari.tenancy.models import TargetGroup, Tenant
from kaari.tenancy.settings import tenancy_settings, validate_settings

TOP_LEVEL = {
    "slug",
    "name",
    "default_language",
    "languages",
    "region",
    "municipality",
    "national_reporting",
    "contact",
    "branding",
    "texts",
    "target_groups",
    "settings",
}
CONTACT_KEYS = {"name", "email", "phone", "address"}
BRANDING_KEYS = {"colour", "logo"}
TARGET_GROUP_KEYS = {"key", "name", "description", "questions"}
MAX_LOGO_BYTES = 200 * 1024


class BundleError(ValueError):
    """The bundle is invalid; the message names the key."""


@dataclass(frozen=True)
class BundleSection:
    """A top-level table that a higher domain reads (tenancy imports no domain).

    `parse(value, languages, default_language)` validates and raises BundleError;
    `apply(parsed)` runs inside the tenant's scope.
    """

    parse: Callable[[Any, list[str], str], Any]
    apply: Callable[[Any], None]


SECTIONS: dict[str, BundleSection] = {}


def register_section(name: str, section: BundleSection) -> None:
    """Add a section (from the owning domain's `init_app`)."""
    record("bundle_section", name)
    SECTIONS[name] = section


@dataclass
class Bundle:
    slug: str
    name: str
    default_language: str
    languages: list[str]
    region: str = ""
    municipality: str = ""
    national_reporting: bool = False
    contact: dict[str, str] = field(default_factory=dict)
    colour: str = "#1f5f8b"
    logo: bytes | None = None
    logo_mimetype: str = ""
    texts: dict[str, dict[str, str]] = field(default_factory=dict)
    target_groups: list[dict[str, Any]] = field(default_factory=list)
    settings: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)


def _unknown(keys, allowed, where: str) -> None:
    extra = sorted(set(keys) - set(allowed))
    if extra:
        raise BundleError(f"{where}{extra[0]}: unknown key")


def _string(data: dict, key: str, where: str = "", *, required: bool = False) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise BundleError(f"{where}{key}: must be text")
    if required and not value.strip():
        raise BundleError(f"{where}{key}: is required")
    return value.strip()


def _translations(value: Any, where: str, languages: list[str], default: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise BundleError(f'{where}: must be a table of languages, e.g. {{ fi = "..." }}')
    _unknown(value, LANGUAGES, f"{where}.")
    for code, text in value.items():
        if not isinstance(text, str):
            raise BundleError(f"{where}.{code}: must be text")
    if not value.get(default, "").strip():
        raise BundleError(f"{where}.{default}: the default language's text is required")
    missing = [code for code in languages if not value.get(code, "").strip()]
    if missing:
        raise BundleError(f"{where}.{missing[0]}: missing for an enabled language")
    return {code: text.strip() for code, text in value.items()}


def load_bundle(path: Path) -> Bundle:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise BundleError(f"not valid TOML: {error}") from error
    return parse_bundle(data, base_dir=path.parent)


def parse_bundle(data: dict[str, Any], *, base_dir: Path) -> Bundle:
    _unknown(data, TOP_LEVEL | SECTIONS.keys(), "")
    slug = _string(data, "slug", required=True)
    try:
        services.validate_slug(slug)
    except services.TenantError as error:
        raise BundleError(f"slug: {error.message}") from error
    languages = data.get("languages", list(LANGUAGES))
    default = _string(data, "default_language") or "fi"
    if not isinstance(languages, list):
        raise BundleError('languages: must be a list such as ["fi", "sv", "en"]')
    try:
        services.validate_languages(default, languages)
    except services.TenantError as error:
        raise BundleError(f"{error.field}: {error.message}") from error
    national = data.get("national_reporting", False)
    if not isinstance(national, bool):
        raise BundleError("national_reporting: must be true or false")

    bundle = Bundle(
        slug=slug,
        name=_string(data, "name", required=True),
        default_language=default,
        languages=languages,
        region=_string(data, "region"),
        municipality=_string(data, "municipality"),
        national_reporting=national,
    )
    contact = data.get("contact", {})
    _unknown(contact, CONTACT_KEYS, "contact.")
    bundle.contact = {key: _string(contact, key, "contact.") for key in CONTACT_KEYS}
    _parse_branding(bundle, data.get("branding", {}), base_dir)

    texts = data.get("texts", {})
    _unknown(texts, services.TEXT_KEYS, "texts.")
    bundle.texts = {
        key: _translations(value, f"texts.{key}", languages, default)
        for key, value in texts.items()
    }
    _parse_target_groups(bundle, data.get("target_groups", []))

    settings = data.get("settings", {})
    errors = validate_settings(settings)
    if errors:
        raise BundleError(errors[0])
    bundle.settings = settings
    bundle.sections = {
        name: section.parse(data[name], languages, default)
        for name, section in SECTIONS.items()
        if name in data
    }
    return bundle


def _parse_branding(bundle: Bundle, branding: dict, base_dir: Path) -> None:
    _unknown(branding, BRANDING_KEYS, "branding.")
    colour = _string(branding, "colour", "branding.") or bundle.colour
    try:
        services.validate_colour(colour)
    except services.TenantError as error:
        raise BundleError(f"branding.colour: {error.message}") from error
    bundle.colour = colour
    logo = _string(branding, "logo", "branding.")
    if not logo:
        return
    logo_path = (base_dir / logo).resolve()
    if not logo_path.is_file():
        raise BundleError(f"branding.logo: no file at {logo}")
    mimetype = mimetypes.guess_type(logo_path.name)[0] or ""
    if mimetype not in ("image/svg+xml", "image/png", "image/jpeg"):
        raise BundleError("branding.logo: use an SVG, PNG or JPEG file")
    content = logo_path.read_bytes()
    if len(content) > MAX_LOGO_BYTES:
        raise BundleError("branding.logo: the file is larger than 200 KiB")
    bundle.logo, bundle.logo_mimetype = content, mimetype


def _parse_target_groups(bundle: Bundle, groups: Any) -> None:
    if not isinstance(groups, list):
        raise BundleError("target_groups: must be a list of tables ([[target_groups]])")
    seen = set()
    for index, group in enumerate(groups):
        where = f"target_groups[{index}]."
        if not isinstance(group, dict):
            raise BundleError(f"target_groups[{index}]: must be a table")
        _unknown(group, TARGET_GROUP_KEYS, where)
        key = _string(group, "key", where, required=True)
        if key in seen:
            raise BundleError(f"{where}key: {key!r} is used twice")
        seen.add(key)
        langs, default = bundle.languages, bundle.default_language
        bundle.target_groups.append(
            {
                "questions": _parse_questions(group.get("questions", []), where, langs, default),
                "key": key,
                "name": _translations(group.get("name"), f"{where}name", langs, default),
                "description": _translations(
                    group.get("description", {default: "-"}), f"{where}description", langs, default
                ),
            }
        )


def _parse_questions(questions: Any, where: str, languages: list[str], default: str) -> list[dict]:
    if not isinstance(questions, list):
        raise BundleError(f"{where}questions: must be a list of {{ key, text }} tables")
    parsed = []
    for index, question in enumerate(questions):
        at = f"{where}questions[{index}]."
        if not isinstance(question, dict):
            raise BundleError(f"{where}questions[{index}]: must be a table")
        _unknown(question, {"key", "text"}, at)
        parsed.append(
            {
                "key": _string(question, "key", at, required=True),
                "text": _translations(question.get("text"), f"{at}text", languages, default),
            }
        )
    return parsed


def apply_bundle(bundle: Bundle) -> tuple[Tenant, bool]:
    """Create or update the tenant described by the bundle; True when created."""
    tenant = services.get_by_slug(bundle.slug, enabled_only=False)
    created = tenant is None
    if created:
        tenant = services.create_tenant(
            bundle.slug, bundle.name, bundle.default_language, bundle.languages
        )
    tenant.name = bundle.name
    tenant.default_language = bundle.default_language
    tenant.languages = bundle.languages
    tenant.region = bundle.region
    tenant.municipality = bundle.municipality
    tenant.national_reporting = bundle.national_reporting
    tenant.contact_name = bundle.contact["name"]
    tenant.contact_email = bundle.contact["email"]
    tenant.contact_phone = bundle.contact["phone"]
    tenant.contact_address = bundle.contact["address"]
    tenant.brand_colour = bundle.colour
    tenant.texts = bundle.texts
    version = tenancy_settings.get(tenant, "privacy_notice_version")
    tenant.settings = {**bundle.settings, "privacy_notice_version": version}
    db.session.flush()
    services.publish_privacy_notice(tenant)
    with tenant_scope(tenant.id):
        store_logo(tenant, bundle.logo, bundle.logo_mimetype)
        _apply_target_groups(bundle.target_groups)
        for name, parsed in bundle.sections.items():
            SECTIONS[name].apply(parsed)
    return tenant, created


def _apply_target_groups(groups: list[dict[str, Any]]) -> None:
    existing = {group.key: group for group in db.session.scalars(select(TargetGroup))}
    for position, spec in enumerate(groups):
        group = existing.pop(spec["key"], None) or TargetGroup(key=spec["key"])
        group.name = spec["name"]
        group.description = spec["description"]
        group.questions = spec["questions"]
        group.position = position
        db.session.add(group)
    # Groups no longer in the bundle are kept: people may already refer to them.
    db.session.flush()
