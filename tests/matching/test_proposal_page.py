"""The run page as a coordinator reads it: one page of proposals at a time, numbers as
written in Finland, the rule set by its name, and a note only where a check is due."""

from __future__ import annotations

import html as html_module
import re
from datetime import timedelta

from sqlalchemy import event, select
from sqlalchemy.orm.attributes import flag_modified

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.matching.models import MatchingRun, ProposalDetail
from kaari.matching.review import strongest_reasons
from kaari.tenancy.models import Tenant
from tests.helpers import QueryCounter, make_person
from tests.matching.conftest import ENGINEER, pairs_on, proposal_rows, propose

FORM = re.compile(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', re.S)
HIDDEN = re.compile(r'<input type="hidden" name="(actor|mentor)" value="(\d+)">')


def _add_pool(app, world, actors: int, mentors: int, **fields) -> None:
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(actors):
            make_person(
                tenant,
                f"Actor {n:02d}",
                f"a{n}@example.org",
                answers=ENGINEER,
                status="waiting",
                **fields,
            )
        for n in range(mentors):
            make_person(
                tenant,
                f"Mentor {n:02d}",
                f"m{n}@example.org",
                role="mentor",
                answers={**ENGINEER, "birth_year": "1970", "situation": "employed_own_field"},
                status="waiting",
                **fields,
            )
        db.session.commit()


def _text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def _forms(page: str, endpoint: str) -> list[tuple[str, dict]]:
    """The page's forms that post to `endpoint` (accept, reject, pin): action and pair."""
    return [
        (html_module.unescape(action), dict(HIDDEN.findall(body)))
        for action, body in FORM.findall(page)
        if f"/{endpoint}" in action.split("?")[0]
    ]


def test_sixty_proposals_are_shown_twenty_five_a_page(app, coordinator, world):
    _add_pool(app, world, 60, 60)
    run_url = propose(coordinator)
    first = _text(coordinator, run_url + "?lang=en")
    assert "60 proposed pairs" in first
    pages = [pairs_on(first)]
    pages += [pairs_on(_text(coordinator, f"{run_url}?page={n}&lang=en")) for n in (2, 3)]
    assert [len(rows) for rows in pages] == [25, 25, 10]
    everyone = [pair for rows in pages for pair in rows]
    assert len(set(everyone)) == 60  # no pair twice, none left out
    assert pairs_on(_text(coordinator, f"{run_url}?page=99")) == pages[2]  # the last page
    # The pager keeps the chosen order; lowest first is the reverse of highest first.
    lowest = _text(coordinator, f"{run_url}?order=lowest&page=2&lang=en")
    assert f'href="{run_url}?order=lowest&amp;page=3"' in lowest
    assert f'href="{run_url}?order=lowest"' in lowest  # back to page 1
    scores = [
        float(re.search(r'<td class="number">([\d.,]+)', row).group(1).replace(",", "."))
        for _actor, _mentor, row in proposal_rows(lowest)
    ]
    assert scores == sorted(scores)


def test_actions_on_page_two_come_back_to_page_two(app, coordinator, world):
    _add_pool(app, world, 60, 60)
    run_url = propose(coordinator)
    page_two = f"{run_url}?page=2"
    html = _text(coordinator, page_two)
    [(accept_url, pair), *_rest] = _forms(html, "accept")
    response = coordinator.submit(accept_url, pair, form_url=page_two)
    assert response.headers["Location"] == page_two
    # Rejecting asks again: the new run opens on the same page.
    [(reject_url, pair), *_rest] = [
        (url, chosen) for url, chosen in _forms(html, "reject") if chosen != pair
    ]
    response = coordinator.submit(reject_url, pair, form_url=page_two)
    new_run = response.headers["Location"]
    assert new_run.startswith("/alpha/staff/matching/runs/") and new_run.endswith("?page=2")
    assert not new_run.startswith(run_url + "?")
    # A pair's own page, opened from page two, returns there after accepting.
    html = _text(coordinator, new_run)
    why = re.search(r'href="([^"]+/proposals/\d+\?page=2)"', html).group(1)
    why_page = _text(coordinator, why)
    assert f'href="{new_run}"' in why_page  # the way back
    [(accept_url, pair), *_rest] = _forms(why_page, "accept")
    assert coordinator.submit(accept_url, pair, form_url=why).headers["Location"] == new_run


def test_pinning_from_page_two_of_the_unmatched_comes_back_there(app, coordinator, world):
    _add_pool(app, world, 60, 30)  # 30 actors wait without a mentor
    run_url = propose(coordinator)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        freed = run.result["proposals"].pop()  # as if this mentor had a free place
        run.result["unmatched_mentors"].append(freed["mentor"])
        flag_modified(run, "result")
        db.session.commit()
    page_two = f"{run_url}?view=unmatched&page=2"
    html = _text(coordinator, page_two)
    actors = re.findall(r'<option value="(\d+)">Actor', html)
    assert len(actors) == 31 - 25  # the pin form offers this page's actors
    [action] = re.findall(r'<form method="post" action="([^"]+/pin[^"]*)"', html)
    response = coordinator.submit(
        html_module.unescape(action),
        {"actor": actors[0], "mentor": freed["mentor"]},
        form_url=page_two,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?view=unmatched&page=2")


def _run_queries(app, client, url: str) -> int:
    with QueryCounter(app.extensions["kaari_engine"]) as counter:
        assert client.get(url).status_code == 200
    return counter.count


def test_the_run_page_does_not_grow_queries_with_proposals(app, coordinator, world):
    _add_pool(app, world, 3, 3)
    small = propose(coordinator)
    coordinator.get(small)
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for n in range(40):
            make_person(
                tenant, f"More {n}", f"more{n}@example.org", answers=ENGINEER, status="waiting"
            )
            make_person(
                tenant,
                f"Guide {n}",
                f"guide{n}@example.org",
                role="mentor",
                answers=ENGINEER,
                status="waiting",
            )
        db.session.commit()
    large = propose(coordinator)
    for suffix in ("", "?page=2", "?view=unmatched", "?order=lowest"):
        assert _run_queries(app, coordinator, large + suffix) == _run_queries(
            app, coordinator, small + suffix.replace("page=2", "page=1")
        ), suffix
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        first, last = run.result["proposals"][0]["actor"], run.result["proposals"][-1]["actor"]
    assert _run_queries(app, coordinator, f"{large}/proposals/{first}") == _run_queries(
        app, coordinator, f"{large}/proposals/{last}"
    )


def test_scores_and_shares_are_written_as_in_finland_with_the_rule_set_by_name(
    app, coordinator, pool
):
    run_url = propose(coordinator)
    names = {"fi": "Vakiosäännöt", "sv": "Standardregler", "en": "Standard rules"}
    for language, name in names.items():
        html = _text(coordinator, f"{run_url}?lang={language}")
        scores = re.findall(r'<td class="number">([^<\s]+)', html)
        assert scores and all(re.fullmatch(r"0[.,]\d\d", score) for score in scores)
        assert all(("," in score) == (language != "en") for score in scores), language
        assert name in html and "standard v1" not in html
        why = _text(coordinator, f"{run_url}/proposals/{pool['engineer']}?lang={language}")
        shares = re.findall(r'<td class="number">(\d+)\s?%</td>', why)
        assert shares and "0.130" not in why and "0,130" not in why
        for page in ("/alpha/staff/matching/", "/alpha/staff/matching/rules"):
            html = _text(coordinator, f"{page}?lang={language}")
            assert name in html and "standard v1" not in html, page


def test_the_registration_note_shows_only_for_an_old_unconfirmed_registration(
    app, coordinator, world
):
    now = utcnow()
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for name, registered, reconfirmed in [
            ("Old Unconfirmed", now - timedelta(days=200), None),
            ("Old Reconfirmed", now - timedelta(days=200), now - timedelta(days=10)),
            ("Recent", now - timedelta(days=10), None),
        ]:
            make_person(
                tenant,
                name,
                f"{name.split()[-1].lower()}@example.org",
                answers=ENGINEER,
                status="waiting",
                registered_at=registered,
                created_at=registered,
                reconfirmed_at=reconfirmed,
            )
            make_person(
                tenant,
                f"Mentor of {name}",
                f"mentor.{name.split()[-1].lower()}@example.org",
                role="mentor",
                answers={**ENGINEER, "birth_year": "1970"},
                status="waiting",
                registered_at=now - timedelta(days=5),
                created_at=now - timedelta(days=5),
            )
        db.session.commit()
    run_url = propose(coordinator)
    html = _text(coordinator, f"{run_url}?lang=en")
    note = "Registration over 90 days old, interest not re-confirmed"
    flagged = [actor for actor, _mentor, row in proposal_rows(html) if note in row]
    assert flagged == ["Old Unconfirmed"]  # listed first, as needing a check
    assert pairs_on(html)[0][0] == "Old Unconfirmed"
    assert "1 proposed pair includes someone who registered more than 90 days ago" in html
    assert "flash-error" not in html and '<span class="tag">' not in html  # information
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        ids = {p["actor"]: p for p in run.result["proposals"]}
    for actor_id in ids:
        why = _text(coordinator, f"{run_url}/proposals/{actor_id}?lang=en")
        warned = "registered more than 90 days ago. Check that they are still interested" in why
        assert warned == ("<h1>Old Unconfirmed +" in why)
    fi = _text(coordinator, f"{run_url}?lang=fi")
    assert "rekisteröi" not in fi


def test_the_overview_lists_each_run_with_its_figures(app, coordinator, pool, world):
    run_url = propose(coordinator)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        figures = run.result["pool"], len(run.result["proposals"])
    html = _text(coordinator, "/alpha/staff/matching/?lang=en")
    row = re.search(rf'<a href="{run_url}">.*?</tr>', html, re.S).group(0)
    sizes, proposals = figures
    assert f"{sizes['actors']} actors, {sizes['mentors']} mentors" in row
    assert f"<td>{proposals}</td>" in row and "Standard rules (version 1)" in row


def test_the_strongest_reasons_name_each_finding_once():
    """Occupation and wished field both find the same unit group: it is one reason, and
    the next different one takes the second place."""
    same = ["isco_4", {}]
    proposal = {
        "parts": [
            ["occupation", 1.0, 0.143, same],
            ["wished_field", 1.0, 0.143, same],
            ["education_field", 1.0, 0.095, ["isced_4", {}]],
            ["interests", 0.0, 0.0, ["no_shared", {}]],
        ]
    }
    assert strongest_reasons(proposal) == [same, ["isced_4", {}]]
    assert strongest_reasons({"parts": [["interests", 0.0, 0.0, ["no_shared", {}]]]}) == []


def test_a_run_keeps_its_explanations_apart_and_a_page_reads_only_its_own(app, coordinator, world):
    _add_pool(app, world, 30, 30)
    run_url = propose(coordinator)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        run = db.session.scalar(select(MatchingRun).order_by(MatchingRun.id.desc()))
        header = run.result["proposals"]
        details = db.session.scalars(select(ProposalDetail).where(ProposalDetail.run_id == run.id))
        assert len(header) == 30 and {"parts", "alternatives"}.isdisjoint(header[0])
        assert sorted(d.actor_id for d in details) == sorted(p["actor"] for p in header)
    read: list[int] = []

    def count_details(_conn, _cursor, statement, parameters, _context, _many):
        if "FROM proposal_details" in statement:
            read.append(len(parameters))  # a tuple on SQLite, a dict of names on PostgreSQL

    engine = app.extensions["kaari_engine"]
    event.listen(engine, "before_cursor_execute", count_details)
    try:
        page = _text(coordinator, f"{run_url}?lang=en")
    finally:
        event.remove(engine, "before_cursor_execute", count_details)
    assert len(read) == 1 and read[0] == 25 + 2  # the page's actors, the run, the tenant
    assert page.count('<ul class="reasons"><li>') == 25  # each with its reasons
