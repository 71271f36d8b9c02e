"""Reporting units and the population surface behind population estimates."""

import pytest

from geonews.errors import GeonewsError
from geonews.zones.units import population_surface, units


def test_levels_come_from_the_shipped_gazetteer():
    assert len(units("governorate")) == 5
    assert len(units("municipality")) == 25
    assert len(units("block")) == 620
    assert units("block").block.is_monotonic_increasing


def test_unknown_level_is_a_user_error():
    with pytest.raises(GeonewsError, match="unknown unit level"):
        units("parish")


def test_population_surface_tiles_governorates_and_sums_to_their_census():
    s = population_surface()
    assert s.population.sum() == pytest.approx(1_813_941, rel=1e-6)
    assert (s.population >= 0).all()
    assert s.area_km2.sum() == pytest.approx(units("governorate").to_crs(s.crs).area.sum() / 1e6,
                                             rel=0.01)
    camps = s[s.piece.str.contains("Camp")]
    towns = s[~s.piece.str.contains("Camp") & ~s.piece.str.startswith("rest of")]
    # Camps are among the densest places on earth: far denser than the towns around them.
    assert camps.density.median() > 3 * towns.density.median()
