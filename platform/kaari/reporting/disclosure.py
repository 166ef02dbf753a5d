"""Statistical disclosure control for published count tables.

Pure functions over plain tables; nothing here reads the database.

Primary suppression: a cell describing at least one but fewer than `threshold`
people is hidden. Zero cells are not sensitive: "nobody" describes no person, and
hiding every zero would blank most national tables of small categories (they may
still be hidden as complements, see below).

Secondary (complementary) suppression: a table publishes totals, and every total
with its cells forms a *line* (a row with its row total, a column with its column
total, the row totals with the grand total...). If a line had exactly one hidden
entry, the reader would get it back by differencing: total minus the shown cells.
So every line with a hidden entry gets at least two; the extra one is the smallest
non-zero shown cell of the line (least information lost), else the line's total.
Zero cells are never complements: hidden zeros may be pinned by a line that shows
a total of 0, and then protect nothing. A new hidden cell lies on other
lines too, so the pass repeats until no line changes (each round hides one more
entry, so it ends).

Why this protects a sensitive cell x: on a published line with k >= 2 hidden
entries, the reader knows only their sum S = total - shown cells, and S >= x >= 1.
With counts non-negative, x can be anything from 0 up to S, so one line never
pins x to a single value; combining lines gives bounds, which the property tests
in tests/reporting/ compute the way an attacker would and check stay wider than
one value. (An exact linear-programming audit is the next step up; the fixed,
small tables published here do not need it.)

Linked tables: the same national figure (say, everyone employed this year) can be
a cell of one table and a total of another. A figure hidden in one must be hidden in
all, or the other table gives it back; `forced` carries such figures into a table,
and the caller repeats until no table hides a shared figure the others show.

Percentages are not shown when their base or their count is hidden.

A hidden figure is printed as one neutral mark, `HIDDEN_MARK`, whatever its value
and whether it was hidden for being small or as a complement: "<5" would be false
for a complement of 21, and would tell which hidden figures are the small ones.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

HIDDEN_MARK = "\u2013"  # an en dash, explained in a footnote wherever tables are printed
DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3  # Statistics Finland publishes nothing based on fewer than 3 units


@dataclass(frozen=True)
class Line:
    """A published total and the cells that add up to it."""

    cells: tuple[Hashable, ...]
    total: Hashable


@dataclass(frozen=True)
class Figure:
    """One published number, or its hidden place (printed as `HIDDEN_MARK`)."""

    value: int
    hidden: bool = False

    def __str__(self) -> str:
        return HIDDEN_MARK if self.hidden else str(self.value)


def check_threshold(threshold: int) -> int:
    if threshold < MIN_THRESHOLD:
        raise ValueError(f"disclosure threshold below {MIN_THRESHOLD}: {threshold}")
    return threshold


def sensitive(value: int, threshold: int) -> bool:
    """Whether a count describes too few people to publish (zero does not)."""
    return 0 < value < threshold


def suppress(
    values: Mapping[Hashable, int],
    lines: Sequence[Line],
    threshold: int,
    forced: Iterable[Hashable] = (),
) -> frozenset[Hashable]:
    """The keys of `values` to hide: the sensitive ones, the `forced` ones (hidden
    where the same figure is published in another table), and complements so that
    no line keeps exactly one hidden entry."""
    check_threshold(threshold)
    hidden = {key for key, value in values.items() if sensitive(value, threshold)}
    hidden |= set(forced)
    changed = True
    while changed:
        changed = False
        for line in lines:
            entries = (*line.cells, line.total)
            if sum(key in hidden for key in entries) == 1:
                hidden.add(_complement(line, hidden, values))
                changed = True
    return frozenset(hidden)


def _complement(line: Line, hidden: set, values: Mapping[Hashable, int]) -> Hashable:
    """The entry to hide next to a lone hidden one: the smallest non-zero shown cell,
    else the total. Never a zero cell: a line whose hidden cells are all zero may
    add up to a shown 0, which pins them all, and the cell it was to protect with."""
    shown = [key for key in line.cells if key not in hidden and values[key] > 0]
    if shown:
        return min(shown, key=values.__getitem__)
    return line.total


def one_way(counts: Sequence[int], threshold: int) -> tuple[list[Figure], Figure]:
    """Categories with their published total, suppressed."""
    values: dict[Hashable, int] = dict(enumerate(counts))
    values["total"] = sum(counts)
    hidden = suppress(values, [Line(tuple(range(len(counts))), "total")], threshold)
    figures = [Figure(count, index in hidden) for index, count in enumerate(counts)]
    return figures, Figure(values["total"], "total" in hidden)


@dataclass(frozen=True)
class TwoWay:
    """A suppressed two-way table: cells[row][column], and the margins it publishes
    (None where the table has no such totals, e.g. non-additive columns)."""

    cells: list[list[Figure]]
    row_totals: list[Figure] | None
    column_totals: list[Figure] | None
    total: Figure | None

    def figure(self, key: Hashable) -> Figure:
        """The figure at a key of `two_way_lines` ((row, column), "T" for a margin)."""
        row, column = key
        if row == "T":
            return self.total if column == "T" else self.column_totals[column]
        return self.row_totals[row] if column == "T" else self.cells[row][column]


def two_way_lines(rows: int, columns: int, row_totals: bool, column_totals: bool) -> list[Line]:
    """The lines of a table keyed (row, column), with "T" for a margin."""
    lines = []
    if row_totals:
        lines += [Line(tuple((r, c) for c in range(columns)), (r, "T")) for r in range(rows)]
    if column_totals:
        lines += [Line(tuple((r, c) for r in range(rows)), ("T", c)) for c in range(columns)]
    if row_totals and column_totals:
        lines.append(Line(tuple((r, "T") for r in range(rows)), ("T", "T")))
        lines.append(Line(tuple(("T", c) for c in range(columns)), ("T", "T")))
    return lines


def two_way(
    matrix: Sequence[Sequence[int]],
    threshold: int,
    *,
    row_totals: bool = True,
    column_totals: bool = True,
    forced: Iterable[Hashable] = (),
) -> TwoWay:
    """Suppress a rows x columns table and whichever margins it publishes; `forced`
    keys (as in `two_way_lines`) are hidden whatever their value."""
    rows = len(matrix)
    columns = len(matrix[0]) if rows else 0
    values: dict[Hashable, int] = {
        (r, c): matrix[r][c] for r in range(rows) for c in range(columns)
    }
    if row_totals:
        values |= {(r, "T"): sum(matrix[r]) for r in range(rows)}
    if column_totals:
        values |= {("T", c): sum(matrix[r][c] for r in range(rows)) for c in range(columns)}
    if row_totals and column_totals:
        values[("T", "T")] = sum(map(sum, matrix))
    lines = two_way_lines(rows, columns, row_totals, column_totals)
    hidden = suppress(values, lines, threshold, forced)

    def figure(key) -> Figure:
        return Figure(values[key], key in hidden)

    return TwoWay(
        cells=[[figure((r, c)) for c in range(columns)] for r in range(rows)],
        row_totals=[figure((r, "T")) for r in range(rows)] if row_totals else None,
        column_totals=[figure(("T", c)) for c in range(columns)] if column_totals else None,
        total=figure(("T", "T")) if row_totals and column_totals else None,
    )


def share(part: Figure, base: Figure) -> float | None:
    """part / base, or None when either is hidden or the base is empty."""
    if part.hidden or base.hidden or base.value == 0:
        return None
    return part.value / base.value
