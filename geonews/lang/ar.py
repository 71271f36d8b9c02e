"""Arabic: how evacuation orders are written in Arabic (army statements, Arabic-language
news).  Tables of :class:`~geonews.lang.rules.Rule` records, as in :mod:`geonews.lang.en`;
every example sentence is written for this file.

Arabic joins prepositions and the article to the word (بإخلاء, للمنطقة, لسكان), so the
patterns list the joined forms rather than relying on word boundaries.
"""

from __future__ import annotations

from .rules import Rule

TRIGGERS = (
    Rule("إخلاء",
         r"(?:إخلاء|اخلاء|بإخلاء|بالإخلاء|الإخلاء|أخلوا|اخلوا|إخلوا|توجهوا|التوجه|بالتوجه|"
         r"انتقلوا|الانتقال|بالانتقال|غادروا|مغادرة|بمغادرة|إنذار|انذار|النزوح\s+(?:إلى|نحو)|"
         # ل + ال is written لل: "دعا السكان للتوجه", "للانتقال", "للإخلاء"
         r"للتوجه|للانتقال|للإخلاء|للاخلاء|للمغادرة|للنزوح\s+(?:إلى|نحو))",
         examples=("طالب الجيش السكان بإخلاء منازلهم فورا.", "أخلوا المنطقة حالا.",
                   "دعا الجيش سكان الحي للتوجه فورا إلى الغرب."),
         counterexamples=("عاد السكان إلى منازلهم.",)),
    # The verb that orders comes first, the verb of leaving after the places: "دعا سكان
    # شرق رفح ومخيم الشابورة … للتوجه فورا إلى المواصي".  Matched from the ordering
    # verb, so the places between the two take their roles.
    Rule("دعا للتوجه",
         r"(?<![^\s«\"“(])[وف]?(?:دعا|دعت|يدعو|تدعو|داعي[اًا]+|طالب|طالبت|يطالب|تطالب|"
         r"مطالب[اًا]+|أمر|أمرت|يأمر|تأمر|أنذر|أنذرت|ينذر|تنذر|حث|حثت|يحث|طلب|طلبت|يطلب|"
         r"تطلب|ناشد|ناشدت|وجه|وجهت|يوجه)(?=\s)",
         then=r"(?:ب|ل|إلى\s+|الى\s+)?(?:ال)?(?:إخلاء|اخلاء|توجه|انتقال|مغادرة|نزوح|رحيل|"
              r"ابتعاد)|بضرورة|إنذار|انذار|نداء|تحذير",
         within=200,
         examples=("كما دعا بعض الأحياء في شرق المدينة ومخيم الشاطئ للتوجه فورا إلى الغرب.",
                   "وطالب الجيش سكان القرى التالية بإخلاء منازلهم."),
         counterexamples=("دعا الرئيس إلى الهدوء.", "الأمريكية تدعو إلى وقف النار.")),
    # The address an order opens with, quoted: "إلى جميع سكان مدينة غزة والمتواجدين في …".
    Rule("إلى جميع السكان",
         r"(?:^|[«\"“:!‼#]|عاجل)\W*(?:إلى|الى)\s+(?:جميع|كافة)\s+(?:سكان|السكان|المواطنين|"
         r"المتواجدين|الموجودين|القاطنين|النازحين)",
         examples=("وقال الجيش في بيان: \"إلى جميع سكان الحي الشرقي والمتواجدين فيه.",
                   "#عاجل ‼️ إلى جميع سكان البلدة"),
         counterexamples=("وصلت المساعدات إلى جميع سكان القطاع.",)),
    # "عاجل إلى جميع السكان المتواجدين في …", "إنذار إلى سكان …": an urgent message to residents.
    Rule("نداء للسكان",
         r"(?:عاجل|تحذير|إنذار|انذار|بيان|نداء)\s*[:：]?\s*(?:إلى|الى|ل)\s*(?:جميع\s+)?"
         r"(?:سكان|السكان|المواطنين|المتواجدين|الموجودين|القاطنين)",
         examples=("نداء إلى جميع السكان في الحي الشرقي",),
         counterexamples=("نداء من أجل السلام",)),
)

HEDGES: tuple[Rule, ...] = ()

CUES = {
    "affected": (
        # "إنذارا عاجلا لسكان: أ، ب، ج": a list after a colon, too.
        Rule("سكان", r"(?:سكان|لسكان|من|إخلاء|اخلاء|بإخلاء)(?=\s|:)",
             examples=("على سكان القرية", "من البلدة", "إنذارا لسكان: الخيام"),
             counterexamples=("السكانية",)),
        # "المتواجدين في", "القاطنين في": those present in (English "present in").
        Rule("المتواجدين في",
             r"(?:المتواجدين|المتواجدون|الموجودين|الموجودون|القاطنين|المقيمين|النازحين|"
             r"المتواجدة|الموجودة)\s+(?:حاليا\s+|حالياً\s+)?في(?=\s)",
             examples=("إلى جميع المتواجدين في منطقة جباليا", "النازحين في المدارس"),
             counterexamples=("المتواجدين هناك",)),
    ),
    "destination": (
        # نحو before a number is "about" ("سكان نحو 25 قرية"), not "towards"; إلى before
        # people names whom the order is for ("إنذارات إلى الفلسطينيين في دير البلح").
        # "من المدينة القديمة وصولا إلى البحر": إلى after وصولا / حتى ends a range that
        # delimits the area left.
        Rule("إلى",
             r"(?:(?<!وصولا\s)(?<!وصولاً\s)(?<!وصولًا\s)(?<!حتى\s)(?:إلى|الى)"
             r"(?!\s+(?:جميع\s+|كافة\s+|كل\s+)?(?:ال)?(?:فلسطينيين|سكان|مواطنين|"
             r"متواجدين|موجودين|نازحين|أهالي|اهالي|لبنانيين|مدنيين|قاطنين|من\s))"
             r"|نحو(?!\s*[\d٠-٩])|باتجاه|صوب)",
             examples=("التوجه إلى المدينة", "باتجاه الغرب", "التوجه نحو المدينة"),
             counterexamples=("في المدينة", "سكان نحو 25 قرية",
                              "إنذارات إلى الفلسطينيين في دير البلح",
                              "إخلاء المناطق التالية", "من جباليا وصولا إلى الأطراف الشمالية")),
        # "الانتقال لمنطقة المواصي": ل is "to" after a verb of motion; elsewhere it is
        # "for" ("أوامر إخلاء لمناطق واسعة في مدينة غزة").
        Rule("التوجه لمنطقة",
             r"(?:التوجه|والتوجه|بالتوجه|للتوجه|الانتقال|والانتقال|للانتقال|النزوح|التحرك|"
             r"توجهوا|انتقلوا|اتجهوا)\s+(?:(?:فور[اًا]+|فوراً|مؤقت[اًا]+|مؤقتاً)\s+)?"
             r"(?=ل(?:ل)?(?:منطقة|مناطق|مراكز|مدينة|بلدة)|للمنطقة)",
             examples=("انتقلوا لمنطقة المواصي", "الانتقال فورا لمراكز الإيواء"),
             counterexamples=("أوامر إخلاء لمناطق واسعة", "سكان المنطقة")),
        # "والتحرك فورا شمال نهر الأولي": a verb of motion right before a side, with no
        # preposition; "التوجه جنوبا" (an adverb, often forbidden) is no place.
        Rule("التحرك شمال",
             r"(?:التحرك|والتحرك|الانتقال|والانتقال|التوجه|والتوجه|تحركوا|انتقلوا|توجهوا|"
             r"اتجهوا)\s+(?:(?:فور[اًا]+|فوراً|حالا|مباشرة)\s+)?(?=(?:شمال|جنوب|شرق|غرب)[يى]?\s)",
             examples=("والتحرك فورا شمال نهر الأولي", "توجهوا غرب المدينة"),
             counterexamples=("ممنوع التوجه جنوبا", "التحرك نحو")),
    ),
    # "في" and "the areas of" locate the phrase before them: "سكان الأحياء في خان يونس"
    # (left), "إلى مراكز الإيواء في المواصي" (where to go), "باستثناء مستشفى في …" (spared).
    "same": (
        # (في as a word, with و or ف before it, not the end of الصحفي or إضافي)
        Rule("في", r"(?:(?<![\u0620-\u064a])(?:وفي|ففي|في)|أحياء|مناطق|بلدات|قرى)(?=\s|:)",
             examples=("لمراكز الإيواء في منطقة المواصي", "سكان أحياء الشجاعية",
                       "الإنذار يشمل أحياء: الشجاعية"),
             counterexamples=("فيها", "قال الصحفي محمد")),
    ),
    "exemption": (
        Rule("باستثناء", r"باستثناء|ما\s+عدا|لا\s+يشمل",
             examples=("جميع الأحياء باستثناء الميناء", "لا يشمل القرار المستشفى"),
             counterexamples=("يشمل القرار المستشفى",)),
    ),
}

WEAK_CUE = (Rule("حرف جر", r"(?:في|من|إلى|الى)", examples=("إلى",), counterexamples=("سكان",)),)

# A sentence that lists the areas of the order before it (English "The villages include
# A, B", "a map of the buildings in A and B").
AREA_DETAIL = (
    Rule("شملت بلدات",
         r"(?:شملت|وشملت|كذلك\s*،?\s*شملت|تشمل|وتشمل|يشمل|ويشمل|شمل|وشمل|تضمنت|وتضمنت)\s+"
         r"(?:\S+\s+){0,3}?(?:ال)?(?:بلدات|قرى|أحياء|مناطق|بلوكات)"
         r"|(?:بخريطة|خريطة|خرائط|بخرائط)\s+(?:\S+\s+){0,4}?(?:في|لـ?)\s+(?:ال)?(?:أحياء|مناطق|بلدات|قرى)",
         examples=("كذلك، شملت بلدات العين والقصر.",
                   "وأرفق المتحدث بيانه بخريطة لمبان في أحياء الشياح والحدث."),
         counterexamples=("شملت المساعدات الغذاء والدواء.",)),
)
DESTINATION_DETAIL = (
    Rule("مراكز الإيواء", r"مراكز\s+(?:الإيواء|الايواء)",
         examples=("فتحت مراكز الإيواء في المدارس",), counterexamples=("مراكز التسوق",)),
)
EXEMPTION_PASSIVE = (
    Rule("غير مشمول", r"\bغير\s+مشمول", examples=("المستشفى غير مشمول بالقرار",),
         counterexamples=("المستشفى مشمول بالقرار",)),
)
ISSUERS = (
    Rule("المتحدث باسم الجيش", r"أفيخاي\s+أدرعي|أدرعي|ادرعي", case_sensitive=True,
         examples=("قال أفيخاي أدرعي",), counterexamples=("قال المتحدث",)),
    Rule("الجيش", r"جيش\s+الاحتلال(?:\s+الإسرائيلي)?|الجيش\s+الإسرائيلي|الاحتلال\s+الإسرائيلي",
         case_sensitive=True,
         examples=("أعلن الجيش الإسرائيلي",), counterexamples=("أعلن الجيش",)),
)
EVACUATION_WORD = (Rule("إخلاء", r"إخلاء|اخلاء", examples=("أوامر إخلاء",),
                        counterexamples=("أوامر",)),)
EVACUATION_CONTEXT = EVACUATION_WORD
# "شرق خان يونس", "شمالي القرية": the side of a place.
DIRECTIONAL = (Rule("شرق", r"(شمال|جنوب|شرق|غرب)(?:ي|ى)?\s+$", examples=("شرقي ",),
                    counterexamples=("شرقية ",)),)
# "شمال نهر الأولي (في محافظة جبل لبنان)": a parenthesis that says where a place lies.
REFERENCE_BEFORE = (
    Rule("(في", r"\(\s*(?:في|ب|داخل)\s*$", note="applied to the 60 characters before a place",
         examples=("شمال نهر الأولي (في ",), counterexamples=("سكان ",)),
)
LOCATOR_GAP = (Rule("في", r"^\s+في\s+$", examples=(" في ",), counterexamples=(" و ",)),)
LIST_GOES_ON = (Rule("و", r"[ \t]+و\S", note="matched right after a name: more items follow",
                     examples=(" وعيترون",), counterexamples=(" في",)),)
COORDINATION = (Rule("و", r"\s*[,،]?\s*و?\s*", examples=("، و",), counterexamples=(" في ",)),)

SIDES = {"شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west"}
# Levantine and Iraqi month names, then the Egyptian / Gulf ones; "_" stands for a space.
MONTHS = {m: i for i, ms in enumerate([
    "كانون_الثاني يناير", "شباط فبراير", "آذار اذار مارس", "نيسان أبريل ابريل إبريل",
    "أيار ايار مايو", "حزيران يونيو يونيه", "تموز يوليو يوليه", "آب اب أغسطس اغسطس",
    "أيلول ايلول سبتمبر", "تشرين_الأول تشرين_الاول أكتوبر اكتوبر",
    "تشرين_الثاني نوفمبر", "كانون_الأول كانون_الاول ديسمبر"], 1) for m in ms.split()}
#: Arabic-Indic and Persian digits, read as 0-9
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
