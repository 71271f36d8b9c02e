"""Common Arabic words that are also village names somewhere are no places in running text."""

import geonews


def surfaces(text):
    return [m.text for m in geonews.extract(text).mentions]


def test_city_new_eastern_source_are_words():
    text = ("قال المصدر إن المدينة شهدت غارات جديدة في المناطق الشرقية والغربية، "
            "وعاد السكان لأول مرة إلى خان يونس.")
    assert surfaces(text) == ["خان يونس"]


def test_a_longer_name_that_holds_the_word_still_wins():
    got = surfaces("طلب الجيش من سكان مدينة غزة التوجه إلى المنطقة الوسطى.")
    assert "مدينة غزة" in got and "المنطقة الوسطى" in got


def test_street_lists_and_outskirts_in_arabic():
    got = surfaces("طالب الجيش سكان صور بإخلاء المباني بين الشوارع: النخيل، أبو ديب، وشارع البحر. "
                   "وقصفت الطائرات بلدات صريفا وأطراف البرغلية وفرون.")
    assert {"النخيل", "أبو ديب", "شارع البحر", "البرغلية"} <= set(got)
    assert "أطراف البرغلية" not in got
