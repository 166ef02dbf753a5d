"""The demo of `make run`, loaded from the shipped bundles as `kaari demo load` does."""

from __future__ import annotations

import shutil

import pytest

from kaari.core.config import PROJECT_ROOT
from kaari.demo import load_demo


@pytest.fixture
def load_demo_networks(app, tmp_path):
    """Call with bundle file names ("tampere-nuoret"); loads the demo of those networks."""

    def load(*bundles: str) -> None:
        folder = tmp_path / "tenants"
        folder.mkdir()
        for bundle in bundles:
            shutil.copy(PROJECT_ROOT / "tenants" / f"{bundle}.toml", folder)
        shutil.copytree(PROJECT_ROOT / "tenants" / "logos", folder / "logos")
        with app.app_context():
            list(load_demo(folder))

    return load
