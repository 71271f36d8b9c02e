"""Queries that cannot be names come back unresolved, whatever a gazetteer calls so."""

import pytest

import geonews
from geonews.places.matcher import Matcher

JUNK = ["=1+1", "N/A", "n/a", "#N/A", "NA", "none", "None", "null", "NULL", "unknown",
        "Unknown", "-", "--", "TBD", "tba", "?", "123", "=SUM(A1)", "  ", "Not available"]


@pytest.mark.parametrize("query", JUNK)
def test_a_query_that_is_no_name_is_unresolved(query):
    res = Matcher().resolve_one(query)
    assert (res.place, res.match, res.confidence, res.alternatives) == (None, "none", 0.0, ())


def test_geocode_reports_junk_unresolved_next_to_real_names():
    df = geonews.geocode(["Rafah", "N/A", "=1+1", "Block 123", "TBD"])
    assert df["match"].tolist() == ["exact", "none", "none", "exact", "none"]
    assert [df["confidence"].iloc[i] for i in (1, 2, 4)] == [0.0, 0.0, 0.0]
    assert df.geometry.isna().tolist() == [False, True, True, False, True]


@pytest.mark.parametrize("name", ["Rafah", "Block 123", "خان يونس", "Khan Younis", "Ma'an"])
def test_real_names_still_resolve(name):
    assert Matcher().resolve_one(name).place is not None


def test_the_cli_warns_that_junk_found_no_place(geonews_cli):
    run = geonews_cli("geocode", "Rafah", "N/A", "--format", "csv")
    assert run.code == 0, run.err
    assert "no place found for 'N/A'" in run.err
