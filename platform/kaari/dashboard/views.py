"""The staff dashboard: the first page a coordinator sees. Later domains add panels."""

from __future__ import annotations

from flask import render_template

from kaari.accounts.access import staff_required
from kaari.audit.services import recent_tenant_events
from kaari.tenancy.routing import tenant_blueprint

bp = tenant_blueprint("dashboard", __name__, "/staff")


@bp.route("/")
@staff_required()
def home():
    return render_template("dashboard/home.html")


@bp.route("/audit")
@staff_required("admin")
def audit_log():
    return render_template("dashboard/audit.html", events=recent_tenant_events())
