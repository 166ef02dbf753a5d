"""A network chooses, orders and rewrites the pack's sections: in the staff pages
with a preview, and in its tenant bundle. Tenant Markdown stays inert and never makes
anything fetch a remote address; a PDF is made again only when an input changes."""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from sqlalchemy import func, select

from kaari.core import db
from kaari.core.pdf import render_pdf
from kaari.core.scoping import tenant_scope
from kaari.materials.models import StoredPdf
from kaari.materials.texts import HEADINGS, SECTION_KEYS
from kaari.tenancy.bundles import BundleError, apply_bundle, parse_bundle
from kaari.tenancy.models import Tenant
from tests.materials.conftest import pdf_pages

PACK = "/alpha/staff/materials/pack.pdf"
LIST = "/alpha/staff/materials/"


def _layout(**changes) -> dict[str, str]:
    data = {}
    for place, key in enumerate(SECTION_KEYS, start=1):
        data[f"enabled_{key}"] = "y"
        data[f"position_{key}"] = str(place)
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _text(pages: list[str]) -> str:
    return " ".join(" ".join(pages).split())


def test_a_coordinator_leaves_out_and_reorders_sections(coordinator):
    response = coordinator.submit(LIST + "?lang=en", _layout(position_contacts="0"))
    assert response.status_code == 400  # 0 is no place
    page = response.get_data(as_text=True)
    assert "Give a place from 1 to 99." in page
    assert 'value="0"' in page  # what was typed is kept
    response = coordinator.submit(LIST, _layout(enabled_themes=None, position_contacts="0.5"))
    assert response.status_code == 400
    assert coordinator.submit(LIST, _layout(enabled_themes=None)).status_code == 302
    response = coordinator.submit(
        LIST, _layout(position_contacts="1")
    )  # themes back, contacts first
    assert response.status_code == 302
    coordinator.submit(
        LIST,
        _layout(enabled_themes=None, enabled_diary=None, position_contacts="1", position_model="2"),
    )
    pages = pdf_pages(coordinator.get(f"{PACK}?lang=sv"))
    text = "\n".join(pages)
    assert HEADINGS["themes"]["sv"] not in text and HEADINGS["diary"]["sv"] not in text
    assert pages[2].splitlines()[0] == HEADINGS["contacts"]["sv"]  # first after the contents
    assert len(pages) == 2 + 7  # no diary pages either


def test_leaving_out_every_section_is_refused(coordinator):
    nothing = _layout(**{f"enabled_{key}": None for key in SECTION_KEYS})
    response = coordinator.submit(LIST + "?lang=en", nothing)
    assert response.status_code == 400
    assert "Keep at least one section in the pack." in response.get_data(as_text=True)


def test_a_groups_leader_cannot_change_the_sections(app, client, world):
    from tests.helpers import make_staff

    with app.app_context():
        make_staff(
            db.session.get(Tenant, world.a.tenant_id), "leader@alpha.example.org", "group_leader"
        )
        db.session.commit()
    client.login("leader@alpha.example.org", tenant="alpha")
    assert client.get(LIST).status_code == 403
    assert client.get(f"{PACK}?lang=fi").status_code == 200


def test_own_text_is_previewed_saved_and_falls_back_to_the_default_language(coordinator):
    url = "/alpha/staff/materials/sections/roles"
    own = "## Meidän tapamme\n\nTapaamme **joka kuukausi** Pörssitalolla."
    response = coordinator.submit(url, {"text_fi": own, "preview": "1"})
    page = response.get_data(as_text=True)
    assert "<h4>Meidän tapamme</h4>" in page and "<strong>joka kuukausi</strong>" in page
    assert coordinator.submit(url, {"text_fi": own, "save": "1"}).status_code == 302
    finnish = _text(pdf_pages(coordinator.get(f"{PACK}?lang=fi")))
    assert "Tapaamme joka kuukausi Pörssitalolla." in finnish
    assert "kuuntelee ja kysyy" not in finnish  # Kaari's text is replaced
    # No Swedish text: the Swedish pack has the Finnish own text under a Swedish heading.
    swedish = _text(pdf_pages(coordinator.get(f"{PACK}?lang=sv")))
    assert "En god aktör, en god mentor Meidän tapamme" in swedish
    listing = coordinator.get(LIST + "?lang=en").get_data(as_text=True)
    assert "Own text" in listing


def test_an_overlong_text_is_refused_and_kept(coordinator):
    url = "/alpha/staff/materials/sections/themes?lang=en"
    response = coordinator.submit(url, {"text_en": "x" * 20_001, "save": "1"})
    assert response.status_code == 400
    assert "at most 20000 characters" in response.get_data(as_text=True)


def test_an_unknown_section_is_not_found(coordinator):
    assert coordinator.get("/alpha/staff/materials/sections/nonsense").status_code == 404


HOSTILE = (
    "<script>alert('x')</script>\n\n<iframe src=\"https://example.org\"></iframe>\n\n"
    "[click](javascript:alert(1)) [ok](https://example.org/ok)\n\n"
    '<a href="javascript:alert(2)">raw</a>'
)


def test_markdown_with_scripts_frames_and_javascript_links_is_inert(coordinator):
    url = "/alpha/staff/materials/sections/themes"
    page = coordinator.submit(url, {"text_fi": HOSTILE, "preview": "1"}).get_data(as_text=True)
    preview = page.split('id="preview-title"')[1].split("</section>")[0]
    assert "<script" not in preview and "<iframe" not in preview
    assert not re.search(r"<a [^>]*href=\"javascript", preview)
    assert 'href="https://example.org/ok"' in preview
    assert "&lt;script&gt;" in preview  # shown as the text it was
    coordinator.submit(url, {"text_fi": HOSTILE, "save": "1"})
    text = _text(pdf_pages(coordinator.get(f"{PACK}?lang=fi")))
    assert "<script>alert('x')</script>" in text  # printed as text, never run


class _Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *_args):
        pass


@pytest.fixture
def web_server():
    """A local HTTP server that records every request made to it."""
    _Recorder.hits = []
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def test_remote_addresses_in_tenant_text_are_never_fetched(coordinator, web_server):
    text = (
        f'![map]({web_server}/markdown.png)\n\n<img src="{web_server}/raw.png">\n\n'
        f"[a link]({web_server}/link)"
    )
    url = "/alpha/staff/materials/sections/network_map"
    page = coordinator.submit(url, {"text_fi": text, "save": "1"}, form_url=url)
    assert page.status_code == 302
    page = coordinator.get(url).get_data(as_text=True)
    preview = page.split('id="preview-title"')[1].split("</section>")[0]
    assert "<img" not in preview  # nor by the staff member's browser
    pages = pdf_pages(coordinator.get(f"{PACK}?lang=fi"))
    assert "a link" in "\n".join(pages)
    # The renderer itself refuses remote addresses, whatever HTML reaches it.
    render_pdf(f'<html lang="fi"><body><img src="{web_server}/direct.png"></body></html>')
    assert _Recorder.hits == []


def _stored(app, tenant_id: int) -> int:
    with app.app_context(), tenant_scope(tenant_id):
        return db.session.scalar(select(func.count()).select_from(StoredPdf))


def test_the_same_inputs_are_served_from_the_store(app, coordinator, world, pair_of_a):
    first = coordinator.get(f"{PACK}?lang=fi").data
    assert coordinator.get(f"{PACK}?lang=fi").data == first
    assert _stored(app, world.a.tenant_id) == 1
    coordinator.get(f"{PACK}?lang=sv")
    assert _stored(app, world.a.tenant_id) == 2  # another language is another PDF
    with app.app_context():
        db.session.get(Tenant, world.a.tenant_id).brand_colour = "#aa3300"
        db.session.commit()
    assert coordinator.get(f"{PACK}?lang=fi").data != first
    assert _stored(app, world.a.tenant_id) == 3
    coordinator.submit(LIST + "sections/diary", {"text_fi": "Oma ohje.", "save": "1"})
    coordinator.get(f"{PACK}?lang=fi")
    assert _stored(app, world.a.tenant_id) == 4
    coordinator.get(pair_of_a.staff_url + "?lang=fi")
    coordinator.get(pair_of_a.staff_url + "?lang=fi")
    assert _stored(app, world.a.tenant_id) == 5
    assert _stored(app, world.b.tenant_id) == 0


def _bundle(materials: dict) -> dict:
    return {"slug": "gamma", "name": "Gamma Verkosto", "materials": materials}


def test_a_bundle_orders_leaves_out_and_writes_sections(app, client):
    from tests.helpers import make_staff

    materials = {
        "order": ["contacts", "model"],
        "disabled": ["network_map"],
        "texts": {"model": {"fi": "Gamman oma *malli*.", "en": "Gamma's own model."}},
    }
    with app.app_context():
        tenant, _created = apply_bundle(parse_bundle(_bundle(materials), base_dir=app.root_path))
        make_staff(tenant, "coordinator@gamma.example.org", "coordinator")
        db.session.commit()
    client.login("coordinator@gamma.example.org", tenant="gamma")
    pages = pdf_pages(client.get("/gamma/staff/materials/pack.pdf?lang=fi"))
    headings = [page.splitlines()[0] for page in pages[2:]]
    assert headings[:2] == [HEADINGS["contacts"]["fi"], HEADINGS["model"]["fi"]]
    assert HEADINGS["network_map"]["fi"] not in headings
    assert "Gamman oma malli." in _text(pages)


@pytest.mark.parametrize(
    "materials, message",
    [
        ({"order": ["cover"]}, "materials.order"),
        ({"disabled": list(SECTION_KEYS)}, "materials.disabled"),
        ({"texts": {"roles": {"de": "Rollen"}}}, "materials.texts.roles.de"),
        ({"texts": {"roles": "just text"}}, "materials.texts.roles"),
        ({"colour": "red"}, "materials.colour"),
    ],
)
def test_bundle_errors_name_the_bad_key(app, materials, message):
    with app.app_context(), pytest.raises(BundleError, match=message):
        parse_bundle(_bundle(materials), base_dir=app.root_path)
