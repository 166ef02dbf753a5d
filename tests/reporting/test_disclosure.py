"""Disclosure control: hand-computed tables, and properties an attacker cannot beat."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kaari.reporting.disclosure import (
    Figure,
    Line,
    check_threshold,
    one_way,
    share,
    suppress,
    two_way,
    two_way_lines,
)


def hidden_of(figures: list[Figure]) -> list[bool]:
    return [figure.hidden for figure in figures]


def test_a_small_category_and_the_smallest_other_one_are_hidden():
    cells, total = one_way([12, 3, 40, 7], threshold=5)
    # 3 is sensitive; 7 is the smallest other cell, so 3 cannot be had as 62 - 12 - 40 - 7.
    assert hidden_of(cells) == [False, True, False, True]
    assert total == Figure(62)


def test_zero_cells_are_published_and_never_complements():
    cells, _total = one_way([0, 2, 9, 30], threshold=5)
    assert hidden_of(cells) == [False, True, True, False]
    cells, _total = one_way([0, 2, 30], threshold=5)
    assert hidden_of(cells) == [False, True, True]
    cells, total = one_way([0, 2], threshold=5)  # the total of 2 is itself sensitive
    assert hidden_of(cells) == [False, True] and total.hidden


def test_a_line_of_one_cell_hides_its_total():
    cells, total = one_way([4], threshold=5)
    assert cells[0].hidden and total.hidden


def test_a_column_with_nothing_but_zeros_left_hides_its_total():
    # A year with no outcomes yet above this year's: 4 is hidden, then 5 beside it.
    # The column of 5 has only a 0 left, which a shown row total of 0 would pin,
    # so its total goes instead.
    table = two_way([[0, 0, 0], [11, 5, 4]], threshold=5)
    assert [[f.hidden for f in row] for row in table.cells] == [
        [False, False, False],
        [False, True, True],
    ]
    assert [f.hidden for f in table.column_totals] == [False, True, True]
    assert table.row_totals == [Figure(0), Figure(20)] and table.total == Figure(20)


def test_a_table_without_small_cells_is_published_whole():
    cells, total = one_way([5, 6, 20], threshold=5)
    assert not any(hidden_of(cells)) and not total.hidden


def test_two_way_suppression_runs_until_every_line_is_safe():
    # rows: regions, columns: outcomes
    table = two_way([[20, 2, 8], [15, 9, 30], [25, 11, 6]], threshold=5)
    hidden = [[figure.hidden for figure in row] for row in table.cells]
    # (0,1)=2 is sensitive; row 0 takes 8 as complement, column 1 takes 9;
    # row 1 then has one hidden (9) and takes 15; column 0 has one (15) and takes 20,
    # which row 0 already counts, so column 2 (8) takes 6 and row 2 (6) takes 11.
    assert hidden == [[True, True, True], [True, True, False], [False, True, True]]
    assert not any(figure.hidden for figure in table.row_totals)
    assert not any(figure.hidden for figure in table.column_totals)
    assert table.total == Figure(126)


def test_a_small_total_is_itself_hidden():
    table = two_way([[1, 2], [10, 20]], threshold=5)
    assert table.row_totals[0].hidden  # 3 people
    assert table.cells[0] == [Figure(1, True), Figure(2, True)]
    # the column lines now hold one hidden cell each, so row 1 loses both its cells,
    # and the row totals' line hides the second row total with the first
    assert table.cells[1] == [Figure(10, True), Figure(20, True)]
    assert table.row_totals[1].hidden


def test_columns_without_row_totals_are_protected_one_by_one():
    table = two_way([[3, 40], [10, 50], [12, 2]], threshold=5, row_totals=False)
    assert table.row_totals is None and table.total is None
    assert [[f.hidden for f in row] for row in table.cells] == [
        [True, True],  # 3 is hidden; 40 is the smallest other cell of its column
        [True, False],  # 10 is the smallest other cell of the first column
        [False, True],
    ]


def test_percentages_are_not_shown_for_hidden_bases():
    assert share(Figure(3), Figure(12)) == 0.25
    assert share(Figure(3), Figure(3, hidden=True)) is None
    assert share(Figure(3, hidden=True), Figure(12)) is None
    assert share(Figure(0), Figure(0)) is None


def test_the_threshold_never_goes_below_three():
    assert check_threshold(3) == 3
    with pytest.raises(ValueError):
        check_threshold(2)
    with pytest.raises(ValueError):
        one_way([1, 2], threshold=2)


# --- what an attacker can compute ------------------------------------------------


def attacker_bounds(values, lines, hidden) -> dict:
    """Bounds on every hidden entry from the published ones: counts are >= 0, and on
    each line the cells add up to the total. Propagated until nothing tightens."""
    lower = dict.fromkeys(hidden, 0)
    upper = dict.fromkeys(hidden, math.inf)
    for _round in range(50):
        changed = False
        for line in lines:
            terms = [(key, 1) for key in line.cells] + [(line.total, -1)]
            known = sum(sign * values[key] for key, sign in terms if key not in hidden)
            unknown = [(key, sign) for key, sign in terms if key in hidden]
            for key, sign in unknown:
                others = [(o, s) for o, s in unknown if o != key]
                # sign * key = -known - sum(s * o for the others)
                high = -known - sum(s * (lower[o] if s > 0 else upper[o]) for o, s in others)
                low = -known - sum(s * (upper[o] if s > 0 else lower[o]) for o, s in others)
                new_low, new_high = (low, high) if sign > 0 else (-high, -low)
                if new_low > lower[key]:
                    lower[key], changed = new_low, True
                if new_high < upper[key]:
                    upper[key], changed = new_high, True
        if not changed:
            break
    return {key: (lower[key], upper[key]) for key in hidden}


def assert_safe(values, lines, hidden, threshold):
    for key, value in values.items():
        if 0 < value < threshold:
            assert key in hidden, key
    for line in lines:
        entries = (*line.cells, line.total)
        # Differencing: one hidden entry on a published line would be its total minus the rest.
        assert sum(key in hidden for key in entries) != 1, line
    for key, (low, high) in attacker_bounds(values, lines, hidden).items():
        assert low <= values[key] <= high
        if 0 < values[key] < threshold:
            assert high > low, (key, values[key], low, high)


counts = st.integers(min_value=0, max_value=40) | st.just(0)  # zeros are common
thresholds = st.integers(min_value=3, max_value=10)


@settings(max_examples=300, deadline=None)
@given(st.lists(counts, min_size=1, max_size=8), thresholds)
def test_no_hidden_small_count_of_a_one_way_table_can_be_derived(row, threshold):
    values = dict(enumerate(row)) | {"total": sum(row)}
    lines = [Line(tuple(range(len(row))), "total")]
    cells, total = one_way(row, threshold)
    hidden = {i for i, figure in enumerate(cells) if figure.hidden} | (
        {"total"} if total.hidden else set()
    )
    assert hidden == suppress(values, lines, threshold)
    assert_safe(values, lines, hidden, threshold)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(min_value=1, max_value=5).flatmap(
        lambda columns: st.lists(
            st.lists(counts, min_size=columns, max_size=columns), min_size=1, max_size=6
        )
    ),
    thresholds,
    st.booleans(),
)
def test_no_hidden_small_count_of_a_two_way_table_can_be_derived(matrix, threshold, row_totals):
    rows, columns = len(matrix), len(matrix[0])
    table = two_way(matrix, threshold, row_totals=row_totals)
    values, hidden = {}, set()
    for r in range(rows):
        for c in range(columns):
            values[(r, c)] = matrix[r][c]
            if table.cells[r][c].hidden:
                hidden.add((r, c))
    margins = [(("T", c), figure) for c, figure in enumerate(table.column_totals)]
    if row_totals:
        margins += [((r, "T"), figure) for r, figure in enumerate(table.row_totals)]
        margins.append((("T", "T"), table.total))
    for key, figure in margins:
        values[key] = figure.value
        if figure.hidden:
            hidden.add(key)
    assert_safe(values, two_way_lines(rows, columns, row_totals, True), hidden, threshold)
