"""The tenant report for a period, and its yearly PDF kept like the material packs.

Services take explicit arguments (no request): the view passes the tenant, the
period and the reader's language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict
from functools import cache
from pathlib import Path

from flask import render_template

from kaari.core.i18n import translated
from kaari.core.pdf import render_pdf
from kaari.materials.services import TRANSLATIONS, cached_pdf
from kaari.reporting.indicators import Period, tenant_report
from kaari.reporting.tables import Table, report_tables
from kaari.tenancy.models import Tenant

PDF_KIND = "year_report"
TEMPLATES = Path(__file__).resolve().parents[3] / "templates"
PDF_TEMPLATES = ("pdf/year_report.html", "pdf/_base.html", "reporting/_tables.html")


def build_tables(tenant: Tenant, period: Period, language: str) -> list[Table]:
    """The indicators of the period as tables in the language."""
    report = tenant_report(tenant.id, period, question_label=lambda q: translated(q["label"]))
    return report_tables(report, language, tenant.default_language)


@cache
def _template_version(language: str) -> str:
    digest = hashlib.sha256()
    for name in PDF_TEMPLATES:
        digest.update((TEMPLATES / name).read_bytes())
    catalogue = TRANSLATIONS / language / "LC_MESSAGES" / "messages.mo"
    if catalogue.exists():
        digest.update(catalogue.read_bytes())
    return digest.hexdigest()[:16]


def year_pdf(tenant: Tenant, year: int, language: str, tables: list[Table]) -> bytes:
    """The yearly report as a PDF, from the store when the same figures, names and
    templates made one before (call inside the language's locale)."""
    inputs = {
        "tenant": tenant.name,
        "colour": tenant.brand_colour,
        "year": year,
        "language": language,
        "version": _template_version(language),
        "tables": [asdict(table) | {"chart": str(table.chart or "")} for table in tables],
    }
    digest = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def render() -> bytes:
        html = render_template("pdf/year_report.html", tenant=tenant, year=year, tables=tables)
        return render_pdf(html)

    _stored, content = cached_pdf(PDF_KIND, digest, render)
    return content
