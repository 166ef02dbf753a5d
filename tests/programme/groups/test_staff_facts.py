"""Facts staff record about a pair: a meeting heard of by phone or at a group meeting
counts wherever the pair's own log counts (flags, register, person page, report,
nudges); the pair sees its date only. An agreement signed on paper shows as signed
everywhere, with a scan for staff only that erasure takes away. A pair may say in the
portal that it keeps no log and then gets no reminders."""

from __future__ import annotations

import io
import json
from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db, storage
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.matching.models import Pair
from kaari.programme.groups.jobs import nudge_quiet_pairs
from kaari.programme.groups.models import Group, GroupPair, Meeting, PairMeeting, PaperAgreement
from tests.helpers import Client, first_link, make_group_leader, read_outbox

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"


def _days_ago(days: int) -> str:
    return (utcnow().date() - timedelta(days=days)).isoformat()


def _pair_of(app, world, actor_id: int) -> int:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return db.session.scalar(select(Pair.id).where(Pair.actor_id == actor_id))


def _actions(app, world) -> list[str]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return list(db.session.scalars(select(TenantAuditEvent.action)))


def _midpoint_in(app, world, days: int) -> None:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        starts = utcnow() + timedelta(days=days)
        db.session.add(Meeting(group_id=world.a.group_id, kind="midpoint", starts_at=starts,
                               ends_at=starts + timedelta(hours=2)))  # fmt: skip
        db.session.commit()


@pytest.fixture
def aino_pair(app, world, actors_group) -> str:
    """The staff URL of Aino's pair, which has logged nothing."""
    pair_id = _pair_of(app, world, actors_group.actors["Aino Actor"])
    return f"{actors_group.url}/pairs/{pair_id}"


def _record(client, pair_url: str, met_on: str, note: str = ""):
    return client.submit(f"{pair_url}/meetings/new", {"met_on": met_on, "note": note})


def _row(page: str, name: str) -> str:
    start = page.index(f">{name}</a>")
    return page[start : page.index("</tr>", start)]


def test_a_recorded_meeting_takes_the_no_meetings_flag_away(
    app, world, coordinator, actors_group, aino_pair
):
    _midpoint_in(app, world, 10)
    group_page = f"{actors_group.url}?lang=en"
    assert "No meetings</span>" in _row(
        coordinator.get(group_page).get_data(as_text=True), "Aino Actor"
    )

    response = _record(coordinator, aino_pair, _days_ago(10), "Phoned; they met at a café")
    assert response.status_code == 302 and response.headers["Location"].endswith(aino_pair)

    row = _row(coordinator.get(group_page).get_data(as_text=True), "Aino Actor")
    assert "No meetings</span>" not in row and "Fewer than four</span>" in row
    pair_page = coordinator.get(f"{aino_pair}?lang=en").get_data(as_text=True)
    assert "Recorded by staff: coordinator" in pair_page
    assert "Phoned; they met at a café" in pair_page
    assert "pair_meeting.recorded" in _actions(app, world)


def test_recorded_meetings_count_in_the_register_the_person_page_and_the_report(
    app, world, coordinator, actors_group, aino_pair
):
    aino = actors_group.actors["Aino Actor"]
    for day in (_days_ago(40), _days_ago(26), _days_ago(12)):
        assert _record(coordinator, aino_pair, day).status_code == 302
    register = "/alpha/staff/participants/?meetings=3&show=meetings&show=agreement&lang=en"
    html = coordinator.get(register).get_data(as_text=True)
    assert ">Aino Actor</a>" in html and ">Mika Actor</a>" not in html
    assert "<td>3</td><td>No</td>" in _row(html, "Aino Actor")
    person = coordinator.get(f"/alpha/staff/participants/{aino}?lang=en").get_data(as_text=True)
    assert "3 (3 recorded by staff)" in person
    report = coordinator.get(f"{actors_group.url}/report?lang=en").get_data(as_text=True)
    assert "Pair meetings logged: 3." in report
    assert (
        "<td>Aino Actor</td><td>Mentor of Aino Actor</td><td>Confirmed by both</td><td>3</td>"
        in report
    )


def test_a_meeting_in_the_future_is_refused(app, world, coordinator, aino_pair):
    later = (utcnow().date() + timedelta(days=2)).isoformat()
    response = coordinator.submit(
        f"{aino_pair}/meetings/new?lang=en", {"met_on": later}, form_url=f"{aino_pair}/meetings/new"
    )
    assert response.status_code == 400
    assert "A meeting can be logged once it has happened." in response.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(PairMeeting)) is None


def test_staff_delete_a_meeting_they_recorded_but_not_the_pairs_own(
    app, world, coordinator, aino_pair
):
    pair_id = int(aino_pair.rsplit("/", 1)[1])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        own = PairMeeting(pair_id=pair_id, met_on=date.fromisoformat(_days_ago(3)), goal="CV")
        db.session.add(own)
        db.session.commit()
        own_id = own.id
    _record(coordinator, aino_pair, _days_ago(20))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        recorded = db.session.scalar(select(PairMeeting.id).where(PairMeeting.by_staff.is_(True)))

    refused = coordinator.submit(f"{aino_pair}/meetings/{own_id}/delete", form_url=aino_pair)
    assert refused.status_code == 404
    deleted = coordinator.submit(f"{aino_pair}/meetings/{recorded}/delete", form_url=aino_pair)
    assert deleted.status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        left = db.session.scalars(select(PairMeeting.id).where(PairMeeting.pair_id == pair_id))
        assert list(left) == [own_id]
    assert "pair_meeting.deleted" in _actions(app, world)


def _portal(app, client, world, outbox, email: str) -> Client:
    group = f"/alpha/staff/groups/{world.a.group_id}"
    assert client.submit(group + "/portal-links", form_url=group).status_code == 302
    link = next(first_link(m) for m in read_outbox(outbox) if m["To"] == email)
    member = Client(app)
    assert member.submit(link).status_code == 302
    return member


def test_the_pair_sees_the_date_but_not_the_note_and_cannot_change_it(
    app, world, coordinator, aino_pair, outbox
):
    _record(coordinator, aino_pair, _days_ago(10), "Staff only: sounded tired")
    pair_id = int(aino_pair.rsplit("/", 1)[1])
    with app.app_context(), tenant_scope(world.a.tenant_id):
        entry_id = db.session.scalar(select(PairMeeting.id).where(PairMeeting.pair_id == pair_id))
    member = _portal(app, coordinator, world, outbox, "aino@example.org")
    diary = f"/alpha/portal/pairs/{pair_id}/diary"
    page = member.get(f"{diary}?lang=en").get_data(as_text=True)
    assert "Recorded by the coordinator." in page and "sounded tired" not in page
    assert "Your meetings (1)" in page
    assert member.get(f"{diary}/{entry_id}").status_code == 404
    assert member.submit(f"{diary}/{entry_id}/delete", form_url=diary).status_code == 404


def test_a_paper_agreement_shows_as_signed_everywhere(
    app, world, coordinator, actors_group, aino_pair, outbox
):
    aino = actors_group.actors["Aino Actor"]
    form = f"{aino_pair}/paper-agreement"
    response = coordinator.submit(
        form,
        {"signed_on": _days_ago(30), "present": ["actor", "mentor", "coordinator"],
         "scan": (io.BytesIO(PNG), "sopimus.png")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302

    group_page = coordinator.get(f"{actors_group.url}?lang=en").get_data(as_text=True)
    assert "<td>Signed</td>" in _row(group_page, "Aino Actor")
    assert "<td>Not signed</td>" in _row(group_page, "Mika Actor")
    pair_page = coordinator.get(f"{aino_pair}?lang=en").get_data(as_text=True)
    assert "Signed on paper on" in pair_page
    assert "Present: the actor, the mentor, the coordinator." in pair_page
    person = coordinator.get(f"/alpha/staff/participants/{aino}?lang=en").get_data(as_text=True)
    assert "Signed on paper on" in person
    register = "/alpha/staff/participants/?agreement=yes&show=agreement&lang=en"
    listed = coordinator.get(register).get_data(as_text=True)
    assert ">Aino Actor</a>" in listed and ">Mika Actor</a>" not in listed
    assert "<td>Yes</td>" in _row(listed, "Aino Actor")

    scan = coordinator.get(f"{form}/scan")
    assert scan.status_code == 200 and scan.data == PNG and scan.mimetype == "image/png"
    assert "agreement.scan_read" in _actions(app, world)

    member = _portal(app, coordinator, world, outbox, "aino@example.org")
    home = member.get("/alpha/portal/?lang=en").get_data(as_text=True)
    assert "signed by both" in home and "not yet signed by both" not in home
    assert member.get(f"{form}/scan").status_code == 302  # staff only: to sign in
    pair_id = aino_pair.rsplit("/", 1)[1]
    agreement = member.get(f"/alpha/portal/pairs/{pair_id}/agreement?lang=en")
    assert "you signed your agreement on paper on" in agreement.get_data(as_text=True)


def test_a_scan_that_is_no_pdf_jpeg_or_png_is_refused(app, world, coordinator, aino_pair):
    form = f"{aino_pair}/paper-agreement"
    response = coordinator.submit(
        f"{form}?lang=en",
        {"signed_on": _days_ago(30), "scan": (io.BytesIO(b"MZ\x90\0"), "a.exe")},
        content_type="multipart/form-data",
        form_url=form,
    )
    assert response.status_code == 400
    assert "must be a PDF, JPEG or PNG file" in response.get_data(as_text=True)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(PaperAgreement)) is None


def test_a_scan_too_large_is_refused(app, world, coordinator, aino_pair):
    form = f"{aino_pair}/paper-agreement"
    big = PDF + b"0" * (7 * 1024 * 1024)
    response = coordinator.submit(
        f"{form}?lang=en",
        {"signed_on": _days_ago(30), "scan": (io.BytesIO(big), "big.pdf")},
        content_type="multipart/form-data",
        form_url=form,
    )
    assert response.status_code == 303
    page = coordinator.get(response.headers["Location"]).get_data(as_text=True)
    assert "larger than 6 MB" in page
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(PaperAgreement)) is None


def test_a_members_data_copy_holds_the_facts_and_erasure_deletes_the_scan_and_notes(
    app, world, coordinator, actors_group, aino_pair
):
    form = f"{aino_pair}/paper-agreement"
    coordinator.submit(
        form,
        {"signed_on": _days_ago(30), "scan": (io.BytesIO(PDF), "s.pdf")},
        content_type="multipart/form-data",
    )
    _record(coordinator, aino_pair, _days_ago(10), "Aino's new job at Nokia")
    aino = actors_group.actors["Aino Actor"]
    access = coordinator.get(f"/alpha/staff/participants/{aino}/subject-access.json")
    data = json.loads(access.get_data(as_text=True))["data"]
    assert data["pair_meetings.pair_id"]["rows"][0]["staff_note"] == "Aino's new job at Nokia"
    assert data["paper_agreements.pair_id"]["rows"][0]["scan_kept"] is True
    erase = f"/alpha/staff/participants/{aino}/erase"
    assert "Agreements signed on paper" in coordinator.get(f"{erase}?lang=en").get_data(
        as_text=True
    )
    assert coordinator.submit(erase, {"confirm": "y"}).status_code == 302
    with app.app_context(), tenant_scope(world.a.tenant_id):
        paper = db.session.scalar(select(PaperAgreement))
        assert paper.scan_key is None and paper.signed_on == date.fromisoformat(_days_ago(30))
        assert not [f for f in storage.current().files() if f.key.startswith("agreement-scan/")]
        note = db.session.scalar(select(PairMeeting.staff_note).where(PairMeeting.by_staff))
        assert note == ""
    assert coordinator.get(f"{form}/scan").status_code == 404


def test_the_leader_of_the_group_records_and_a_leader_of_another_group_is_refused(
    app, world, client, actors_group, aino_pair
):
    make_group_leader(app, world.a.tenant_id, world.a.group_id)
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.add(Group(name="ALPHA2"))
        db.session.commit()
        other = db.session.scalar(select(Group.id).where(Group.name == "ALPHA2"))
    stranger = make_group_leader(app, world.a.tenant_id, other, "stranger@alpha.example.org")

    client.login("lea@alpha.example.org", tenant="alpha")
    assert _record(client, aino_pair, _days_ago(10)).status_code == 302
    client.logout()
    client.login(stranger.email, tenant="alpha")
    assert client.get(f"{aino_pair}/meetings/new").status_code == 404
    assert client.get(f"{aino_pair}/paper-agreement").status_code == 404
    client.logout()
    client.login(world.a.partner.email, tenant="alpha")
    assert client.get(f"{aino_pair}/meetings/new").status_code == 403
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert len(db.session.scalars(select(PairMeeting)).all()) == 1


def test_another_tenants_pair_answers_404(app, world, client, aino_pair):
    """Beta's coordinator, on beta's pages, with alpha's group and pair ids."""
    client.login(world.b.coordinator.email, tenant="beta")
    beta_url = aino_pair.replace("/alpha/", "/beta/")
    assert client.get(f"{beta_url}/meetings/new").status_code == 404
    assert client.get(f"{beta_url}/paper-agreement").status_code == 404
    assert client.get(f"{beta_url}/paper-agreement/scan").status_code == 404


@pytest.fixture
def quiet_pairs(app, world, actors_group):
    """The group runs; every pair joined 20 weeks ago and has logged nothing."""
    with app.app_context(), tenant_scope(world.a.tenant_id):
        db.session.get(Group, world.a.group_id).status = "running"
        for joined in db.session.scalars(select(GroupPair)):
            joined.joined_at = utcnow() - timedelta(weeks=20)
        db.session.commit()
    return actors_group


def _mail_to_members(outbox) -> Counter[str]:
    return Counter(m["To"] for m in read_outbox(outbox) if m["To"].endswith("@example.org"))


def test_a_pair_that_keeps_no_log_is_not_nudged_and_a_recorded_meeting_counts(
    app, world, coordinator, quiet_pairs, outbox
):
    aino_pair = _pair_of(app, world, quiet_pairs.actors["Aino Actor"])
    mika_pair = _pair_of(app, world, quiet_pairs.actors["Mika Actor"])
    member = _portal(app, coordinator, world, outbox, "aino@example.org")
    diary = f"/alpha/portal/pairs/{aino_pair}/diary"
    assert member.submit(f"{diary}/keeps-log", {"keeps": "no"}, form_url=diary).status_code == 302
    assert "Your pair does not keep the log." in member.get(f"{diary}?lang=en").get_data(
        as_text=True
    )
    group_page = coordinator.get(f"{quiet_pairs.url}?lang=en").get_data(as_text=True)
    assert "Keeps no log</span>" in _row(group_page, "Aino Actor")
    assert "Keeps no log</span>" not in _row(group_page, "Mika Actor")
    pair_page = coordinator.get(f"{quiet_pairs.url}/pairs/{aino_pair}?lang=en")
    assert "does not keep the meeting log" in pair_page.get_data(as_text=True)
    today = utcnow().date().isoformat()
    _record(coordinator, f"{quiet_pairs.url}/pairs/{mika_pair}", today)
    before = _mail_to_members(outbox)  # the portal links sent above

    with app.app_context():
        pairs, _told = nudge_quiet_pairs()
    assert pairs == 1  # Bea's pair only: Aino's keeps no log, Mika's met today
    assert set(_mail_to_members(outbox) - before) == {"bea@example.org", "mentor.bea@example.org"}
    assert "diary.keeps_log" in _actions(app, world)

    assert member.submit(f"{diary}/keeps-log", {"keeps": "yes"}, form_url=diary).status_code == 302
    assert "Your pair keeps the log." in member.get(f"{diary}?lang=en").get_data(as_text=True)


def test_a_paper_agreement_recorded_by_mistake_is_removed_with_its_scan(
    app, world, coordinator, actors_group, aino_pair
):
    form = f"{aino_pair}/paper-agreement"
    coordinator.submit(
        form,
        {"signed_on": _days_ago(30), "scan": (io.BytesIO(PDF), "s.pdf")},
        content_type="multipart/form-data",
    )
    assert coordinator.submit(f"{form}/remove", form_url=form).status_code == 302
    group_page = coordinator.get(f"{actors_group.url}?lang=en").get_data(as_text=True)
    assert "<td>Not signed</td>" in _row(group_page, "Aino Actor")
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(PaperAgreement)) is None
        assert not [f for f in storage.current().files() if f.key.startswith("agreement-scan/")]
    assert "agreement.paper_removed" in _actions(app, world)
    assert coordinator.get(f"{form}/scan").status_code == 404
