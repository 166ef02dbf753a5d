"""Short polls of a group: the coordinator asks the members a few questions by personal
link, anonymously (answers sealed and shown only from three up, no page says who
answered) or by name (the names are shown, and the respondent is told so), and closes
the poll; the group's leaders read the results, nobody else."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.scoping import tenant_scope
from kaari.programme.groups.models import Group
from kaari.programme.surveys.models import (
    PendingSurveyResponse,
    Survey,
    SurveyRecipient,
    SurveyResponse,
)
from tests.helpers import (
    Client,
    first_link,
    make_group_leader,
    read_outbox,
    text_body,
)
from tests.isolation_routes import portal_link
from tests.test_query_counts import _queries

TRAINING_WISHES = {
    "title_fi": "Koulutustoiveet",
    "title_en": "Training wishes",
    "named": "anonymous",
    "audience": "everyone",
    "q1_kind": "multi_choice",
    "q1_label_fi": "Aiheet",
    "q1_label_en": "Topics",
    "q1_choices_fi": "Ansioluettelo\nHaastattelu\nVerkostot",
    "q1_choices_en": "CV\nInterview\nNetworks",
    "q2_kind": "text",
    "q2_label_fi": "Muuta",
    "q2_label_en": "Anything else",
}
DIETARY_NEEDS = {
    "title_fi": "Ruokavaliot aloitustapaamiseen",
    "title_en": "Dietary needs for the kick-off",
    "named": "named",
    "audience": "actor",
    "q1_kind": "choice",
    "q1_label_fi": "Ruokavalio",
    "q1_label_en": "Diet",
    "q1_choices_fi": "Kaikki käy\nKasvis\nVegaani",
    "q1_choices_en": "Anything\nVegetarian\nVegan",
    "q2_kind": "text",
    "q2_label_fi": "Allergiat",
    "q2_label_en": "Allergies",
}


@pytest.fixture
def surveys_page(world) -> str:
    return f"/alpha/staff/surveys/groups/{world.a.group_id}"


def _create(coordinator, surveys_page: str, data: dict, outbox) -> tuple[str, dict]:
    """The coordinator makes the poll; returns its page and the links mailed, by address."""
    for old in outbox.glob("*.eml"):
        old.unlink()
    new = surveys_page + "/polls/new"
    response = coordinator.submit(new, data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    return response.headers["Location"], {m["To"]: m for m in read_outbox(outbox)}


def _answer(client, mail, answers: dict) -> str:
    response = client.submit(first_link(mail).replace("lang=fi", "lang=en"), answers)
    assert response.status_code == 200, response.get_data(as_text=True)[:3000]
    return response.get_data(as_text=True)


def _count(app, world, model, *where) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_an_anonymous_poll_shows_answers_from_three_up_and_never_whose(
    app, world, client, coordinator, actors_group, surveys_page, outbox
):
    poll, links = _create(coordinator, surveys_page, TRAINING_WISHES, outbox)
    assert len(links) == 6  # every member of the three pairs
    mail = links["mentor.aino@example.org"]
    assert "Koulutustoiveet" in mail["Subject"] and "ALPHA1" in mail["Subject"]
    assert "Your answers are anonymous" in text_body(links["mika@example.org"])  # reads English
    page = client.get(first_link(mail).replace("lang=fi", "lang=en")).get_data(as_text=True)
    assert "Training wishes" in page and "Your answers are anonymous" in page
    assert "This poll is named" not in page

    answers = [
        ("aino@example.org", {"q_aiheet": ["ansioluettelo", "verkostot"], "q_muuta": "Aino text"}),
        ("bea@example.org", {"q_aiheet": ["verkostot"], "q_muuta": "Bea text"}),
        ("mentor.mika@example.org", {"q_aiheet": ["haastattelu", "verkostot"]}),
        ("mika@example.org", {"q_aiheet": ["ansioluettelo"], "q_muuta": "Mika text"}),
    ]
    for email, given in answers[:2]:
        assert "Thank you" in _answer(client, links[email], given)
    results = coordinator.get(poll + "?lang=en").get_data(as_text=True)
    assert "2 answers are waiting" in results and "Fewer than 3 responses" in results
    assert "Aino text" not in results and "Bea text" not in results
    assert "2 of 6 members have answered" in results

    _answer(client, links[answers[2][0]], answers[2][1])
    results = coordinator.get(poll + "?lang=en").get_data(as_text=True)
    assert "Aino text" in results and "Bea text" in results
    counts = results.split("Topics</h2>")[1].split("</table>")[0]
    for choice, count in (("CV", 1), ("Interview", 1), ("Networks", 3)):
        assert f'<th scope="row">{choice}</th><td>{count}</td>' in counts
    for name in ("Aino", "Bea", "Mika"):
        assert name not in results.replace("Aino text", "").replace("Bea text", "")

    # A lone new answer waits, so comparing the page before and after shows nothing,
    # until the poll closes.
    _answer(client, links[answers[3][0]], answers[3][1])
    results = coordinator.get(poll + "?lang=en").get_data(as_text=True)
    assert "1 answer is waiting" in results and "Mika text" not in results
    coordinator.submit(poll + "/close", form_url=poll)
    results = coordinator.get(poll + "?lang=en").get_data(as_text=True)
    assert "Mika text" in results and "The poll is closed" in results
    closed = _answer(client, links["mentor.bea@example.org"], {"q_aiheet": ["cv"]})
    assert "closed" in closed

    # The tables: the answers carry no person and no role; the recipients no answers.
    assert _count(app, world, SurveyResponse, SurveyResponse.role == "member") == 4
    assert _count(app, world, PendingSurveyResponse) == 0
    assert _count(app, world, SurveyRecipient, SurveyRecipient.named_answers.is_not(None)) == 0
    for url in (surveys_page, "/alpha/staff/surveys/", poll):
        page = coordinator.get(url).get_data(as_text=True)
        assert "Bea Actor" not in page and "Aino Actor" not in page, url


def test_a_named_poll_shows_names_and_tells_the_respondent(
    app, world, client, coordinator, actors_group, surveys_page, outbox
):
    poll, links = _create(coordinator, surveys_page, DIETARY_NEEDS, outbox)
    assert sorted(links) == ["aino@example.org", "bea@example.org", "mika@example.org"]
    assert "your answers with your name" in text_body(links["mika@example.org"])  # in the mail too
    link = first_link(links["mika@example.org"])
    page = client.get(link).get_data(as_text=True)
    assert "Dietary needs for the kick-off" in page  # Mika reads English
    assert "This poll is named: your answers are saved with your name" in page
    _answer(client, links["mika@example.org"], {"q_ruokavalio": "vegaani", "q_allergiat": "Nuts"})
    one = _queries(app, coordinator, poll)
    _answer(client, links["aino@example.org"], {"q_ruokavalio": "kaikki_kay"})
    assert _queries(app, coordinator, poll) == one  # the answers by person: no query each
    again = _answer(client, links["mika@example.org"], {"q_ruokavalio": "kasvis"})
    assert "already answered" in again

    results = coordinator.get(poll + "?lang=en").get_data(as_text=True)
    assert "Named poll" in results and "2 of 3 members have answered" in results
    by_person = re.sub(r">\s+<", "><", results.split("Answers by person")[2])
    assert '<th scope="row">Aino Actor</th><td>Anything</td><td>\N{EN DASH}</td>' in by_person
    assert '<th scope="row">Mika Actor</th><td>Vegan</td><td>Nuts</td>' in by_person
    diet = results.split("Diet</h2>")[1].split("</table>")[0]
    for choice, count in (("Anything", 1), ("Vegetarian", 0), ("Vegan", 1)):
        assert f'<th scope="row">{choice}</th><td>{count}</td>' in diet
    assert _count(app, world, SurveyResponse) + _count(app, world, PendingSurveyResponse) == 0
    assert _count(app, world, TenantAuditEvent, TenantAuditEvent.action == "poll.answers_read")


def test_a_poll_needs_a_title_a_question_and_two_choices(coordinator, surveys_page, outbox):
    new = surveys_page + "/polls/new?lang=en"
    empty = coordinator.submit(new, {"named": "anonymous", "audience": "everyone"})
    assert empty.status_code == 400
    one_choice = {**DIETARY_NEEDS, "q1_choices_fi": "Kasvis", "q1_choices_en": "Vegetarian"}
    refused = coordinator.submit(new, one_choice)
    assert refused.status_code == 400
    assert "Give at least two choices" in refused.get_data(as_text=True)
    assert refused.get_data(as_text=True).count("<details open>") == 1  # question 2 is shown
    assert read_outbox(outbox) == []


def test_the_portal_lists_open_polls_beside_the_survey(
    app, world, client, coordinator, actors_group, surveys_page, outbox
):
    _create(coordinator, surveys_page, DIETARY_NEEDS, outbox)
    member = Client(app)
    entered = member.submit(portal_link(app, world.a.tenant_id, actors_group.actors["Mika Actor"]))
    assert entered.status_code == 302
    home = member.get("/alpha/portal/?lang=en").get_data(as_text=True)
    assert "Answer the poll: Dietary needs for the kick-off" in home
    assert "your name is shown with your answers" in home
    answer = home.split("Answer the poll")[0].rsplit('href="', 1)[1].split('"')[0]
    member.submit(answer, {"q_ruokavalio": "kasvis"})
    assert "Answer the poll" not in member.get("/alpha/portal/?lang=en").get_data(as_text=True)


def test_polls_sit_beside_the_one_feedback_survey(
    app, world, coordinator, actors_group, surveys_page, outbox
):
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.execute(Survey.__table__.delete())  # the world's ready-made survey
        db.session.commit()
    _create(coordinator, surveys_page, TRAINING_WISHES, outbox)
    _create(coordinator, surveys_page, DIETARY_NEEDS, outbox)
    opened = coordinator.submit(surveys_page + "/open", {"audience": "everyone"})
    assert opened.status_code == 302
    page = coordinator.get(surveys_page + "?lang=en").get_data(as_text=True)
    assert "The survey is open." in page
    assert "Training wishes" in page and "Dietary needs for the kick-off" in page
    assert "0 of 6" in page and "0 of 3" in page
    again = coordinator.submit(surveys_page + "/open?lang=en", {"audience": "everyone"})
    assert again.status_code == 302
    assert _count(app, world, Survey, Survey.kind == "feedback") == 1
    assert _count(app, world, Survey, Survey.kind == "poll") == 2


def test_leaders_of_the_group_read_others_are_refused(
    app, world, client, coordinator, actors_group, surveys_page, outbox
):
    poll, _links = _create(coordinator, surveys_page, DIETARY_NEEDS, outbox)
    coordinator.logout()
    with app.app_context(), tenant_scope(world.a.tenant_id):
        other = Group(name="ALPHA2")
        db.session.add(other)
        db.session.commit()
        other_id = other.id
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    make_group_leader(app, world.a.tenant_id, other_id, email="olli@alpha.example.org")

    client.login("lea@alpha.example.org", tenant="alpha")
    assert client.get(poll).status_code == 200
    assert client.get(surveys_page + "/polls/new").status_code == 403
    assert client.submit(poll + "/close", form_url=poll).status_code == 403
    client.logout()

    client.login("olli@alpha.example.org", tenant="alpha")
    assert client.get(poll).status_code == 404
    elsewhere = poll.replace(f"/groups/{world.a.group_id}/", f"/groups/{other_id}/")
    assert client.get(elsewhere).status_code == 404  # the poll is looked up through its group
    client.logout()

    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(poll).status_code == 403


def test_another_tenant_reaches_no_poll(app, world, client, coordinator, actors_group,
                                        surveys_page, outbox):  # fmt: skip
    poll, _links = _create(coordinator, surveys_page, TRAINING_WISHES, outbox)
    coordinator.logout()
    client.login(world.b.coordinator.email, tenant="beta")
    assert client.get(poll.replace("/alpha/", "/beta/", 1)).status_code == 404
    beta_group = poll.replace(f"/groups/{world.a.group_id}/", f"/groups/{world.b.group_id}/")
    assert client.get(beta_group.replace("/alpha/", "/beta/", 1)).status_code == 404


def test_the_groups_survey_page_does_not_grow_queries_with_polls(
    app, world, coordinator, actors_group, surveys_page, outbox
):
    _create(coordinator, surveys_page, TRAINING_WISHES, outbox)
    few = _queries(app, coordinator, surveys_page)
    for _ in range(3):
        _create(coordinator, surveys_page, DIETARY_NEEDS, outbox)
    assert coordinator.get(surveys_page).get_data(as_text=True).count("/polls/") >= 5
    assert _queries(app, coordinator, surveys_page) == few
