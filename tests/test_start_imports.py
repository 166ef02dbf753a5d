"""A web worker starts light: importing the app loads none of the heavy libraries that
only some requests or jobs use (PDF layout, the matching solver, calendar feeds,
spreadsheets), so every process starts faster and holds less memory. They are
imported where they are used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PLATFORM = Path(__file__).resolve().parents[1] / "platform"
# openpyxl joins this list once the register export imports it where it writes
# (the `exports` branch); until then the export module loads it at start.
LOADED_WHEN_USED = ("weasyprint", "pypdf", "scipy", "icalendar", "openpyxl")


def test_importing_the_app_loads_no_pdf_solver_calendar_or_spreadsheet_library(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "MIGRATE_DATABASE_URL", "REDIS_URL")
    }
    env |= {
        "KAARI_ENV": "development",
        "KAARI_INSTANCE": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'start.sqlite'}",
        "PYTHONPATH": str(PLATFORM),
    }
    script = (
        "import json, sys\n"
        "from kaari.wsgi import app\n"
        f"print(json.dumps([m for m in {LOADED_WHEN_USED!r} if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout.splitlines()[-1]) == []
