"""A new organisation is a preview for its own staff until its admin publishes it: out of
the directory, its front page hidden from the public, its join form and referral links
closed. Publishing is refused, with what is missing, until the checklist is whole."""

from __future__ import annotations

from html import unescape

import sqlalchemy as sa
from alembic.script import ScriptDirectory
from sqlalchemy import select

from kaari.audit.models import TenantAuditEvent
from kaari.core import db, migrate
from kaari.core.scoping import tenant_scope
from kaari.participants.models import Person
from kaari.tenancy import services as tenancy
from tests.helpers import Client
from tests.tenancy.test_new_tenant_privacy import JOIN, _create_gamma, _first_admin, _people

PUBLICATION = "/gamma/staff/settings/publication"
MISSING = (
    "The tagline of the front page",
    "The text about the network",
    "How to join",
    "The controller's email address in the privacy notice",
    "The contact person or unit",
)


def publish_through_the_pages(admin: Client, slug: str) -> None:
    """The admin writes the front page's texts and the contacts, then publishes."""
    texts = {f"{key}__fi": f"{key} of {slug}" for key in ("tagline", "about", "how_to_join")}
    assert admin.submit(f"/{slug}/staff/texts", texts).status_code == 302
    contacts = {"contact_name": "Coordinator Cai", "contact_email": f"office@{slug}.example.org"}
    assert admin.submit(f"/{slug}/staff/controller", contacts).status_code == 302
    assert admin.submit(f"/{slug}/staff/settings/publication").status_code == 302


def _actions(app) -> list[str]:
    with app.app_context():
        gamma = tenancy.get_by_slug("gamma")
        with tenant_scope(gamma.id):
            query = select(TenantAuditEvent.action).order_by(TenantAuditEvent.id)
            return [a for a in db.session.scalars(query) if a.startswith("tenant.")]


def _page(client: Client, url: str) -> str:
    return unescape(client.get(url).get_data(as_text=True))


def test_a_new_organisation_is_public_only_once_its_admin_publishes_it(app, client, outbox):
    _create_gamma(app, client)
    admin = _first_admin(app, client, outbox)
    public = Client(app)

    assert "Gamma Network" not in _page(public, "/?lang=en")
    front = public.get("/gamma/?lang=en")
    assert front.status_code == 404 and "Gamma Network is not open yet" in unescape(front.text)
    closed = _page(public, "/gamma/join?ref=any-code&lang=en")
    assert "Registration is not open yet" in closed and 'name="email"' not in closed

    preview = _page(admin, "/gamma/?lang=en")
    assert "Preview: Gamma Network is not published yet" in preview
    assert "Preview: Gamma Network is not published yet" in _page(admin, "/gamma/join?lang=en")

    checklist = _page(admin, f"{PUBLICATION}?lang=en")
    for item in MISSING:
        assert f"Missing:</strong> {item}" in checklist, item
    refused = admin.submit(f"{PUBLICATION}?lang=en", form_url=PUBLICATION)
    assert refused.status_code == 400
    assert "cannot be published yet. Still missing: The tagline of the front page" in unescape(
        refused.text
    )
    assert "Gamma Network" not in _page(public, "/?lang=en")

    publish_through_the_pages(admin, "gamma")
    checklist = _page(admin, f"{PUBLICATION}?lang=en")
    assert "Missing:" not in checklist and "Unpublish the network" in checklist
    assert "Gamma Network" in _page(public, "/?lang=en")
    assert public.get("/gamma/").status_code == 200
    assert "Preview:" not in _page(admin, "/gamma/?lang=en")
    assert (
        public.submit("/gamma/join", JOIN, form_url="/gamma/join?ref=any-code").status_code == 302
    )
    assert _people(app) == 1
    assert _actions(app)[-1] == "tenant.published"

    assert admin.submit(PUBLICATION).status_code == 302  # the button now unpublishes
    assert "Gamma Network" not in _page(public, "/?lang=en")
    assert public.get("/gamma/").status_code == 404
    assert "Registration is not open yet" in _page(public, "/gamma/join?lang=en")
    assert _actions(app)[-1] == "tenant.unpublished"


def test_an_unpublished_network_registers_nobody_through_a_referral_link(app, client, world):
    client.login(world.a.admin.email, tenant="alpha")
    assert client.submit("/alpha/staff/settings/publication").status_code == 302
    public = Client(app)
    assert "Registration is not open yet" in _page(public, "/alpha/join?ref=ref-alpha&lang=en")
    # A form kept from before: sent with a valid session token, it is still refused.
    response = public.submit(
        "/alpha/join?ref=ref-alpha&lang=en", {**JOIN, "ref": "ref-alpha"}, form_url="/alpha/login"
    )
    assert "Registration is not open yet" in unescape(response.get_data(as_text=True))
    with app.app_context(), tenant_scope(world.a.tenant_id):
        assert db.session.scalar(select(Person).where(Person.email == JOIN["email"])) is None


def test_staff_preview_the_join_form_but_cannot_join_before_publication(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    with app.app_context():
        tenancy.get_by_slug("alpha").published = False
        db.session.commit()
    page = _page(client, "/alpha/join?lang=en")
    assert 'name="email"' in page and "Preview:" in page
    assert "An administrator of the organisation publishes it." in page
    assert client.submit("/alpha/join", JOIN).status_code == 400
    assert client.get("/alpha/staff/settings/publication").status_code == 403


def test_organisations_that_exist_when_the_migration_runs_stay_published(tmp_path):
    url = f"sqlite:///{tmp_path / 'before.sqlite'}"
    config = migrate.alembic_config(url)
    before = ScriptDirectory.from_config(config).get_revision("0038").down_revision
    migrate.upgrade(url, before)
    engine = sa.create_engine(url)
    strings = ("contact_name", "contact_email", "contact_phone", "contact_address")
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO tenants (slug, name, default_language, languages, "
                + ", ".join(strings)
                + ", brand_colour, logo_mimetype, region, municipality, national_reporting,"
                " enabled, texts, settings, created_at) VALUES ('old', 'Old Network', 'fi',"
                " '[\"fi\"]', '', '', '', '', '#1f5f8b', '', '', '', 0, 1, '{}', '{}',"
                " '2026-01-01 00:00:00')"
            )
        )
    migrate.upgrade(url, "0038")
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT published FROM tenants")).scalar() == 1
    engine.dispose()
