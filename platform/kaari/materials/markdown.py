"""Tenant-written Markdown made safe for the pack and its preview.

Two walls: markdown-it-py renders with raw HTML switched off (tags typed by a tenant
come out as text) and refuses `javascript:` links; nh3 then keeps only a short list
of tags and link schemes. Images are not kept: tenant text never makes the renderer
or a staff member's browser fetch a remote address.
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_RENDERER = MarkdownIt("commonmark", {"html": False})
TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "h4",
    "blockquote", "code", "pre", "hr",
}  # fmt: skip
ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> Markup:
    """Safe HTML of the text; headings of a section's text start at level 3, below
    the section's own heading."""
    html = _RENDERER.render(text or "")
    for level in (6, 5, 4, 3, 2, 1):
        shifted = min(level + 2, 4)
        html = html.replace(f"<h{level}>", f"<h{shifted}>").replace(
            f"</h{level}>", f"</h{shifted}>"
        )
    cleaned = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES)
    return Markup(cleaned)  # noqa: S704 (sanitised by nh3 just above)
