"""Feedback surveys: a coordinator opens a group's survey at the final meeting, the
absent get a personal link (and one reminder), those present answer on paper and staff
type the sheets in; the answers stay anonymous and small groups' answers stay hidden."""

from __future__ import annotations

import io
import json
import re
from datetime import timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import delete, func, inspect, select, text

from kaari.audit.models import TenantAuditEvent
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.participants.models import Person
from kaari.programme.groups.models import GroupPair, Meeting, MeetingInvitation
from kaari.programme.surveys.buffer import unseal
from kaari.programme.surveys.jobs import remind_surveys
from kaari.programme.surveys.models import (
    PendingSurveyResponse,
    Survey,
    SurveyRecipient,
    SurveyResponse,
)
from kaari.programme.surveys.results import response_rates, survey_results
from kaari.programme.surveys.services import SurveyError, answer, open_surveys_for
from kaari.tenancy.models import Tenant
from tests.helpers import first_link, make_person, read_outbox, text_body


@pytest.fixture
def group(app, world):
    """Tenant A's group with three pairs and a final meeting at which Aino and Mika
    were recorded present (Mika reads English). The world's ready-made survey of the
    group is removed: the coordinator opens one here."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        people = [
            make_person(tenant, "Aino Actor", "aino@example.org"),
            make_person(tenant, "Mika Mentor", "mika@example.org", "mentor", language="en"),
            make_person(tenant, "Bea Actor", "bea@example.org"),
            make_person(tenant, "Olli Mentor", "olli@example.org", "mentor"),
            make_person(tenant, "Cai Actor", "cai@example.org", language="sv"),
            make_person(tenant, "Pia Mentor", "pia@example.org", "mentor"),
        ]
        with tenant_scope(tenant.id):
            db.session.execute(delete(Survey))
            for actor, mentor in (people[0:2], people[2:4], people[4:6]):
                pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status="confirmed")
                db.session.add(pair)
                db.session.flush()
                db.session.add(GroupPair(group_id=world.a.group_id, pair_id=pair.id))
            meeting = db.session.get(Meeting, world.a.meeting_id)
            meeting.kind = "final"
            for person in people:
                db.session.add(
                    MeetingInvitation(
                        meeting_id=meeting.id,
                        person_id=person.id,
                        attended=person.name in ("Aino Actor", "Mika Mentor"),
                    )
                )
        db.session.commit()
    return f"/alpha/staff/surveys/groups/{world.a.group_id}"


@pytest.fixture
def coordinator(client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    return client


@pytest.fixture
def opened(coordinator, group, outbox):
    """The survey opened with links mailed to those not present at the final meeting."""
    response = coordinator.submit(group + "/open", {"audience": "absent"}, form_url=group)
    assert response.status_code == 302
    return {m["To"]: m for m in read_outbox(outbox)}


def _held(app, world) -> int:
    """Answers kept, released or waiting for release."""
    return _count(app, world, SurveyResponse) + _count(app, world, PendingSurveyResponse)


def _three_actors_answer(client, coordinator, group, opened) -> None:
    """Aino's paper sheet is typed in; Bea and Cai answer by their links."""
    coordinator.submit(
        group + "/paper/actor/entry", {"q_satisfaction": "5", "q_experiences": "Paperilla"}
    )
    for email, said in (("bea@example.org", "Sain työpaikan"), ("cai@example.org", "Bra")):
        client.submit(
            first_link(opened[email]),
            {"q_satisfaction": "4", "q_helped": "4", "q_experiences": said},
        )


def _count(app, world, model, *where) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _the_survey(app, world) -> Survey:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        survey = db.session.scalar(select(Survey))
        db.session.expunge(survey)
        return survey


def test_opening_mails_links_to_those_absent_and_freezes_the_questions(
    app, world, coordinator, group, opened
):
    assert sorted(opened) == [
        "bea@example.org",
        "cai@example.org",
        "olli@example.org",
        "pia@example.org",
    ]
    assert "Palaute" in opened["bea@example.org"]["Subject"]
    assert "anonym" in text_body(opened["cai@example.org"])  # Swedish: anonyma
    assert _count(app, world, SurveyRecipient) == 6  # everyone, mailed or not
    before = _the_survey(app, world).questions

    # Editing the question set afterwards leaves the open survey's copy alone.
    edit = "/alpha/staff/surveys/questions/actor/satisfaction"
    coordinator.submit(edit, {"kind": "scale", "label_fi": "Uusi sanamuoto"})
    assert _the_survey(app, world).questions == before
    assert before["actor"][0]["label"]["fi"] != "Uusi sanamuoto"

    # Those present were handed a paper sheet: mailing again to everyone reaches
    # nobody, so no one can answer both on paper and by link.
    response = coordinator.submit(group + "/links", {"audience": "everyone"}, form_url=group)
    assert response.status_code == 302
    assert _count(app, world, SurveyRecipient, SurveyRecipient.invited.is_(True)) == 4
    assert _count(app, world, SurveyRecipient, SurveyRecipient.paper.is_(True)) == 2
    with app.app_context(), tenant_scope(world.a.tenant_id):
        actions = set(db.session.scalars(select(TenantAuditEvent.action)))
    assert {"survey.opened", "survey.links_sent", "survey.questions_changed"} <= actions


def test_a_member_answers_once_in_their_language(app, world, client, opened):
    link = first_link(opened["pia@example.org"])
    page = client.get(link).get_data(as_text=True)
    assert "Lähtisitkö uudelleen mentoriksi?" in page
    missing = client.submit(link, {"q_experiences": "Antoisaa"})
    assert missing.status_code == 400  # the 1-5 satisfaction scale is required
    assert "Antoisaa" in missing.get_data(as_text=True)  # what was typed is kept
    assert _held(app, world) == 0

    answered = client.submit(link, {"q_satisfaction": "4", "q_again": "yes", "q_referee": "no"})
    assert "Kiitos" in answered.get_data(as_text=True)
    again = client.submit(link, {"q_satisfaction": "1"}, form_url=link)
    assert "already answered" in client.get(link.replace("lang=fi", "lang=en")).get_data(
        as_text=True
    )
    assert again.status_code == 200
    assert _held(app, world) == 1
    with app.app_context(), tenant_scope(world.a.tenant_id):
        waiting = db.session.scalar(select(PendingSurveyResponse))
        assert (waiting.role, waiting.source) == ("mentor", "link")
        assert "yes" not in waiting.sealed  # sealed until released
        answers = unseal(waiting.sealed, secret_key=app.config["SECRET_KEY"])
        assert answers == {"satisfaction": 4, "again": "yes", "referee": "no"}


def test_english_readers_get_english(opened, client):
    link = first_link(opened["olli@example.org"]).replace("lang=fi", "lang=en")
    assert "Would you mentor again?" in client.get(link).get_data(as_text=True)


def test_a_closed_survey_takes_no_answers_until_reopened(app, world, coordinator, group, opened):
    coordinator.submit(group + "/status", {"action": "close"}, form_url=group)
    link = first_link(opened["bea@example.org"])
    assert "survey is closed" in coordinator.get(link.replace("lang=fi", "lang=en")).get_data(
        as_text=True
    )
    coordinator.post(link, data={"q_satisfaction": "5", "q_helped": "5"})
    assert _held(app, world) == 0
    coordinator.submit(group + "/status", {"action": "reopen"}, form_url=group)
    coordinator.submit(link, {"q_satisfaction": "5", "q_helped": "5"})
    assert _held(app, world) == 1


def test_the_silent_are_reminded_once_after_the_days_set(app, world, client, opened, outbox):
    client.submit(first_link(opened["bea@example.org"]), {"q_satisfaction": "3", "q_helped": "4"})
    for old in outbox.glob("*.eml"):
        old.unlink()
    with app.app_context():
        assert remind_surveys() == 0  # opened today: too early
        with tenant_scope(world.a.tenant_id):
            db.session.scalar(select(Survey)).opened_at = utcnow() - timedelta(days=8)
            db.session.commit()
        assert remind_surveys() == 3
        assert remind_surveys() == 0  # once only
    reminded = {m["To"]: m for m in read_outbox(outbox)}
    assert sorted(reminded) == ["cai@example.org", "olli@example.org", "pia@example.org"]
    assert "Muistutus" in reminded["olli@example.org"]["Subject"]


def test_paper_sheets_and_results_are_hidden_below_three_respondents(
    app, world, coordinator, group, opened
):
    paper = coordinator.get(group + "/paper/actor?lang=en").get_data(as_text=True)
    assert "Do not write your name" in paper and 'class="box"' in paper
    assert "How were your mentor&#39;s networks used?" in paper
    sheet = coordinator.get(group + "/paper/mentor?format=pdf&lang=sv")
    assert sheet.mimetype == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(sheet.data)).pages)
    assert "Skriv inte ditt namn" in text and "Skulle du bli mentor igen?" in text

    entry = group + "/paper/actor/entry"
    empty = coordinator.submit(entry, {})
    assert empty.status_code == 400  # a blank sheet is refused with a message, not saved
    assert _held(app, world) == 0
    coordinator.submit(entry, {"q_satisfaction": "5", "q_networks": "Sain työpaikan"})
    coordinator.submit(
        first_link(opened["bea@example.org"]), {"q_satisfaction": "4", "q_helped": "4"}
    )
    results = coordinator.get(group + "/results?lang=en").get_data(as_text=True)
    assert "Fewer than 3 responses" in results and "Sain työpaikan" not in results

    coordinator.submit(
        first_link(opened["cai@example.org"]), {"q_satisfaction": "3", "q_helped": "4"}
    )
    results = coordinator.get(group + "/results?lang=en").get_data(as_text=True)
    assert "Average 4.0" in results and "Sain työpaikan" in results
    assert "Bea" not in results and "Cai" not in results
    survey = _the_survey(app, world)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        by_role = survey_results(survey)
    actors, mentors = by_role["actor"], by_role["mentor"]
    assert (actors.rate.members, actors.rate.responses, actors.paper) == (3, 3, 1)
    assert actors.questions[0].counts == {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1}
    assert mentors.shown is False and mentors.questions == []


def test_no_column_or_join_links_a_response_to_a_person(
    app, world, owner_engine, client, coordinator, group, opened
):
    _three_actors_answer(client, coordinator, group, opened)
    inspector = inspect(owner_engine)
    columns = {c["name"]: c for c in inspector.get_columns("survey_responses")}
    assert set(columns) == {"id", "tenant_id", "survey_id", "role", "source", "answers"}
    assert not any("DATETIME" in str(c["type"]).upper() for c in columns.values())
    assert "INT" not in str(columns["id"]["type"]).upper()  # a random key, not a sequence
    referred = {fk["referred_table"] for fk in inspector.get_foreign_keys("survey_responses")}
    assert referred == {"surveys", "tenants"}
    # The recipients table shares nothing with responses that a join could use beyond
    # the survey and the role, and records no time of answering.
    recipient_columns = {c["name"] for c in inspector.get_columns("survey_recipients")}
    assert recipient_columns & set(columns) == {"id", "tenant_id", "survey_id", "role"}
    assert not {"answered_at", "response_id"} & recipient_columns
    with app.app_context(), tenant_scope(world.a.tenant_id):
        response = db.session.scalars(select(SurveyResponse)).first()
        recipients = set(db.session.scalars(select(SurveyRecipient.id)))
    assert len(response.id) == 32 and int(response.id, 16) not in recipients
    if owner_engine.dialect.name == "sqlite":  # no hidden rowid keeps insertion order
        for table in ("survey_responses", "survey_pending_responses"):
            with owner_engine.connect() as connection, pytest.raises(Exception, match="rowid"):
                connection.exec_driver_sql(f"SELECT rowid FROM {table}")


def test_services_for_the_portal_and_the_group_report(app, world, client, opened):
    client.submit(first_link(opened["bea@example.org"]), {"q_satisfaction": "4", "q_helped": "4"})
    with app.app_context(), tenant_scope(world.a.tenant_id):
        people = {p.email: p for p in db.session.scalars(select(Person))}
        assert open_surveys_for(people["bea@example.org"]) == []
        assert open_surveys_for(people["aino@example.org"]) == []  # no link
        (listed,) = open_surveys_for(people["olli@example.org"])
        db.session.commit()
        assert listed.group_name == "ALPHA1"
        from kaari.programme.groups.models import Group

        rates = response_rates(db.session.get(Group, world.a.group_id))
    # The portal's link and the mailed one both open Olli's answer page.
    assert client.get(f"/alpha/survey/{listed.token}").status_code == 200
    assert client.get(first_link(opened["olli@example.org"])).status_code == 200
    assert (rates["actor"].responses, rates["actor"].members) == (1, 3)
    assert rates["actor"].rate == pytest.approx(1 / 3)
    assert rates["mentor"].rate == 0


def test_a_coordinator_edits_the_question_sets(app, world, coordinator):
    sets = "/alpha/staff/surveys/questions"
    page = coordinator.get(sets + "?lang=en").get_data(as_text=True)
    assert "Were you asked to be a referee?" in page  # the defaults, before any change
    new = sets + "/mentor/new"
    bad = coordinator.submit(new, {"kind": "choice", "label_fi": "Mikä kanava?", "choices_fi": "A"})
    assert bad.status_code == 400 and "Mikä kanava?" in bad.get_data(as_text=True)
    coordinator.submit(
        new,
        {
            "kind": "scale",
            "required": "y",
            "label_fi": "Kuinka hyödyllinen ryhmä oli?",
            "label_en": "How useful was the group?",
            "low_fi": "Ei lainkaan",
            "high_fi": "Hyvin",
        },
    )
    change = sets + "/mentor/kuinka_hyodyllinen_ryhma_oli/change"
    coordinator.submit(change, {"action": "up"}, form_url=sets)
    coordinator.submit(sets + "/mentor/referee/change", {"action": "remove"}, form_url=sets)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        from kaari.programme.surveys.questions import question_set

        keys = [spec["key"] for spec in question_set("mentor")]
        added = question_set("mentor")[-2]
    assert "referee" not in keys
    assert keys[-2:] == ["kuinka_hyodyllinen_ryhma_oli", "again"]
    assert added["kind"] == "scale" and added["high"] == {"fi": "Hyvin"}
    assert coordinator.get(sets + "/mentor/nothing_here").status_code == 404
    assert coordinator.get(sets + "/partner/new").status_code == 404


def test_group_leaders_read_but_do_not_open(app, world, client, group):
    from tests.helpers import make_group_leader

    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    client.login("lea@alpha.example.org", tenant="alpha")
    assert client.get(group).status_code == 200
    refused = client.submit(group + "/open", {"audience": "absent"}, form_url=group)
    assert refused.status_code == 403
    assert _count(app, world, Survey) == 0


def test_the_survey_list_does_not_grow_queries_with_groups(app, world, coordinator, opened):
    from kaari.programme.groups.models import Group
    from tests.test_query_counts import _queries

    url = "/alpha/staff/surveys/"
    few = _queries(app, coordinator, url)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        for number in range(5):
            extra = Group(name=f"X{number}")
            db.session.add(extra)
            db.session.flush()
            db.session.add(Survey(group_id=extra.id, questions={}))
        db.session.commit()
    assert _queries(app, coordinator, url) == few


def test_a_network_without_swedish_edits_the_default_questions(app, world, coordinator):
    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).languages = ["fi", "en"]
        db.session.commit()
    sets = "/alpha/staff/surveys/questions"
    coordinator.submit(sets + "/actor/networks/change", {"action": "up"}, form_url=sets)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        from kaari.programme.surveys.questions import question_set

        questions = question_set("actor")
    assert [spec["key"] for spec in questions][-2:] == ["networks", "how_helped"]
    assert all("sv" not in spec["label"] for spec in questions)


# Anonymity against staff who compare pages and read the tables (issue 18, finding 2)


@pytest.fixture
def bigger(app, world, group):
    """Two more pairs (Dan and Eli, actors; Fay and Gus, mentors), absent from the
    final meeting, so five actors answer: Aino on paper, four by link."""
    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        with tenant_scope(tenant.id):
            for actor, mentor in (("Dan", "Fay"), ("Eli", "Gus")):
                a = make_person(tenant, f"{actor} Actor", f"{actor.lower()}@example.org")
                m = make_person(
                    tenant, f"{mentor} Mentor", f"{mentor.lower()}@example.org", "mentor"
                )
                pair = Pair(actor_id=a.id, mentor_id=m.id, status="confirmed")
                db.session.add(pair)
                db.session.flush()
                db.session.add(GroupPair(group_id=world.a.group_id, pair_id=pair.id))
        db.session.commit()
    return group


def _answer(client, links, email: str, text: str, role: str = "actor") -> None:
    answers = {"q_satisfaction": "4", "q_experiences": text}
    answers |= {"q_helped": "4"} if role == "actor" else {"q_again": "yes"}
    assert client.submit(first_link(links[email]), answers).status_code == 200


def _texts(page: str) -> list[str]:
    """The free texts a results page shows."""
    return re.findall(
        r"<li>([^<]*)</li>", page.split('id="results-actor"')[1].split("</section>")[0]
    )


def test_a_new_answer_shows_only_with_two_others_or_when_the_survey_closes(
    app, world, client, coordinator, bigger, outbox
):
    coordinator.submit(bigger + "/open", {"audience": "absent"}, form_url=bigger)
    links = {m["To"]: m for m in read_outbox(outbox)}
    results = bigger + "/results?lang=en"
    coordinator.submit(
        bigger + "/paper/actor/entry", {"q_satisfaction": "5", "q_experiences": "Paperilla"}
    )
    _answer(client, links, "bea@example.org", "Bea kirjoitti")
    page = coordinator.get(results).get_data(as_text=True)
    assert "2 answers are waiting" in page and "Bea kirjoitti" not in page
    _answer(client, links, "cai@example.org", "Cai skrev")
    before = coordinator.get(results).get_data(as_text=True)
    assert sorted(_texts(before)) == ["Bea kirjoitti", "Cai skrev", "Paperilla"]

    # The attack: read the results, wait for one person to answer, read them again.
    _answer(client, links, "dan@example.org", "Dan wrote this")
    after = coordinator.get(results).get_data(as_text=True)
    assert _texts(after) == _texts(before) and "Dan wrote this" not in after
    assert "1 answer is waiting" in after
    _answer(client, links, "eli@example.org", "Eli wrote that")
    assert _texts(coordinator.get(results).get_data(as_text=True)) == _texts(before)

    # Closing releases the remainder, once: closing and reopening cannot be used to
    # see answers one at a time.
    coordinator.submit(bigger + "/status", {"action": "close"}, form_url=bigger)
    closed = coordinator.get(results).get_data(as_text=True)
    assert {"Dan wrote this", "Eli wrote that"} <= set(_texts(closed))
    coordinator.submit(bigger + "/status", {"action": "reopen"}, form_url=bigger)
    _answer(client, links, "olli@example.org", "Olli kertoi", role="mentor")
    coordinator.submit(bigger + "/status", {"action": "close"}, form_url=bigger)
    again = coordinator.get(results).get_data(as_text=True)
    assert "Olli kertoi" not in again and "1 answer is waiting" in again
    assert _count(app, world, PendingSurveyResponse) == 1


def test_no_staff_page_or_export_says_who_answered(app, world, client, coordinator, group, opened):
    """Staff compare what they can see of Bea before and after she answers."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        bea = db.session.scalar(select(Person.id).where(Person.email == "bea@example.org"))
    person = f"/alpha/staff/participants/{bea}"
    counts = [group, group + "/results", "/alpha/staff/surveys/"]

    def seen() -> tuple:
        export = json.loads(coordinator.get(person + "/subject-access.json").get_data(as_text=True))
        page = coordinator.get(person).get_data(as_text=True)
        return export["data"]["survey_recipients.person_id"]["rows"], _without_csrf(page)

    coordinator.get(group)  # shows the flash of the opening
    rows, page = seen()
    assert rows and "answered" not in rows[0]
    _answer(client, opened, "bea@example.org", "Bea kirjoitti")
    assert seen() == (rows, page)
    # The survey's own pages count responses; none names who gave them.
    for url in counts:
        assert "Bea" not in coordinator.get(url).get_data(as_text=True)


def _without_csrf(page: str) -> str:
    return re.sub(r'(name="csrf_token"[^>]*value=|csrf-token" content=)"[^"]*"', "", page)


def test_one_persons_paper_and_link_answers_count_once(app, world, coordinator, group, opened):
    # Aino and Mika were present at the final meeting: handed a sheet, never a link.
    coordinator.submit(group + "/links", {"audience": "everyone"}, form_url=group)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        aino = db.session.scalar(
            select(SurveyRecipient)
            .join(Person, Person.id == SurveyRecipient.person_id)
            .where(Person.email == "aino@example.org")
        )
        assert (aino.paper, aino.invited) == (True, False)
        with pytest.raises(SurveyError, match="paper"):
            answer(_the_survey(app, world), aino, {"satisfaction": 5}, secret_key="x" * 32)
        db.session.rollback()
    # One actor was handed a sheet, so one actor sheet is taken and a second refused.
    entry = group + "/paper/actor/entry"
    assert coordinator.submit(entry, {"q_satisfaction": "5"}).status_code == 302
    refused = coordinator.submit(entry + "?lang=en", {"q_satisfaction": "4"})
    assert refused.status_code == 400 and "would count twice" in refused.get_data(as_text=True)
    assert _count(app, world, PendingSurveyResponse, PendingSurveyResponse.source == "paper") == 1


def test_a_survey_mailed_to_everyone_takes_no_paper_sheet(coordinator, group, outbox):
    coordinator.submit(group + "/open", {"audience": "everyone"}, form_url=group)
    assert len(read_outbox(outbox)) == 6
    refused = coordinator.submit(group + "/paper/mentor/entry?lang=en", {"q_satisfaction": "4"})
    assert refused.status_code == 400 and "would count twice" in refused.get_data(as_text=True)


def test_xmin_ties_no_released_answer_to_a_recipient(
    app, world, owner_engine, client, coordinator, group, opened
):
    """The attack on PostgreSQL: rows written in one transaction share `xmin`."""
    if owner_engine.dialect.name != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    _three_actors_answer(client, coordinator, group, opened)
    with owner_engine.begin() as connection:
        connection.execute(
            text("SELECT set_config('app.tenant_id', :t, true)"), {"t": str(world.a.tenant_id)}
        )
        responses = connection.execute(text("SELECT xmin::text FROM survey_responses")).all()
        answered = connection.execute(
            text("SELECT xmin::text FROM survey_recipients WHERE answered")
        ).all()
        waiting = connection.execute(text("SELECT count(*) FROM survey_pending_responses"))
        assert waiting.scalar() == 0
    assert len(responses) == 3 and len(answered) == 2
    # The three answers were released by one transaction that wrote no recipient.
    assert len({xmin for (xmin,) in responses}) == 1
    assert not {xmin for (xmin,) in responses} & {xmin for (xmin,) in answered}


def test_a_sheet_in_another_language_leaves_the_page_around_it_in_finnish(
    coordinator, group, opened
):
    page = coordinator.get(group + "/paper/actor").get_data(as_text=True)
    swedish = re.search(r'href="([^"]*paper/actor\?document_language=sv)"', page)[1]
    sheet = coordinator.get(swedish).get_data(as_text=True)
    assert '<html lang="fi">' in sheet and "Lataa PDF-tiedostona" in sheet  # the page's own words
    assert '<main id="main" class="sheet" lang="sv">' in sheet and "Skriv inte ditt namn" in sheet
    pdf_link = re.search(r'href="([^"]*format=pdf[^"]*)"', sheet)[1].replace("&amp;", "&")
    assert "document_language=sv" in pdf_link
    reader = PdfReader(io.BytesIO(coordinator.get(pdf_link).data))
    assert "Skriv inte ditt namn" in reader.pages[0].extract_text()
    assert coordinator.http.get_cookie("kaari_lang") is None
