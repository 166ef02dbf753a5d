"""Actors rank a shortlist of mentors (names hidden); the ranks count in proposals."""

from __future__ import annotations

import re

from sqlalchemy import select

from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.matching.models import MentorRanking
from kaari.matching.profiles import Profile
from tests.helpers import first_link, read_outbox
from tests.matching.conftest import propose
from tests.matching.test_criteria import _score


def test_the_ranking_criterion():
    actor = Profile(1, rankings={2: 1, 3: 4})
    assert _score("actor_preference", actor, Profile(2)) == 1.0
    assert _score("actor_preference", actor, Profile(3)) == 0.4
    assert _score("actor_preference", actor, Profile(4)) == 0.3  # ranked others, not this one
    assert _score("actor_preference", Profile(1), Profile(2)) == 0.5


def _enable(coordinator) -> None:
    response = coordinator.submit(
        "/alpha/staff/matching/rules",
        {
            "rule_set": "standard",
            "objective": "score",
            "threshold": "0.35",
            "actor_preferences": "y",
        },
    )
    assert response.status_code == 302


def test_an_actor_ranks_mentors_without_seeing_names(app, client, coordinator, pool, world, outbox):
    assert (
        coordinator.submit(
            "/alpha/staff/matching/preferences/ask", {}, form_url="/alpha/staff/matching/"
        ).status_code
        == 404
    )
    _enable(coordinator)
    response = coordinator.submit(
        "/alpha/staff/matching/preferences/ask", {}, form_url="/alpha/staff/matching/"
    )
    assert response.status_code == 302
    mail = next(m for m in read_outbox(outbox) if m["To"] == "ae@example.org")
    link = first_link(mail).split("?")[0] + "?lang=en"

    page = client.get(link).get_data(as_text=True)
    assert "Mentor A" in page and "Mentor B" in page
    assert "Mentor Civil" not in page and "mc@example.org" not in page  # no names, no contacts
    twice = client.submit(link, {"rank_0": "1", "rank_1": "1"})
    assert twice.status_code == 400 and "one mentor only" in twice.get_data(as_text=True)
    assert client.submit(link, {"rank_0": "1", "rank_1": "2"}).status_code == 200
    with app.app_context(), tenant_scope(world.a.tenant_id):
        ranks = {r.mentor_id: r.rank for r in db.session.scalars(select(MentorRanking))}
    assert ranks == {pool["civil"]: 1, pool["doctor"]: 2}

    run_url = propose(coordinator)
    why = coordinator.get(f"{run_url}/proposals/{pool['engineer']}?lang=en")
    page = why.get_data(as_text=True)
    assert "<h1>Actor Engineer + Mentor Civil</h1>" in page
    assert re.search(r"The actor(')?(&#39;)?s choice number 1", page)


def test_the_shortlist_reads_the_free_mentors_not_the_waiting_actors(
    app, client, coordinator, pool, world, outbox, monkeypatch
):
    from kaari.matching import services

    _enable(coordinator)
    coordinator.submit(
        "/alpha/staff/matching/preferences/ask", {}, form_url="/alpha/staff/matching/"
    )
    mail = next(m for m in read_outbox(outbox) if m["To"] == "ae@example.org")
    link = first_link(mail).split("?")[0] + "?lang=en"
    roles: list[str] = []
    profile_of = services.profile_of
    monkeypatch.setattr(
        services,
        "profile_of",
        lambda person, **kw: roles.append(person.role) or profile_of(person, **kw),
    )
    page = client.get(link).get_data(as_text=True)
    assert "Mentor A" in page and "Mentor B" in page
    assert roles and set(roles) == {"mentor"}
