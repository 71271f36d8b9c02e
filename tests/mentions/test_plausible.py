"""A slot name's place is kept only near the article's other places: an article of
many places measures that in numpy, with the same answers as the exact distances."""

import random

from geonews.mentions.finder import PLAUSIBLE_KM, MentionFinder
from geonews.places.matcher import distance_km
from geonews.places.model import Place


def exact(place, context):
    others = [p for pid, p in context.items() if pid != place.id]
    return not others or min(distance_km(place, o) for o in others) < PLAUSIBLE_KM


def test_many_places_give_the_answers_of_the_exact_distances():
    rng = random.Random(3)
    finder = MentionFinder.__new__(MentionFinder)  # _plausible needs no index
    finder._around = None
    context = {f"p{i}": Place(f"p{i}", "P", "town", "LB", rng.uniform(30, 37),
                              rng.uniform(30, 40)) for i in range(500)}
    first = context["p0"]
    asked = [Place(f"q{i}", "Q", "town", "XX", rng.uniform(20, 50), rng.uniform(20, 50))
             for i in range(200)]
    # Right at the limit from one of them (by the exact measure, either side), and a
    # place of the context itself (it is no other place of its own).
    step = PLAUSIBLE_KM / 111.19
    asked += [Place(f"b{i}", "B", "town", "XX", first.lat + step * f, first.lon)
              for i, f in enumerate((0.999999, 1.0, 1.000001))]
    asked.append(first)
    answers = [finder._plausible(p, context) for p in asked]
    assert answers == [exact(p, context) for p in asked]
    assert True in answers and False in answers
