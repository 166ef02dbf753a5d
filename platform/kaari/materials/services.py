"""The material pack as a PDF: the network's pack per language, and a pair's
personal pack with their names, their group's dates and their agreement.

Everything a pack shows is first gathered into a `PackInput` of plain values; the
template sees nothing else, so the hash of that input names the PDF exactly and a
stored PDF with the same hash is served instead of laying the pack out again.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace
from datetime import date
from functools import cache
from pathlib import Path

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select

from kaari.core import db, formats, storage
from kaari.core.i18n import pick
from kaari.core.pdf import render_pdf
from kaari.matching.models import Pair
from kaari.materials import sections
from kaari.materials.models import StoredPdf
from kaari.materials.settings import materials_settings
from kaari.participants.models import Person
from kaari.programme.groups import agreements
from kaari.programme.groups.models import Group, Meeting
from kaari.programme.labels import meeting_names
from kaari.programme.settings import programme_settings
from kaari.tenancy.logo import FUNDER_LOGO, LOGO, logo_content
from kaari.tenancy.models import Tenant

TEMPLATES = Path(__file__).resolve().parents[3] / "templates" / "pdf" / "pack"
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"
MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000 * 4000  # a larger picture is left out rather than laid out
LOGO_FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


@dataclass(frozen=True)
class PackSectionContent:
    key: str
    heading: str
    html: str


@dataclass(frozen=True)
class PairContent:
    actor: str
    mentor: str
    group: str
    terms: tuple[tuple[str, str], ...]  # (label, value) of the agreement
    signatures: tuple[tuple[str, str], ...]  # (typed name, date) of the current version
    signed: bool  # by both


@dataclass(frozen=True)
class PackInput:
    """Every input of one pack; its hash is the key of the stored PDF."""

    kind: str
    language: str
    version: str
    tenant: str
    colour: str
    logo: str  # a data: URL, or "" when the tenant has no usable logo
    funder: str  # the funder's name on the cover, "" for none
    funder_logo: str  # a data: URL like `logo`
    contact: tuple[tuple[str, str], ...]
    title: str
    arc_months: int
    meetings: tuple[tuple[str, str, str], ...]  # (name, date, place)
    sections: tuple[PackSectionContent, ...]
    diary_pages: int
    pair: PairContent | None = None

    def digest(self) -> str:
        return hashlib.sha256(json.dumps(asdict(self), sort_keys=True).encode()).hexdigest()


@cache
def template_version(language: str) -> str:
    """Changes whenever the pack's templates or the language's labels change."""
    digest = hashlib.sha256()
    for path in sorted(TEMPLATES.glob("*.html")):
        digest.update(path.read_bytes())
    catalogue = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    if catalogue.exists():
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


def logo_data_url(tenant: Tenant, which: str = LOGO) -> str:
    """The tenant's logo (or its funder's, `which`) as a data: URL if it is a picture
    of sensible size; a file that is not a picture, or a huge one, is left out and the
    pack is made without it."""
    logo = logo_content(tenant, which) or b""
    if not logo or len(logo) > MAX_LOGO_BYTES:
        return ""
    if getattr(tenant, f"{which}_mimetype") == "image/svg+xml":
        mimetype = "image/svg+xml" if b"<svg" in logo[:2048] else ""
    else:
        try:
            with Image.open(io.BytesIO(logo)) as image:
                width, height = image.size
                mimetype = LOGO_FORMATS.get(image.format or "", "")
        except (UnidentifiedImageError, OSError, ValueError):
            return ""
        if width * height > MAX_LOGO_PIXELS:
            return ""
    if not mimetype:
        return ""
    return f"data:{mimetype};base64,{base64.b64encode(logo).decode()}"


def _contact(tenant: Tenant) -> tuple[tuple[str, str], ...]:
    rows = (
        (_("Coordinator"), tenant.contact_name),
        (_("Email"), tenant.contact_email),
        (_("Phone"), tenant.contact_phone),
        (_("Address"), tenant.contact_address),
    )
    return tuple((label, value) for label, value in rows if value)


def _sections(tenant: Tenant, language: str) -> tuple[PackSectionContent, ...]:
    return tuple(
        PackSectionContent(
            setting.key,
            sections.heading(setting.key, language),
            str(sections.section_html(setting, language, tenant.default_language)),
        )
        for setting in sections.section_settings()
        if setting.enabled
    )


def _meetings(tenant: Tenant, group: Group | None, language: str) -> tuple:
    """The group's meetings with their dates in the tenant's time zone."""
    if group is None:
        return ()
    names = meeting_names()
    query = select(Meeting).where(Meeting.group_id == group.id).order_by(Meeting.starts_at)
    return tuple(
        (
            pick(meeting.title, language, tenant.default_language) or str(names[meeting.kind]),
            formats.day(meeting.starts_at.astimezone(tenant.zone).date(), "long"),
            meeting.place or group.venue,
        )
        for meeting in db.session.scalars(query)
    )


def _day(value: date | None) -> str:
    return formats.day(value, "long")


def _pair(pair: Pair, group: Group | None) -> PairContent:
    people = {p.id: p for p in db.session.scalars(select(Person).where(Person.id.in_(
        (pair.actor_id, pair.mentor_id))))}  # fmt: skip
    agreement = agreements.agreement_of(pair)
    terms = agreements.terms_of(agreement)
    signed = agreements.signatures(agreement) if agreement is not None else []
    return PairContent(
        actor=people[pair.actor_id].name,
        mentor=people[pair.mentor_id].name,
        group=group.name if group is not None else "",
        terms=(
            (_("Goals for the whole arc"), terms.goals),
            (_("Key themes"), terms.themes),
            (_("How often we meet"), terms.frequency),
            (_("How long a meeting lasts"), terms.meeting_length),
            (_("Visits we plan"), terms.visits),
            (_("Date of our first pair meeting"), _day(terms.first_meeting_on)),
        ),
        signatures=tuple((s.typed_name, _day(s.signed_at.date())) for s in signed),
        signed=len(signed) >= 2,
    )


def pack_input(
    tenant: Tenant, language: str, *, pair: Pair | None = None, group: Group | None = None
) -> PackInput:
    """Gather the pack's content in `language` (call inside `force_locale`)."""
    content = _pair(pair, group) if pair is not None else None
    if content is not None:
        title = _("Material pack of %(actor)s and %(mentor)s", actor=content.actor,
                  mentor=content.mentor)  # fmt: skip
    else:
        title = _("Material pack")
    return PackInput(
        kind="pair_pack" if pair is not None else "pack",
        language=language,
        version=template_version(language),
        tenant=tenant.name,
        colour=tenant.brand_colour,
        logo=logo_data_url(tenant),
        funder=tenant.funder_name,
        funder_logo=logo_data_url(tenant, FUNDER_LOGO),
        contact=_contact(tenant),
        title=title,
        arc_months=programme_settings.get(tenant, "arc_months"),
        meetings=_meetings(tenant, group, language),
        sections=_sections(tenant, language),
        diary_pages=materials_settings.get(tenant, "pack_diary_pages"),
        pair=content,
    )


def pack_html(pack: PackInput) -> str:
    """The pack's HTML document (call inside `force_locale(pack.language)`)."""
    return render_template("pdf/pack/pack.html", pack=pack)


def stored_pdf(kind: str, digest: str) -> StoredPdf | None:
    query = select(StoredPdf).where(StoredPdf.kind == kind, StoredPdf.input_hash == digest)
    return db.session.scalar(query)


def cached_pdf(kind: str, digest: str, render: Callable[[], bytes]) -> tuple[StoredPdf, bytes]:
    """The PDF stored for these inputs, or a new one from `render()`, stored in the
    caller's transaction. A row whose file is gone (the store was switched without
    `kaari storage copy`) is given a new file."""
    store = storage.current()
    stored = stored_pdf(kind, digest)
    content = store.get(stored.file_key) if stored is not None else None
    if stored is not None and content is not None:
        return stored, content
    content = render()
    key = storage.new_key(f"pdf/{kind}", ".pdf")
    store.put(key, content, "application/pdf")
    if stored is None:
        stored = StoredPdf(kind=kind, input_hash=digest, file_key=key)
        db.session.add(stored)
    stored.file_key = key
    db.session.flush()
    return stored, content


def pack_pdf(
    tenant: Tenant, language: str, *, pair: Pair | None = None, group: Group | None = None
) -> bytes:
    """The pack as a PDF, from the store when the same inputs made one before."""
    with force_locale(language):
        pack = pack_input(tenant, language, pair=pair, group=group)
        _stored, content = cached_pdf(pack.kind, pack.digest(), lambda: render_pdf(pack_html(pack)))
    return content


def agreement_pdf(tenant: Tenant, pair: Pair, group: Group | None, language: str) -> bytes:
    """The pair's agreement on its own, as written and signed (or with places to
    sign); stored like the packs, so a new version or signature makes a new file."""
    with force_locale(language):
        pack = replace(
            pack_input(tenant, language, pair=pair, group=group),
            kind="agreement",
            title=str(_("Mentoring agreement")),
            meetings=(),
            sections=(),
            diary_pages=0,
        )
        _stored, content = cached_pdf(
            pack.kind,
            pack.digest(),
            lambda: render_pdf(render_template("pdf/agreement.html", pack=pack, tenant=tenant)),
        )
    return content
