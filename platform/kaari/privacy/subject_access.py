"""Subject access (GDPR Art. 15 and 20): everything held about one person, as JSON
for machines and as a PDF for people, gathered through the registry of personal
data so that no table is forgotten."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from flask import render_template
from flask_babel import force_locale

from kaari.core.pdf import render_pdf
from kaari.privacy.registry import REGISTRY, Rows

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    purpose: str
    rows: Rows
    summary: tuple[str, ...]  # the fields the PDF shows of each row; () for all


@dataclass(frozen=True)
class SubjectAccess:
    organisation: str
    person_id: int
    name: str
    made_at: datetime
    sections: tuple[Section, ...]


def gather(organisation: str, person_id: int, name: str, made_at: datetime) -> SubjectAccess:
    """Every registered place, in registration order; empty places are kept, so the
    reader sees that they were looked at (call in the person's tenant scope)."""
    sections = tuple(
        Section(data.key, str(data.title), str(data.purpose), data.rows(person_id), data.summary)
        for data in REGISTRY.values()
    )
    return SubjectAccess(organisation, person_id, name, made_at, sections)


def as_json(access: SubjectAccess) -> str:
    document = {
        "format_version": FORMAT_VERSION,
        "organisation": access.organisation,
        "person_id": access.person_id,
        "made_at": access.made_at.isoformat(),
        "data": {
            section.key: {
                "title": section.title,
                "purpose": section.purpose,
                "rows": section.rows,
            }
            for section in access.sections
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2, default=str)


def as_pdf(access: SubjectAccess, tenant, language: str) -> bytes:
    """The same content for reading, in `language`, in the tenant's colour. Not
    stored: it is made on request and handed over at once.

    Places with a summary (mails sent) get a line per row: written out whole, every
    mail took a page of its text, its HTML markup and what it was written from, and
    the document grew by a page (and WeasyPrint by about 0.1 s) per mail; their full
    texts are in the JSON."""
    with force_locale(language):
        html = render_template("pdf/subject_access.html", access=access, tenant=tenant)
    return render_pdf(html)


def as_file(access: SubjectAccess, tenant, language: str, kind: str) -> tuple[bytes | str, str]:
    """(content, mimetype) of the export as "json" or "pdf"."""
    if kind == "json":
        return as_json(access), "application/json"
    return as_pdf(access, tenant, language), "application/pdf"
