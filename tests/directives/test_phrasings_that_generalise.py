"""How orders are written across outlets (issue 12): each case is a phrasing seen in more
than one outlet, in sentences written for this file."""

from tests.directives import roles


def test_the_scope_of_an_order_stated_in_a_sentence_of_its_own():
    affected, _ = roles("Officials ordered the compulsory evacuation of families with children. "
                        "The measure covers the city of Druzhkivka and the villages of "
                        "Andriivka and Rohanske.")
    assert {"Druzhkivka", "Andriivka", "Rohanske"} <= set(affected)


def test_a_source_after_according_to_is_no_destination():
    _, destinations = roles("An evacuation order was issued for the canyon area, according to "
                            "the Cochise County Sheriff's Office.")
    assert destinations == []


def test_the_areas_named_after_the_speaker_of_a_quoted_order():
    affected, _ = roles('"You must evacuate your homes and head to known shelters," the leaflets '
                        "said, naming the neighbourhoods of Khuzaa and Abasan.")
    assert {"Khuzaa", "Abasan"} <= set(affected)


def test_the_areas_named_after_the_speaker_in_french():
    affected, destinations = roles("« Vous devez évacuer et vous diriger vers des abris », "
                                   "préviennent les tracts en citant les localités de Khouzaa "
                                   "et Abassan.")
    assert {"Khouzaa", "Abassan"} <= set(affected) and destinations == []


def test_the_quoted_address_an_order_opens_with():
    affected, destinations = roles("« Aux habitants des villes de Khouzaa et Abasan ! Vous devez "
                                   "évacuer et vous rendre dans la région de Rafah. »")
    assert {"Khouzaa", "Abasan"} <= set(affected) and "Rafah" in destinations


def test_a_passive_order_and_where_it_sends_people():
    affected, destinations = roles("The collector said the people of Weed should be "
                                   "immediately evacuated to Yreka.")
    assert affected == ["Weed"] and destinations == ["Yreka"]


def test_a_distance_and_side_locates_a_place_outside_the_order():
    affected, _ = roles("Residents of Marathon, 40 kilometres east of Athens, were ordered to "
                        "evacuate on Sunday.")
    assert affected == ["Marathon"]


def test_arabic_ordering_verb_before_the_list_and_the_verb_of_leaving():
    affected, destinations = roles("ودعا الجيش سكان مخيم الشابورة وخربة العدس للتوجه فورا إلى "
                                   "المواصي.")
    assert {"الشابورة", "خربة العدس"} <= {a.removeprefix("مخيم ") for a in affected}
    assert destinations == ["المواصي"]


def test_arabic_list_after_a_colon():
    affected, _ = roles("ووجه الجيش إنذارا عاجلا لسكان: صربين، ومروحين، وشيحين.")
    assert {"صربين", "مروحين", "شيحين"} <= set(affected)


def test_arabic_about_before_a_number_is_not_towards():
    _, destinations = roles("طلب الجيش من سكان نحو 25 بلدة في جنوب لبنان مغادرتها والتوجه إلى "
                            "شمال نهر الأولي.")
    assert destinations == ["نهر الأولي"]


def test_arabic_motion_verb_then_a_side_gives_the_destination():
    affected, destinations = roles("على سكان صربين إخلاء منازلهم فورا والتحرك فورا شمال نهر "
                                   "الأولي.")
    assert "نهر الأولي" in destinations and "نهر الأولي" not in affected


def test_arabic_fi_after_a_shelter_keeps_the_destination():
    affected, destinations = roles("دعا الجيش سكان خان يونس إلى الانتقال فورا لمراكز الإيواء في "
                                   "منطقة المواصي.")
    assert "خان يونس" in affected
    assert any("المواصي" in d for d in destinations)
    assert not any("المواصي" in a for a in affected)


def test_arabic_ila_before_the_people_addressed_is_no_destination():
    affected, destinations = roles("أصدر الجيش إنذارات إخلاء جديدة إلى الفلسطينيين في منطقة دير "
                                   "البلح.")
    assert destinations == [] and any("دير البلح" in a for a in affected)


def test_an_order_that_names_only_where_to_go():
    affected, destinations = roles("Residents of Lahaina were directed to evacuation shelters in "
                                   "Wailuku.")
    assert affected == ["Lahaina"] and destinations == ["Wailuku"]


def test_an_order_issued_on_a_weekday_for_a_town():
    affected, _ = roles("An evacuation order was issued Sunday for Santa Rosa.")
    assert affected == ["Santa Rosa"]
