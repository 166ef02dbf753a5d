"""National aggregates over the organisations that opted in, with small cells hidden.

Reads only the national rollup (`NationalFact`: `ReportFact` rows of the opted-in
organisations summed per dimension, see `rollup`) and the organisations' names.
Every figure is a SQL sum; the query count does not depend on how many
organisations take part (one query per group of tables, not per organisation).

The dimensions are fixed (year, region, target group, ISCO major group, ISCED broad
field): there are no free filters, so a reader cannot difference two overlapping
selections. Every table goes through `disclosure` before it leaves this module.
Organisations are named only when they had at least `MIN_ORGANISATION_PEOPLE`
registered participants in the year; the smaller ones are added up into one
"other organisations" row (which suppression treats like any other row).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import select

from kaari.core import db
from kaari.participants.models import ParticipantStatus
from kaari.programme.labels import kind_names, role_names
from kaari.reporting.disclosure import TwoWay, share, two_way
from kaari.reporting.indicators import STAGES
from kaari.reporting.models import NationalFact
from kaari.reporting.tables import stage_names
from kaari.taxonomy.services import education_fields, major_groups
from kaari.tenancy.models import Tenant

MIN_ORGANISATION_PEOPLE = 10
FUNNEL = STAGES  # the tenant reports' stages, so the facts' categories match
WAITING_BANDS = ("0-29", "30-89", "90-179", "180+")
TREND_YEARS = 5
PARTICIPANTS = "registrations"  # the funnel stage that counts an organisation's participants
TOTAL = "*"  # the year's total of a measure, in a set of shared figures


@dataclass(frozen=True)
class Table:
    """One published table: labels, and the suppressed figures.

    `shares`: each cell is also shown as a share of its row total (not for hidden
    bases). `chart`: also drawn as bars of its last column.
    """

    key: str
    caption: str
    row_header: str
    rows: list[str]
    columns: list[str]
    figures: TwoWay
    shares: bool = False
    chart: bool = False
    # The national figures of the year (categories, TOTAL) this table hides; tables
    # sharing them are suppressed together (see `_linked`).
    shared_hidden: frozenset[str] = frozenset()

    def share(self, row: int, column: int) -> float | None:
        if self.figures.row_totals is None:
            return None
        return share(self.figures.cells[row][column], self.figures.row_totals[row])


@dataclass
class NationalReport:
    year: int | None
    years: list[int]
    threshold: int
    organisations: int
    tables: list[Table] = field(default_factory=list)

    def table(self, key: str) -> Table | None:
        return next((table for table in self.tables if table.key == key), None)


def _outcome_names() -> dict[str, str]:
    return kind_names() | {
        "employed": _l("Employed"),
        "internship": _l("Internship"),
    }


def _dimensions() -> dict[str, str]:
    """The fixed breakdowns and their headings."""
    return {
        "region": _("Region"),
        "target_group": _("Target group"),
        "isco_major": _("Occupation (ISCO major group)"),
        "isced_broad": _("Field of education (ISCED)"),
    }


def _value_names(dimension: str, language: str) -> Callable[[str], str]:
    if dimension == "isco_major":
        names = dict(major_groups(language))
        return lambda code: f"{code} {names[code]}" if code in names else code
    if dimension == "isced_broad":
        fields = education_fields()
        return lambda code: fields[code].label(language) if code in fields else code
    return lambda value: value


def _sums(dimension: str, *where):
    """(year, measure, category, value, people) rows of one dimension of the rollup."""
    query = select(
        NationalFact.year,
        NationalFact.measure,
        NationalFact.category,
        NationalFact.value,
        NationalFact.people,
    ).where(NationalFact.dimension == dimension, *where)
    return db.session.execute(query)


def _ordered(found: Iterable[str], preferred: Sequence[str]) -> list[str]:
    found = set(found)
    return [key for key in preferred if key in found] + sorted(found - set(preferred))


def _matrix(counts: dict, rows: Sequence, columns: Sequence) -> list[list[int]]:
    return [[counts.get((row, column), 0) for column in columns] for row in rows]


def national_report(year: int | None, threshold: int, language: str) -> NationalReport:
    """The national dashboard for `year` (None: the latest year with figures)."""
    query = select(NationalFact.year).distinct().order_by(NationalFact.year)
    years = list(db.session.scalars(query))
    if not years:
        return NationalReport(None, [], threshold, 0)
    if year not in years:
        year = years[-1]
    trend_years = [y for y in years if y <= year][-TREND_YEARS:]
    by_year = _by_year(trend_years)
    dimensions = {dimension: _dimension_counts(dimension, year) for dimension in _dimensions()}
    people, names = _organisation_counts(year)

    def funnel(forced: frozenset) -> list[Table]:
        tables = [_funnel_trend(by_year, trend_years, threshold, forced)]
        tables += [
            _by_dimension(dimension, counts, "funnel", year, threshold, language, forced)
            for dimension, counts in dimensions.items()
        ]
        return [*tables, _organisations(people, names, year, threshold, forced)]

    def outcomes(forced: frozenset) -> list[Table]:
        tables = [_outcome_trend(by_year, trend_years, threshold, forced)]
        return tables + [
            _by_dimension(dimension, counts, "outcome_end", year, threshold, language, forced)
            for dimension, counts in dimensions.items()
        ]

    funnel_tables, outcome_tables = _linked(funnel), _linked(outcomes)
    tables = [
        funnel_tables[0],
        outcome_tables[0],
        _waiting(by_year, year, threshold),
        _drop_outs(by_year, year, threshold),
    ]
    for funnel_table, outcome_table in zip(funnel_tables[1:-1], outcome_tables[1:], strict=True):
        tables += [funnel_table, outcome_table]
    tables.append(funnel_tables[-1])
    return NationalReport(year, years, threshold, len(people), tables)


def _linked(build: Callable[[frozenset], list[Table]]) -> list[Table]:
    """Tables that publish the same national figures of one measure, suppressed until
    none hides a shared figure that another shows."""
    hidden: frozenset = frozenset()
    while True:
        tables = build(hidden)
        found = frozenset().union(*(table.shared_hidden for table in tables))
        if found <= hidden:
            return tables
        hidden |= found


def _shared(figures: TwoWay, places: dict[str, tuple]) -> frozenset[str]:
    """Which shared figures (category or TOTAL -> key in the table) are hidden."""
    return frozenset(name for name, key in places.items() if figures.figure(key).hidden)


def _by_year(years: list[int]) -> dict:
    """(year, measure, category, role) -> people, for the trend years."""
    rows = _sums("role", NationalFact.year.in_(years))
    return {
        (year, measure, category, role): people for year, measure, category, role, people in rows
    }


def _summed(by_year: dict, measure: str, key: Callable) -> dict:
    counts: dict = defaultdict(int)
    for (year, fact_measure, category, role), people in by_year.items():
        if fact_measure == measure:
            counts[key(year, category, role)] += people
    return counts


def _funnel_trend(by_year: dict, years: list[int], threshold: int, forced: frozenset) -> Table:
    """Stages by year; the last column (the report's year) holds the national stage
    counts that other tables show as totals."""
    names = stage_names()
    counts = _summed(by_year, "funnel", lambda year, category, _role: (category, year))
    stages = _ordered({category for category, _year in counts}, FUNNEL)
    places = {stage: (row, len(years) - 1) for row, stage in enumerate(stages)}
    # A person is counted at every stage they reached: no totals to add up.
    figures = two_way(
        _matrix(counts, stages, years),
        threshold,
        row_totals=False,
        column_totals=False,
        forced=[places[name] for name in forced if name in places],
    )
    return Table(
        key="funnel",
        caption=_("People at each stage, by year"),
        row_header=_("Stage"),
        rows=[str(names.get(stage, stage)) for stage in stages],
        columns=[str(y) for y in years],
        figures=figures,
        chart=True,
        shared_hidden=_shared(figures, places),
    )


def _outcome_trend(by_year: dict, years: list[int], threshold: int, forced: frozenset) -> Table:
    """Outcomes by year; the last row (the report's year) holds the national figures
    that the tables by dimension show as totals."""
    names = _outcome_names()
    counts = _summed(by_year, "outcome_end", lambda year, category, _role: (year, category))
    categories = _ordered({category for _year, category in counts}, list(names))
    last = len(years) - 1
    places = {category: (last, column) for column, category in enumerate(categories)}
    places[TOTAL] = (last, "T")
    figures = two_way(
        _matrix(counts, years, categories),
        threshold,
        forced=[places[name] for name in forced if name in places],
    )
    return Table(
        key="outcomes",
        caption=_("Situation at the end of the arc, by year (each actor counted once)"),
        row_header=_("Year"),
        rows=[str(y) for y in years],
        columns=[str(names.get(category, category)) for category in categories],
        figures=figures,
        shares=True,
        shared_hidden=_shared(figures, places),
    )


def _waiting(by_year: dict, year: int, threshold: int) -> Table:
    roles = role_names()
    counts = _summed(by_year, "waiting_days", lambda y, category, role: (y, role, category))
    counts = {(role, band): people for (y, role, band), people in counts.items() if y == year}
    bands = _ordered({band for _role, band in counts}, WAITING_BANDS)
    role_keys = _ordered({role for role, _band in counts}, list(roles))
    return Table(
        key="waiting",
        caption=_("Days from registration to a pair, %(year)s", year=year),
        row_header=_("Role"),
        rows=[str(roles.get(role, role)) for role in role_keys],
        columns=[_("%(band)s days", band=band) for band in bands],
        figures=two_way(_matrix(counts, role_keys, bands), threshold),
        shares=True,
    )


def _drop_outs(by_year: dict, year: int, threshold: int) -> Table:
    statuses = ParticipantStatus.labels()
    counts = _summed(by_year, "dropped_out", lambda y, category, _role: (y, category))
    reasons = sorted(category for y, category in counts if y == year)
    return Table(
        key="drop_outs",
        caption=_("Drop-outs by reason, %(year)s", year=year),
        row_header=_("Reason"),
        rows=[str(statuses.get(reason, reason or _("Not known"))) for reason in reasons],
        columns=[_("People")],
        figures=two_way(
            [[counts[(year, reason)]] for reason in reasons], threshold, row_totals=False
        ),
        chart=True,
    )


def _dimension_counts(dimension: str, year: int) -> dict:
    """measure -> (value, category) -> people, for the funnel and the outcomes."""
    rows = _sums(
        dimension, NationalFact.year == year, NationalFact.measure.in_(("funnel", "outcome_end"))
    )
    counts: dict = defaultdict(dict)
    for _year, measure, category, value, people in rows:
        counts[measure][(value, category)] = people
    return counts


def _by_dimension(
    dimension: str,
    counts: dict,
    measure: str,
    year: int,
    threshold: int,
    language: str,
    forced: frozenset,
) -> Table:
    """People through the funnel (columns overlap: no row totals), or their outcomes
    (each actor once: row totals and shares), by one fixed dimension."""
    heading = _dimensions()[dimension]
    label = _value_names(dimension, language)
    outcomes = measure == "outcome_end"
    names = _outcome_names() if outcomes else stage_names()
    caption = (
        _("%(what)s: situation at the end of the arc, %(year)s")
        if outcomes
        else _("%(what)s: people at each stage, %(year)s")
    )
    cells = counts[measure]
    values = sorted({value for value, _category in cells})
    categories = _ordered({category for _value, category in cells}, list(names))
    places = {category: ("T", column) for column, category in enumerate(categories)}
    if outcomes:
        places[TOTAL] = ("T", "T")
    figures = two_way(
        _matrix(cells, values, categories),
        threshold,
        row_totals=outcomes,
        forced=[places[name] for name in forced if name in places],
    )
    return Table(
        key=f"{measure}_by_{dimension}",
        caption=caption % {"what": heading, "year": year},
        row_header=heading,
        rows=[label(value) if value else _("Not recorded") for value in values],
        columns=[str(names.get(category, category)) for category in categories],
        figures=figures,
        shares=outcomes,
        shared_hidden=_shared(figures, places),
    )


def _organisation_counts(year: int) -> tuple[dict, dict]:
    """tenant id -> {registered, completed}, and the organisations' names."""
    rows = _sums(
        "organisation",
        NationalFact.year == year,
        NationalFact.measure == "funnel",
        NationalFact.category.in_((PARTICIPANTS, "completed")),
    )
    people: dict = defaultdict(lambda: defaultdict(int))
    for _year, _measure, category, tenant_id, count in rows:
        people[int(tenant_id)][category] += count
    query = select(Tenant.id, Tenant.name).where(Tenant.id.in_(people))
    return people, dict(db.session.execute(query).all())


def _organisations(
    people: dict, names: dict, year: int, threshold: int, forced: frozenset
) -> Table:
    """Organisations with at least MIN_ORGANISATION_PEOPLE participants by name; the
    rest summed into one row."""
    named = sorted(
        (t for t in people if people[t][PARTICIPANTS] >= MIN_ORGANISATION_PEOPLE),
        key=lambda t: names[t],
    )
    others = [t for t in people if t not in named]
    columns = (PARTICIPANTS, "completed")
    matrix = [[people[t][c] for c in columns] for t in named]
    rows = [names[t] for t in named]
    if others:
        matrix.append([sum(people[t][c] for t in others) for c in columns])
        rows.append(
            ngettext(
                "Other organisations (%(count)d, each under %(num)d participant)",
                "Other organisations (%(count)d, each under %(num)d participants)",
                MIN_ORGANISATION_PEOPLE,
                count=len(others),
            )
        )
    places = {stage: ("T", column) for column, stage in enumerate(columns)}
    figures = two_way(
        matrix,
        threshold,
        row_totals=False,
        forced=[places[name] for name in forced if name in places],
    )
    labels = stage_names()
    return Table(
        key="organisations",
        caption=_("Participating organisations, %(year)s", year=year),
        row_header=_("Organisation"),
        rows=rows,
        columns=[str(labels[c]) for c in columns],
        figures=figures,
        shared_hidden=_shared(figures, places) if matrix else frozenset(),  # none: no totals
    )
