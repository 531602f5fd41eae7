"""Shared fixtures. Tests never read ../shared: they use the packaged data and their own fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def gz():
    """The default offline gazetteer, built once per test session into the user cache."""
    from gazetteer import Gazetteer

    return Gazetteer.default()


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
