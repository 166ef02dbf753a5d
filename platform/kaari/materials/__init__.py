"""The material pack and other PDFs a network hands to its participants."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.materials import bundle, jobs, models, portal_views, views
    from kaari.materials.settings import materials_settings
    from kaari.privacy.erasure import register_erasure_step
    from kaari.tenancy.bundles import register_section
    from kaari.tenancy.settings import register_settings

    register_settings(materials_settings)
    register_blueprints(app, views.bp, portal_views.bp)
    add_recurring(jobs.sweep_group_packs, every=timedelta(minutes=10))
    add_recurring(jobs.prune_stored_pdfs, every=timedelta(days=1))
    register_section("materials", bundle.SECTION)
    register_erasure_step(models.forget_pdfs_with_names)
    add_navigation(
        app,
        NavEntry(
            _l("Material pack"),
            "materials.section_list",
            "manage_materials",
            "programme",
            current=("materials.*",),
        ),
        # Group leaders without the editor's permission get the finished pack.
        NavEntry(
            _l("Material pack"),
            "materials.pack",
            "lead_groups",
            "programme",
            unless="manage_materials",
        ),
    )
