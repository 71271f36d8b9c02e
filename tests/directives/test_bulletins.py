"""Bulletins: "Place: …" lines under a heading about evacuations are one order each."""

import geonews

HEADING = ("Evacuation orders issued as the storm nears\n\n"
           "Officials ordered evacuations on Monday.\n")


def _orders(text: str) -> list[tuple[str, list[str]]]:
    return [(d.trigger, [p.mention.place.name for p in d.affected])
            for d in geonews.extract(text).directives if d.trigger == "bulletin item"]


def test_each_label_line_under_an_evacuation_heading_is_an_order_for_its_place():
    text = HEADING + "Charlotte County: Starting Tuesday at 8AM.\nSarasota: near the coast.\n"
    assert _orders(text) == [("bulletin item", ["Charlotte County"]),
                             ("bulletin item", ["Sarasota"])]


def test_a_label_far_from_any_evacuation_word_is_no_order():
    filler = "The markets were busy and the weather was mild. " * 40  # ~2,000 characters
    assert _orders(HEADING + filler + "\nSarasota: markets reopened.\n") == []


def test_a_label_opening_an_order_sentence_is_among_its_affected_places():
    ex = geonews.extract(HEADING + "Khan Younis: residents must evacuate to Rafah now.\n")
    (order,) = [d for d in ex.directives if "Rafah" in d.sentence]
    assert "Khan Yunis" in [p.mention.place.name for p in order.affected]


def test_a_bulletin_of_many_lines_gives_one_order_per_line():
    text = HEADING + "\n".join(["Rafah: evacuate now"] * 300)
    orders = _orders(text)
    assert orders == [("bulletin item", ["Rafah"])] * 300
