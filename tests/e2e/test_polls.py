"""A coordinator makes a named poll of the actors' dietary needs for the kick-off in
the browser; an actor answers through the emailed link, told that the poll is named;
the coordinator sees the answer with the actor's name. Every page passes axe."""

from __future__ import annotations

from pathlib import Path

from tests.e2e.support import PATIENCE, assert_accessible, expect, sign_in
from tests.helpers import first_link, put_pairs_in_group, read_outbox


def test_a_named_dietary_needs_poll_for_the_kick_off(app, page, browser, live_server, world):
    put_pairs_in_group(
        app, world.a.tenant_id, world.a.group_id, [("Aino Actor", "fi"), ("Mika Actor", "en")]
    )
    outbox = Path(app.config["OUTBOX_DIR"])
    for old in outbox.glob("*.eml"):
        old.unlink()

    sign_in(page, world.a.coordinator.email)
    page.goto(f"/alpha/staff/groups/{world.a.group_id}?lang=en")
    page.get_by_role("link", name="The group's feedback survey").click()
    page.get_by_role("link", name="New poll").click()
    assert_accessible(page)
    page.get_by_label("Title (Suomi)").fill("Ruokavaliot aloitustapaamiseen")
    page.get_by_label("Title (English)").fill("Dietary needs for the kick-off")
    page.get_by_label("Named: each answer is shown with the name").check()
    page.get_by_label("Only the actors").check()
    page.get_by_label("Kind of answer to question 1").select_option("choice")
    page.get_by_label("Question 1 (Suomi)").fill("Ruokavalio")
    page.get_by_label("Question 1 (English)").fill("Diet")
    page.get_by_label("Choices of question 1, one per line (Suomi)").fill("Kaikki käy\nKasvis")
    page.get_by_label("Choices of question 1, one per line (English)").fill("Anything\nVegetarian")
    page.get_by_text("Question 2 (optional)").click()  # later questions are folded
    page.get_by_label("Kind of answer to question 2").select_option("text")
    page.get_by_label("Question 2 (Suomi)").fill("Allergiat")
    page.get_by_label("Question 2 (English)").fill("Allergies")
    page.get_by_role("button", name="Open the poll and mail the links").click()
    expect(page.get_by_text("The poll is open; 2 links mailed.")).to_be_visible()
    assert_accessible(page)

    links = {message["To"]: first_link(message) for message in read_outbox(outbox)}
    assert sorted(links) == ["aino@example.org", "mika@example.org"]
    context = browser.new_context(locale="en-GB", base_url=live_server)
    context.set_default_timeout(PATIENCE)
    mika = context.new_page()
    mika.goto(links["mika@example.org"].replace("lang=fi", "lang=en"))
    expect(mika.get_by_role("heading", name="Dietary needs for the kick-off")).to_be_visible()
    expect(
        mika.get_by_text("This poll is named: your answers are saved with your name")
    ).to_be_visible()
    assert_accessible(mika)
    mika.get_by_role("group", name="Diet").get_by_label("Vegetarian").check()
    mika.get_by_label("Allergies").fill("Peanuts")
    mika.get_by_role("button", name="Send my answers").click()
    expect(mika.get_by_text("Thank you! Your answers have been saved.")).to_be_visible()
    context.close()

    page.reload()
    answers = page.get_by_role("table", name="Answers by person")
    expect(answers.get_by_role("row", name="Mika Actor Vegetarian Peanuts")).to_be_visible()
    expect(page.get_by_text("1 of 2 members have answered.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Close the poll").click()
    expect(page.get_by_text("The poll is closed.", exact=True).first).to_be_visible()
