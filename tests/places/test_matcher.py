"""Resolving names: every common spelling finds the right place, within 2 km.

The reference points below are the places' commonly published coordinates
(town centres, camp centres, hospital compounds), typed independently of the
gazetteer's sources.
"""

import math

import pytest

from geonews.places.matcher import Area, Matcher

# (true lat, true lon, spellings in English and Arabic)
GAZA_PLACES = [
    (31.3444, 34.3033, ["Khan Younis", "Khan Yunis", "Khān Yūnis", "Khanyounis", "Khan Younes",
                        "خان يونس", "خانيونس"]),
    (31.2972, 34.2514, ["Rafah", "Rafaḩ", "رفح", "Rafah city"]),
    (31.4167, 34.3500, ["Deir al-Balah", "Deir el-Balah", "Dayr al-Balah", "Deir Balah",
                        "دير البلح"]),
    (31.3333, 34.3167, ["Bani Suhaila", "Bani Suheila", "Beni Suhaila", "Bani Suhayla",
                        "بني سهيلا"]),
    (31.3167, 34.3500, ["Abasan", "Abasan al-Kabira", "Abasan al Kabirah", "عبسان الكبيرة"]),
    (31.3333, 34.3500, ["Abasan al-Jadida", "Abasan al-Saghira", "عبسان الجديدة"]),
    (31.3000, 34.3667, ["Khuza'a", "Khuzaa", "Khuzāʿah", "Khirbet Khuza'a", "خزاعة"]),
    (31.3667, 34.3333, ["Al-Qarara", "Qarara", "al Qararah", "القرارة"]),
    (31.5333, 34.4833, ["Jabalia", "Jabalya", "Jabaliya", "جباليا"]),
    (31.5356, 34.4958, ["Jabalia camp", "Jabalya refugee camp", "مخيم جباليا"]),
    (31.5500, 34.5000, ["Beit Lahia", "Beit Lahiya", "Bayt Lahya", "بيت لاهيا"]),
    (31.5333, 34.5333, ["Beit Hanoun", "Beit Hanun", "Bayt Hanun", "بيت حانون"]),
    (31.5040, 34.4640, ["Gaza City", "Gaza city", "مدينة غزة"]),
    (31.4500, 34.3917, ["Nuseirat", "An-Nuseirat", "Nusairat", "النصيرات"]),
    (31.4490, 34.3910, ["Nuseirat refugee camp", "Nuseirat camp"]),
    (31.4389, 34.4028, ["Bureij", "al-Bureij", "Breij", "البريج"]),
    (31.4214, 34.3861, ["Maghazi", "al-Maghazi", "Maghazi refugee camp", "المغازي"]),
    (31.4333, 34.3667, ["Zawayda", "az-Zawayda", "Zuwaydah", "الزوايدة"]),
    (31.5000, 34.4833, ["Shujaiya", "Shejaiya", "Shuja'iyya", "Shujaiyya", "الشجاعية"]),
    (31.4900, 34.4520, ["Zeitoun", "Zaytoun", "Zaitoun", "الزيتون"]),
    (31.5230, 34.4420, ["Rimal", "Remal", "الرمال"]),
    (31.5080, 34.4350, ["Tal al-Hawa", "Tel al-Hawa", "تل الهوا"]),
    (31.5330, 34.4650, ["Sheikh Radwan", "Shaikh Radwan", "الشيخ رضوان"]),
    (31.5125, 34.4720, ["Tuffah", "al-Tuffah", "التفاح"]),
    (31.5070, 34.4660, ["Daraj", "al-Daraj", "الدرج"]),
    (31.5333, 34.4458, ["Shati camp", "Beach camp", "al-Shati refugee camp", "مخيم الشاطئ"]),
    (31.3450, 34.2550, ["al-Mawasi", "Mawasi", "Al Mawasi", "المواصي"]),
    (31.3080, 34.2420, ["Tal as-Sultan", "Tel al-Sultan", "Tal al-Sultan", "Tall as Sultan"]),
    (31.2840, 34.2520, ["Shaboura", "al-Shaboura", "Shabura"]),
    (31.3240, 34.2830, ["Qizan an-Najjar", "Kizan an-Najjar", "Qizan al-Najjar"]),
    (31.3466, 34.2933, ["Nasser Hospital", "Nasser Medical Complex", "مجمع ناصر الطبي"]),
    (31.5236, 34.4433, ["al-Shifa Hospital", "Shifa hospital", "مستشفى الشفاء"]),
    (31.4176, 34.3512, ["Al-Aqsa Martyrs Hospital", "Al-Aqsa hospital"]),
    (31.2468, 34.2598, ["Rafah crossing", "Rafah border crossing", "معبر رفح"]),
    (31.2208, 34.2842, ["Kerem Shalom", "Karem Abu Salem", "كرم أبو سالم"]),
    (31.5596, 34.5370, ["Erez crossing", "Beit Hanoun crossing"]),
    (31.2833, 34.3333, ["Al-Fukhari", "Fukhari", "الفخاري"]),
    (31.5500, 34.5167, ["Umm al-Nasr", "Um a-Nasser", "أم النصر"]),
    (31.4500, 34.4333, ["Juhor ad-Dik", "Juhr ad-Dik", "جحر الديك"]),
    (31.4667, 34.4167, ["al-Mughraqa", "Mughraqa", "المغراقة"]),
    (31.4667, 34.4000, ["Az-Zahra", "al-Zahra", "الزهراء"]),
    (31.4000, 34.3500, ["Wadi as-Salqa", "Wadi al-Salqa", "وادي السلقا"]),
    (31.2500, 34.2833, ["Shokat as-Sufi", "Shawkat al-Sufi", "شوكة الصوفي"]),
    (31.3467, 34.2953, ["Khan Younis camp", "Khan Yunis refugee camp"]),
    (31.3650, 34.2870, ["Hamad City", "Hamad towers"]),
    (31.5333, 34.4833, ["Nazla", "an-Nazla", "Al Nazla"]),
]


def km(lat1, lon1, lat2, lon2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def matcher():
    from geonews.places.gazetteer import Gazetteer

    return Matcher(Gazetteer(include_user=False))


def test_at_least_forty_gaza_places_are_covered():
    assert len(GAZA_PLACES) >= 40
    assert sum(len(v) for _, _, v in GAZA_PLACES) >= 150


@pytest.mark.parametrize("lat,lon,spellings", GAZA_PLACES, ids=lambda v: v if isinstance(v, str)
                         else None)
def test_every_spelling_resolves_within_2_km(matcher, lat, lon, spellings):
    for name in spellings:
        res = matcher.resolve_one(name)
        assert res.place is not None, name
        assert res.place.country == "PS", (name, res.place)
        d = km(lat, lon, res.place.lat, res.place.lon)
        assert d <= 2.0, f"{name!r} → {res.place.name} is {d:.1f} km off"
        assert res.match in ("exact", "variant")


@pytest.mark.parametrize("typo,expected", [
    ("Khan Yonis", "Khan Yunis"),
    ("Nuseirt", "Nuseirat"),
    ("Rafha", "Rafah"),
    ("Deir al-Balha", "Deir el-Balah"),
    ("Bani Suhiala", "Bani Suheila"),
    ("Jabalai", "Jabalia"),
])
def test_typos_are_caught_with_a_lower_confidence(matcher, typo, expected):
    res = matcher.resolve_one(typo)
    assert res.place is not None and res.place.name == expected
    assert res.match in ("variant", "fuzzy")
    assert res.confidence < 0.95


def test_exact_matches_are_more_confident_than_typos(matcher):
    assert matcher.resolve_one("Nuseirat").confidence > matcher.resolve_one("Nuseirt").confidence


def test_unknown_names_resolve_to_nothing(matcher):
    for name in ("Qwxzzvtplk", "", "   ", "!!!"):
        res = matcher.resolve_one(name)
        assert res.place is None and res.match == "none" and res.confidence == 0


class TestAmbiguity:
    def test_rafah_is_gaza_unless_told_egypt(self, matcher):
        assert matcher.resolve_one("Rafah").place.country == "PS"
        assert matcher.resolve_one("Rafah", country="EG").place.country == "EG"
        assert matcher.resolve_one("Rafah", country="Egypt").place.country == "EG"
        alternatives = {a.place.country for a in matcher.resolve_one("Rafah").alternatives}
        assert "EG" in alternatives

    def test_maan_alone_is_jordan_but_next_to_khan_younis_is_gaza(self, matcher):
        assert matcher.resolve_one("Ma'an").place.country == "JO"
        res = matcher.resolve(["Khan Younis", "Ma'an", "Bani Suhaila"])
        assert res[1].place.country == "PS" and res[1].place.kind == "neighbourhood"

    def test_within_decides_for_the_user(self, matcher):
        res = matcher.resolve_one("Ma'an", within="Khan Younis Governorate")
        assert res.place.country == "PS"
        res = matcher.resolve_one("Ma'an", within="34.2,31.2,34.6,31.6")
        assert res.place.country == "PS"
        assert matcher.resolve_one("Rafah", within="34.0,31.0,34.24,31.29").place.country == "EG"

    def test_gaza_alone_is_the_strip_with_city_and_governorate_as_alternatives(self, matcher):
        res = matcher.resolve_one("Gaza")
        assert res.place.id == "ps:gaza-strip"
        assert {"city", "governorate"} <= {a.place.kind for a in res.alternatives
                                          if a.place.country == "PS"} | {"governorate"}
        assert matcher.resolve_one("Gaza City").place.kind == "city"
        assert matcher.resolve_one("Gaza Governorate").place.kind == "governorate"

    def test_khan_younis_is_the_city_unless_the_governorate_is_named(self, matcher):
        assert matcher.resolve_one("Khan Younis").place.kind == "city"
        assert matcher.resolve_one("Khan Younis").alternatives[0].place.kind == "governorate"
        assert matcher.resolve_one("Khan Younis governorate").place.kind == "governorate"
        assert matcher.resolve_one("محافظة خان يونس").place.kind == "governorate"

    def test_jabalia_town_and_camp_are_different_places(self, matcher):
        assert matcher.resolve_one("Jabalia").place.kind in ("city", "town")
        assert matcher.resolve_one("Jabalia refugee camp").place.kind == "camp"

    def test_hamad_city_in_a_gaza_list_is_khan_younis_with_bahrain_as_alternative(self, matcher):
        res = matcher.resolve(["خان يونس", "مدينة حمد"])[1]
        assert res.place.country == "PS"
        assert "BH" in {a.place.country for a in res.alternatives}

    def test_ambiguous_names_are_less_confident(self, matcher):
        assert matcher.resolve_one("Rafah").confidence < matcher.resolve_one("Bani Suhaila").confidence


def test_the_world_places_resolve(matcher):
    assert matcher.resolve_one("Qatar").place.kind == "country"
    assert matcher.resolve_one("Washington").place.country == "US"
    beirut = matcher.resolve_one("Beirut").place
    assert beirut.country == "LB" and beirut.kind == "city"
    assert matcher.resolve_one("Tyre").place.country == "LB"
    assert matcher.resolve_one("South Lebanon").place.country == "LB"


def test_block_names_resolve_to_block_polygons(matcher):
    for name in ("Block 64", "block 64", "بلوك 64"):
        p = matcher.resolve_one(name).place
        assert p.kind == "block" and p.code == "64"


def test_bad_constraints_are_clear_errors(matcher):
    with pytest.raises(ValueError, match="unknown country"):
        matcher.resolve_one("Rafah", country="Atlantis")
    with pytest.raises(ValueError, match="no place"):
        matcher.resolve_one("Rafah", within="Qwxzzvtplk")
    with pytest.raises(ValueError, match="bbox"):
        Area.parse("40,40,30,30")
