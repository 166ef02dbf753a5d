"""Migration 0027 on a database that has lived: each tenant's logo moves into the
file store, cached PDFs are forgotten and their group files queued to be made again,
and nothing else of the tenant is lost; the downgrade brings the logo back."""

from __future__ import annotations

from sqlalchemy import create_engine, func, select, text

from kaari import create_app
from kaari.core import db, migrate
from kaari.core.scoping import tenant_scope
from kaari.materials.models import GroupPack, StoredPdf
from kaari.tenancy.logo import logo_content
from kaari.tenancy.models import TargetGroup, Tenant

LOGO = b"\x89PNG\r\n\x1a\n an old logo"
WHEN = "2026-01-01 00:00:00"


def _a_tenant_at_0026(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO tenants (id, slug, name, default_language, languages, contact_name,"
                " contact_email, contact_phone, contact_address, brand_colour, logo, logo_mimetype,"
                " region, municipality, national_reporting, enabled, texts, settings, created_at)"
                " VALUES (7, 'vanha', 'Vanha', 'fi', '[\"fi\"]', '', '', '', '', '#123456', :logo,"
                " 'image/png', '', '', 0, 1, '{}', '{}', :when)"
            ),
            {"logo": LOGO, "when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO target_groups (tenant_id, key, name, description, position, questions)"
                " VALUES (7, 'all', '{}', '{}', 0, '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO groups (id, tenant_id, name, status, venue, created_at)"
                " VALUES (3, 7, 'Ryhmä', 'planning', '', :when)"
            ),
            {"when": WHEN},
        )
        connection.execute(
            text(
                "INSERT INTO stored_pdfs (id, tenant_id, kind, input_hash, content, created_at)"
                " VALUES (5, 7, 'group_pack', 'abc', :pdf, :when)"
            ),
            {"pdf": b"%PDF", "when": WHEN},
        )
        connection.execute(text(
            "INSERT INTO group_packs (tenant_id, group_id, language, status, done, total,"
            " stored_pdf_id, created_at, finished_at)"
            " VALUES (7, 3, 'fi', 'done', 4, 4, 5, :when, :when)"), {"when": WHEN})  # fmt: skip
    engine.dispose()


def test_the_logo_moves_into_the_store_and_back(tmp_path):
    url = f"sqlite:///{tmp_path / 'lived.sqlite'}"
    migrate.upgrade(url, "0026")
    _a_tenant_at_0026(url)

    migrate.upgrade(url)
    app = create_app({"DATABASE_URL": url, "STORAGE_URL": "database:", "TESTING": True})
    with app.app_context(), tenant_scope(7):
        tenant = db.session.get(Tenant, 7)
        assert logo_content(tenant) == LOGO and tenant.logo_mimetype == "image/png"
        assert tenant.logo_key.startswith("logo/") and tenant.logo_key.endswith(".png")
        assert db.session.scalar(select(func.count()).select_from(TargetGroup)) == 1
        assert db.session.scalar(select(func.count()).select_from(StoredPdf)) == 0
        pack = db.session.scalar(select(GroupPack))
        assert (pack.status, pack.done, pack.stored_pdf_id) == ("queued", 0, None)
    app.extensions["kaari_engine"].dispose()

    migrate.downgrade(url, "0026")
    engine = create_engine(url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT logo FROM tenants WHERE id = 7")).scalar() == LOGO
    engine.dispose()
