"""Rule sets: criteria from the shared library with weights, parameters and hard
constraints. Platform admins publish versioned shared sets (TOML files, `kaari
matching publish`); a tenant adopts one and may override weights, constraints and
the threshold within it (staff UI or the `[matching]` bundle section)."""

from __future__ import annotations

import copy
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from kaari.audit.services import record
from kaari.core import db
from kaari.matching.criteria import CRITERIA
from kaari.matching.models import MatchingSettings, RuleSet
from kaari.matching.solver import OBJECTIVES

SHIPPED = Path(__file__).parent / "rulesets"
DEFAULT_KEY = "standard"


class RulesError(ValueError):
    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where, self.message = where, message


@dataclass(frozen=True)
class Rules:
    """The effective rules of one run: a shared set with the tenant's overrides."""

    label: str  # "standard v1": the set's key and version (`label_of`), never shown as such
    weights: dict[str, float]
    params: dict[str, dict]
    constraints: dict[str, float]  # criterion → minimum score a pair must reach
    threshold: float  # minimum total score of a proposed pair

    def as_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "weights": self.weights,
            "params": self.params,
            "constraints": self.constraints,
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rules:
        return cls(**data)


def _number(value: Any, where: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        raise RulesError(where, f"must be a number from {low:g} to {high:g}")
    return float(value)


def check_rules(definition: Any) -> dict[str, Any]:
    """A shared rule set's definition, cleaned; RulesError names the first problem."""
    if not isinstance(definition, dict):
        raise RulesError("rules", "must be a table")
    unknown = sorted(set(definition) - {"criteria", "constraints", "threshold"})
    if unknown:
        raise RulesError(unknown[0], "unknown key")
    criteria = definition.get("criteria", {})
    if not isinstance(criteria, dict) or not criteria:
        raise RulesError("criteria", "name at least one criterion of the library")
    clean: dict[str, Any] = {"criteria": {}, "constraints": {}}
    for name, spec in criteria.items():
        where = f"criteria.{name}"
        if name not in CRITERIA:
            raise RulesError(where, f"not in the library ({', '.join(sorted(CRITERIA))})")
        if not isinstance(spec, dict) or set(spec) - {"weight", "params"}:
            raise RulesError(where, "give weight and, optionally, params")
        params = spec.get("params", {})
        extra = sorted(set(params) - set(CRITERIA[name].params))
        if extra:
            raise RulesError(f"{where}.params.{extra[0]}", "unknown parameter")
        clean["criteria"][name] = {
            "weight": _number(spec.get("weight", 1), f"{where}.weight", 0, 100),
            "params": {**CRITERIA[name].params, **params},
        }
    clean["constraints"] = _constraints(definition.get("constraints", {}), clean["criteria"])
    clean["threshold"] = _number(definition.get("threshold", 0.3), "threshold", 0, 1)
    return clean


def _constraints(value: Any, criteria: dict) -> dict[str, float]:
    if not isinstance(value, dict):
        raise RulesError("constraints", "must be a table of criterion = minimum score")
    for name in value:
        if name not in criteria:
            raise RulesError(f"constraints.{name}", "only criteria of the rule set")
    return {name: _number(v, f"constraints.{name}", 0, 1) for name, v in value.items()}


def check_overrides(overrides: Any, definition: dict) -> dict[str, Any]:
    """A tenant's overrides within a shared set, cleaned."""
    if not isinstance(overrides, dict) or set(overrides) - {"weights", "constraints", "threshold"}:
        raise RulesError("overrides", "may set weights, constraints and threshold")
    weights = overrides.get("weights", {})
    if not isinstance(weights, dict):
        raise RulesError("weights", "must be a table of criterion = weight")
    clean: dict[str, Any] = {}
    for name in weights:
        if name not in definition["criteria"]:
            raise RulesError(f"weights.{name}", "only criteria of the adopted rule set")
    if weights:
        clean["weights"] = {k: _number(v, f"weights.{k}", 0, 100) for k, v in weights.items()}
    if "constraints" in overrides:
        clean["constraints"] = _constraints(overrides["constraints"], definition["criteria"])
    if "threshold" in overrides:
        clean["threshold"] = _number(overrides["threshold"], "threshold", 0, 1)
    return clean


def label_of(rule_set: RuleSet) -> str:
    return f"{rule_set.key} v{rule_set.version}"


def versions(labels: Iterable[str]) -> dict[str, RuleSet]:
    """The published versions that frozen labels ("standard v1", kept with runs and
    pairs) name, by label, in one query: so pages show a set's name, not its key."""
    wanted = {}
    for label in set(labels):
        key, _v, version = label.rpartition(" v")
        if key and version.isdigit():
            wanted[label] = (key, int(version))
    if not wanted:
        return {}
    keys = {key for key, _version in wanted.values()}
    found = {
        (rule_set.key, rule_set.version): rule_set
        for rule_set in db.session.scalars(select(RuleSet).where(RuleSet.key.in_(keys)))
    }
    return {label: found[named] for label, named in wanted.items() if named in found}


def effective(rule_set: RuleSet, overrides: dict) -> Rules:
    definition = rule_set.definition
    weights = {name: spec["weight"] for name, spec in definition["criteria"].items()}
    weights.update(overrides.get("weights", {}))
    return Rules(
        label=label_of(rule_set),
        weights=weights,
        params={name: spec["params"] for name, spec in definition["criteria"].items()},
        constraints=overrides.get("constraints", definition["constraints"]),
        threshold=overrides.get("threshold", definition["threshold"]),
    )


# Shared sets (platform level) ---------------------------------------------------


def latest(key: str) -> RuleSet | None:
    query = select(RuleSet).where(RuleSet.key == key).order_by(RuleSet.version.desc()).limit(1)
    return db.session.scalar(query)


def published() -> list[RuleSet]:
    """The newest version of every shared rule set."""
    newest = (
        select(RuleSet.key, func.max(RuleSet.version).label("version"))
        .group_by(RuleSet.key)
        .subquery()
    )
    query = select(RuleSet).join(
        newest, (RuleSet.key == newest.c.key) & (RuleSet.version == newest.c.version)
    )
    return list(db.session.scalars(query.order_by(RuleSet.key)))


def publish(
    key: str, name: dict, description: dict, definition: dict, *, actor_id: int | None
) -> RuleSet | None:
    """Publish the definition as the set's next version; None when nothing changed."""
    clean = check_rules(definition)
    current = latest(key)
    if current is not None and current.definition == clean and current.name == name:
        return None
    rule_set = RuleSet(
        key=key,
        version=(current.version + 1) if current else 1,
        name=name,
        description=description,
        definition=clean,
        published_by=actor_id,
    )
    db.session.add(rule_set)
    db.session.flush()
    record("rule_set.published", actor_id=actor_id, obj=rule_set, key=key, version=rule_set.version)
    return rule_set


def publish_file(path: Path, *, actor_id: int | None = None) -> RuleSet | None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = sorted(set(data) - {"key", "name", "description", "rules"})
    if unknown:
        raise RulesError(unknown[0], "unknown key")
    return publish(
        data["key"], data["name"], data.get("description", {}), data["rules"], actor_id=actor_id
    )


def publish_shipped() -> list[RuleSet]:
    """Publish the rule sets that ship with Kaari (new versions only when changed)."""
    return [found for path in sorted(SHIPPED.glob("*.toml")) if (found := publish_file(path))]


# A tenant's adoption --------------------------------------------------------------


def settings() -> MatchingSettings | None:
    return db.session.scalar(select(MatchingSettings))


def tenant_rules() -> tuple[Rules, str]:
    """The tenant's effective rules and default objective (the standard set if none)."""
    chosen = settings()
    if chosen is not None:
        rule_set = db.session.get(RuleSet, chosen.rule_set_id)
        return effective(rule_set, chosen.overrides), chosen.objective
    rule_set = latest(DEFAULT_KEY) or publish_shipped_default()
    return effective(rule_set, {}), "score"


def publish_shipped_default() -> RuleSet:
    publish_file(SHIPPED / f"{DEFAULT_KEY}.toml")
    return latest(DEFAULT_KEY)


def adopt(
    key: str, overrides: dict, objective: str, *, actor_id: int | None, ip: str = ""
) -> MatchingSettings:
    """Adopt the newest version of a shared set with the tenant's overrides."""
    rule_set = latest(key)
    if rule_set is None:
        raise RulesError("rule_set", f"no shared rule set {key!r}")
    if objective not in OBJECTIVES:
        raise RulesError("objective", f"use one of {', '.join(OBJECTIVES)}")
    clean = check_overrides(copy.deepcopy(overrides), rule_set.definition)
    chosen = settings() or MatchingSettings(rule_set_id=rule_set.id)
    changed = (chosen.rule_set_id, chosen.overrides, chosen.objective) != (
        rule_set.id,
        clean,
        objective,
    )
    chosen.rule_set_id, chosen.overrides, chosen.objective = rule_set.id, clean, objective
    db.session.add(chosen)
    db.session.flush()
    if changed:
        record("matching.rules_adopted", actor_id=actor_id, ip=ip, obj=chosen, rule_set=key)
    return chosen
