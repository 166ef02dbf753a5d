"""A run's proposals one page at a time, for the coordinator's review.

A run of a large pool holds thousands of proposals. The run page shows one page of
them, in the order the coordinator chose, chosen from the run's header (who with
whom, the scores), and loads the people and the explanations of that page only, so
the page and its queries stay the same size whatever the pool. The full explanation
of a proposal is a page of its own, opened on demand.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

from kaari.matching.criteria import Reason

PAGE_SIZE = 25
VIEWS = ("proposals", "unmatched")  # the proposed pairs, or the actors without one
ORDERS = ("attention", "score", "lowest")
STRONGEST = 2  # reasons shown in the list; the proposal's own page has them all


@dataclass(frozen=True)
class Listing:
    """Which page of a run the coordinator is on: kept through every action on it."""

    view: str = VIEWS[0]
    order: str = ORDERS[0]
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Listing:
        """The listing a URL's query asks for; anything unknown reads as the default."""
        page = args.get("page", "")
        return cls(
            view=args.get("view", "") if args.get("view") in VIEWS else VIEWS[0],
            order=args.get("order", "") if args.get("order") in ORDERS else ORDERS[0],
            page=max(int(page), 1) if page.isdigit() and len(page) < 7 else 1,
        )

    def args(self, **changes: str | int) -> dict[str, str | int]:
        """The query arguments that bring the reader back here (defaults left out)."""
        listing = replace(self, **changes)  # type: ignore[arg-type]
        default = Listing()
        return {
            name: getattr(listing, name)
            for name in ("view", "order", "page")
            if getattr(listing, name) != getattr(default, name)
        }


@dataclass(frozen=True)
class Page:
    items: list[dict]
    total: int
    page: int
    pages: int


def _page(items: list[dict], number: int) -> Page:
    pages = max(1, -(-len(items) // PAGE_SIZE))
    number = min(number, pages)
    start = (number - 1) * PAGE_SIZE
    return Page(items[start : start + PAGE_SIZE], len(items), number, pages)


def needs_attention(proposal: dict, attention: set[int]) -> bool:
    """Someone in the pair should be asked before the pair is made (see `attention`)."""
    return proposal["actor"] in attention or proposal["mentor"] in attention


def proposals(result: dict, listing: Listing, attention: set[int]) -> Page:
    """One page of the run's proposals. "attention": pairs with someone in `attention`
    (people whose interest should be checked first) before the others, each part by
    score, highest first; "score": highest first; "lowest": lowest first."""
    items = result["proposals"]
    if listing.order == "attention":
        ordered = sorted(items, key=lambda p: (not needs_attention(p, attention), -p["score"]))
    else:
        ordered = sorted(items, key=lambda p: p["score"], reverse=listing.order == "score")
    return _page(ordered, listing.page)


def unmatched(result: dict, listing: Listing) -> Page:
    """One page of the actors who got no proposal, in the run's order."""
    return _page(result["unmatched_actors"], listing.page)


def strongest_reasons(proposal: dict, count: int = STRONGEST) -> list[Reason]:
    """The reasons of the criteria that added most to the score (the parts of a
    proposal come largest share first); a criterion that added nothing is no reason,
    and two criteria that found the same thing (the actor's occupation is both the
    mentor's and the field they wish to mentor in) give it once."""
    reasons: list[Reason] = []
    for _name, _value, share, reason in proposal["parts"]:
        if len(reasons) == count or share <= 0:
            break
        if reason not in reasons:
            reasons.append(reason)
    return reasons
