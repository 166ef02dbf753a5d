"""The audit log: tenant and platform events, and one `record()` helper."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from kaari.audit import models
    from kaari.privacy.registry import register_person_data

    register_person_data(*models.PERSON_DATA)
