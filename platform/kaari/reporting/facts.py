"""The nightly aggregate rows (`ReportFact`) of one organisation and year, written
from the indicator definitions of `indicators.py`, so the national figures are
exactly the organisation's own for the same year.

Measures (category in brackets; every count is of people unless said otherwise):
- funnel (the stage reached in the year, see `indicators.STAGES`);
- dropped_out (the side-exit status: withdrawn, dropped_out, …);
- waiting_days (the band of days from registration to match: "0-29", …, "180+");
- outcome_end, outcome_12m (the counted outcome kind by the priority rule, of actors
  of groups that ended in the year, at the end and twelve months later);
- groups_running (groups, not people, whose arc overlapped the year) and
  pairs (the pairs in them), with the group's target group.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import delete, insert

from kaari.core import db
from kaari.core.db import utcnow
from kaari.reporting import indicators
from kaari.reporting.indicators import DIMENSIONS, Cell, Period
from kaari.reporting.models import ReportFact


def _facts(tenant_id: int, year: int) -> list[dict]:
    period = Period.year(year)
    rows: list[tuple[str, Cell, str, int]] = []
    for measure, cells in (
        ("funnel", indicators.funnel_cells(tenant_id, period)),
        ("dropped_out", indicators.dropout_cells(tenant_id, period)),
        ("waiting_days", indicators.waiting_band_cells(tenant_id, period)),
    ):
        rows += [
            (measure, cell, cat, n) for cell, counts in cells.items() for cat, n in counts.items()
        ]
    at_end, later = indicators.outcome_cells(tenant_id, indicators.ended_groups(tenant_id, period))
    for measure, cells in (("outcome_end", at_end), ("outcome_12m", later)):
        rows += [
            (measure, cell, cat, n)
            for (cell, _year), counts in cells.items()
            for cat, n in counts.items()
        ]
    groups, pairs = Counter(), Counter()
    for line in indicators.running_groups(tenant_id, period):
        groups[line.target_group] += 1
        pairs[line.target_group] += line.pairs
    for measure, counts in (("groups_running", groups), ("pairs", pairs)):
        rows += [(measure, ("", key, "", ""), "", n) for key, n in counts.items()]
    now = utcnow()
    return [
        {
            "tenant_id": tenant_id,
            "year": year,
            "measure": measure,
            "category": category,
            **dict(zip(DIMENSIONS, cell, strict=True)),
            "people": people,
            "refreshed_at": now,
        }
        for measure, cell, category, people in rows
        if people
    ]


def refresh_facts(tenant_id: int, year: int) -> int:
    """Replace the tenant's rows of the year; returns how many were written. A fixed
    number of queries, however many people the tenant has (the caller commits)."""
    facts = _facts(tenant_id, year)
    db.session.execute(
        delete(ReportFact).where(ReportFact.tenant_id == tenant_id, ReportFact.year == year)
    )
    if facts:
        db.session.execute(insert(ReportFact), facts)
    return len(facts)
