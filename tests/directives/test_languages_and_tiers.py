"""French orders, Arabic and French dates, warnings that are no orders, exemptions."""

import pytest

import geonews
from geonews.directives.attributes import foreign_date


def affected(text, date=None):
    return [p.mention.text for d in geonews.extract(text, date=date).directives for p in d.affected]


# (sentence, is an order) — French phrasings of orders and of things that are not orders.
FRENCH = [
    ("L'armée a appelé les habitants de Srifa et de Qana à quitter immédiatement leurs maisons.",
     True),
    ("Un ordre d'évacuation a été émis pour les résidents de Tyr.", True),
    ("Les habitants de Nabatieh doivent évacuer vers le nord.", True),
    ("« Évacuez vos maisons immédiatement et rendez-vous au nord du fleuve Awali »", True),
    ("Les habitants de Tyr ont fui les bombardements la semaine dernière.", False),
]


@pytest.mark.parametrize("sentence, is_order", FRENCH)
def test_french_orders_are_understood(sentence, is_order):
    assert bool(geonews.extract(sentence).directives) is is_order


def test_a_french_order_gives_its_places_and_destination():
    ex = geonews.extract("L'armée a appelé les habitants de Srifa, Qana et Deir Qanoun à quitter "
                         "la zone et à se diriger vers Saïda.")
    d = ex.directives[0]
    assert {p.mention.text for p in d.affected} == {"Srifa", "Qana", "Deir Qanoun"}
    assert [p.mention.text for p in d.destinations] == ["Saïda"]


def test_an_earlier_french_order_is_background():
    assert not geonews.extract("Mardi, un appel similaire avait été adressé aux habitants de "
                               "Qana, invités à quitter leurs maisons.").directives


@pytest.mark.parametrize("text, article_date, expected", [
    ("أنذر الجيش سكان صور يوم ٢٠ تشرين الأول ٢٠٢٣ بالإخلاء", None, "2023-10-20"),
    ("أنذر الجيش في 20 أكتوبر سكان صور بالإخلاء", "2024-10-21", "2024-10-20"),
    ("Le 2 octobre 2024, l'armée a appelé les habitants de Tyr à quitter la ville.", None,
     "2024-10-02"),
    ("no date here", "2024-01-01", None),
])
def test_french_and_arabic_dates_are_read(text, article_date, expected):
    assert foreign_date(text, article_date) == expected


def test_the_date_of_an_arabic_order():
    ex = geonews.extract("أنذر الجيش الإسرائيلي يوم ٢٠ تشرين الأول ٢٠٢٣ سكان بيت حانون بالإخلاء "
                         "والتوجه إلى مدينة غزة.")
    assert ex.directives[0].date == "2023-10-20"


def test_a_us_evacuation_warning_to_get_ready_is_no_order():
    assert not geonews.extract("An evacuation warning was issued for Calabasas; residents "
                               "should be ready to leave.").directives


def test_warned_places_beside_ordered_ones_take_no_role():
    got = affected("Officials issued evacuation orders for Malibu and evacuation warnings for "
                   "Calabasas and Topanga.")
    assert got == ["Malibu"]


# A place as the subject of the order's state ("remains under a mandatory evacuation").
UNDER_ORDERS = [
    ("Parts of Sonoma County remain under mandatory evacuation, officials said.",
     ["Sonoma County"]),
    ("By noon only Oroville and Chico were still under mandatory evacuation.",
     ["Oroville", "Chico"]),
    ("Homes in Santa Rosa were placed under evacuation orders overnight.", ["Santa Rosa"]),
    ("Galveston is now under a voluntary evacuation, the county judge said.", ["Galveston"]),
    ("Napa was under fire from critics after the county's evacuation order came late.", []),
]


@pytest.mark.parametrize("text, expected", UNDER_ORDERS)
def test_a_place_under_an_evacuation_order_is_affected(text, expected):
    assert affected(text) == expected


def test_the_cause_of_an_order_is_not_its_area():
    assert affected("Residents of Erftstadt were told to leave due to flooding from "
                    "Euskirchen.") == ["Erftstadt"]
    assert affected("People in Sinzig were ordered to evacuate because of the threat from "
                    "Koblenz's dam, and to go to shelters in Remagen.") == ["Sinzig"]


def test_places_under_an_evacuation_warning_are_not_told_to_leave():
    text = ("Chico remains under a mandatory evacuation order. The other towns are under an "
            "evacuation warning, including Redding and Oroville.")
    assert affected(text) == ["Chico"]
    assert affected("Oroville is under a mandatory evacuation order and Chico is under an "
                    "evacuation warning.") == ["Oroville"]


def test_an_israeli_evacuation_warning_to_residents_is_an_order():
    assert affected("The army issued an evacuation warning to residents of Srifa and Qana.") == \
        ["Srifa", "Qana"]


@pytest.mark.parametrize("text", [
    "Residents of Khan Younis were ordered to leave. The order does not apply to Nasser Hospital.",
    "Residents of Khan Younis were ordered to leave. Nasser Hospital is not included in the order.",
    "Les habitants de Tyr doivent évacuer, à l'exception de Rachidieh.",
])
def test_an_exemption_is_no_affected_place(text):
    ex = geonews.extract(text)
    exempt = {p.mention.text for d in ex.directives for p in d.exemptions}
    aff = {p.mention.text for d in ex.directives for p in d.affected}
    assert exempt and not exempt & aff


def test_people_named_by_demonym_before_must_leave_are_the_affected():
    assert affected("The spokesman said the Palestinians in the Gaza City neighborhoods of "
                    "Zeitoun and Tel al-Hawa must leave their areas.")[-2:] == ["Zeitoun",
                                                                              "Tel al-Hawa"]


def test_similar_french_warnings_issued_for_neighbourhoods():
    got = affected("Des mises en garde similaires ont été émises pour les quartiers de "
                   "Haret Hreik et Choueifat.")
    assert set(got) == {"Haret Hreik", "Choueifat"}


def test_a_county_located_in_a_region_that_issues_evacuations():
    got = affected("Dixie County in the Big Bend region has issued mandatory evacuations for "
                   "coastal communities.")
    assert got == ["Dixie County"]


@pytest.mark.parametrize("text, expected", [
    ("L'armée a demandé aux habitants de Qarnit, Srifa, Deir Nimra et Qana de quitter les lieux.",
     ["Qarnit", "Srifa", "Deir Nimra", "Qana"]),
    ("Les villes concernées par cet ordre d'évacuation comprennent : Qarnit, Srifa, Deir Nimra "
     "et Qana.", ["Qarnit", "Srifa", "Deir Nimra", "Qana"]),
    ("L'armée conseille aux civils de Srifa et Qana d'évacuer au plus vite.", ["Srifa", "Qana"]),
    ("Les habitants de Srifa et Qana sont priés de quitter immédiatement leurs maisons.",
     ["Srifa", "Qana"]),
])
def test_more_french_phrasings_of_an_order(text, expected):
    assert affected(text) == expected
