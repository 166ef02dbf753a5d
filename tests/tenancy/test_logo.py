"""A coordinator uploads the network's logo: a real picture is re-encoded as a modest
PNG; a file that only claims to be a picture, a huge one, or an SVG is refused with a
clear message and the old logo stays."""

from __future__ import annotations

import io

from PIL import Image

from kaari.core import db, storage
from kaari.core.scoping import tenant_scope
from kaari.tenancy.logo import logo_content
from kaari.tenancy.models import Tenant

URL = "/alpha/staff/logo"


def _picture(size=(2400, 800), kind="JPEG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 60)).save(buffer, kind)
    return buffer.getvalue()


def _upload(client, data: bytes, name: str):
    return client.submit(URL + "?lang=en", {"logo": (io.BytesIO(data), name)}, form_url=URL,
                         content_type="multipart/form-data")  # fmt: skip


def _logo(app, world) -> tuple[bytes, str]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        tenant = db.session.get(Tenant, world.a.tenant_id)
        return logo_content(tenant), tenant.logo_mimetype


def _files(app, world) -> list[str]:
    with app.app_context(), tenant_scope(world.a.tenant_id):
        return [file.key for file in storage.current().files()]


def test_a_picture_is_reencoded_as_a_modest_png(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    assert _upload(client, _picture(), "logo.jpg").status_code == 302
    stored, mimetype = _logo(app, world)
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (1200, 400))
    assert mimetype == "image/png"
    served = client.get("/alpha/logo")
    assert served.mimetype == "image/png" and served.data == stored


def test_a_new_logo_replaces_the_old_file(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    (old,) = _files(app, world)  # the world's SVG logo
    assert _upload(client, _picture(), "logo.jpg").status_code == 302
    (new,) = _files(app, world)
    assert new != old and new.endswith(".png")


def test_what_is_not_a_clean_picture_is_refused(app, client, world):
    client.login(world.a.coordinator.email, tenant="alpha")
    before = _logo(app, world)
    cases = [
        (b"<svg xmlns='http://www.w3.org/2000/svg'><script>x</script></svg>", "logo.svg",
         "is not a PNG, JPEG, GIF or WebP picture"),
        (b"\x89PNG\r\n\x1a\n" + b"not really" * 50, "logo.png",
         "is not a PNG, JPEG, GIF or WebP picture"),
        (_picture((4100, 4100), "PNG"), "big.png", "at most 4000 by 4000 pixels"),
        (b"x" * 1_600_000, "huge.png", "larger than 1.5 MB"),
    ]  # fmt: skip
    for data, name, message in cases:
        response = _upload(client, data, name)
        assert response.status_code == 400, name
        assert message in response.get_data(as_text=True), name
    assert _logo(app, world) == before
    missing = client.submit(URL + "?lang=en", {}, form_url=URL)
    assert missing.status_code == 400 and "Choose a picture file." in missing.get_data(as_text=True)
