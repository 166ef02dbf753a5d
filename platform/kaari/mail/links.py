"""Personal links in mail: made when the message leaves, never stored.

A message that carries a personal link (to a portal, a survey, an answer page…) is
written to the outbox with a placeholder where the link goes, and with what the link
is for in its context: a purpose and the ids its minter needs, nothing secret. The
delivery step asks the purpose's minter for a fresh link and puts it only into the
message handed to SMTP. A minter makes its token then: a random one of which only the
digest is stored, or a signed one. A retry mints again.

Staff, and the subject-access export, see the placeholder as "[personal link]".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from flask import current_app, url_for
from flask_babel import gettext as _
from markupsafe import escape

from kaari.core import db
from kaari.core.domains import record
from kaari.core.scoping import current_tenant_id
from kaari.tenancy.models import Tenant

# The context key under which a message keeps its link specs.
LINKS_KEY = "_links"
MARKER = re.compile(r"\[\[link:(\w+)\]\]")
# (params, language, recipient address) -> the link's full URL.
Minter = Callable[[dict, str, str], str]
MINTERS: dict[str, Minter] = {}


@dataclass(frozen=True)
class PersonalLink:
    """A context value for `send()`: the link is minted for `purpose` at delivery."""

    purpose: str
    params: dict = field(default_factory=dict)

    def spec(self) -> dict:
        return {"purpose": self.purpose, "params": dict(self.params)}


class LinkUnavailable(Exception):
    """What the link was for is gone (erased, closed): the message is not sent."""


def register_minters(minters: Mapping[str, Minter]) -> None:
    """Register the functions that mint links, by purpose (one per purpose; from the
    owning domain's `init_app`)."""
    for purpose, minter in minters.items():
        record("link_minter", purpose)
        MINTERS[purpose] = minter


def marker(name: str) -> str:
    return f"[[link:{name}]]"


def mint_all(context: dict, *, language: str, recipient: str) -> dict[str, str]:
    """Fresh URLs for every link a message's context names (marker name -> URL)."""
    return {
        name: MINTERS[spec["purpose"]](spec["params"], language, recipient)
        for name, spec in (context.get(LINKS_KEY) or {}).items()
    }


def filled(text: str, urls: dict[str, str], *, html: bool = False) -> str:
    """`text` with its markers replaced by the minted URLs (as anchors in HTML)."""

    def link(match: re.Match) -> str:
        url = urls.get(match.group(1))
        if url is None:
            return match.group(0)
        return f'<a href="{escape(url)}">{escape(url)}</a>' if html else url

    return MARKER.sub(link, text)


def placeholder() -> str:
    return _("[personal link]")


def shown(text: str) -> str:
    """Stored mail text as staff and exports show it: each link a placeholder."""
    return MARKER.sub(lambda _match: placeholder(), text)


def tenant_url(endpoint: str, *, token: str, language: str | None = None, **values) -> str:
    """The full address of a tenant page with a token, for the tenant in scope."""
    tenant = db.session.get(Tenant, current_tenant_id())
    if language is not None:
        values["lang"] = language
    return platform_url(endpoint, token=token, tenant=tenant.slug, **values)


def platform_url(endpoint: str, **values) -> str:
    return current_app.config["BASE_URL"] + url_for(endpoint, **values)


class Trusted(str):
    """Text the tenant or its staff wrote (a mailing, a configured text): its web
    addresses become links in the HTML part. Every other value in a mail's context
    came from someone else (a name typed in a public form) and never does."""

    __slots__ = ()
