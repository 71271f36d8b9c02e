"""English: how evacuation orders are written in English-language news and bulletins.

Tables of :class:`~geonews.lang.rules.Rule` records, by the part they play (see
:mod:`geonews.lang` for what each table is for).  Every rule carries sentences of its
own — written for this file, not taken from any article — that it must match
(``examples``) and must not (``counterexamples``); ``tests/lang/test_rules.py`` runs
them all.  Patterns are case-insensitive unless a rule says otherwise.
"""

from __future__ import annotations

from .rules import Rule

# Verbs of motion, and verbs that order (verb forms only: "order" and "warning" are also
# nouns, "Monday's order in … to leave").
MOTION = (r"(?:leave|evacuate|flee|move|relocate|head|go|vacate|depart|get\s+out|"
          r"seek\s+(?:refuge|shelter)|shelter|make\s+(?:their|your|his|her)\s+way|proceed|"
          r"clear\s+out|abandon|stay\s+away|keep\s+away|move\s+away)")
ORDER_VERB = (r"(?:told|tells|telling|ordered|ordering|instruct(?:ed|s|ing)|"
              r"urg(?:ed|es|ing|e)|call(?:ed|s|ing)?\s+(?:on|upon)|warn(?:ed|s)|"
              r"ask(?:ed|s|ing)|direct(?:ed|s|ing)|command(?:ed|s)|demand(?:ed|s|ing)|"
              r"advis(?:ed|es|ing)|requir(?:ed|es)|forc(?:ed|es|ing))")
_SIDE = r"(?:north|south|east|west)"
_AREA_NOUNS = r"(?:areas?|villages?|towns?|neighbou?rhoods?|communities|localities)"

TRIGGERS = (
    Rule("order to move", rf"\b{ORDER_VERB}\b",
         then=rf"\bto\s+[“\"']?(?:\w+ly\s+|now\s+|pack\s+(?:up\s+)?and\s+)?{MOTION}\b",
         examples=("Officials told the people of Ridgeview to leave before dark.",
                   "The army ordered residents of Qasr, Tell and Halba to evacuate at once.",
                   "Police urged families along the river to move to higher ground."),
         counterexamples=("Officials told reporters the fire had grown overnight.",
                          "The army ordered more troops to the area; residents stayed.")),
    # "Residents were directed to evacuation shelters at …", "sent to shelters in …": the
    # order names where to go, not a verb of leaving.
    Rule("directed to shelters",
         rf"\b(?:{ORDER_VERB[3:-1]}|(?:residents|people|evacuees|families|them|those)\s+(?:were\s+|"
         rf"are\s+|being\s+|have\s+been\s+)?(?:sent|bused|bussed))\s+(?:\w+ly\s+)?to\s+"
         r"(?:the\s+|an?\s+)?"
         r"(?:nearest\s+|designated\s+|temporary\s+|emergency\s+)?(?:evacuation\s+)?(?:shelters?|"
         r"evacuation\s+cent(?:er|re)s?|relief\s+camps?|safe(?:r)?\s+(?:areas?|zones?|places?)|"
         r"humanitarian\s+(?:zones?|areas?)|higher\s+ground)\b",
         examples=("Residents of Elm were directed to evacuation shelters at the Oak school.",
                   "An order was issued, with residents sent to shelters in Ashby."),
         counterexamples=("Supplies were sent to shelters in Ashby last week.",
                          "Officials told reporters the shelters were full.")),
    Rule("warning to residents",
         r"\b(?:urgent\s+|evacuation\s+|new\s+)?(?:warnings?|calls?|appeals?|messages?)\s+to\s+"
         r"(?:the\s+)?(?:residents|inhabitants|people|citizens|population)\b",
         examples=("The army issued an urgent warning to residents of the eastern quarter.",
                   "The spokesman issued warnings to residents of Elm to evacuate."),
         counterexamples=("A warning about the storm was posted online.",)),
    # Words that are verbs or nouns ("orders", "calls", "warns", "invite"): a close object only.
    Rule("order to move",
         rf"\b(?:orders|order|calls|called|warns|invites?|invited|inviting|tell|ask|urge)\s+"
         rf"(?:[\w'’-]+\s+){{0,4}}?to\s+[“\"']?(?:\w+ly\s+)?{MOTION}\b",
         examples=("The mayor calls on everyone to leave the valley.",
                   "Authorities ask all campers to immediately leave the park."),
         counterexamples=("The order came to an end on Friday.",)),
    Rule("evacuation order",
         r"\b(?:evacuation|displacement|relocation)\s+(?:orders?|notices?|calls?|"
         r"directives?|instructions?|maps?|alerts?|demands?|notifications?)\b",
         examples=("A new evacuation order covers the hill towns.",
                   "Displacement orders were posted for the camp."),
         counterexamples=("The evacuation went smoothly.",)),
    Rule("ordered evacuation",
         r"\b(?:ordered|orders|demanded|announced|declared|issued)\s+(?:an?\s+|the\s+)?"
         r"(?:immediate\s+|full\s+|complete\s+|mandatory\s+|new\s+|fresh\s+)?"
         r"(?:evacuation|evacuations)\b",
         examples=("The governor ordered the immediate evacuation of the coast.",),
         counterexamples=("The evacuation was ordered?",)),
    Rule("order to evacuate", rf"\b(?:orders?|call|calls|instructions?|warning)\s+to\s+"
                              rf"{MOTION}\b",
         examples=("The order to leave reached the villages at dawn.",),
         counterexamples=("The orders to the troops were secret.",)),
    Rule("must move",
         rf"\b(?:must|should|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|were\s+to|"
         rf"is\s+to|are\s+required\s+to|were\s+required\s+to)\s+(?:immediately\s+|urgently\s+)?"
         rf"{MOTION}\b",
         examples=("Everyone in the zone must leave now.",
                   "Residents are required to evacuate by noon."),
         counterexamples=("Everyone must stay indoors.",)),
    # "The measure covers the city of X", "the evacuation will concern the settlements of
    # X": the scope of an order stated apart from it (wire copy of government decisions).
    Rule("order covers",
         r"\b(?:evacuations?|orders?|measures?|decisions?|directives?)\s+(?:(?:will|would|"
         r"also|now|only)\s+)?(?:concerns?|covers?|appl(?:y|ies)\s+to|extends?\s+to|"
         r"includes?|encompass(?:es)?)\s+(?:the\s+|all\s+)?(?:(?:cit(?:y|ies)|towns?|"
         r"villages?|settlements?|communit(?:y|ies)|areas?|districts?|neighbou?rhoods?|"
         r"zones?|residents|localit(?:y|ies)|municipalit(?:y|ies)|islands?|counties|"
         r"hromadas?)\b)",
         examples=("The measure covers the city of Dunmore and the villages of Ash and Elm.",
                   "According to the ministry, the evacuation will concern the settlements "
                   "of Oakvale and Linden.",
                   "The order applies to the towns of Brookside and Fairhaven."),
         counterexamples=("The evacuation covered a long distance.",
                          "The decision includes new funds for schools.")),
    # The order in the passive: "the people of A and B should be immediately evacuated to
    # C", "283 villages are to be evacuated".
    Rule("must be evacuated",
         r"\b(?:must|should|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|is\s+to|"
         r"were\s+to|will\s+have\s+to)\s+be\s+(?:\w+ly\s+)?(?:evacuated|relocated|moved|shifted|"
         r"cleared)\b",
         examples=("The people of Ashby should be immediately evacuated to the school.",
                   "A total of 40 villages are to be evacuated."),
         counterexamples=("The villages were evacuated last year.",
                          "The road should be cleaned.")),
    # A voluntary evacuation is an order too, of a lesser tier (US counties issue both).
    Rule("mandatory evacuation", r"\b(?:mandatory|compulsory|obligatory|forced|voluntary)\s+"
                                 r"evacuations?\b",
         examples=("A mandatory evacuation is in effect for the islands.",
                   "The county called a voluntary evacuation of the barrier islands."),
         counterexamples=("Evacuation is voluntary for now.",)),
    # An order quoted in its own words: case matters ("Evacuate immediately", not "move").
    Rule("imperative",
         r"(?:^|[\"“«:‘']\s*)(?:Evacuate|Leave|Move|Head|Go|Flee|Relocate|Vacate)\b"
         r"(?:\s+(?:immediately|now|your|to|south|north|west|east|at\s+once))",
         case_sensitive=True,
         examples=("The message read: “Evacuate immediately to the shelters.”",
                   "Leave now and go south."),
         counterexamples=("They did not want to leave now.",)),
    # The address an order opens with, quoted: "To the residents of A, B and C! …".
    Rule("address to residents",
         r"(?:^|[\"“«:‘']\s*)\W*To\s+(?:all\s+)?(?:the\s+)?(?:residents|inhabitants|people|"
         r"citizens|civilians|those)\s+(?:of|in|present\s+in|living\s+in)\b",
         case_sensitive=True,
         examples=("“To the residents of Ashby, Elm and Oak!” the message began.",
                   "To all residents of the Pine district: you are in a combat zone."),
         counterexamples=("Aid went to the residents of Ashby.",)),
    Rule("leaflets", r"\bleaflets?\b[^.;!?]{0,120}\b(?:evacuat|leave|move|head|flee)",
         examples=("Planes dropped leaflets telling people in the town to leave.",),
         counterexamples=("Leaflets about the vote were handed out.",)),
    # Last among the English triggers: where warnings are a tier below orders (US counties:
    # "evacuation warning" = get ready), a sentence with only a warning is no order.
    # Elsewhere (the army's "evacuation warning to residents") it is one.
    # Being *under* a warning is the tier's language too (a state, not a message posted).
    Rule("evacuation warning", r"\bevacuation\s+warnings?\b",
         unless=r"\b(?:prepare[ds]?|preparing|be\s+ready|get\s+ready|ready\s+to\s+"
                r"(?:leave|evacuate|go|move)|be\s+set|get\s+set|level\s+2|be\s+prepared|"
                r"under\s+(?:an?\s+|the\s+)?evacuation\s+warnings?)\b",
         examples=("The army posted an evacuation warning for the border villages.",),
         counterexamples=("An evacuation warning asks people to be ready to leave.",
                          "Ridgeview is now under an evacuation warning.")),
)

HEDGES = (
    Rule("background",
         r"\bhad\s+(?:already\s+|\w+ly\s+)?(?:been\s+)?(?:already\s+|\w+ly\s+)?"
         r"(?:told|ordered|instructed|urged|asked|forced|evacuated|fled|displaced|warned)\b",
         examples=("Most of them had already been told to leave in October.",),
         counterexamples=("They were told to leave on Monday.",)),
    Rule("hypothetical",
         r"\bin\s+(?:the\s+)?case\s+of\b|\bif\s+(?:an?\s+|the\s+)?(?:evacuation|order)|"
         r"\b(?:would|could|may|might)\s+(?:soon\s+)?(?:be\s+)?(?:order|told|evacuat|forced)|"
         r"\bthreat(?:en|ens|ened)?\s+to\s+(?:order|evacuate)|\bplans?\s+to\s+(?:order|"
         r"evacuate)|\bwhether\b|^\W*when\b",
         examples=("Residents could be told to leave if the wind shifts.",
                   "In case of an order, go to the school.",
                   "When the army told them to leave, few could."),
         counterexamples=("Residents were told to leave.",)),
    # "this evacuation order was his fourth": a reference back, no order of its own.
    Rule("reference", r"\b(?:this|that|the\s+same)\s+(?:evacuation\s+)?orders?\b",
         unless=r"\b(?:told|ordered|instructed|urged|called|warned)\b",
         examples=("This evacuation order was the third in a month.",),
         counterexamples=("This order told everyone to leave.",)),
    Rule("negation",
         r"\b(?:no|never|without)\s+(?:new\s+|further\s+|fresh\s+)?(?:evacuation|order)|"
         r"\b(?:did|does|do|has|have|had|was|were)\s*n[o']t\s+(?:been\s+)?(?:order|tell|told|"
         r"ask|issue|instruct)|\bnot\s+(?:been\s+)?(?:ordered|told|asked|instructed)\b|"
         r"\bno\s+(?:place|where)\s+(?:to\s+go|safe)|\bnowhere\s+(?:to\s+go|safe)",
         examples=("No evacuation order has been given for the town.",
                   "They were not told to leave.",
                   "People must move, but there is nowhere safe."),
         counterexamples=("Everyone was told to leave.",)),
)

# Role cues: the role applies to the places that follow, up to the next cue.
CUES = {
    "affected": (
        Rule("people of",
             r"\b(?:residents|people|inhabitants|population|civilians|families|those|everyone|"
             r"anyone|palestinians|gazans|lebanese|citizens|locals|households|visitors|"
             r"displaced)\s+(?:of|in|living\s+in|staying\s+in|present\s+in|from|sheltering\s+"
             r"in)\b",
             examples=("residents of Ashford", "everyone living in the valley"),
             counterexamples=("residents said",)),
        Rule("leave", r"\bfrom\b|\b(?:leave|evacuate|vacate|flee|evacuation\s+of|"
                      r"evacuations?\s+(?:in|for))\b",
             examples=("to evacuate Ridgeview", "moved from Lakeside"),
             counterexamples=("to relocate",)),
        Rule("order for", r"\b(?:orders?|warnings?|call)\s+(?:for|covering|in)\b"
                          r"|\b(?:issued|announced|declared|imposed)(?:\s+(?:on\s+)?\w*day|\s+(?:late|"
                          r"early)\s+\w+|\s+overnight)?\s+(?:for|on)\b",
             examples=("orders for Pine Hollow", "issued for the coast",
                       "issued Sunday for Elm", "issued late Monday for Elm"),
             counterexamples=("orders were read",)),
        Rule("leaflets over",
             r"\b(?:leaflets|flyers|fliers|pamphlets)\s+(?:\w+\s+)?(?:over|on|in|across)\b",
             examples=("leaflets dropped over the town",), counterexamples=("leaflets said",)),
        Rule("present in", r"\b(?:present|living|staying|sheltering|located)\s+in\b",
             examples=("those sheltering in the school",), counterexamples=("living well",)),
        Rule("people north of",
             r"\b(?:residents|people|inhabitants|population|civilians|families|those|everyone|"
             r"anyone|everybody)\s+(?:living\s+|staying\s+|present\s+)?(?=(?:north|south|east|"
             r"west)(?:ern)?\s+of\b)",
             examples=("everyone south of the canal",),
             counterexamples=("everyone went south",)),
        # '"…head to known shelters," the leaflets said, naming the neighbourhoods of A, B':
        # after the speaker, the areas the order was for.
        Rule("naming the areas of",
             r"\b(?:naming|listing|citing|specifying|identifying|mentioning)\s+(?:the\s+)?"
             r"(?:\w+\s+)?(?:areas?|neighbou?rhoods?|villages?|towns?|districts?|communities|"
             r"localities|blocks|cities|settlements)\s+(?:of|as)\b",
             examples=("the leaflets said, naming the neighbourhoods of",
                       "listing the villages of"),
             counterexamples=("naming the new commander",)),
        Rule("covering", r"\b(?:cover(?:ed|s|ing)?|includ(?:ed|es|ing)|affect(?:ed|s|ing))\b",
             examples=("the order covers Brookside", "areas affected include"),
             counterexamples=("the discovery",)),
    ),
    "destination": (
        Rule("towards", r"\b(?:towards?|toward|into)\b"
                        r"|\bshelters?\s+(?:in|at)\b|\b(?:humanitarian|safe)\s+(?:zones?|areas?)"
                        r"\s+(?:in|of|at)\b",
             examples=("towards the coast", "shelters in Milton", "the safe zone in Elm"),
             counterexamples=("the shelter was full",)),
        Rule("move to",
             r"\b(?:move|moving|head|heading|go|going|relocate|relocating|evacuate|evacuating|"
             r"flee|proceed|return)\s+(?:\S+\s+){0,4}?(?:to|towards?|into)\b"
             r"|\b(?:move|head|go|relocate|evacuate|flee|proceed)\s+(?:immediately\s+)?"
             r"(?:north|south|east|west)(?:wards?)?\s+of\b",
             examples=("head immediately to Fairview", "move south of the river"),
             counterexamples=("move quickly",)),
        # "should be evacuated to Dacharam colony": where the passive order sends them.
        Rule("be evacuated to",
             r"\b(?:be|being)\s+(?:\w+ly\s+)?(?:evacuated|relocated|moved|shifted|transferred)\s+"
             r"(?:\S+\s+){0,3}?(?:to|towards?|into)\b",
             examples=("should be immediately evacuated to", "are being relocated to"),
             counterexamples=("were evacuated from",)),
        Rule("leave for", r"\b(?:leave|left|leaving|head|headed|heading|depart|departed|set\s+"
                          r"off|make)\s+for\b",
             examples=("they left for the capital",), counterexamples=("they left",)),
    ),
    "exemption": (
        Rule("does not apply",
             r"\b(?:does|do|did|will|would)\s*(?:not|n't)\s+(?:apply|include|cover|affect)\s*"
             r"(?:to\s+)?"
             r"|\bexcept(?:\s+for)?\b|\bexcluding\b|\bwith\s+the\s+exception\s+of\b"
             r"|\bapart\s+from\b|\bexempt(?:ed|s)?\b|\bnot\s+(?:included|covered)\b",
             examples=("the order does not apply to Oakley", "all districts except Hill"),
             counterexamples=("the order applies to Oakley",)),
    ),
    # "the areas of X", "villages in X", "such as X": the places keep the role they had,
    # or are affected when nothing came before.
    "same": (
        Rule("areas of",
             r"\b(?:areas?|neighbou?rhoods?|villages?|towns?|city|cities|districts?|parts?|half|"
             r"blocks?|region|camps?|zone|settlements?|communities|localities|"
             r"municipalities|hromadas?)\s+(?:of|in)\b|\bincluding\b|\bsuch\s+as\b|"
             r"\bnamely\b",
             examples=("the neighbourhoods of", "villages, including",
                       "the settlements of"),
             counterexamples=("the village was",)),
    ),
    # A bare "to" points at a destination only when a place follows at once (see to_filler).
    "to": (Rule("to", r"\bto\b", examples=("go to Elm",), counterexamples=("tomorrow",)),),
    # A clause that leaves the order behind: the places in it take no role.
    "break": (
        Rule("relative clause",
             r",\s+(?:which|who|where|whose|when|while|as(?!\s+well\s+as)|after|before|"
             r"although|but)\b|;|\s[—–]\s"
             r"|[”\"»]\s*,?\s*(?:he|she|they|it|the\s+\w+|(?-i:[A-Z])[\w.]+(?:\s+(?-i:[A-Z])"
             r"[\w.]+){0,4})\s+(?:said|says|added|wrote|posted|mentioned|stated|told|"
             r"continued)\b",
             examples=("Elm, where the fire began", "“Leave,” the sheriff said"),
             counterexamples=("Elm as well as Oak",)),
        # "…to leave Khan Younis as ceasefire talks stall in Doha": a clause of "as" (no
        # comma in headlines) says what else happens, not where the order is.  Not the "as"
        # of "such as", "as well as", "known as", "as soon as", "as of", "as part of".
        # (Cues are scanned up to the last place only: no lookahead past it.)
        Rule("as talks continue",
             r"\s(?=as\s)(?<!such\s)(?<!well\s)(?<!known\s)(?<!designated\s)(?<!described\s)"
             r"(?<!declared\s)(?<!same\s)as\s+(?!well\b|soon\b|far\b|much\b|long\b|of\b|part\b|per\b|a\b|an\b|possible\b|"
             r"quickly\b|needed\b|early\b|such\b|follows\b|well\b|safe\b|a\s+|the\s+(?:so-called|"
             r"humanitarian|designated|safe)\b)",
             examples=("leave Khan Younis as ceasefire talks stall in Doha",
                       "leave Elm as the fire spreads toward Oak"),
             counterexamples=("towns such as Elm", "Elm as well as Oak", "an area known as Elm",
                              "leave as soon as possible")),
        # "…told to leave because of flooding from the Elm river": the cause of the order,
        # not its area ("from" there is no place left).
        Rule("because of", r"\b(?:because\s+of|due\s+to|owing\s+to|for\s+fear\s+of|"
                           r"in\s+(?:anticipation|expectation)\s+of)\b",
             examples=("to leave because of flooding from the Elm river",
                       "evacuate due to the threat from the Oak dam"),
             counterexamples=("to leave Elm because", "residents due in Elm")),
        # "…for the Stronghold area, according to the Elm County Sheriff's Office": a source,
        # not a destination.
        Rule("according to", r",\s*(?:according\s+to|citing|quoting|as\s+reported\s+by)\b",
             examples=("the Ridge area, according to the county sheriff",
                       "Elm, citing Elm officials"),
             counterexamples=("head to the county fairgrounds",
                              "According to officials, the order covers Elm")),
    ),
}

# Cues that are just prepositions: inside a relative clause they do not revive the order.
WEAK_CUE = (Rule("preposition", r"(?:from|to|towards?|toward|into)",
                 examples=("towards",), counterexamples=("residents of",)),)

# Sentences that add to the order before them (discourse).
AREA_DETAIL = (
    Rule("areas of the order",
         r"\b(?:in|across)\s+the\s+(?:areas?|neighbou?rhoods?|villages?|towns?)\s+of\b"
         r"|\bthe\s+(?:areas?|neighbou?rhoods|villages|towns|localities|communities)\s+"
         r"(?:of|including)\b"
         # "…a map highlighting the buildings in the A, B and C neighbourhoods"
         r"|\bmaps?\s+(?:\w+\s+){0,2}?(?:highlighting|showing|marking|indicating|of|with)\b"
         r"|\b(?:affected|evacuated|targeted|designated|listed)\s+(?:areas?|villages?|towns?|"
         r"neighbou?rhoods?|blocks?|communities)\b"
         # "Communities affected by that order included A, B…"
         r"|\b(?:areas?|villages?|towns?|neighbou?rhoods?|communities|localities|settlements)\s+"
         r"(?:affected|covered|concerned|included)\s+by\b"
         # "The villages include A, B…", "The areas are: …"
         # ("These villages are mostly near the border" says where they are: a list
         # follows "are" only after a colon.)
         r"|^\W*(?:the|these|those)\s+(?:\w+\s+)?(?:villages?|towns?|areas?|"
         r"neighbou?rhoods?|communities|localities)\s+(?:include|includes|included|listed|"
         r"named|concerned|(?:are|were)(?=\s*:))\b"
         # "…listed the areas, including A, B", "The list also included C"
         r"|\blisted\s+the\s+(?:areas?|villages?|towns?|neighbou?rhoods?)\b"
         r"|\bthe\s+list\s+(?:also\s+)?(?:includ\w*|compris\w*|contain\w*)\b",
         examples=("The villages include Alder, Birch and Cedar.",
                   "The army will operate in the areas of Oak and Elm.",
                   "The towns are: Alder and Birch.",
                   "He attached a map with the buildings next to the neighbourhoods of Elm.",
                   "Communities affected by the order included Elm and Oak.",
                   "The post had a map highlighting buildings in the Elm and Oak districts."),
         counterexamples=("Residents of the villages stayed.",
                          "These villages are mostly in the Elm district.")),
)
DESTINATION_DETAIL = (
    Rule("reception centres",
         r"\b(?:reception|evacuation|welcome|evacuee|relief|registration)\s+(?:centres?|"
         r"centers?|points?|sites?)\b"
         r"|\bevacuees\s+(?:can|could|should|may|are\s+asked\s+to)\s+(?:also\s+)?(?:go|stop|"
         r"head|stay|shelter|register|report)\b"
         r"|\b(?:people|residents)\s+(?:can|should|may)\s+(?:also\s+)?(?:go|head|report)\s+to\b"
         r"|\bshelters?\s+(?:has|have|had)\s+(?:been\s+)?(?:opened|set\s+up)\b"
         # "Shelters are opening Wednesday in …", "shelter facilities are available at …"
         r"|\bshelters?(?:\s+facilities)?\s+(?:are|is|will\s+be|were|was)\s+(?:now\s+|also\s+)?"
         r"(?:open(?:ing|ed)?|set\s+up|available)\b",
         examples=("A reception centre is open at the Elm school.",
                   "Evacuees can also stop for shelter at Oakdale.",
                   "Shelters are opening Wednesday in Elm and Oak."),
         counterexamples=("The centre of town was empty.",)),
)
# "That zone, in the coastal area of X, …": the place a previous order's unnamed
# destination turns out to be.
ZONE_ANAPHORA = (Rule("that zone", r"^\W*(?:that|this|the)\s+(?:humanitarian\s+|safe\s+)?"
                                   r"(?:zone|area)\b",
                      examples=("That zone lies on the coast.",),
                      counterexamples=("Residents of that zone left.",)),)
UNNAMED_DESTINATION = (
    Rule("to the safe zone", r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:\S+\s+){0,3}?"
                             r"[\"“]?(?:humanitarian|safe)\s+(?:zone|area)",
         examples=("move to the so-called humanitarian zone",),
         counterexamples=("the humanitarian zone was shelled",)),
)
# "Nasser Hospital is not included in the order": the places *before* the cue are spared.
EXEMPTION_PASSIVE = (
    Rule("is not included",
         r"\b(?:is|are|was|were|will\s+be|would\s+be|remains?)\s+(?:not\s+(?:included|covered|"
         r"affected|part\s+of|subject\s+to)|exempt(?:ed)?|excluded)\b",
         examples=("The hospital is not included in the order.",
                   "Old Town remains exempt."),
         counterexamples=("The hospital is included.",)),
)
# "evacuation orders for A and evacuation warnings for B": B is not told to leave.
WARNING_CUE = (
    Rule("warnings for", r"\bevacuation\s+warnings?\s+(?:(?:remain|remains|is|are|was|were)\s+"
                         r"in\s+(?:place|effect)\s+)?(?:for|in|covering|issued\s+for)\b"
                         r"|\bunder\s+(?:an?\s+|the\s+)?evacuation\s+warnings?\b",
         examples=("evacuation warnings remain in effect for Ashby",
                   "the rest are under an evacuation warning, including Elm"),
         counterexamples=("evacuation orders for Ashby",)),
)
# US-style tiers: an "evacuation warning" that asks people to get ready is no order.
WARNING_TIER = (
    Rule("get ready", r"\b(?:prepare[ds]?|preparing|be\s+ready|get\s+ready|ready\s+to\s+"
                      r"(?:leave|evacuate|go|move)|be\s+set|get\s+set|level\s+2|"
                      r"be\s+prepared|under\s+(?:an?\s+|the\s+)?evacuation\s+warnings?)\b",
         examples=("Residents should be ready to leave.", "Elm is under an evacuation warning."),
         counterexamples=("Residents must leave.",)),
)
# Who gave the order: the first rule that matches names the issuer.
ISSUERS = (
    Rule("army spokesman", r"\b(?:Avichay\s+)?Adraee\b", case_sensitive=True,
         examples=("Avichay Adraee posted a map.",), counterexamples=("the spokesman",)),
    Rule("the army", r"\bthe\s+Israel[i]?\s+(?:military|army|Defen[cs]e\s+Forces|forces|"
                     r"army's\s+Arabic[- ]language\s+spokes(?:person|man))\b",
         examples=("the Israeli military said",), counterexamples=("the Israeli public",)),
    Rule("armed forces", r"\b(?:Israeli\s+(?:military|army|forces|troops|authorities|"
                         r"officials))\b",
         examples=("Israeli forces warned",), counterexamples=("Israeli villages",)),
    Rule("IDF", r"\bIDF\b|\bIsrael\s+Defen[cs]e\s+Forces\b", case_sensitive=True,
         examples=("the IDF said",), counterexamples=("idf",)),
    Rule("authorities", r"\b(?:[A-Z][a-z]+\s+){0,2}(?:authorities|officials|government|police|"
                        r"fire\s+(?:service|department|brigade)|sheriff(?:'s\s+office)?|"
                        r"civil\s+protection|emergency\s+management)\b",
         case_sensitive=True,
         examples=("Marin County officials said", "the fire department"),
         counterexamples=("Officials",)),
    Rule("state", r"\bIsrael\b(?=\s+(?:has\s+|had\s+|on\s+\w+\s+)?(?:ordered|told|issued|"
                  r"warned|instructed|urged|called|dropped|demanded))", case_sensitive=True,
         examples=("Israel has ordered",), counterexamples=("Israel said",)),
    Rule("military", r"\b(?:the\s+)?(?:military|army)\b",
         examples=("the army said",), counterexamples=("armies",)),
)

# Windows around a place: what the words just before or after it make of it.
TO_FILLER = (
    Rule("to the town of",
         r"^\s*(?:the\s+)?(?:so-called\s+|designated\s+|adjusted\s+|coastal\s+|western\s+|"
         r"southern\s+)*(?:(?:town|city|village|area|areas|region|neighbou?rhoods?|zone|camp|"
         r"humanitarian\s+(?:zone|area)|shelters?)\s+(?:of|in|at)\s+(?:the\s+)?)?"
         r"(?:areas?\s+)?(?:(?:north|south|east|west)(?:ern)?\s+of\s+(?:the\s+)?)?$",
         note="applied to the words between a bare 'to' and the place",
         examples=(" the town of ", " ", " areas north of the "),
         counterexamples=(" residents in ",)),
)
# "…al-Mawasi area, west of Khan Younis", "in the southwest of the island of Chios":
# a reference point or a qualifier, not an area in the order.
REFERENCE_BEFORE = (
    Rule("west of",
         r"(?:,\s*|\bin\s+the\s+)(?:(?:north|south|east|west|north-?east|north-?west|"
         r"south-?east|south-?west)(?:ern|ward)?\s+(?:part\s+|side\s+|edge\s+)?of\s+(?:the\s+)?"
         r"(?:(?:island|city|town|village|region)\s+of\s+)?)$"
         r"|\b(?:near|close\s+to|outside)\s+(?:the\s+)?(?:(?:town|city|village|island|region)\s+"
         r"of\s+)?$"
         # "Marathon, 40 kilometres east of Athens", "a town 180 miles (290 km) northeast of
         # X": a distance locates a place; the order is not for X.
         r"|\b\d[\d,.]*\s*(?:km|kilomet(?:er|re)s?|miles?|mi)\s*(?:\([^()]{1,30}\)\s*)?"
         r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)(?:ern)?\s+"
         r"of\s+(?:the\s+)?$",
         note="applied to the 60 characters before a place",
         examples=("the camp area, west of ", "in the southwest of the island of ", "near ",
                   "near the town of ", "Marathon, 40 kilometres east of ",
                   "about 40 kilometers (25 miles) west of "),
         counterexamples=("residents west of ", "within 2 km of ")),
)
QUALIFIER_BEFORE = (Rule("comma", r"^\s*,\s*$", examples=(", ",), counterexamples=(" and ",)),)
# "Youssef, from the town of Al-Qarara in Khan Yunis, told AFP": a speaker's home.
ATTRIBUTION = (
    Rule("speaker from", r",\s*(?:a\s+[\w-]+\s+)?(?:from|of)\s+[^,]{2,80},\s*(?:told|said|says|"
                         r"added|recalled|explained)\b",
         examples=("Sam Reed, a farmer from Elm Valley, told reporters",),
         counterexamples=("Sam Reed told reporters",)),
)
# "villages in southern Lebanon", "areas in northern Gaza": a broad area framing others.
FRAME_BEFORE = (
    Rule("villages in", r"\b(?:areas?|villages?|towns?|neighbou?rhoods?|parts?|places|"
                        r"communities|localities)\s+(?:in|of|across)\s+(?:the\s+)?$",
         examples=("several villages in ",), counterexamples=("villages, ",)),
)
# A place right before these is affected ("Khan Younis residents were told…").
AFFECTED_AFTER = (
    Rule("residents", r"\s*(?:residents|inhabitants|people|civilians|families)\b",
         examples=(" residents were told",), counterexamples=(" said",)),
    # The place as the subject of the order's state: "Elm County remains under a mandatory
    # evacuation order", "…homes in Elm were placed under evacuation orders".  Not under
    # an evacuation *warning*: a warning to be ready is no order to leave.
    Rule("is under evacuation",
         r"\s+(?:(?:is|are|was|were|remains?|remained|has\s+been|have\s+been|had\s+been|"
         r"will\s+be)\s+)?(?:now\s+|still\s+|also\s+|already\s+)?(?:placed\s+|put\s+)?"
         r"under\s+(?:an?\s+|the\s+)?(?:(?:mandatory|compulsory|voluntary|immediate|new|"
         r"full)\s+)?evacuations?\b(?!\s+(?:warnings?|watch(?:es)?|advisory|advisories)\b)",
         examples=(" remains under a mandatory evacuation order",
                   " were placed under evacuation orders", " is now under a voluntary evacuation",
                   " under mandatory evacuation"),
         counterexamples=(" is under an evacuation warning", " was under fire",
                          " is under evacuation watch")),
)
# "Charlotte County, north of Fort Myers, has issued mandatory evacuations for …": a local
# authority's orders are for its own area.
ISSUING_PLACE_AFTER = (
    Rule("has issued",
         r"(?:\s*,[^,.;]{0,60},|\s+in\s+the\s+[\w\s-]{1,40}?)?\s+(?:officials\s+|authorities\s+)?"
         r"(?:has\s+|have\s+|had\s+|on\s+\w+\s+)?(?:issued|ordered|announced|declared|expanded|"
         r"extended|updated|imposed)\b",
         note="matched right after a county's or town's name",
         examples=(" officials on Monday ordered", ", north of the bay, has issued"),
         counterexamples=(" was hit",)),
)
# "Charlotte County: … evacuation orders …", a bulletin's list item: the label is the area.
LABEL = (Rule("label", r"(?m:^[ \t]*(?P<label>[^:\n]{2,60}?)[ \t]*:[ \t]+\S)", case_sensitive=True,
              examples=("Marion County: zones A and B", "Update\nLee County: all zones"),
              counterexamples=("no colon here", "at 10:30 today")),)
EVACUATION_WORD = (Rule("evacuat", r"evacuat|displacement order",
                        examples=("evacuations",), counterexamples=("evaluation",)),)
# Is a sentence of block numbers about an evacuation (this one or a neighbour)?
EVACUATION_CONTEXT = (Rule("evacuation context", r"evacuat|leave|displace|order",
                           examples=("orders for blocks 5 and 7",),
                           counterexamples=("blocks 5 and 7 were shelled",)),)

# Relative areas, in the words before a place.
SIDE_OF = (Rule("north of", rf"\b({_SIDE[3:-1]})(?:ern|wards?)?\s+of\s+(?:the\s+)?$",
                examples=("move north of the ",), counterexamples=("north ",)),)
PART_OF = (Rule("the eastern part of",
                rf"\b(?:the\s+)?({_SIDE[3:-1]})(?:ern)?\s+(?:parts?|areas?|neighbou?rhoods?|"
                r"outskirts|districts?|sections?|side|edges?|suburbs?|half)\s+of\s+(?:the\s+)?$",
                examples=("the eastern neighbourhoods of ",), counterexamples=("east of ",)),)
DIRECTIONAL = (Rule("eastern", rf"\b({_SIDE[3:-1]})(?:ern)?\s+$",
                    examples=("eastern ",), counterexamples=("eastern part ",)),)
BETWEEN = (Rule("between", r"\bbetween\s+(?:the\s+)?$", examples=("the area between the ",),
                counterexamples=("between them ",)),)
BETWEEN_AND = (Rule("and", r"\s*(?:,\s*)?and\s+(?:the\s+)?", examples=(" and the ",),
                    counterexamples=(" or ",)),)
# "within a one-mile radius of X", "within 2 km of X", "a 5-kilometre radius around X"
RADIUS_OF = (
    Rule("radius of",
         r"\b(?:within\s+)?(?:an?\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|"
         r"nine|ten|half\s+a|a\s+half)[\s-]*(miles?|mi|kilomet(?:er|re)s?|km|met(?:er|re)s?|m)\b"
         r"(?:[\s-]+radius)?\s+(?:of|around|from)\s+(?:the\s+)?$",
         examples=("within a one-mile radius of ", "within 2 km of the "),
         counterexamples=("two miles ",)),
)

# Lists and how they are announced.
ANNOUNCED_LIST = (
    Rule("the following villages",
         r"\b(?:the\s+)?following\s+(?:\w+\s+){0,2}?(?:villages|towns|areas|places|"
         r"neighbou?rhoods|localities|communities|cities|districts|blocks|streets)\b",
         examples=("residents of the following villages:",),
         counterexamples=("the following day",)),
)
LIST_AHEAD = (Rule("including", r"\s*,?\s*(?:including|such\s+as|namely|notably)\b",
                   examples=(", including",), counterexamples=(" and",)),)
LIST_GOES_ON = (
    Rule("and more",
         r"[ \t]*(?:,[ \t]*)?(?:and|or)[ \t]+\S|[ \t]*[,،][ \t]*[^\s,،]+"
         r"(?:[ \t]+[^\s,،]+){0,3}[ \t]*(?:[,،]|and\b)",
         note="matched right after a name: more items follow",
         examples=(" and Elm", ", Oak Hill, Pine"), counterexamples=(". Then",)),
)
REGION_WORD_AFTER = (Rule("region", r"[ \t]+(?:region|area|valley|province|state|governorate|"
                                    r"district)\b",
                          examples=(" region",), counterexamples=(" residents",)),)
LOCATOR_GAP = (Rule("in", r"^\s+(?:in|within|of)\s+(?:the\s+)?$",
                    examples=(" in the ",), counterexamples=(" and ",)),)
POSSESSIVE = (Rule("'s", r"['’]s\b", examples=("'s south",), counterexamples=("s",)),)
COORDINATION = (Rule("and", r"\s*(?:,)?\s*(?:and|or)?\s*", examples=(", and ",),
                     counterexamples=(" then ",)),)
# "…flee west by 3 a.m. Tuesday": a time's full stop ends no sentence.
TIME_END = (Rule("a.m.", r"\b\d{1,2}(?::\d\d)?\s*[ap]\.m\.$", examples=("by 3 a.m.",),
                 counterexamples=("by 3 am",)),)

# Words of numbers, units and weekdays (data, not patterns).
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "half a": 0.5, "a half": 0.5}
UNIT_METRES = {"mile": 1609.344, "mi": 1609.344, "kilometer": 1000.0, "kilometre": 1000.0,
               "km": 1000.0, "meter": 1.0, "metre": 1.0, "m": 1.0}
WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
WEEKDAY = (Rule("on Monday", r"\bon\s+(monday|tuesday|wednesday|thursday|friday|saturday|"
                             r"sunday)\b",
                examples=("left on Sunday",), counterexamples=("Sunday",)),)
