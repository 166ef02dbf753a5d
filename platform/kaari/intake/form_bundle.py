"""The `[forms.<role>]` tables of a tenant bundle: the tenant's own questions and
its changes to optional built-in fields (format in docs/TENANT_BUNDLES.md)."""

from __future__ import annotations

from typing import Any

from kaari.intake import custom_fields, tenant_forms
from kaari.tenancy.bundles import BundleError, BundleSection

FORM_KEYS = {"fields", "hide", "relabel"}


def _definition(form: str, table: Any, languages: list[str], default: str) -> dict:
    where = f"forms.{form}"
    if not isinstance(table, dict):
        raise BundleError(f"{where}: must be a table")
    unknown = sorted(set(table) - FORM_KEYS)
    if unknown:
        raise BundleError(f"{where}.{unknown[0]}: unknown key")
    hide = table.get("hide", [])
    relabel = table.get("relabel", {})
    if not isinstance(hide, list) or not all(isinstance(name, str) for name in hide):
        raise BundleError(f'{where}.hide: must be a list of field names, e.g. ["work_here"]')
    if not isinstance(relabel, dict):
        raise BundleError(f"{where}.relabel: must be a table of field names")
    optional = tenant_forms.optional_builtins(form)
    for name in hide:
        if name not in optional:
            raise BundleError(f"{where}.hide: {name!r} is not an optional built-in field")
    builtins: dict[str, dict] = {name: dict(change) for name, change in relabel.items()}
    for name in hide:
        builtins.setdefault(name, {})["hidden"] = True
    try:
        return custom_fields.check_definition(
            {"fields": table.get("fields", []), "builtins": builtins},
            optional,
            languages,
            default,
        )
    except custom_fields.DefinitionError as error:
        where_in_form = error.where.replace("builtins.", "relabel.", 1)
        if where_in_form.endswith(".hidden"):
            where_in_form = "hide"
        raise BundleError(f"{where}.{where_in_form}: {error.message}") from error


def parse(value: Any, languages: list[str], default: str) -> dict[str, dict]:
    if not isinstance(value, dict):
        raise BundleError("forms: must be a table of forms ([forms.contact], [forms.actor] …)")
    unknown = sorted(set(value) - set(custom_fields.FORM_NAMES))
    if unknown:
        raise BundleError(f"forms.{unknown[0]}: not a form; use contact, actor, mentor or other")
    return {form: _definition(form, table, languages, default) for form, table in value.items()}


def apply(definitions: dict[str, dict]) -> None:
    """A changed definition becomes the form's next version; an unchanged one nothing."""
    for form, definition in definitions.items():
        custom_fields.save_definition(form, definition, actor_id=None)


SECTION = BundleSection(parse=parse, apply=apply)
