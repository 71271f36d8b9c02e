"""A request's answers are those of ranking every name by the whole request, however
the matcher gets there: names with one candidate or none settled once and kept, the
nearest anchor measured pair by pair in Python for a short request, the score boost
worked out element by element."""

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.places import matcher as matcher_module
from geonews.places.matcher import (
    MAX_RANKED, NEARBY_KM, NO_BOOST_KM, Matcher, RequestContext, _approx_km, _beyond_reach,
    _boosts, _inside_bbox, _minus_score, could_be_a_name)
from geonews.places.model import Candidate, Place

# Namesakes across countries and continents, regions, one-candidate names, no names.
NAMES = ["Rafah", "Khan Younis", "Ma'an", "Gaza", "Gaza City", "Bani Suhaila", "Jabalia",
         "Nuseirat", "Tyre", "Sidon", "Beirut", "Nabatieh", "Arish", "Ismailia", "Cairo",
         "Hamad City", "Washington", "Paris", "Alexandria", "Tripoli", "Springfield",
         "Lebanon", "Khan Younis Governorate", "Block 123", "Amman", "Irbid", "Jordan",
         "Mawasi", "Zeitoun", "Shifa hospital", "N/A", "=1+1", "Nowhere-at-all"]


@pytest.fixture(scope="module")
def matcher():
    return Matcher()


def ranked_in_full(matcher: Matcher, names: list[str], alternatives: int):
    """The request ranked as written out plainly: every name's pool sorted by score, the
    clear winners as anchors, every name (one candidate or many) ranked and resolved."""
    unique = list(dict.fromkeys(names))
    by_score = {n: sorted(matcher.candidates(n), key=_minus_score) if could_be_a_name(n)
                else [] for n in unique}
    anchors = {n: pool[0].place for n, pool in by_score.items()
               if pool and (len(pool) == 1 or pool[1].score < 0.8 * pool[0].score)}
    ranked = RequestContext(anchors).rank({n: by_score[n][:MAX_RANKED] for n in unique})
    out = {n: Matcher._resolution(n, ranked[n], alternatives) for n in unique}
    return [out[n] for n in names]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(NAMES), min_size=1, max_size=30),
       st.integers(min_value=0, max_value=5))
def test_a_request_resolves_as_ranking_every_name_in_full(matcher, names, alternatives):
    # The matcher keeps names' settled parts from one example to the next: a kept part
    # must give what the full ranking gives in every other request too.
    assert matcher.resolve(names, alternatives=alternatives) == \
        ranked_in_full(matcher, names, alternatives)


def test_only_the_latest_names_are_kept_and_answers_do_not_change(monkeypatch):
    monkeypatch.setattr(matcher_module, "KEPT_NAMES", 4)
    small = Matcher()
    first = small.resolve(NAMES[:3])
    # More new names than are kept, in one request with names kept before.
    longer = NAMES[:12]
    assert small.resolve(longer) == ranked_in_full(small, longer, 3)
    assert list(small._kept) == list(dict.fromkeys(longer))[-4:]
    assert small.resolve(NAMES[:3]) == first


def test_a_settled_name_is_kept_and_a_constrained_request_is_not(matcher):
    first = matcher.resolve(["Khan Younis", "Bani Suhaila"])
    assert matcher.resolve(["Bani Suhaila", "Khan Younis"])[::-1] == first
    egypt = matcher.resolve(["Rafah"], country="EG")[0]
    assert egypt.place.country == "EG" and matcher.resolve(["Rafah"])[0].place.country == "PS"


# ------------------------------------------------------------------ context
_KINDS = ["town", "city", "region", "governorate", "country", "county", "neighbourhood"]


@st.composite
def places(draw, prefix: str, countries=("XX",)):
    lat = draw(st.floats(min_value=-80, max_value=80, allow_nan=False))
    lon = draw(st.floats(min_value=-180, max_value=180, allow_nan=False))
    kind = draw(st.sampled_from(_KINDS))
    bbox = None
    if draw(st.booleans()):
        w, h = draw(st.floats(0, 20)), draw(st.floats(0, 20))
        bbox = (lon - w, lat - h, lon + w, lat + h)
    return Place(f"{prefix}{draw(st.integers(0, 10**9))}", "P", kind,
                 draw(st.sampled_from(countries)), lat, lon, bbox=bbox)


def rank_plainly(anchors: dict[str, Place], pools: dict[str, list[Candidate]]):
    """RequestContext.rank as its docstring says it: each name's candidates times 1.15 in
    the country of more than half the other names' anchors, times up to 1.5 near the
    nearest of them, then sorted; a name's own anchor is no context of it unless another
    name shares it."""
    context = list({p.id: p for p in anchors.values()}.values())
    users = Counter(p.id for p in anchors.values())
    out = {}
    for n, pool in pools.items():
        own = anchors.get(n) if n in anchors and users[anchors[n].id] == 1 else None
        others = [p for p in context if own is None or p.id != own.id]
        if len(pool) > 1 and others:
            counts = Counter(p.country for p in others)
            majority = next((c for c, k in counts.items() if 2 * k > len(others)), None)
            near = np.array([min(0.0 if _inside_bbox(c.place, a) else _approx_km(c.place, a)
                                 for a in others) for c in pool])
            boost = (1.0 + 0.5 * np.exp(-near / NEARBY_KM)).tolist()
            pool = [Candidate(c.place, c.match, c.quality, c.score * (
                (1.15 if majority and c.place.country == majority else 1.0) * b))
                for c, b in zip(pool, boost)]
        out[n] = sorted(pool, key=lambda c: (-c.score, -c.quality, c.place.id))
    return out


@st.composite
def requests(draw):
    countries = ("PS", "LB", "EG", None)
    anchor_places = draw(st.lists(places("a", countries), min_size=1, max_size=8,
                                  unique_by=lambda p: p.id))
    names = [f"n{i}" for i in range(10)]
    anchors = {n: draw(st.sampled_from(anchor_places))
               for n in draw(st.lists(st.sampled_from(names), unique=True, max_size=8))}
    pools = {}
    for n in draw(st.lists(st.sampled_from(names), unique=True, min_size=1)):
        pool = draw(st.lists(places("c", countries), min_size=1, max_size=6,
                             unique_by=lambda p: p.id))
        pools[n] = [Candidate(p, "exact", draw(st.sampled_from([1.0, 0.9, 0.7])),
                              draw(st.floats(0.5, 1.5))) for p in pool]
    return anchors, pools


@settings(max_examples=300, deadline=None)
@given(requests())
def test_a_short_request_is_ranked_as_the_context_says(request):
    anchors, pools = request
    assert RequestContext(anchors).rank(pools) == rank_plainly(anchors, pools)


def nearest_by_approx_km(anchors: list[Place], place: Place, own: int) -> float:
    """The plain definition: the least _approx_km to an anchor other than ``own``, 0 to
    one inside a region's box, infinite with no other anchor."""
    others = [a for j, a in enumerate(anchors) if j != own]
    if not others:
        return math.inf
    return min(0.0 if _inside_bbox(place, a) else _approx_km(place, a) for a in others)


@settings(max_examples=300, deadline=None)
@given(st.lists(places("a"), min_size=1, max_size=12, unique_by=lambda p: p.id),
       st.lists(places("c"), min_size=1, max_size=12), st.data())
def test_the_pairwise_nearest_anchor_is_approx_km_to_the_last_bit(anchors, asked, data):
    context = RequestContext({a.id: a for a in anchors})
    own = [data.draw(st.integers(-1, len(anchors) - 1)) for _ in asked]
    got = context._pairwise_km(asked, own)
    want = [nearest_by_approx_km(anchors, p, o) for p, o in zip(asked, own)]
    # About NO_BOOST_KM or more a distance may be left unmeasured (infinite): it is
    # boosted alike.
    cap = NO_BOOST_KM * 0.999
    assert [min(g, cap) for g in got] == [min(w, cap) for w in want]
    assert _boosts(got) == _boosts(want)


@settings(max_examples=300, deadline=None)
@given(st.lists(places("a"), min_size=1, max_size=6, unique_by=lambda p: p.id),
       st.floats(-89, 89), st.floats(-180, 180))
def test_a_point_is_beyond_reach_only_when_it_is(anchors, lat, lon):
    if _beyond_reach([(a.lat, a.lon) for a in anchors])(lat, lon):
        point = Place("p", "P", "town", "XX", lat, lon)
        assert min(_approx_km(point, a) for a in anchors) > NO_BOOST_KM * 0.999


def test_far_namesakes_are_left_unmeasured():
    gaza = RequestContext({"A": Place("a", "A", "town", "PS", 31.3, 34.3)})
    far = [Place("x", "X", "town", "US", 31.3, -97.0), Place("y", "Y", "town", "NO", 69.6, 18.9)]
    near = Place("z", "Z", "town", "EG", 31.1, 33.8)
    assert gaza._pairwise_km(far + [near], [-1, -1, -1])[:2] == [math.inf, math.inf]
    assert _boosts([NO_BOOST_KM, math.inf]) == [1.0, 1.0]


def test_a_region_holding_an_anchor_is_at_distance_zero_but_not_by_its_own():
    region = Place("r", "R", "region", "XX", 31.4, 34.4, bbox=(34.2, 31.2, 34.6, 31.6))
    town = Place("t", "T", "town", "XX", 31.3, 34.3)
    context = RequestContext({"R": region, "T": town})
    assert context._pairwise_km([region, region], [-1, 0]) == [0.0, 0.0]
    context = RequestContext({"T": town})
    assert context._pairwise_km([region], [0]) == [math.inf]
    assert context._pairwise_km([region], [-1]) == [0.0]


@given(st.lists(st.floats(min_value=0, max_value=25_000, allow_nan=False), max_size=40))
def test_the_boosts_of_a_few_distances_are_numpys(near):
    assert _boosts(near) == _boosts(np.array(near, dtype=float))
    assert all(1.0 <= b <= 1.5 for b in _boosts(near))


def test_the_country_of_most_anchors_wins_among_three():
    towns = [Place(f"t{i}", "T", "town", cc, 31.3 + i / 100, 34.3)
             for i, cc in enumerate(["PS", "PS", "PS", "LB", "EG"])]
    context = RequestContext({f"n{i}": t for i, t in enumerate(towns)})
    far_ps = Place("x", "X", "town", "PS", -30.0, -60.0)
    far_eg = Place("y", "Y", "town", "EG", -30.0, -60.0)
    pool = [Candidate(far_eg, "exact", 1.0, 1.1), Candidate(far_ps, "exact", 1.0, 1.0)]
    ranked = context.rank({"Z": pool})["Z"]
    assert [c.place.country for c in ranked] == ["PS", "EG"] and ranked[0].score == 1.15
