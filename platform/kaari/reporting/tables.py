"""The tenant report as named tables: what the page shows (with charts), what each CSV
file holds and what the yearly PDF prints. One list, so the three never disagree."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select

from kaari.core import db, formats
from kaari.core.i18n import pick
from kaari.participants.models import EXIT_STATUSES, ParticipantStatus, PersonRole
from kaari.programme.labels import kind_names
from kaari.programme.outcomes.services import CATEGORIES, EMPLOYED
from kaari.reporting import charts
from kaari.reporting.indicators import (
    STAGES,
    WAIT_BANDS,
    OutcomeShares,
    TenantReport,
    band_name,
    outcome_shares,
    summed,
)
from kaari.taxonomy.services import occupations
from kaari.tenancy.models import TargetGroup


@dataclass(frozen=True)
class Table:
    key: str  # the CSV file's name
    title: str
    header: list[str]
    rows: list[list[str]]
    chart: Markup | None = None


def stage_names() -> dict[str, str]:
    return {
        "contacts": _("Contacts"),
        "registrations": _("Registrations"),
        "waiting": _("Waiting for a pair"),
        "matched": _("Matched"),
        "in_group": _("In a group"),
        "completed": _("Completed"),
    }


def _share(value: float | None) -> str:
    return formats.percent(value)


def _number(value: float | None, digits: int = 1) -> str:
    return formats.number(value, digits)


def target_group_names(language: str, default_language: str) -> dict[str, str]:
    """Target group key → its name in the language; "" is "none"."""
    rows = db.session.execute(select(TargetGroup.key, TargetGroup.name)).all()
    names = {key: pick(name, language, default_language) or key for key, name in rows}
    return names | {"": _("No target group")}


def _field_name(code: str, language: str) -> str:
    entry = occupations().get(code)
    return entry.label(language) if entry else _("Not known")


def _funnel(
    key: str, title: str, first: str, by: dict[str, Counter], label: Callable[[str], str]
) -> Table:
    names = stage_names()
    rows = [[label(name), *(str(counts[stage]) for stage in STAGES)] for name, counts in by.items()]
    total = Counter()
    for counts in by.values():
        total.update(counts)
    rows.append([_("Total"), *(str(total[stage]) for stage in STAGES)])
    return Table(key, title, [first, *(names[stage] for stage in STAGES)], rows)


def _dropouts(
    key: str, title: str, first: str, by: dict[str, Counter], label: Callable[[str], str]
) -> Table:
    names = ParticipantStatus.labels()
    rows = [
        [label(name), *(str(counts[reason]) for reason in EXIT_STATUSES), str(sum(counts.values()))]
        for name, counts in by.items()
    ]
    return Table(key, title, [first, *(str(names[r]) for r in EXIT_STATUSES), _("Total")], rows)


def _outcomes(key: str, title: str, first: str, shares: list[OutcomeShares]) -> Table:
    names = kind_names()
    header = [first, _("Actors"), *(str(names[c]) for c in CATEGORIES), _("Employed")]
    rows = [
        [
            line.label,
            str(line.actors),
            *(str(line.counted[c]) for c in CATEGORIES),
            _share(sum(line.counted[c] for c in EMPLOYED) / line.actors if line.actors else None),
        ]
        for line in shares
    ]
    return Table(key, title, header, rows)


def report_tables(report: TenantReport, language: str, default_language: str) -> list[Table]:
    roles = PersonRole.labels()
    groups = target_group_names(language, default_language)
    stages = stage_names()
    kinds = kind_names()

    def role(name: str) -> str:
        return str(roles.get(name, name))

    def target_group(name: str) -> str:
        return groups.get(name, name)

    funnel = _funnel(
        "funnel_by_role", _("Funnel by role"), _("Role"), summed(report.funnel, "role"), role
    )
    totals = [int(cell) for cell in funnel.rows[-1][1:]]
    chart = charts.bar_chart(
        "funnel",
        _("People reaching each stage in the period"),
        [(stages[s], n, str(n)) for s, n in zip(STAGES, totals, strict=True)],
    )
    tables = [
        Table(funnel.key, funnel.title, funnel.header, funnel.rows, chart),
        _funnel(
            "funnel_by_target_group",
            _("Funnel by target group"),
            _("Target group"),
            summed(report.funnel, "target_group"),
            target_group,
        ),
        _dropouts(
            "dropouts_by_role",
            _("Drop-outs by role and reason"),
            _("Role"),
            summed(report.dropouts, "role"),
            role,
        ),
        _dropouts(
            "dropouts_by_target_group",
            _("Drop-outs by target group and reason"),
            _("Target group"),
            summed(report.dropouts, "target_group"),
            target_group,
        ),
    ]
    tables.append(
        Table(
            "waiting_times",
            _("Waiting from registration to a pair (days)"),
            [_("Role"), _("Matched"), _("Median"), _("90th percentile")],
            [
                [role(w.role), str(w.matched), _number(w.median, 0), _number(w.p90, 0)]
                for w in report.waiting
            ],
        )
    )
    bands = summed(report.waiting_bands, "role")
    names = [band_name(lower) for lower in WAIT_BANDS]
    band_totals = [sum(counts[name] for counts in bands.values()) for name in names]
    tables.append(
        Table(
            "waiting_bands",
            _("People matched in the period by days waited"),
            [_("Days"), *(role(name) for name in bands)],
            [[name, *(str(counts[name]) for counts in bands.values())] for name in names],
            charts.bar_chart(
                "waiting",
                _("People matched in the period by days waited"),
                [(name, n, str(n)) for name, n in zip(names, band_totals, strict=True)],
            ),
        )
    )
    tables.append(
        Table(
            "referrals",
            _("Referral sources and their conversion"),
            [_("Partner"), _("Contacts"), _("Registered"), _("Matched"), _("Conversion")],
            [
                [
                    r.partner or _("No partner"),
                    str(r.contacts),
                    str(r.registrations),
                    str(r.matched),
                    _share(r.conversion),
                ]
                for r in report.referrals
            ],
        )
    )
    tables.append(
        Table(
            "groups",
            _("Groups running and their attendance"),
            [
                _("Group"),
                _("Target group"),
                _("Start"),
                _("End"),
                _("Pairs"),
                _("Group meetings"),
                _("Invited"),
                _("Came"),
                _("Attendance"),
            ],
            [
                [
                    line.name,
                    target_group(line.target_group),
                    formats.day(line.starts),
                    formats.day(line.ends),
                    str(line.pairs),
                    str(line.meetings),
                    str(line.invited),
                    str(line.came),
                    _share(line.attendance),
                ]
                for line in report.groups
            ],
        )
    )
    work = report.workload
    tables.append(
        Table(
            "workload",
            _("Coordinator workload (one half-time coordinator per group of ten pairs)"),
            [
                _("Groups running"),
                _("Pairs"),
                _("Coordinator work needed (full-time equivalents)"),
                _("Coordinators"),
                _("Per coordinator"),
            ],
            [
                [
                    str(work.groups),
                    str(work.pairs),
                    _number(work.needed_fte, 2),
                    str(work.coordinators),
                    _number(work.fte_per_coordinator, 2),
                ]
            ],
        )
    )
    overall = outcome_shares(report.outcomes_end, lambda cell, year: "")
    later = outcome_shares(report.outcomes_later, lambda cell, year: "")
    at_end = overall[0] if overall else None
    after = later[0] if later else None
    tables.append(
        Table(
            "outcomes",
            _("Outcomes of actors of groups that ended in the period (each actor once)"),
            [_("Outcome"), _("At the end"), _("Share"), _("12 months later"), _("Share")],
            [
                [
                    str(kinds[c]),
                    str(at_end.counted[c]) if at_end else "0",
                    _share(at_end.share(c)) if at_end else "",
                    str(after.counted[c]) if after else "0",
                    _share(after.share(c)) if after else "",
                ]
                for c in CATEGORIES
            ],
            charts.bar_chart(
                "outcomes",
                _("Outcomes at the end of the arc"),
                [(str(kinds[c]), at_end.counted[c], _share(at_end.share(c))) for c in CATEGORIES],
            )
            if at_end
            else None,
        )
    )
    tables.append(
        _outcomes(
            "outcomes_by_target_group",
            _("Outcomes at the end by target group"),
            _("Target group"),
            outcome_shares(report.outcomes_end, lambda cell, year: target_group(cell[1])),
        )
    )
    tables.append(
        _outcomes(
            "outcomes_by_field",
            _("Outcomes at the end by field"),
            _("Field (ISCO major group)"),
            outcome_shares(report.outcomes_end, lambda cell, year: _field_name(cell[2], language)),
        )
    )
    by_year = outcome_shares(report.outcomes_end, lambda cell, year: str(year))
    years = _outcomes(
        "outcomes_by_year", _("Outcomes at the end by year"), _("Year the group ended"), by_year
    )
    employed = [
        sum(line.counted[c] for c in EMPLOYED) / line.actors if line.actors else 0.0
        for line in by_year
    ]
    tables.append(
        Table(
            years.key,
            years.title,
            years.header,
            years.rows,
            charts.line_chart(
                "employed",
                _("Employed at the end of the arc, by year"),
                [(line.label, e, _share(e)) for line, e in zip(by_year, employed, strict=True)],
            )
            if by_year
            else None,
        )
    )
    tables.append(
        Table(
            "surveys",
            _("Feedback surveys of groups that ended in the period"),
            [
                _("Role"),
                _("Members"),
                _("Responses"),
                _("Response rate"),
                _("Question"),
                _("Average"),
            ],
            [
                [role(s.role), str(s.members), str(s.responses), _share(s.rate), label, _number(a)]
                for s in report.surveys
                for label, a in (s.averages() or [("", None)])
            ],
        )
    )
    return tables
