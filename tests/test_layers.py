"""The layer contract (pyproject.toml, [tool.importlinter]; `make lint` runs it): the
code keeps it, its domain layers are `DOMAINS` in reverse, and an import against the
order breaks it."""

from __future__ import annotations

import copy
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.layers import LayersContract

from kaari import DOMAINS

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


@pytest.fixture(scope="module")
def contract() -> LayersContract:
    configuration = read_configuration(str(PYPROJECT))
    (options,) = configuration["contracts_options"]
    return LayersContract(
        name=options["name"],
        session_options=configuration["session_options"],
        contract_options=options,
    )


@pytest.fixture(scope="module")
def built_graph() -> grimp.ImportGraph:
    return grimp.build_graph("kaari", cache_dir=None)


@pytest.fixture
def graph(built_graph) -> grimp.ImportGraph:
    return copy.deepcopy(built_graph)


def test_the_domain_layers_are_the_domains_in_reverse(contract):
    layers = [sorted(tail.name for tail in layer.module_tails) for layer in contract.layers]
    domain_layers = [names for names in layers if names[0] in DOMAINS]
    assert domain_layers == [[name] for name in reversed(DOMAINS)]


def test_the_code_keeps_the_contract(contract, graph):
    check = contract.check(graph, verbose=False)
    assert check.kept, check.metadata


@pytest.mark.parametrize(
    ("importer", "imported"),
    [
        (
            "kaari.tenancy.services",
            "kaari.programme.groups.models",
        ),  # a domain imports a higher one
        ("kaari.core.jobs", "kaari.tenancy.services"),  # plumbing imports a domain
        ("kaari.participants.views", "kaari.models"),  # a domain imports the aggregator
        ("kaari.mail.views", "kaari.accounts.access"),  # the cycle that was
    ],
)
def test_an_import_against_the_order_breaks_the_contract(contract, graph, importer, imported):
    graph.add_import(importer=importer, imported=imported)
    check = contract.check(graph, verbose=False)
    assert not check.kept
    (broken,) = check.metadata["invalid_dependencies"]
    assert (broken["importer"], broken["imported"]) == (_layer(importer), _layer(imported))


def _layer(module: str) -> str:
    return ".".join(module.split(".")[:2])
