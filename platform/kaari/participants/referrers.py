"""Who referred a person to the network. Partners belong to intake, which registers how
to name them, so the register can filter by partner and show the referrer without
importing intake."""

from __future__ import annotations

from collections.abc import Callable

from kaari.core.domains import record

PartnerNames = Callable[[], dict[int, str]]
_providers: list[PartnerNames] = []


def register_partner_names(provider: PartnerNames) -> None:
    record("partner_names", "provider")
    _providers[:] = [provider]


def partner_names() -> dict[int, str]:
    """The tenant's partners by id (one query), or nothing without intake."""
    return _providers[0]() if _providers else {}
