"""One demo group through its whole arc, in the browser: the coordinator creates the
group, plans its meetings and invites the pairs; members answer, sign their agreement
and keep a diary in their portal; the mid-point flags the quiet pairs; the actors
answer the feedback survey anonymously; the coordinator records outcomes; and the
group report shows the figures worked out by hand below."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import inspect

from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.tenancy.models import Tenant
from tests.e2e.support import PATIENCE, assert_accessible, expect, sign_in
from tests.helpers import first_link, make_person, read_outbox

PAIRS = (
    ("Aino Aktori", "Mika Mentori"),
    ("Bea Aktori", "Olli Mentori"),
    ("Cai Aktori", "Pia Mentori"),
)


def _address(name: str) -> str:
    return f"{name.split()[0].lower()}@example.org"


def _confirmed_pairs(app, world) -> None:
    """Three pairs that both members have confirmed, in no group yet."""
    from kaari.matching.models import Pair

    with app.app_context():
        tenant = db.session.get(Tenant, world.a.tenant_id)
        for actor, mentor in PAIRS:
            a = make_person(tenant, actor, _address(actor), status="matched", language="en")
            m = make_person(
                tenant, mentor, _address(mentor), "mentor", status="matched", language="en"
            )
            with tenant_scope(tenant.id):
                db.session.add(Pair(actor_id=a.id, mentor_id=m.id, status="confirmed"))
        db.session.commit()


class Mailbox:
    def __init__(self, folder: Path):
        self.folder = folder
        self.clear()

    def clear(self) -> None:
        for old in self.folder.glob("*.eml"):
            old.unlink()

    def links(self) -> dict[str, str]:
        """The first link of each message, by recipient; then the box is emptied."""
        found = {message["To"]: first_link(message) for message in read_outbox(self.folder)}
        self.clear()
        return found


def _person_page(browser, live_server, link: str):
    context = browser.new_context(locale="en-GB", base_url=live_server)
    context.set_default_timeout(PATIENCE)
    page = context.new_page()
    page.goto(link)
    return page


def _portal(browser, live_server, link: str):
    """The emailed portal link opens a page with a button (a mail scanner's look does
    not use the link up); pressing it enters the portal on this device."""
    page = _person_page(browser, live_server, link)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Enter my portal").click()
    return page


def test_a_demo_group_from_kick_off_to_final_report(app, page, browser, live_server, world):
    _confirmed_pairs(app, world)
    mail = Mailbox(Path(app.config["OUTBOX_DIR"]))
    coordinator = page
    sign_in(coordinator, world.a.coordinator.email)

    # The group, its pairs and its three meetings.
    coordinator.goto("/alpha/staff/groups/?lang=en")
    coordinator.get_by_label("Name").fill("HKI7")
    start = utcnow().date() + timedelta(days=7)
    coordinator.get_by_label("Planned start").fill(start.isoformat())
    coordinator.get_by_label("Planned end").fill((start + timedelta(days=280)).isoformat())
    coordinator.get_by_role("button", name="Create group").click()
    expect(coordinator.get_by_role("heading", name="Group HKI7")).to_be_visible()
    for actor, mentor in PAIRS:
        coordinator.get_by_label(f"{actor} & {mentor}").check()
    coordinator.get_by_role("button", name="Add to the group").click()
    coordinator.get_by_role("button", name="Plan the three group meetings").click()
    expect(coordinator.get_by_role("link", name="Final meeting", exact=True)).to_be_visible()
    group_url = coordinator.url.split("?")[0]

    # Invitations to the kick-off; Aino and Mika say they are coming.
    coordinator.get_by_role("link", name="Kick-off meeting", exact=True).click()
    kickoff_url = coordinator.url.split("?")[0]
    coordinator.get_by_role("button", name="Invite the group's pairs").click()
    expect(coordinator.get_by_text("6 people invited.")).to_be_visible()
    invitations = mail.links()
    for name in ("Aino Aktori", "Mika Mentori"):
        member = _person_page(browser, live_server, invitations[_address(name)])
        member.get_by_role("button", name="I am coming").click()
        expect(member.get_by_text("You have told us that you are coming.")).to_be_visible()
        member.context.close()

    # Attendance: Aino, Mika and Bea came.
    coordinator.goto(kickoff_url + "/attendance?lang=en")
    for name in ("Aino Aktori", "Mika Mentori", "Bea Aktori"):
        coordinator.get_by_label(f"{name} came").check()
    coordinator.get_by_role("button", name="Save attendance").click()
    expect(coordinator.get_by_text("The attendance has been saved.")).to_be_visible()
    assert_accessible(coordinator)

    # Portals: Aino drafts and signs the agreement, Mika signs; they log two meetings.
    coordinator.goto(group_url + "?lang=en")
    coordinator.get_by_role("button", name="Send portal links to the participants").click()
    portals = mail.links()
    assert len(portals) == 6
    aino = _portal(browser, live_server, portals["aino@example.org"])
    mika = _portal(browser, live_server, portals["mika@example.org"])
    aino.get_by_role("link", name="Mentoring agreement").click()
    aino.get_by_label("Goals for the mentoring").fill("A job as a civil engineer")
    aino.get_by_role("button", name="Save the agreement").click()
    aino.get_by_label("Type your full name to sign").fill("Aino Aktori")
    aino.get_by_role("button", name="Sign the agreement").click()
    mika.get_by_role("link", name="Mentoring agreement").click()
    mika.get_by_label("Type your full name to sign").fill("Mika Mentori")
    mika.get_by_role("button", name="Sign the agreement").click()
    expect(mika.get_by_text("You have signed the agreement.")).to_be_visible()
    for member, days_ago in ((aino, 20), (mika, 6)):
        member.goto("/alpha/portal/?lang=en")
        member.get_by_role("link", name="Meetings and diary").click()
        day = utcnow().date() - timedelta(days=days_ago)
        member.get_by_label("Date of the meeting").fill(day.isoformat())
        member.get_by_role("button", name="Save the meeting").click()
        expect(member.get_by_text("The meeting has been saved in your diary.")).to_be_visible()

    # The mid-point is brought forward to next week: the flags appear.
    coordinator.goto(group_url + "?lang=en")
    coordinator.get_by_role("link", name="Mid-point meeting", exact=True).click()
    coordinator.get_by_label("Date").fill((utcnow().date() + timedelta(days=7)).isoformat())
    coordinator.get_by_role("button", name="Save").first.click()
    rows = coordinator.locator("table tbody tr")
    expect(rows.filter(has_text="Aino Aktori")).to_contain_text("Fewer than four")
    expect(rows.filter(has_text="Bea Aktori")).to_contain_text("No meetings")
    expect(rows.filter(has_text="Cai Aktori")).to_contain_text("No meetings")
    assert_accessible(coordinator)

    # The feedback survey: links to everyone; the three actors answer.
    coordinator.get_by_role("link", name="The group's feedback survey").click()
    coordinator.get_by_label("Everyone").check()
    coordinator.get_by_role("button", name="Open the survey").click()
    surveys = mail.links()
    assert len(surveys) == 6
    aino.goto("/alpha/portal/?lang=en")
    aino.get_by_role("link", name="Answer the feedback survey of group HKI7").click()
    for actor, satisfaction in (("aino", "5"), ("bea", "4"), ("cai", "3")):
        member = (
            aino
            if actor == "aino"
            else _person_page(browser, live_server, surveys[f"{actor}@example.org"])
        )
        member.locator(f"input[name=q_satisfaction][value='{satisfaction}']").check()
        member.locator("input[name=q_helped][value='4']").check()
        member.get_by_role("button", name="Send my answers").click()
        expect(member.get_by_text("Thank you! Your answers have been saved.")).to_be_visible()
    tables = inspect(app.extensions["kaari_engine"])
    columns = {c["name"] for c in tables.get_columns("survey_responses")}
    links = {fk["referred_table"] for fk in tables.get_foreign_keys("survey_responses")}
    assert not columns & {"person_id", "recipient_id", "created_at", "answered_at"}
    assert "people" not in links and "survey_recipients" not in links

    # Outcomes: Aino a job in her field and a study place; Bea an internship.
    coordinator.goto(group_url + "/outcomes?lang=en")
    today = utcnow().date().isoformat()
    for name, kind in (
        ("Aino Aktori", "Employed in own field"),
        ("Aino Aktori", "Study place, continued studies or research grant"),
        ("Bea Aktori", "Internship in own field"),
    ):
        coordinator.get_by_label("Actor", exact=True).select_option(label=name)
        coordinator.get_by_label("Outcome", exact=True).select_option(label=kind)
        coordinator.get_by_label("Date", exact=True).fill(today)
        coordinator.get_by_role("button", name="Save the outcome").click()
    assert_accessible(coordinator)

    # The report: figures worked out by hand from the steps above.
    coordinator.goto(group_url + "/report?lang=en")
    report = coordinator.locator("main")
    expect(report).to_contain_text("Agreements signed by both: 1 of 3. Pair meetings logged: 2.")
    kickoff_row = report.locator("tr", has_text="Kick-off meeting")
    assert kickoff_row.locator("td").all_inner_texts()[2:] == [
        "6",
        "2",
        "3",
    ]  # invited, coming, came
    expect(report).to_contain_text("3 responses (0 on paper) from 3 members.")
    expect(report).to_contain_text("Average 4.0 on a scale from 1 to 5.")
    expect(report).to_contain_text("Fewer than 3 responses")  # the mentors: none answered
    counted = report.locator("table", has_text="Actors by outcome")
    expect(counted.locator("tr", has_text="Employed in own field")).to_contain_text("1 (33%)")
    expect(counted.locator("tr", has_text="Internship in own field")).to_contain_text("1 (33%)")
    expect(counted.locator("tr", has_text="Not known")).to_contain_text("1 (33%)")
    expect(
        counted.locator("tr", has_text="Study place, continued studies or research grant")
    ).to_contain_text("0 (0%)")
    assert_accessible(coordinator)
