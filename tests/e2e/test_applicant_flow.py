"""An applicant joins through the public form, registers with the mailed link, and the
coordinator finds them in the register; axe-core checks the pages on the way.

Labels may be translated, so fields are found by id, name and role, and status texts are
compared with the app's own labels rather than with literal Finnish.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit
from uuid import uuid4

import pytest

from tests.e2e.support import assert_accessible, expect, sign_in
from tests.helpers import read_outbox, text_body

REGISTRATION_LINK = re.compile(r"http://\S+/alpha/register/\S+")
PERSON_PAGE = re.compile(r"/alpha/staff/participants/\d+$")


def unique_email(role: str) -> str:
    return f"{role}-{uuid4().hex[:10]}@applicants.example.org"


def join(page, *, role: str, name: str, email: str, language: str | None = None) -> None:
    """Fill and send the join form that is open in the page; lands on the thank-you page."""
    page.locator(f"input[name=role][value={role}]").check()
    page.locator("#name").fill(name)
    page.locator("#email").fill(email)
    page.locator("#municipality").fill("Tampere")
    if language:
        page.locator("#language").select_option(language)
    page.locator("#consent").check()
    page.locator("main form").get_by_role("button").click()
    expect(page).to_have_url(re.compile(r"/alpha/join/thanks$"))


def reply_to(outbox, email: str):
    """The one reply mail sent to `email`."""
    replies = [message for message in read_outbox(outbox) if message["To"] == email]
    assert len(replies) == 1, f"{len(replies)} mails to {email}"
    return replies[0]


def registration_path(message) -> str:
    """The personal link of a reply mail, as a path for the live server."""
    match = REGISTRATION_LINK.search(text_body(message))
    assert match, text_body(message)
    return urlsplit(match.group(0)).path


def fill_actor_form(page, *, phone: str, goals: str) -> None:
    page.locator("#phone").fill(phone)
    page.locator("#address").fill("Hämeenkatu 1, 33100 Tampere")
    page.locator("#birth_year").fill("1985")
    page.locator("#occupation").fill("2142 Civil engineers")  # as chosen from the list
    page.locator("#education_abroad").fill("BSc in civil engineering, Kyiv")
    page.locator("#work_abroad").fill("Five years as a site engineer")
    page.locator("#goals").fill(goals)
    page.locator("#situation").select_option("unemployed")
    page.locator("#finnish_level").select_option("b1")


def send_registration(page):
    """Press "Send" on the registration form; returns the response to the POST."""
    with page.expect_navigation() as navigation:
        page.locator("button[name=submit]").click()
    return navigation.value


def status_label(app, status: str, language: str) -> str:
    """The register's label of `status` as the staff pages show it in `language`."""
    from flask_babel import force_locale

    from kaari.participants.models import ParticipantStatus

    with app.test_request_context("/"), force_locale(language):
        return str(ParticipantStatus(status).label)


def test_an_actor_joins_in_finnish_registers_and_the_coordinator_sees_them(
    page, app, world, outbox
):
    name, email = "Olena Koval", unique_email("actor")
    goals = "Haluan työskennellä rakennusinsinöörinä Suomessa."

    page.goto("/alpha/")
    with page.expect_navigation():
        page.locator("a.button[href='/alpha/join']").click()
    expect(page).to_have_url(re.compile(r"/alpha/join$"))
    expect(page.locator("#language")).to_have_value("fi")
    join(page, role="actor", name=name, email=email)

    reply = reply_to(outbox, email)
    assert reply["Content-Language"] == "fi"
    link = registration_path(reply)

    # The applicant opens the link and mistypes the phone number.
    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "fi")
    fill_actor_form(page, phone="12", goals=goals)
    assert send_registration(page).status == 400
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#phone-error")).to_be_visible()
    expect(page.locator("#phone")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#phone")).to_have_value("12")
    expect(page.locator("#goals")).to_have_value(goals)
    expect(page.locator("#situation")).to_have_value("unemployed")

    # The corrected number goes through.
    page.locator("#phone").fill("040 123 4567")
    assert send_registration(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)
    expect(page.locator("form button[name=submit]")).to_have_count(0)

    # The coordinator sees the new person in the register.
    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/participants/")
    person_link = page.locator("main table").get_by_role("link", name=name)
    expect(person_link).to_be_visible()
    person_link.click()
    expect(page).to_have_url(PERSON_PAGE)
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    facts = page.locator("main dl.facts").first
    expect(facts).to_contain_text(email)
    expect(facts).to_contain_text(status_label(app, "registered", "fi"))
    expect(page.locator("#status")).to_have_value("registered")
    expect(page.locator("dd.answer", has_text=goals)).to_be_visible()


def test_a_mentor_joins_in_english_saves_a_draft_and_registers(page, app, world, outbox):
    name, email = "Maria Lindqvist", unique_email("mentor")

    # The mentor comes through a partner's referral link.
    page.goto("/alpha/join?lang=en&ref=ref-alpha")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    join(page, role="mentor", name=name, email=email, language="en")

    reply = reply_to(outbox, email)
    assert reply["Content-Language"] == "en"
    assert text_body(reply).startswith(f"Hello {name},")
    link = registration_path(reply)

    page.goto(link)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.locator("#phone").fill("765 43")  # too short to be a number
    page.locator("#education").fill("MSc in software engineering")
    page.locator("#workplace").fill("Nokia, software development")
    page.locator("#occupation").fill("Software developer")  # written freely
    page.locator("#wished_field").fill("Software")
    page.locator("input[name=other_fields][value=yes]").check()
    page.locator("#situation").select_option("employed_own_field")
    page.locator("#wishes").fill("Someone who speaks Russian")
    assert send_registration(page).status == 400
    expect(page.locator("#phone-error")).to_contain_text("Check the phone number")
    expect(page.locator("#wishes")).to_have_value("Someone who speaks Russian")
    page.locator("#phone").fill("+358 50 765 4321")

    # A draft is kept as typed, and the link opens it again later.
    with page.expect_navigation():
        page.locator("button[name=save]").click()
    expect(page.get_by_role("status")).to_be_visible()
    page.goto(link)
    expect(page.locator("#workplace")).to_have_value("Nokia, software development")
    expect(page.locator("input[name=other_fields][value=yes]")).to_be_checked()
    expect(page.locator("#situation")).to_have_value("employed_own_field")

    assert send_registration(page).status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Thank you, {name}!")

    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/participants/?status=registered")
    page.locator("main table").get_by_role("link", name=name).click()
    expect(page).to_have_url(PERSON_PAGE)
    expect(page.locator("#status")).to_have_value("registered")
    expect(page.locator("dd.answer", has_text="Nokia, software development")).to_be_visible()
    expect(page.locator("main dl.facts").first).to_contain_text("Partner of alpha")


# Accessibility of the pages on the applicant's and the coordinator's way.


@pytest.mark.parametrize("language", ["fi", "en"])
def test_the_join_form_is_accessible(page, world, language):
    page.goto(f"/alpha/join?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


def test_the_join_form_with_errors_is_accessible(page, world):
    page.goto("/alpha/join")
    with page.expect_navigation() as navigation:
        page.locator("main form").get_by_role("button").click()
    assert navigation.value.status == 400
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#name")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#consent-error")).to_be_visible()
    assert_accessible(page)


@pytest.mark.parametrize("url", ["/alpha/privacy", "/alpha/join/thanks"])
def test_the_public_intake_pages_are_accessible(page, world, url):
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)


@pytest.mark.parametrize("role", ["actor", "mentor", "other"])
def test_the_registration_form_is_accessible(page, world, outbox, role):
    email = unique_email(role)
    page.goto("/alpha/join")
    join(page, role=role, name="Aino Applicant", email=email)
    page.goto(registration_path(reply_to(outbox, email)))
    expect(page.locator("button[name=submit]")).to_be_visible()
    assert_accessible(page)


def test_the_registration_form_with_errors_is_accessible(page, world, outbox):
    email = unique_email("actor")
    page.goto("/alpha/join")
    join(page, role="actor", name="Aino Applicant", email=email)
    page.goto(registration_path(reply_to(outbox, email)))
    assert send_registration(page).status == 400
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_coordinators_register_pages_are_accessible(page, world, outbox):
    name, email = "Aino Applicant", unique_email("actor")
    page.goto("/alpha/join")
    join(page, role="actor", name=name, email=email)
    page.goto(registration_path(reply_to(outbox, email)))
    fill_actor_form(page, phone="040 123 4567", goals="Työ omalla alallani")
    assert send_registration(page).status == 200

    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/participants/")
    expect(page.locator("main table").get_by_role("link", name=name)).to_be_visible()
    assert_accessible(page)

    page.locator("main table").get_by_role("link", name=name).click()
    expect(page).to_have_url(PERSON_PAGE)
    expect(page.locator("dd.answer").first).to_be_visible()
    assert_accessible(page)
