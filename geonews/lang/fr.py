"""French: how evacuation orders are written in French-language news.  Tables of
:class:`~geonews.lang.rules.Rule` records, as in :mod:`geonews.lang.en`; every example
sentence is written for this file.

The trigger patterns use French-only spellings ("ordre", "doivent", "évacuez"), so that
English sentences never run them.
"""

from __future__ import annotations

from .rules import Rule

_LEAVE = (r"(?:quitter|évacuer|evacuer|partir|fuir|se\s+diriger|se\s+rendre|rejoindre|"
          r"se\s+déplacer|s['’]éloigner|abandonner|gagner|se\s+réfugier)")

TRIGGERS = (
    Rule("ordre d'évacuation",
         r"\b(?:ordres?|avis|avertissements?|appels?|consignes?|alertes?|injonctions?)\s+"
         r"(?:urgents?\s+|immédiats?\s+|nouveaux?\s+)?(?:d['’]|à\s+(?:l['’])?)"
         r"(?:évacu|evacu|quitter|partir)"
         # "Des mises en garde similaires ont été émises pour les quartiers de …"
         r"|\b(?:mises?\s+en\s+garde|avertissements?|alertes?|appels?)\s+(?:similaires?\s+)?"
         r"(?:ont|a)\s+été\s+(?:émis|émises?|lancée?s?|adressée?s?|publiée?s?)\s+(?:pour|aux?|à)\b",
         examples=("Un ordre d'évacuation vise trois villages.",
                   "Des alertes similaires ont été lancées pour le quartier voisin."),
         counterexamples=("L'ordre du jour est chargé.",)),
    Rule("appel à quitter",
         r"\b(?:appel(?:é|ée|és|ées|le|lent|er|ant|ait)?|exhort\w*|somm(?:é|ée|és|ées|e|ent)|"
         r"invit\w*|demand(?:é|ée|és|ées|e|ent|ait)|ordonn\w*|enjoin\w*|pressé\w*|intim\w*|"
         r"conseill\w*|pri(?:é|ée|és|ées))\b"
         rf"[^.;!?]{{0,300}}?\b(?:à|a|de|d['’])\s*(?:immédiatement\s+|rapidement\s+)?{_LEAVE}\b",
         examples=("L'armée a appelé les habitants de cinq villages à quitter leurs maisons.",
                   "Les autorités ont sommé la population de partir."),
         counterexamples=("L'armée a appelé à la retenue.",)),
    Rule("doivent évacuer",
         r"\b(?:doivent|devez|doit|devront|sont\s+tenu(?:e)?s\s+de)\s+(?:immédiatement\s+)?"
         r"(?:évacuer|evacuer|quitter|partir|se\s+diriger|se\s+rendre)\b",
         examples=("Les habitants doivent évacuer avant midi.",),
         counterexamples=("Les habitants doivent rester chez eux.",)),
    Rule("évacuation ordonnée",
         r"\b(?:ordonn(?:é|ée|e|ent|ait)|décrét(?:é|ée)|décrète|annonc(?:é|ée|e)|imposée?)\s+"
         r"(?:l['’]|une\s+|la\s+)?(?:évacuation|evacuation)",
         examples=("Le préfet a ordonné l'évacuation du camping.",),
         counterexamples=("L'évacuation s'est bien passée.",)),
    # L'adresse par laquelle s'ouvre un ordre : « Aux habitants des villes de A, B et C ! »
    Rule("adresse aux habitants",
         r"(?:^|[\"“«:‘']\s*)\W*(?:Aux|À\s+tous\s+les|A\s+tous\s+les)\s+(?:habitants|résidents|"
         r"civils|populations?|personnes)\s+(?:de|des|du|d['’]|se\s+trouvant)",
         case_sensitive=True,
         examples=("« Aux habitants des villes d'Arnoun et Yohmor ! »",
                   "À tous les habitants de la banlieue sud : vous êtes près d'installations."),
         counterexamples=("L'aide est allée aux habitants de Tyr.",)),
    Rule("impératif",
         r"(?:^|[\"“«:‘']\s*)(?:évacuez|evacuez|quittez|dirigez-vous|partez|rendez-vous)\b",
         examples=("« Évacuez immédiatement vos maisons »", "Message : partez vers le nord."),
         counterexamples=("Ils ont évacué hier.",)),
)

HEDGES = (
    Rule("background", r"\bavai(?:t|ent)\s+(?:déjà\s+)?(?:été\s+)?(?:appelé|ordonné|sommé|"
                       r"demandé|adressé|exhorté)",
         examples=("L'armée avait déjà appelé les habitants à partir en 2023.",),
         counterexamples=("L'armée a appelé les habitants à partir.",)),
)

CUES = {
    "affected": (
        Rule("comprennent", r"\b(?:comprennent|comprend|incluent|inclut|concernent|concerne)\b",
             examples=("les zones visées comprennent Arnoun",),
             counterexamples=("la compréhension",)),
        # « … vous diriger vers des abris », préviennent les tracts en citant les localités
        # de A, B : après celui qui parle, les lieux que l'ordre vise.
        Rule("en citant les localités de",
             r"\ben\s+(?:citant|nommant|énumérant|listant|désignant|précisant|mentionnant)\s+"
             r"(?:les|des)\s+(?:\w+\s+)?(?:localités|villages|quartiers|zones|secteurs|communes|"
             r"villes|régions)\s+(?:de|d['’]|du|des)",
             examples=("en citant les localités de", "en citant les zones de"),
             counterexamples=("en citant les autorités",)),
        Rule("habitants de",
             r"\b(?:habitants|résidents|populations?|personnes|civils)\s+(?:se\s+trouvant\s+"
             r"(?:toujours\s+|encore\s+)?)?(?:de|des|du|à|dans|d['’])\b|\bse\s+trouvant\s+"
             r"(?:toujours\s+|encore\s+)?(?:à|dans)\b|\b(?:quitter|évacuer|évacuation\s+"
             r"d(?:e|u|es))\b",
             examples=("les habitants de Arnoun", "les personnes se trouvant encore dans",
                       "quitter Arnoun"),
             counterexamples=("les habitants ont",)),
    ),
    "destination": (
        Rule("vers",
             r"\bvers\b|\ben\s+direction\s+d(?:e|u|es)\b|\b(?:se|vous|nous)\s+(?:rendre|"
             r"diriger|réfugier)\s+(?:à|au|aux|vers|dans|en)\b|\brejoindre\b"
             r"|\b(?:rendez|dirigez|réfugiez)-vous\s+(?:à|au|aux|vers|dans|en)\b",
             examples=("se diriger vers le nord", "en direction de Saïda", "rendez-vous à Tyr"),
             counterexamples=("envers eux",)),
    ),
    "exemption": (
        Rule("sauf", r"\bà\s+l['’]exception\s+d(?:e|u|es)\b|\bsauf\b|\bhormis\b"
                     r"|\bne\s+(?:concerne|s['’]applique|vise)\s+pas\b",
             examples=("tous les villages sauf Tyr", "l'ordre ne concerne pas la ville"),
             counterexamples=("l'ordre concerne la ville",)),
    ),
    "same": (
        Rule("quartiers de", r"\b(?:quartiers?|villages?|localités|communes?|zones?|régions?)\s+"
                             r"d(?:e|u|es|['’])",
             examples=("les quartiers de", "les villages du"), counterexamples=("les villages",)),
    ),
}

AREA_DETAIL = (
    Rule("les villages sont",
         # ("Ces villages sont situés dans le caza de Tyr" says where they are: a list
         # follows "sont" only after a colon.)
         r"^\W*(?:les|ces)\s+(?:\w+\s+)?(?:villages?|localités|quartiers|communes|zones?)\s+"
         r"(?:concerné(?:e)?s|comprennent|sont(?=\s*:))"
         r"|\bla\s+liste\s+(?:comprend|inclut)\b",
         examples=("Les villages concernés sont Arnoun et Yohmor.",
                   "La liste comprend aussi Kfar Tebnit.",
                   "Ces localités sont : Arnoun, Yohmor."),
         counterexamples=("Les villages ont été bombardés.",
                          "Ces villages sont principalement situés dans le caza de Tyr.")),
)
DESTINATION_DETAIL = (
    Rule("centres d'accueil", r"\bcentres?\s+d['’](?:accueil|hébergement)\b",
         examples=("Des centres d'accueil ont ouvert à Saïda.",),
         counterexamples=("Le centre-ville est vide.",)),
)
EXEMPTION_PASSIVE = (
    Rule("n'est pas concerné", r"\bn['’](?:est|sont)\s+pas\s+(?:concerné|inclus|visé)"
                               r"|\bsont\s+exclu(?:e)?s\b|\best\s+exclu(?:e)?\b",
         examples=("L'hôpital n'est pas concerné par l'ordre.",),
         counterexamples=("L'hôpital est concerné.",)),
)
ISSUERS = (
    Rule("l'armée", r"\bl['’]armée\s+israélienne\b|\bTsahal\b",
         examples=("l'armée israélienne a appelé",), counterexamples=("l'armée libanaise",)),
)
LIST_GOES_ON = (
    Rule("et", r"[ \t]*(?:,[ \t]*)?(?:et|ou)[ \t]+\S|[ \t]*[,،][ \t]*[^\s,،]+"
               r"(?:[ \t]+[^\s,،]+){0,3}[ \t]*et\b",
         note="matched right after a name: more items follow",
         examples=(" et Yohmor", ", Kfar Tebnit et"), counterexamples=(". Puis",)),
)
COORDINATION = (Rule("et", r"\s*,?\s*(?:et)?\s*", examples=(" et ",),
                     counterexamples=(" puis ",)),)
# "au nord du fleuve Awali", "à l'est de la ville": the side of a place or line.
SIDE_OF = (Rule("au nord de", r"\b(?:au|à\s+l['’])\s*(nord|sud|est|ouest)\s+(?:de\s+(?:la\s+|"
                              r"l['’])?|du\s+|des\s+|d['’])(?:fleuve\s+|rivière\s+)?$",
                examples=("au nord du fleuve ", "à l'est de la "),
                counterexamples=("le nord de ",)),)

# "au nord du fleuve Awali, au niveau de la ville de Saïda", "près de Tyr": a reference
# point, not one more place of the order.
REFERENCE_BEFORE = (
    Rule("au niveau de",
         r"\b(?:au\s+niveau|à\s+(?:la\s+)?hauteur|près|à\s+proximité|non\s+loin|aux\s+abords)"
         r"\s+(?:de\s+(?:la\s+)?|du\s+|des\s+|d['’])(?:(?:ville|localité|village|région)\s+"
         r"(?:de\s+|d['’]))?$",
         note="applied to the 60 characters before a place",
         examples=("au niveau de la ville de ", "près de ", "à proximité du "),
         counterexamples=("les habitants de ",)),
)

SIDES = {"nord": "north", "sud": "south", "est": "east", "ouest": "west"}
MONTHS = {m: i for i, ms in enumerate([
    "janvier", "février fevrier févr", "mars", "avril", "mai", "juin", "juillet",
    "août aout", "septembre sept", "octobre oct", "novembre nov", "décembre decembre déc"], 1)
    for m in ms.split()}
