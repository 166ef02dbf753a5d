"""Bar and line charts as inline SVG, drawn on the server: no script, nothing fetched.

Each chart is an image with a title and a description that reads out every value
(`role="img"` with `aria-labelledby`), and the page shows the same numbers as a table
beside it. Colours are presentation attributes, since the content security policy
allows no inline styles.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

WIDTH = 560
LABEL_WIDTH = 190
ROW = 26
BAR_COLOUR = "#1f5f8b"
TEXT_COLOUR = "#1a1a1a"


def _frame(key: str, title: str, points: Sequence[tuple[str, float, str]], height: int, body: str):
    description = "; ".join(f"{label}: {shown}" for label, _value, shown in points)
    # Every text part is escaped above; the rest is our own markup and numbers.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'aria-labelledby="chart-{key}-title chart-{key}-desc">'
        f'<title id="chart-{key}-title">{escape(title)}</title>'
        f'<desc id="chart-{key}-desc">{escape(description)}</desc>{body}</svg>'
    )


def bar_chart(key: str, title: str, points: Sequence[tuple[str, float, str]]) -> Markup:
    """Horizontal bars: (label, value, the value as shown) per bar."""
    top = max((value for _label, value, _shown in points), default=0) or 1
    room = WIDTH - LABEL_WIDTH - 60
    parts = []
    for index, (label, value, shown) in enumerate(points):
        y = index * ROW + 4
        width = round(room * value / top, 1)
        parts.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{ROW - 8}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(shown)}</text>'
        )
    return _frame(key, title, points, len(points) * ROW + 8, "".join(parts))


def line_chart(key: str, title: str, points: Sequence[tuple[str, float, str]]) -> Markup:
    """A line through (label, value, shown) points from left to right, values from 0."""
    height, bottom, left, right = 200, 170, 40, WIDTH - 40
    top = max((value for _label, value, _shown in points), default=0) or 1
    step = (right - left) / max(len(points) - 1, 1)
    xy = [
        (round(left + index * step, 1), round(bottom - (bottom - 30) * value / top, 1))
        for index, (_label, value, _shown) in enumerate(points)
    ]
    parts = [
        f'<line x1="{left}" y1="{bottom}" x2="{right}" y2="{bottom}" stroke="{TEXT_COLOUR}"/>',
        f'<polyline fill="none" stroke="{BAR_COLOUR}" stroke-width="2" '
        f'points="{" ".join(f"{x},{y}" for x, y in xy)}"/>',
    ]
    for (x, y), (label, _value, shown) in zip(xy, points, strict=True):
        parts.append(
            f'<circle cx="{x}" cy="{y}" r="4" fill="{BAR_COLOUR}"/>'
            f'<text x="{x}" y="{y - 8}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(shown)}</text>'
            f'<text x="{x}" y="{bottom + 18}" text-anchor="middle" font-size="12" '
            f'fill="{TEXT_COLOUR}">{escape(label)}</text>'
        )
    return _frame(key, title, points, height, "".join(parts))
