"""The `[materials]` table of a tenant bundle: the pack's sections in order, which
are left out, and the network's own Markdown per section and language
(docs/TENANT_BUNDLES.md)."""

from __future__ import annotations

from typing import Any

from kaari.materials import sections
from kaari.materials.texts import SECTION_KEYS
from kaari.tenancy.bundles import BundleError, BundleSection

KEYS = {"order", "disabled", "texts"}


def _keys(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
        raise BundleError(f"materials.{where}: must be a list of section names")
    for key in value:
        if key not in SECTION_KEYS:
            raise BundleError(
                f"materials.{where}: {key!r} is not a section ({', '.join(SECTION_KEYS)})"
            )
    return value


def parse(value: Any, languages: list[str], _default: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BundleError("materials: must be a table")
    unknown = sorted(set(value) - KEYS)
    if unknown:
        raise BundleError(f"materials.{unknown[0]}: unknown key")
    order = _keys(value.get("order", []), "order")
    if len(set(order)) != len(order):
        raise BundleError("materials.order: a section is named twice")
    disabled = _keys(value.get("disabled", []), "disabled")
    if set(disabled) >= set(SECTION_KEYS):
        raise BundleError("materials.disabled: keep at least one section in the pack")
    texts = value.get("texts", {})
    if not isinstance(texts, dict):
        raise BundleError("materials.texts: must be a table of sections")
    _keys(list(texts), "texts")
    for key, text in texts.items():
        if not isinstance(text, dict) or not all(isinstance(t, str) for t in text.values()):
            raise BundleError(f'materials.texts.{key}: must be a table such as {{ fi = "…" }}')
        extra = sorted(set(text) - set(languages))
        if extra:
            raise BundleError(f"materials.texts.{key}.{extra[0]}: not a language of the network")
    return {"order": order, "disabled": disabled, "texts": texts}


def apply(spec: dict[str, Any]) -> None:
    """Named sections first in the given order, the rest after them in Kaari's order."""
    order = spec["order"] + [key for key in SECTION_KEYS if key not in spec["order"]]
    sections.set_layout(
        {key: (key not in spec["disabled"], place) for place, key in enumerate(order, start=1)}
    )
    for key in SECTION_KEYS:
        sections.set_text(key, spec["texts"].get(key, {}))


SECTION = BundleSection(parse=parse, apply=apply)
