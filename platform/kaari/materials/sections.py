"""Which sections a network's pack has, in which order, and with whose text.

A section without a stored row is in the pack at its default place with Kaari's
text; a stored text replaces Kaari's in the languages it has, and where it lacks a
language the tenant's default language is used, so no section is ever empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup
from sqlalchemy import select

from kaari.core import db
from kaari.core.i18n import pick
from kaari.materials.markdown import render_markdown
from kaari.materials.models import PackSection
from kaari.materials.texts import HEADINGS, SECTION_KEYS, TEXTS


class SectionError(ValueError):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class SectionSetting:
    key: str
    enabled: bool = True
    position: int = 0
    text: dict[str, str] = field(default_factory=dict)  # the tenant's own, per language


def section_settings() -> list[SectionSetting]:
    """Every section of the pack in the tenant's order (one query)."""
    rows = {row.key: row for row in db.session.scalars(select(PackSection))}
    settings = []
    for index, key in enumerate(SECTION_KEYS, start=1):
        row = rows.get(key)
        if row is None:
            settings.append(SectionSetting(key, position=index))
        else:
            settings.append(SectionSetting(key, row.enabled, row.position, dict(row.text or {})))
    order = {key: index for index, key in enumerate(SECTION_KEYS)}
    return sorted(settings, key=lambda s: (s.position, order[s.key]))


def _row(key: str, rows: dict[str, PackSection]) -> PackSection:
    if key not in SECTION_KEYS:
        raise SectionError("unknown_section")
    row = rows.get(key)
    if row is None:
        row = PackSection(key=key, position=SECTION_KEYS.index(key) + 1, enabled=True, text={})
        db.session.add(row)
        rows[key] = row
    return row


def set_layout(layout: dict[str, tuple[bool, int]]) -> None:
    """Store each section's (enabled, position); at least one section stays in."""
    if not any(enabled for enabled, _position in layout.values()):
        raise SectionError("nothing_enabled")
    rows = {row.key: row for row in db.session.scalars(select(PackSection))}
    for key, (enabled, position) in layout.items():
        row = _row(key, rows)
        row.enabled, row.position = enabled, position
    db.session.flush()


def set_text(key: str, texts: dict[str, str]) -> None:
    """Store the tenant's own Markdown for a section; empty languages use the default."""
    rows = {row.key: row for row in db.session.scalars(select(PackSection))}
    row = _row(key, rows)
    row.text = {language: text.strip() for language, text in texts.items() if text.strip()}
    db.session.flush()


def missing_languages(setting: SectionSetting, languages: Sequence[str]) -> list[str]:
    """The languages an own text lacks (the pack prints the default language's text
    there, which a reader of that language may not follow); none for Kaari's text."""
    if not setting.text:
        return []
    return [code for code in languages if not setting.text.get(code)]


def heading(key: str, language: str) -> str:
    return pick(HEADINGS[key], language)


def section_html(setting: SectionSetting, language: str, default_language: str) -> Markup:
    """The section's text as safe HTML: the tenant's own in the language, else in the
    tenant's default language, else Kaari's."""
    own = pick(setting.text, language, default_language)
    return render_markdown(own or pick(TEXTS[setting.key], language, default_language))
