"""Directives: orders to move, with each place in its role (English and Arabic)."""

import pytest
from shapely.geometry import Point

import geonews


def directives(text, date="2024-07-06"):
    return geonews.extract(text, date=date).directives


def roles(d):
    names = lambda refs: [r.mention.text for r in refs]  # noqa: E731
    return names(d.affected), names(d.destinations)


@pytest.mark.parametrize("text,affected,destinations", [
    ("The army ordered residents of Abasan and Bani Suhaila to evacuate immediately to Rafah.",
     ["Abasan", "Bani Suhaila"], ["Rafah"]),
    ("Residents of Khan Younis were told to leave and head to al-Mawasi.",
     ["Khan Younis"], ["al-Mawasi"]),
    ("The military instructed people in Beit Lahia to flee towards Gaza City.",
     ["Beit Lahia"], ["Gaza City"]),
    ("Israel called on civilians in Nuseirat to relocate to the humanitarian zone in Deir "
     "al-Balah.", ["Nuseirat"], ["Deir al-Balah"]),
    ("Leaflets dropped over Jabalia urged families to move south to Khan Younis.",
     ["Jabalia"], ["Khan Younis"]),
    ("Israel ordered the evacuation of Beit Hanoun on Saturday.", ["Beit Hanoun"], []),
    ("New evacuation orders were issued for Bureij and Maghazi.", ["Bureij", "Maghazi"], []),
    ("Khan Younis residents must leave their homes now, the army said.", ["Khan Younis"], []),
    ("“Evacuate immediately to the Mawasi area,” the spokesman wrote.", [], ["Mawasi"]),
])
def test_english_orders_and_roles(text, affected, destinations):
    (d,) = directives(text)
    assert roles(d) == (affected, destinations)


def test_a_list_gives_one_affected_place_each():
    (d,) = directives("The evacuation order covers the areas of Al-Qarara, Khirbet Khuza'a, Abasan, "
                      "Bani Suhaila and Ma'an, the army said.")
    assert roles(d)[0] == ["Al-Qarara", "Khirbet Khuza'a", "Abasan", "Bani Suhaila", "Ma'an"]
    assert [r.mention.place.country for r in d.affected] == ["PS"] * 5


def test_a_follow_up_sentence_gives_the_destination_of_the_order_before():
    ds = directives("The army told people living in Abasan and Bani Suhaila to evacuate. "
                    "They were told to go to shelters in Rafah.")
    assert len(ds) == 1
    assert roles(ds[0]) == (["Abasan", "Bani Suhaila"], ["Rafah"])


@pytest.mark.parametrize("text", [
    "There is no place to go, a resident of Rafah said.",
    "They expelled us from the north, and now they are pushing us to leave Khan Younis.",
    "If an evacuation order is issued for Deir al-Balah, families will move to Zawayda.",
    "The military has not ordered residents of Nuseirat to leave.",
    "Many had already been told to leave Khan Younis weeks earlier.",
    "In case of an evacuation order, residents of Rafah should check the map.",
    "An airstrike hit a school sheltering displaced families in Nuseirat.",
    "Families who fled Jabalia last year returned to find their homes gone.",
])
def test_not_directives(text):
    assert directives(text) == []


def test_an_exemption_is_reported_as_such():
    ds = directives("The army ordered residents of eastern Khan Younis to evacuate to al-Mawasi. "
                    "The order does not apply to Nasser Hospital, it added.")
    assert len(ds) == 1
    assert [r.mention.text for r in ds[0].exemptions] == ["Nasser Hospital"]
    assert "Nasser Hospital" not in roles(ds[0])[0]


def test_places_in_unrelated_clauses_take_no_role():
    (d,) = directives("The army told residents of Rafah to move to al-Mawasi, which lies west of "
                      "Khan Younis and was shelled by tanks from Kerem Shalom.")
    assert roles(d) == (["Rafah"], ["al-Mawasi"])


def test_a_speakers_home_town_is_not_an_area_of_the_order():
    ds = directives("The army ordered residents of eastern Khan Younis to leave. Ahmed, from the "
                    "town of Bani Suhaila, told reporters that this evacuation order was his "
                    "third.")
    assert [roles(d)[0] for d in ds] == [["Khan Younis"]]


def test_issuer_and_date():
    (d,) = directives("On Friday the Israeli military ordered residents of Rafah to leave.",
                      date="2024-05-06")  # a Monday
    assert d.issuer == "Israeli military" and d.date == "2024-05-03"
    (d,) = directives("Avichay Adraee told residents of Bureij on 2 December 2023 to move to "
                      "Deir al-Balah.", date=None)
    assert d.issuer == "Avichay Adraee" and d.date == "2023-12-02"
    (d,) = directives("Residents of Rafah were told to leave.", date="2024-05-06")
    assert d.issuer is None and d.date == "2024-05-06"


class TestArabic:
    def test_evacuate_and_head_to(self):
        (d,) = directives("أعلن الجيش الإسرائيلي إخلاء سكان بيت حانون والتوجه إلى مدينة غزة.")
        assert [r.mention.place.name for r in d.affected] == ["Beit Hanoun"]
        assert [r.mention.place.name for r in d.destinations] == ["Gaza"]
        assert d.issuer == "الجيش الإسرائيلي"

    def test_blocks_and_a_destination(self):
        (d,) = directives("على سكان البلوكات 36، 54-38 في خان يونس الانتقال فورا إلى منطقة "
                          "المواصي.")
        assert d.blocks == [36, *range(38, 55)]
        assert [r.mention.place.name for r in d.destinations] == ["Al-Mawasi"]

    def test_imperative(self):
        (d,) = directives("توجهوا فورا إلى المواصي.")
        assert [r.mention.place.name for r in d.destinations] == ["Al-Mawasi"]

    def test_north_and_south_of_the_strip(self):
        (d,) = directives("سكان مدينة غزة وشمال القطاع مطالبون بإخلاء منازلهم والتوجه إلى جنوب "
                          "القطاع.")
        assert [r.mention.place.name for r in d.affected] == ["Gaza", "Northern Gaza"]
        assert [r.mention.place.name for r in d.destinations] == ["Southern Gaza"]


class TestZones:
    def test_south_of_a_line(self):
        (d,) = directives("Everyone south of Wadi Gaza was told to move to Khan Younis.")
        assert [r.mention.place.name for r in d.affected] == ["Southern Gaza"]

    def test_east_of_a_road(self):
        (d,) = directives("The army ordered civilians east of Salah al-Din Road to evacuate west.")
        (zone,) = d.zones
        assert zone.description == "east of Salah al-Din Road" and zone.role == "affected"
        strip = geonews.Gazetteer.default().geometry("ps:gaza-strip")
        assert 0.2 < zone.geometry.area / strip.area < 0.6
        gaz = geonews.Gazetteer.default()
        east, west = gaz.lookup("Khuza'a")[0].place, gaz.lookup("al-Mawasi")[0].place
        assert zone.geometry.contains(Point(east.lon, east.lat))
        assert not zone.geometry.contains(Point(west.lon, west.lat))

    def test_eastern_part_of_a_town(self):
        (d,) = directives("Residents of the eastern neighbourhoods of Khan Younis were told to "
                          "leave.")
        (zone,) = d.zones
        town = geonews.Gazetteer.default().geometry(d.affected[0].mention.place)
        assert zone.geometry.within(town.buffer(1e-9))
        assert zone.geometry.centroid.x > town.centroid.x
        assert 0.3 < zone.geometry.area / town.area < 0.7

    def test_a_whole_region_is_a_place_not_a_zone(self):
        (d,) = directives("Residents of northern Gaza were told to move south.")
        assert [r.mention.place.id for r in d.affected] == ["ps:north-of-wadi-gaza"]
