"""Fixtures shared by several test files (the test-wide settings are in ../conftest.py)."""

import pytest

from helpers import config


@pytest.fixture
def chinese(monkeypatch):
    """The language set to zh for one test (as the Chinese notebooks' first cell does)."""
    monkeypatch.setattr(config, "_language", None)
    config.set_language("zh")
    yield
    monkeypatch.setattr(config, "_language", None)
