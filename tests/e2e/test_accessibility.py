"""axe-core finds no WCAG 2.1 A/AA violations on the public, login, error and staff pages."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from tests.e2e.support import assert_accessible, expect, sign_in


@pytest.mark.parametrize("language", ["fi", "en"])
def test_landing_page(page, world, language):
    page.goto(f"/alpha/?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_accessible(page)


@pytest.mark.parametrize("url", ["/alpha/login", "/login", "/alpha/accessibility"])
def test_public_page(page, world, url):
    response = page.goto(url)
    assert response.status == 200
    assert_accessible(page)


def test_not_found_page(page, world):
    response = page.goto("/no-such-tenant/")
    assert response.status == 404
    assert_accessible(page)


def test_staff_dashboard(page, world):
    sign_in(page, world.a.admin.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    assert_accessible(page)


def test_the_reports_page(page, world):
    """The coordinator's reports: a chosen period, tables and charts pass axe."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/reports/?lang=en")
    page.get_by_label("First day").fill("1.1.2026")
    page.get_by_label("Last day").fill("31.12.2026")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("Period: 1 Jan")).to_be_visible()
    expect(page.get_by_role("img", name="People reaching each stage in the period")).to_be_visible()
    assert_accessible(page)


def test_the_texts_page(page, world):
    """A coordinator rewrites the tagline in English; the page passes axe before and after."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/texts?lang=en")
    assert_accessible(page)
    page.get_by_role("group", name="Tagline").get_by_label("English").fill("Careers, together")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The texts have been saved.")).to_be_visible()
    assert_accessible(page)
    page.goto("/alpha/?lang=en")
    expect(page.get_by_text("Careers, together")).to_be_visible()


def test_the_group_pages(page, world):
    """A coordinator creates a group and plans its meetings; the pages pass axe."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/groups/?lang=en")
    page.get_by_label("Name").fill("HKI9")
    page.get_by_label("Planned start").fill("2027-02-01")
    page.get_by_role("button", name="Create group").click()
    expect(page.get_by_role("heading", name="Group HKI9")).to_be_visible()
    page.get_by_role("button", name="Plan the three group meetings").click()
    expect(page.get_by_text("Kick-off meeting")).to_be_visible()
    assert_accessible(page)
    page.goto("/alpha/staff/groups/calendar?month=2027-02&lang=en")
    expect(page.get_by_text("Kick-off meeting")).to_be_visible()
    assert_accessible(page)


def test_the_meeting_answer_page(app, page, world):
    """A member opens their personal link, says they are coming; the page passes axe."""
    from kaari.core import db
    from kaari.core.scoping import tenant_scope
    from kaari.programme.groups.invitations import token_for
    from kaari.programme.groups.models import MeetingInvitation

    with app.app_context(), tenant_scope(world.a.tenant_id):
        invitation = MeetingInvitation(meeting_id=world.a.meeting_id, person_id=world.a.person_id)
        db.session.add(invitation)
        db.session.commit()
        token = token_for(invitation)
    page.goto(f"/alpha/meeting/{token}?lang=en")
    assert_accessible(page)
    page.get_by_role("button", name="I am coming").click()
    expect(page.get_by_text("You have told us that you are coming.")).to_be_visible()
    assert_accessible(page)


def test_login_with_wrong_password(page, world):
    sign_in(page, world.a.coordinator.email, password="wrong password")
    expect(page.get_by_role("alert")).to_be_visible()
    assert_accessible(page)


def test_login_with_empty_fields(page, world):
    sign_in(page, "", password="")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)


def test_the_form_editor_pages(page, world):
    """A coordinator adds a question with the keyboard-usable editor; every page passes axe."""
    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto("/alpha/staff/forms/")
    assert_accessible(page)
    page.goto("/alpha/staff/forms/actor/questions/new")
    assert_accessible(page)
    page.locator("#kind").select_option("choice")
    page.locator("#label_fi").fill("Toivottu sektori")
    page.locator("#choices_fi").fill("Julkinen")  # one choice is too few
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#choices_fi-error")).to_be_visible()
    assert_accessible(page)
    page.locator("#choices_fi").fill("Julkinen\nYksityinen")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main table").first).to_contain_text("Toivottu sektori")
    assert_accessible(page)
    page.goto("/alpha/staff/forms/actor/builtins/work_here")
    assert_accessible(page)
    page.goto("/alpha/staff/forms/actor/preview")
    expect(page.locator("input[name=custom_toivottu_sektori]")).to_have_count(2)
    assert_accessible(page)


def test_the_outcomes_page(app, page, world):
    """A coordinator records an actor's outcome, first with a date in the future; the
    page passes axe with the error and with the outcome."""
    from tests.helpers import put_pairs_in_group

    put_pairs_in_group(app, world.a.tenant_id, world.a.group_id, [("Aino Actor", "fi")])
    sign_in(page, world.a.coordinator.email)
    expect(page.locator("nav.staff-nav")).to_be_visible()
    page.goto(f"/alpha/staff/groups/{world.a.group_id}/outcomes?lang=en")
    assert_accessible(page)
    page.get_by_label("Outcome", exact=True).select_option("internship_own_field")
    page.get_by_label("Date").fill("2099-01-01")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.locator("#happened_on-error")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Date").fill("2025-05-02")
    page.get_by_role("button", name="Save the outcome").click()
    expect(page.get_by_text("The outcome has been saved.")).to_be_visible()
    assert_accessible(page)


def test_the_follow_up_answer_page(app, page, world):
    """An actor opens the follow-up link and answers with one click; both pages pass axe."""
    from kaari.core import db
    from kaari.core.scoping import tenant_scope
    from kaari.programme.outcomes.follow_up_questions import token_for
    from kaari.programme.outcomes.models import FollowUp

    with app.app_context(), tenant_scope(world.a.tenant_id):
        question = FollowUp(person_id=world.a.person_id, group_id=world.a.group_id, months=3)
        db.session.add(question)
        db.session.commit()
        token = token_for(question)
    page.goto(f"/alpha/follow-up/{token}?lang=en")
    assert_accessible(page)
    page.get_by_role("button", name="I work in my own field").click()
    expect(page.get_by_role("heading", name="Thank you for your answer!")).to_be_visible()


def test_the_survey_pages(app, page, world):
    """Staff pages of a group's feedback survey, its paper sheet and a member's answer
    page pass axe; the member answers with the keyboard-usable form."""
    from kaari.core import db
    from kaari.core.scoping import tenant_scope
    from kaari.programme.surveys.models import SurveyRecipient
    from kaari.programme.surveys.services import issue_token

    with app.app_context(), tenant_scope(world.a.tenant_id):
        recipient = SurveyRecipient(
            survey_id=world.a.survey_id, person_id=world.a.person_id, role="actor", invited=True
        )
        db.session.add(recipient)
        token = issue_token(recipient)
        db.session.commit()
    sign_in(page, world.a.coordinator.email)
    base = f"/alpha/staff/surveys/groups/{world.a.group_id}"
    for url in (
        "/alpha/staff/surveys/?lang=en",
        "/alpha/staff/surveys/questions?lang=en",
        "/alpha/staff/surveys/questions/mentor/new?lang=en",
        f"{base}?lang=en",
        f"{base}/paper/actor?lang=en",
        f"{base}/paper/mentor/entry?lang=en",
        f"{base}/results?lang=en",
        f"{base}/polls/new?lang=en",
        f"{base}/polls/{world.a.poll_id}?lang=en",
    ):
        assert page.goto(url).status == 200, url
        assert_accessible(page)
    page.goto(f"/alpha/survey/{token}?lang=en")
    assert_accessible(page)
    page.get_by_role("group", name="How satisfied are you").get_by_label("4").check()
    page.get_by_role("group", name="How much did the mentoring help").get_by_label("5").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_text("Thank you! Your answers have been saved.")).to_be_visible()
    assert_accessible(page)


def test_the_settings_page(page, world):
    """A coordinator types a wrong time zone; the page and its error pass axe."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/settings?lang=en")
    assert_accessible(page)
    page.get_by_label("Time zone").fill("Mars/Olympus")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_material_pack_pages(page, world):
    """A coordinator leaves a section out and previews a section's own text; the pages pass axe."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/materials/?lang=en")
    assert_accessible(page)
    page.get_by_label("Themes for pair meetings is in the pack").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The sections have been saved.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Exercise: a network map").click()
    page.get_by_label("Text in English (Markdown)").fill("Draw **your** map.")
    # The preview follows the typing, without the button.
    expect(page.locator(".preview article[lang=en] strong")).to_have_text("your")
    page.get_by_role("button", name="Update the preview").click()
    expect(page.locator(".preview article[lang=en] strong")).to_have_text("your")
    assert_accessible(page)
    page.goto("/alpha/staff/materials/?lang=en")
    with page.expect_download() as download:
        page.get_by_role("link", name="Material pack in Svenska (PDF)").click()
    text = " ".join(p.extract_text() for p in PdfReader(download.value.path()).pages)
    assert "Alpha" in text and "Mentorskapsavtal" in text
    assert "Teman för parträffarna" not in text  # the section left out


def test_the_logo_page_with_the_funders_form(page, world):
    """The logo page has two forms: the network's logo and the pack's funder."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/alpha/staff/logo?lang=en")
    assert_accessible(page)
    page.get_by_label("Funder's name").fill("STEA")
    page.get_by_label("New funder's logo").set_input_files(
        files=[{"name": "stea.png", "mimeType": "image/png", "buffer": b"not a picture"}]
    )
    page.get_by_role("button", name="Save the funder").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)


def test_the_two_factor_setup_page(page, world):
    """A coordinator opens the TOTP setup page (the QR code is inline SVG), types a wrong code."""
    sign_in(page, world.a.coordinator.email)
    page.goto("/account/two-factor?lang=en")
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Code from the app").fill("000000")
    page.get_by_role("button", name="Switch two-factor sign-in on").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
