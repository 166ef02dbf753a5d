"""Contact form, registration forms, tenant-defined questions, partners and referral links."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask
from flask_babel import lazy_gettext as _l

from kaari.core.domains import NavEntry, add_navigation, register_blueprints
from kaari.core.schedule import add_recurring


def init_app(app: Flask) -> None:
    from kaari.core.today import register as register_today
    from kaari.intake import (
        entry_views,
        form_bundle,
        form_editor,
        models,
        partners,
        services,
        tenant_forms,
        today,
        unfinished,
        views,
    )
    from kaari.intake.imports import jobs as import_jobs
    from kaari.intake.imports import views as import_views
    from kaari.intake.settings import intake_settings
    from kaari.mail.links import register_minters
    from kaari.participants.answers import register_answer_reader
    from kaari.participants.referrers import register_partner_names
    from kaari.privacy.registry import register_person_data
    from kaari.tenancy.bundles import register_section
    from kaari.tenancy.settings import register_settings

    register_settings(intake_settings)
    register_blueprints(
        app, views.bp, views.partners_bp, form_editor.bp, entry_views.bp, import_views.bp
    )
    add_recurring(unfinished.remind_unfinished, every=timedelta(days=1))
    add_recurring(import_jobs.sweep_lost_imports, every=timedelta(minutes=10))
    register_section("forms", form_bundle.SECTION)
    register_partner_names(partners.partner_names)
    register_answer_reader(tenant_forms.ANSWER_READER)
    register_minters({"registration": services.mint_link})
    register_person_data(*models.PERSON_DATA)
    register_today(*today.SOURCES)
    add_navigation(
        app,
        NavEntry(
            _l("Partners"),
            "partners.partner_list",
            "manage_intake",
            "people",
            current=("partners.*",),
        ),
        NavEntry(
            _l("Forms"),
            "form_editor.form_list",
            "manage_intake",
            "people",
            current=("form_editor.*",),
        ),
        NavEntry(
            _l("Referrals"),
            "partners.referrals",
            "refer_people",
            "people",
            current=("partners.referrals",),
        ),
    )
