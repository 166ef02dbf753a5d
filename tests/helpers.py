"""Test helpers: a client that fills forms like a browser, and a two-tenant world."""

from __future__ import annotations

import email
import html
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path

from flask.testing import FlaskClient

from kaari.accounts import services as accounts
from kaari.core import db
from kaari.core.db import utcnow
from kaari.core.scoping import tenant_scope
from kaari.intake.imports.models import ImportMapping, RegisterImport
from kaari.intake.models import Partner, PartnerMember, ReferralLink
from kaari.mail.models import Mailing, OutboxMessage
from kaari.matching.models import MatchingRun, Pair
from kaari.materials.models import GroupPack
from kaari.participants.models import DataRequest, Person, SavedFilter
from kaari.programme.groups.models import (
    Group,
    GroupLeader,
    GroupPair,
    Meeting,
    MeetingInvitation,
    PairMeeting,
)
from kaari.programme.outcomes.models import Outcome
from kaari.programme.surveys.defaults import DEFAULT_QUESTIONS
from kaari.programme.surveys.models import POLL_ROLE, Survey
from kaari.tenancy import services as tenancy
from kaari.tenancy.logo import store_logo
from kaari.tenancy.models import Tenant

PASSWORD = "correct horse battery staple"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
HIDDEN_INPUT = re.compile(r'<input[^>]*type="hidden"[^>]*>')
NAME = re.compile(r'name="([^"]+)"')
VALUE = re.compile(r'value="([^"]*)"')


class Client:
    """Wraps Flask's test client: `submit` fetches the form page first for its CSRF token."""

    def __init__(self, app):
        self.app = app
        self.http: FlaskClient = app.test_client()

    def get(self, url: str, **kwargs):
        return self.http.get(url, **kwargs)

    def post(self, url: str, **kwargs):
        return self.http.post(url, **kwargs)

    def csrf_token(self, url: str) -> str:
        page = self.http.get(url)
        match = CSRF.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {url} ({page.status_code})"
        return match.group(1)

    def hidden_fields(self, url: str) -> dict[str, str]:
        """The hidden inputs of the page's forms, as a browser would send them."""
        html = self.http.get(url).get_data(as_text=True)
        fields = {}
        for tag in HIDDEN_INPUT.findall(html):
            name, value = NAME.search(tag), VALUE.search(tag)
            if name:
                fields.setdefault(name.group(1), value.group(1) if value else "")
        assert "csrf_token" in fields, f"no CSRF token on {url}"
        return fields

    def submit(self, url: str, data: dict | None = None, *, form_url: str | None = None, **kwargs):
        hidden = self.hidden_fields(form_url or url)
        return self.http.post(url, data={**hidden, **(data or {})}, **kwargs)

    def login(self, email: str, password: str = PASSWORD, tenant: str | None = None):
        url = f"/{tenant}/login" if tenant else "/login"
        response = self.submit(url, {"email": email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        return response

    def logout(self):
        return self.submit("/logout", form_url="/account")


@dataclass
class Staff:
    user_id: int
    email: str
    membership_id: int


@dataclass
class Side:
    tenant_id: int
    slug: str
    name: str
    admin: Staff
    coordinator: Staff
    partner: Staff
    mailing_id: int = 0
    message_id: int = 0
    person_id: int = 0
    partner_id: int = 0
    link_id: int = 0
    filter_id: int = 0
    run_id: int = 0
    pair_id: int = 0
    group_id: int = 0
    meeting_id: int = 0
    invitation_id: int = 0
    entry_id: int = 0
    outcome_id: int = 0
    survey_id: int = 0
    poll_id: int = 0
    group_pack_id: int = 0
    data_request_id: int = 0
    import_id: int = 0


def _register_import() -> int:
    """A checked import of an empty file (the file itself is not in the store), and a
    saved column mapping."""
    report = {"rows": 0, "create": 0, "update": 0, "errors_total": 0, "errors": []}
    imported = RegisterImport(
        file_key="imports/world.csv", filename="world.csv", kind="csv", state="checked",
        report=report, status_words={"": "registered"}, read_at=utcnow(),
    )  # fmt: skip
    db.session.add_all([imported, ImportMapping(name="Old register", fields={"nimi": "name"})])
    db.session.flush()
    return imported.id


@dataclass
class World:
    a: Side
    b: Side


SVG_LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle r="5"/></svg>'


def make_tenant(slug: str, name: str) -> Tenant:
    tenant = tenancy.create_tenant(slug, name, "fi", ["fi", "sv", "en"])
    tenant.published = True  # an organisation that is already public
    tenant.contact_email = f"coordinator@{slug}.example.org"
    with tenant_scope(tenant.id):
        store_logo(tenant, SVG_LOGO, "image/svg+xml")
    tenant.texts = {
        "tagline": {"fi": f"{name} yhdistää", "sv": f"{name} förenar", "en": f"{name} connects"},
        "about": {"fi": "Tietoa", "sv": "Om oss", "en": "About"},
    }
    return tenant


def make_staff(tenant: Tenant, email: str, role: str, name: str = "") -> Staff:
    with tenant_scope(tenant.id):
        user = accounts.find_user(email) or accounts.create_user(
            email, name=name or email.split("@")[0], password=PASSWORD
        )
        membership = accounts.grant_role(user, role, actor=None)
        db.session.flush()
        return Staff(user.id, user.email, membership.id)


def make_sent_mailing(tenant: Tenant, recipient: str) -> tuple[int, int]:
    """A mailing with one delivered message, written directly (nothing is sent)."""
    with tenant_scope(tenant.id):
        mailing = Mailing(
            subject={"fi": f"Uutiskirje {tenant.slug}"},
            body={"fi": "Teksti"},
            audience={"key": "staff", "options": ["admin"]},
            sent_at=utcnow(),
        )
        db.session.add(mailing)
        db.session.flush()
        message = OutboxMessage(
            recipient=recipient,
            language="fi",
            subject="Uutiskirje",
            text_body=f"Teksti {tenant.slug}",
            html_body="<p>Teksti</p>",
            template="mailing",
            status="sent",
            bulk=True,
            mailing_id=mailing.id,
        )
        db.session.add(message)
        db.session.flush()
        return mailing.id, message.id


def make_person(tenant: Tenant, name: str, email: str, role: str = "actor", **fields) -> Person:
    """A person in the register, written directly."""
    with tenant_scope(tenant.id):
        person = Person(
            role=role,
            name=name,
            email=email,
            municipality=fields.pop("municipality", "Helsinki"),
            status=fields.pop("status", "registered"),
            **fields,
        )
        db.session.add(person)
        db.session.flush()
        return person


def make_partner(tenant: Tenant, name: str) -> tuple[int, int]:
    """A partner with one referral link; returns their ids."""
    with tenant_scope(tenant.id):
        partner = Partner(name=name, kind="school")
        db.session.add(partner)
        db.session.flush()
        link = ReferralLink(partner_id=partner.id, code=f"ref-{tenant.slug}", label="Flyer")
        db.session.add(link)
        db.session.flush()
        return partner.id, link.id


def build_world() -> World:
    sides = []
    for slug, name in (("alpha", "Alpha Network"), ("beta", "Beta Network")):
        tenant = make_tenant(slug, name)
        db.session.flush()
        side = Side(
            tenant_id=tenant.id,
            slug=slug,
            name=name,
            admin=make_staff(tenant, f"admin@{slug}.example.org", "admin"),
            coordinator=make_staff(tenant, f"coordinator@{slug}.example.org", "coordinator"),
            partner=make_staff(tenant, f"partner@{slug}.example.org", "partner"),
        )
        side.mailing_id, side.message_id = make_sent_mailing(tenant, side.admin.email)
        side.person_id = make_person(tenant, f"Person of {slug}", f"person@{slug}.example.org").id
        side.partner_id, side.link_id = make_partner(tenant, f"Partner of {slug}")
        with tenant_scope(tenant.id):  # the partner login speaks for this partner
            db.session.add(PartnerMember(partner_id=side.partner_id, user_id=side.partner.user_id))
        with tenant_scope(tenant.id):
            saved = SavedFilter(name=f"Waiting in {slug}", query="status=waiting")
            db.session.add(saved)
            db.session.flush()
            side.filter_id = saved.id
            run = MatchingRun(
                rules={"label": "standard v1"},
                result={
                    "proposals": [],
                    "unmatched_actors": [],
                    "unmatched_mentors": [],
                    "pool": {"actors": 0, "mentors": 0},
                },
            )
            db.session.add(run)
            db.session.flush()
            side.run_id = run.id
            if slug == "beta":  # a pair whose ids and links tenant A must not reach
                mentor = make_person(tenant, "Mentor of beta", "mentor@beta.example.org", "mentor")
                pair = Pair(actor_id=side.person_id, mentor_id=mentor.id, status="invited")
                db.session.add(pair)
                db.session.flush()
                side.pair_id = pair.id
            group = Group(name=f"{slug.upper()}1", venue="Library")
            db.session.add(group)
            db.session.flush()
            side.group_id = group.id
            starts = datetime(2027, 3, 2, 16, 0, tzinfo=UTC)
            meeting = Meeting(
                group_id=group.id,
                kind="kickoff",
                starts_at=starts,
                ends_at=starts + timedelta(hours=2),
            )
            db.session.add(meeting)
            db.session.flush()
            side.meeting_id = meeting.id
            if side.pair_id:  # beta's invitation and diary entry
                invitation = MeetingInvitation(meeting_id=meeting.id, person_id=side.person_id)
                db.session.add(invitation)
                db.session.flush()
                side.invitation_id = invitation.id
                entry = PairMeeting(pair_id=side.pair_id, met_on=starts.date(), goal="Beta's CV")
                db.session.add(entry)
                db.session.flush()
                side.entry_id = entry.id
            outcome = Outcome(
                person_id=side.person_id, kind="studies", happened_on=date(2027, 1, 4)
            )
            db.session.add(outcome)
            db.session.flush()
            side.outcome_id = outcome.id
            survey = Survey(group_id=group.id, questions=DEFAULT_QUESTIONS)
            db.session.add(survey)
            db.session.flush()
            side.survey_id = survey.id
            poll = make_poll(group.id)
            side.poll_id = poll.id
            group_pack = GroupPack(group_id=group.id, language="fi", total=1)
            db.session.add(group_pack)
            db.session.flush()
            side.group_pack_id = group_pack.id
            data_request = DataRequest(person_id=side.person_id, kind="rectification",
                                       due_at=utcnow())  # fmt: skip
            db.session.add(data_request)
            db.session.flush()
            side.data_request_id = data_request.id
            side.import_id = _register_import()
        sides.append(side)
    db.session.commit()
    return World(*sides)


def make_poll(group_id: int) -> Survey:
    """A group's anonymous poll of one text question, with nobody asked yet."""
    wish = {"key": "wish", "kind": "text", "required": False, "label": {"fi": "Toive"}}
    poll = Survey(group_id=group_id, kind="poll", title={"fi": "Toiveet"},
                  questions={POLL_ROLE: [wish]})  # fmt: skip
    db.session.add(poll)
    db.session.flush()
    return poll


def read_outbox(folder: Path) -> list[EmailMessage]:
    messages = []
    for path in sorted(folder.glob("*.eml")):
        messages.append(email.message_from_bytes(path.read_bytes(), policy=default_policy))
    return messages


def text_body(message: EmailMessage) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def first_link(message: EmailMessage) -> str:
    match = re.search(r"http://localhost(/\S+)", text_body(message))
    assert match, text_body(message)
    return match.group(1)


CONFIRMED = re.compile(r'name="confirmed" type="hidden" value="([^"]*)"')


def send_mailing(client: Client, data: dict, url: str = "/alpha/staff/mailings/new"):
    """Preview a mailing, then send it confirming the audience and count the preview
    showed, as staff do (a send without that shows the preview again)."""
    preview = client.submit(url, {**data, "preview": "1"}).get_data(as_text=True)
    confirmed = CONFIRMED.search(preview)
    return client.submit(
        url, {**data, "confirmed": confirmed.group(1) if confirmed else "", "send": "1"}
    )


class QueryCounter:
    """Counts the SQL statements an engine runs while the block is open."""

    def __init__(self, engine):
        self.engine = engine
        self.count = 0

    def _count(self, *_args):
        self.count += 1

    def __enter__(self):
        from sqlalchemy import event

        event.listen(self.engine, "before_cursor_execute", self._count)
        return self

    def __exit__(self, *_exc):
        from sqlalchemy import event

        event.remove(self.engine, "before_cursor_execute", self._count)


def make_group_pair(group_id: int, actor: Person, mentor: Person, status: str = "confirmed") -> int:
    """A pair of the two people in the group (call inside the tenant's scope)."""
    pair = Pair(actor_id=actor.id, mentor_id=mentor.id, status=status)
    db.session.add(pair)
    db.session.flush()
    db.session.add(GroupPair(group_id=group_id, pair_id=pair.id))
    db.session.flush()
    return pair.id


def put_pairs_in_group(app, tenant_id: int, group_id: int, names: list[tuple[str, str]]):
    """Pairs of new actors and mentors (name, language) in the group; returns the people."""
    actors, mentors = {}, {}
    with app.app_context():
        tenant = db.session.get(Tenant, tenant_id)
        for name, language in names:
            first = name.split()[0].lower()
            actor = make_person(tenant, name, f"{first}@example.org", language=language)
            mentor = make_person(
                tenant, f"Mentor of {name}", f"mentor.{first}@example.org", "mentor"
            )
            with tenant_scope(tenant_id):
                make_group_pair(group_id, actor, mentor)
            actors[name], mentors[name] = actor.id, mentor.id
        db.session.commit()
    return actors, mentors


def make_group_leader(app, tenant_id: int, group_id: int, email: str = "lea@alpha.example.org"):
    """A staff member in the group_leader role who leads the group."""
    with app.app_context():
        leader = make_staff(db.session.get(Tenant, tenant_id), email, "group_leader")
        with tenant_scope(tenant_id):
            db.session.add(GroupLeader(group_id=group_id, user_id=leader.user_id))
        db.session.commit()
    return leader


def as_a_browser_sends(client: Client, url: str, changes: dict | None = None) -> dict:
    """The page's form as a browser would send it: hidden inputs, ticked boxes and the
    text areas' contents, with `changes` made by the user."""
    page = client.get(url).get_data(as_text=True)
    data: dict = dict(client.hidden_fields(url))
    for tag in re.findall(r"<input[^>]*type=\"checkbox\"[^>]*>", page):
        if " checked" in tag:
            data[re.search(r'name="([^"]+)"', tag).group(1)] = "y"
    for name, text in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        data[name] = html.unescape(text).removeprefix("\r\n").removeprefix("\n")
    return {**data, **(changes or {})}


def invite_in_group(client: Client, tenant: str, group_id: int, pair_id: int, **changes) -> None:
    """The coordinator puts an accepted pair in the group and sends the joint invitations
    from their page as prefilled, with `changes` to the form."""
    group = f"/{tenant}/staff/groups/{group_id}"
    assert client.submit(f"{group}/pairs", {"pairs": [pair_id]}, form_url=group).status_code == 302
    page = f"/{tenant}/staff/joint-invitations/"
    assert client.post(page, data=as_a_browser_sends(client, page, changes)).status_code == 302


def pager_link(html: str, label: str) -> str:
    """The address of a pager's link ("Next", "Last page") as a browser would follow it."""
    found = re.search(rf'<a href="([^"]+)"[^>]*>{label}</a>', html)
    assert found, label
    return found.group(1).replace("&amp;", "&")
