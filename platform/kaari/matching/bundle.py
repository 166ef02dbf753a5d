"""The `[matching]` table of a tenant bundle: which shared rule set the network adopts
and its own weights, hard rules and threshold within it (docs/TENANT_BUNDLES.md)."""

from __future__ import annotations

from typing import Any

from kaari.matching import rulesets
from kaari.matching.criteria import CRITERIA
from kaari.matching.solver import OBJECTIVES
from kaari.tenancy.bundles import BundleError, BundleSection

KEYS = {"rule_set", "objective", "weights", "constraints", "threshold"}


def parse(value: Any, _languages: list[str], _default: str) -> dict[str, Any]:
    """Checked against the criteria library here; against the adopted set on apply."""
    if not isinstance(value, dict):
        raise BundleError("matching: must be a table")
    unknown = sorted(set(value) - KEYS)
    if unknown:
        raise BundleError(f"matching.{unknown[0]}: unknown key")
    if not isinstance(value.get("rule_set", ""), str) or not value.get("rule_set"):
        raise BundleError('matching.rule_set: name a shared rule set, e.g. "standard"')
    if value.get("objective", "score") not in OBJECTIVES:
        raise BundleError(f"matching.objective: use one of {', '.join(OBJECTIVES)}")
    for table in ("weights", "constraints"):
        for name in value.get(table, {}):
            if name not in CRITERIA:
                raise BundleError(f"matching.{table}.{name}: not a matching criterion")
    try:
        rulesets.check_overrides(
            {k: value[k] for k in ("weights", "constraints", "threshold") if k in value},
            {"criteria": dict.fromkeys(CRITERIA)},
        )
    except rulesets.RulesError as error:
        raise BundleError(f"matching.{error.where}: {error.message}") from error
    return dict(value)


def apply(spec: dict[str, Any]) -> None:
    if rulesets.latest(spec["rule_set"]) is None:
        rulesets.publish_shipped()
    overrides = {k: spec[k] for k in ("weights", "constraints", "threshold") if k in spec}
    try:
        rulesets.adopt(spec["rule_set"], overrides, spec.get("objective", "score"), actor_id=None)
    except rulesets.RulesError as error:
        raise BundleError(f"matching.{error.where}: {error.message}") from error


SECTION = BundleSection(parse=parse, apply=apply)
