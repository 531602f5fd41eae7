"""Shared fixtures. Tests never read ../shared: they use the packaged data and their own fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def _no_imported_layers(tmp_path_factory):
    """Tests never see gazetteer layers a developer imported: an empty layers folder for the session."""
    os.environ["GEOMAP_LAYERS_DIR"] = str(tmp_path_factory.mktemp("no-layers"))


@pytest.fixture(scope="session")
def gz():
    """The default offline gazetteer, built once per test session into the user cache."""
    from gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
