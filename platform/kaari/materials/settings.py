"""The tenant settings of materials: blank diary pages in the material pack."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from kaari.tenancy.settings import PROGRAMME_PAGE, Setting, SettingsProxy

materials_settings = SettingsProxy(
    "materials",
    Setting(
        "pack_diary_pages",
        8,
        bounds=(0, 40),
        page=PROGRAMME_PAGE,
        label=_l("Blank diary pages in the material pack"),
    ),
)
