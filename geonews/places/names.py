"""Name keys: how geonews sees through the spelling of a place name.

Arabic place names reach English news through a dozen transliteration habits
(Khan Younis, Khan Yunis, Khān Yūnis, Khanyounis), and Arabic text itself varies
in alef forms, ta marbuta and vowel marks.  Instead of listing every spelling, a
name is reduced to three *keys* of increasing looseness; two spellings of the
same place usually share one of them:

``exact``
    case, diacritics, apostrophes (ʿayn, hamza), hyphens and Arabic letter
    forms folded: ``Khān Yūnis`` and ``khan-yunis`` → ``khan yunis``.
``loose``
    the exact key without articles (al-, el-, an-, az-…, ال), with generic
    words made canonical (refugee camp → camp, Khirbat → khirbet) and spaces
    removed: ``An Nuşayrāt Camp`` → ``nusayratcamp``.
``skeleton``
    the loose key's consonants (Latin) or its letters without long vowels
    (Arabic): ``Nuseirat`` and ``Nusayrat`` → ``nsrt``.

Skeleton hits are many-to-many, so :mod:`geonews.places.matcher` re-scores
them by the similarity of the loose keys before it trusts them.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["exact_key", "loose_key", "skeleton_key", "cross_key", "keys", "is_arabic"]

# Zero-width, bidi controls, BOM and soft hyphen: invisible, but they break equality.
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D,
     0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x0640],  # 0x0640: Arabic tatweel
    None,
)
# ʿayn and hamza are written as any of these, or not at all: drop them all.
_APOSTROPHES = dict.fromkeys(map(ord, "'’‘`´ʿʾʼʻ′‛＇\""), None)
_SEPARATORS = dict.fromkeys(map(ord, "-‐‑‒–—―_./\\,;:()[]{}!?«»“”„|+&*#@~"), " ")
# Letters NFD leaves whole but that readers treat as their base letter.
_LATIN_FOLD = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ı": "i", "ħ": "h", "æ": "ae",
                             "œ": "oe", "ŧ": "t", "ð": "d", "þ": "th", "ß": "ss"})
# Arabic letters that are spelled interchangeably in place names.  NFD already
# splits hamza and madda off alef, waw and ya (أ إ آ ؤ ئ), so they fold with the marks.
_ARABIC_FOLD = str.maketrans({"ة": "ه", "ى": "ي", "ٱ": "ا", "ک": "ك", "ی": "ي", "ہ": "ه",
                              "ۀ": "ه", "ڤ": "ف", "گ": "ك", "ء": ""})
_TABLE = {**_INVISIBLE, **_APOSTROPHES, **_SEPARATORS}

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]")
_ARABIC_RANGE = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF]")

# Article forms that stand as their own token once hyphens become spaces
# (al-Qarara, an-Nuseirat, az-Zawayda, ash-Shati, el-Balah, a-Zawayda).
_ARTICLES = frozenset(
    "al el il ul a as ash an az ad at ar ath adh ed es esh et en ez er ul".split()
)
# Generic words made canonical so that "Jabalya refugee camp" and "Jabalia Camp"
# meet; kind words stay (a governorate is not its capital).
_CANONICAL = {
    "refugee": "", "rc": "", "mukhayyam": "camp", "mukhayam": "camp", "mukhaiyam": "camp",
    "mkhayam": "camp", "camps": "camp",
    "khirbat": "khirbet", "khirba": "khirbet", "kherbet": "khirbet", "khirbeh": "khirbet",
    "izbat": "izbet", "ezbet": "izbet", "ezbat": "izbet", "izba": "izbet",
    "neighborhood": "neighbourhood", "quarter": "neighbourhood",
    "governorates": "governorate", "province": "governorate", "muhafazat": "governorate",
    "muhafazah": "governorate", "district": "governorate",
    "street": "road", "st": "road", "rd": "road",
    "mt": "mount",
}
_ARABIC_CANONICAL = {"مخيم": "camp", "محافظه": "governorate", "حي": "neighbourhood",
                     "شارع": "road", "طريق": "road"}

_GENERIC = frozenset({"camp", "governorate", "neighbourhood", "road"})

_LATIN_VOWELS = str.maketrans("", "", "aeiouy")
_CROSS_DROP = str.maketrans("", "", "aeiouyw")
_ARABIC_LONG_VOWELS = str.maketrans("", "", "اويه")
_DOUBLES = re.compile(r"(.)\1+")


@lru_cache(maxsize=131072)
def exact_key(name: str) -> str:
    """Fold case, marks, apostrophes, hyphens and Arabic letter forms.

    >>> exact_key("Khān Yūnis")
    'khan yunis'
    >>> exact_key("Khuzāʿah") == exact_key("Khuza'ah") == exact_key("KHUZAAH")
    True
    >>> exact_key("خانيونس") == exact_key("خَانيُونِس")
    True
    """
    if name.isascii():
        text = name.translate(_TABLE).lower()
    else:
        text = unicodedata.normalize("NFKC", name).translate(_TABLE).casefold()
        text = unicodedata.normalize("NFD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.translate(_LATIN_FOLD).translate(_ARABIC_FOLD)
        text = unicodedata.normalize("NFC", text)
        text = text.replace("-", " ")
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def is_arabic(text: str) -> bool:
    """True when the text holds Arabic letters.

    >>> is_arabic("خان يونس"), is_arabic("Khan Younis")
    (True, False)
    """
    return _ARABIC_RANGE.search(text) is not None


def _loose_tokens(key: str) -> list[str]:
    tokens = key.split(" ")
    out: list[str] = []
    last = len(tokens) - 1
    for i, tok in enumerate(tokens):
        if not tok:
            continue
        if i < last and tok in _ARTICLES:
            continue
        if tok.startswith("ال") and len(tok) > 3:
            tok = tok[2:]
        elif tok.startswith("وال") and len(tok) > 4:
            tok = tok[3:]
        tok = _CANONICAL.get(tok, _ARABIC_CANONICAL.get(tok, tok))
        if tok:
            out.append(tok)
    # "Camp Jabalia", "مخيم جباليا" and "Jabalia Camp" must meet: generic words go last.
    generic = [t for t in out if t in _GENERIC]
    if generic and len(generic) < len(out):
        out = [t for t in out if t not in _GENERIC] + generic
    return out


@lru_cache(maxsize=131072)
def loose_key(name: str) -> str:
    """The exact key without articles or spaces, with generic words canonical.

    >>> loose_key("An Nuşayrāt Refugee Camp")
    'nusayratcamp'
    >>> loose_key("Deir al-Balah") == loose_key("Deir el Balah") == loose_key("Deir Balah")
    True
    >>> loose_key("دير البلح") == loose_key("دير بلح")
    True
    """
    tokens = _loose_tokens(exact_key(name))
    return "".join(tokens)


@lru_cache(maxsize=131072)
def skeleton_key(name: str) -> str:
    """The loose key reduced to its consonants (Latin) or without long vowels (Arabic).

    Trailing ``-ah``/``-eh`` (ta marbuta) is dropped and doubled letters are
    collapsed, so vowel habits stop mattering:

    >>> skeleton_key("Khan Younis") == skeleton_key("Khan Yunis") == skeleton_key("Khanyounes")
    True
    >>> skeleton_key("Bani Suhaila"), skeleton_key("Beni Suheilah"), skeleton_key("Bani Suhayla")
    ('bnshl', 'bnshl', 'bnshl')
    >>> skeleton_key("Shuja'iyya") == skeleton_key("Shejaiya")
    True
    """
    tokens = _loose_tokens(exact_key(name))
    parts = []
    for tok in tokens:
        if is_arabic(tok):
            if len(tok) > 2 and tok[-1] in "اه":
                tok = tok[:-1]
            parts.append(tok.translate(_ARABIC_LONG_VOWELS) or tok)
            continue
        if len(tok) > 3 and tok[-1] == "h" and tok[-2] in "aeiy":
            tok = tok[:-1]
        tok = tok.replace("q", "k").replace("ph", "f")
        parts.append(tok.translate(_LATIN_VOWELS) or tok)
    return _DOUBLES.sub(r"\1", "".join(parts))


# Arabic letters as the consonants an English transliteration writes for them.
# Long vowels (ا و ي ى), ʿayn and hamza leave no consonant; ة and a final ه are vowels.
_ARABIC_TO_LATIN = {
    "ب": "b", "ت": "t", "ث": "t", "ج": "j", "ح": "h", "خ": "x", "د": "d", "ذ": "d", "ر": "r",
    "ز": "z", "س": "s", "ش": "$", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "غ": "g", "ف": "f",
    "ق": "k", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ع": "", "ا": "", "و": "",
    "ي": "", "ى": "", "ء": "", "ة": "", "پ": "p", "چ": "j", "گ": "g", "ڤ": "v",
}
_LATIN_DIGRAPHS = [("kh", "x"), ("sh", "$"), ("gh", "g"), ("th", "t"), ("dh", "d"), ("ph", "f"),
                   ("ck", "k"), ("q", "k"), ("c", "k"), ("ou", "u"), ("ee", "i")]
_CAMEL_ARTICLE = re.compile(r"\b(Al|El|Ad|Ar|As|At|Az|An)(?=[A-Z][a-z])")


@lru_cache(maxsize=65536)
def cross_key(name: str) -> str:
    """A key shared by an Arabic name and its usual Latin transliterations.

    Consonants only, each as English writes it (خ kh, ش sh, ق q/k), without long
    vowels, ʿayn or hamza, so that a village known to the gazetteer only in Arabic
    is found from an English article:

    >>> cross_key("كفرجوز") == cross_key("Kfarjoz")
    True
    >>> cross_key("علما الشعب") == cross_key("Alama Al-Shaab")
    True
    >>> cross_key("حومين التحتا") == cross_key("Houmine ElTahta")
    True
    """
    if _CAMEL_ARTICLE.search(name):
        name = _CAMEL_ARTICLE.sub(r"\1 ", name)
    tokens = _loose_tokens(exact_key(name))
    parts = []
    for tok in tokens:
        if tok in _GENERIC:
            continue
        if is_arabic(tok):
            if len(tok) > 2 and tok[-1] == "ه":
                tok = tok[:-1]  # a final ه is the vowel of ta marbuta, as often as not
            parts.append("".join(_ARABIC_TO_LATIN.get(ch, "") for ch in tok))
            continue
        for a, b in _LATIN_DIGRAPHS:
            tok = tok.replace(a, b)
        if len(tok) > 2 and tok[-1] == "h" and tok[-2] in "aeiouy":
            tok = tok[:-1]
        parts.append(tok.translate(_CROSS_DROP))
    return _DOUBLES.sub(r"\1", "".join(parts))


def keys(name: str) -> tuple[str, str, str]:
    """All three keys of a name: ``(exact, loose, skeleton)``.

    >>> keys("Tal as-Sultan")
    ('tal as sultan', 'talsultan', 'tlsltn')
    """
    return exact_key(name), loose_key(name), skeleton_key(name)
