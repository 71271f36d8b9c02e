"""Geocoding is scored twice: over the names found, and end to end over every annotated name."""

from geonews.evaluation import evaluate


def _article(toponyms):
    return {"id": "a", "text": "…", "date": None,
            "gold": {"toponyms": toponyms, "affected": [], "destinations": [], "blocks": [],
                     "has_directive": False}}


def _gold(surface, lat, lon, kind="town", country="LB"):
    return {"surface": surface, "place": surface, "country": country, "lat": lat, "lon": lon,
            "kind": kind}


def _found(*mentions):
    return lambda text, date: {"mentions": list(mentions), "directives": []}


def test_a_missed_name_counts_against_end_to_end_geocoding_only():
    art = _article([_gold("Qana", 33.21, 35.30), _gold("Srifa", 33.28, 35.40)])
    report = evaluate([art], _found({"text": "Qana", "lat": 33.211, "lon": 35.301}))
    assert (report.geocoding.right, report.geocoding.total) == (1, 1)
    assert (report.geocoding_e2e.right, report.geocoding_e2e.total) == (1, 2)


def test_an_unplaced_or_misplaced_name_is_a_miss_in_both():
    art = _article([_gold("Qana", 33.21, 35.30), _gold("Srifa", 33.28, 35.40)])
    report = evaluate([art], _found({"text": "Qana", "lat": 37.0, "lon": 27.0},
                                    {"text": "Srifa", "lat": None, "lon": None}))
    assert (report.geocoding.right, report.geocoding.total) == (0, 2)
    assert (report.geocoding_e2e.right, report.geocoding_e2e.total) == (0, 2)


def test_names_without_coordinates_are_left_out_of_both():
    art = _article([_gold("Somewhere", None, None)])
    report = evaluate([art], _found())
    assert report.geocoding.total == report.geocoding_e2e.total == 0
    assert "geocoding_end_to_end" in report.as_dict()
