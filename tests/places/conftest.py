"""Fixtures of the places tests."""

import pytest

from geonews.places.gazetteer import Gazetteer


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A user data directory of the test's own: imported regions land there, and the
    process-wide gazetteer is forgotten before and after so that it sees them."""
    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    Gazetteer.reset_default()
    yield tmp_path / "home"
    Gazetteer.reset_default()
