"""Places listed in the sentence after an order, and the regions that only frame them."""

import geonews
from tests.directives import roles




def test_the_villages_listed_after_the_order_are_affected_known_or_not():
    aff, _ = roles("The army issued an urgent evacuation order to residents of several villages "
                   "in southern Lebanon. The villages include Srifa, Qarnit, Deir Nimra, Qana "
                   "and Tallousat.")
    assert {"Srifa", "Qarnit", "Deir Nimra", "Qana", "Tallousat"} <= set(aff)


def test_a_region_that_only_frames_the_named_villages_takes_no_role():
    aff, _ = roles("The army issued an urgent evacuation order to residents of several villages "
                   "in southern Lebanon. The villages include Srifa, Qana and Arzoun.")
    assert "southern Lebanon" not in aff


def test_a_region_with_no_named_place_inside_keeps_its_role():
    aff, _ = roles("The army ordered residents of southern Lebanon to leave their homes.")
    assert aff == ["southern Lebanon"]


def test_compulsory_evacuation_is_an_order():
    aff, _ = roles("A decision was made on the compulsory evacuation of families from the "
                   "cities of Pokrovsk and Myrnohrad.")
    assert {"Pokrovsk", "Myrnohrad"} <= set(aff)


def test_an_urgent_arabic_message_with_one_area_a_line():
    text = ("عاجل إلى جميع السكان المتواجدين في المناطق التالية:\n\n- حارة حريك\n\n- برج البراجنة 📍"
            " أنتم تتواجدون بالقرب من منشآت\n")
    aff, _ = roles(text)
    assert {"حارة حريك", "برج البراجنة"} <= set(aff)


def test_a_river_written_after_its_kind_word_is_the_destination():
    _, dest = roles("« Vous devez évacuer vos maisons immédiatement et vous rendre au nord du "
                    "fleuve Awali », a dit l'armée aux habitants de Srifa.")
    assert dest == ["fleuve Awali"]
    _, dest = roles("أنذر الجيش سكان صريفا بالإخلاء والتوجه إلى شمال نهر الأولي.")
    assert dest == ["نهر الأولي"]


def test_a_list_continued_over_two_sentences_after_the_order():
    aff, _ = roles("The army on Saturday ordered the residents of 12 villages in southern Lebanon "
                   "to evacuate. The spokesman listed the areas, including Qarnit, Deir Nimra and "
                   "Srifa. The list also included Tallousat, Qana and Brikeh.")
    assert {"Qarnit", "Deir Nimra", "Srifa", "Tallousat", "Qana", "Brikeh"} <= set(aff)


def test_a_county_that_issues_evacuations_is_the_area_ordered():
    aff, _ = roles("Citrus County, north of Tampa, has issued mandatory evacuations for those "
                   "living in zone A.")
    assert "Citrus County" in aff


def test_the_camp_word_stays_with_its_name_in_a_list():
    ex = geonews.extract("The affected areas include Qarnit, Tallousat camp, Deir Nimra and "
                         "Brikeh.")
    assert {"Qarnit", "Tallousat camp", "Deir Nimra", "Brikeh"} <= {m.text for m in ex.mentions}


def test_block_numbers_on_the_line_after_the_order():
    ex = geonews.extract("عاجل إلى جميع السكان المتواجدين في منطقة الشجاعية في بلوكات:\n\n"
                         "607, 617, 618\n\nعليكم الإخلاء فورا.")
    assert {607, 617, 618} <= {n for d in ex.directives for n in d.blocks}


def test_reception_centres_after_an_order_are_its_destinations():
    _, dest = roles("An evacuation order covers the town of Jasper. Reception centres for "
                    "evacuees are being set up in Calgary and Grande Prairie. In Alberta, "
                    "evacuees can also stop for shelter at the Hinton Community Hall.")
    assert {"Calgary", "Grande Prairie", "Hinton Community Hall"} <= set(dest)
    assert "Alberta" not in dest  # it locates the centres; nobody is sent to a province


def test_told_to_pack_up_and_flee_across_a_time_of_day():
    _, dest = roles("Everyone in Jasper was told to pack up and flee west by 3 a.m. Tuesday "
                    "towards neighbouring British Columbia.")
    assert dest == ["British Columbia"]


def test_a_hashtag_names_a_place():
    ex = geonews.extract("بيان عاجل إلى سكان #جنوب_لبنان في القرى التالية")
    assert [m.text for m in ex.mentions] == ["جنوب_لبنان"]


def test_a_region_around_the_one_town_ordered_is_its_frame_but_not_beside_it():
    aff, _ = roles("The army issued an urgent warning to the residents of Naqoura in South "
                   "Lebanon. They must evacuate their homes immediately.")
    assert aff == ["Naqoura"]
    aff, _ = roles("Residents of Gaza City and northern Gaza must leave immediately.")
    assert aff == ["Gaza City", "northern Gaza"]
