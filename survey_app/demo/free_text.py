"""Free-text answers for the demo survey, written for Omtanke: what staff of a municipality typically say.

Grouped by the open question they answer, so that theme clustering (issue 4) has realistic material to find
workload, staffing, leadership, premises and collaboration themes in.

Staff also name people, as they do in real surveys: colleagues, managers, residents, with names of every origin
common in Swedish and Finnish workplaces, in Finnish case forms, hyphenated, without a first name, in lower case
(``NAMED``). ``mention_people`` swaps a few of a workplace's answers for such answers, drawing on its own random
numbers, so the demo's figures stay as they were. Every name is made up; ``DEMO_PERSON_NAMES`` lists each one as
it is written, so that a test can show that none reaches a page or an export.
"""

from __future__ import annotations

import random

WORKS_WELL = {
    "sv": [
        "Bra sammanhållning i arbetslaget, vi hjälper varandra när det är stressigt.",
        "Min chef lyssnar och tar tag i saker när vi säger till.",
        "Vi har roligt tillsammans och kollegorna är fantastiska.",
        "Tydliga rutiner för överlämning mellan passen.",
        "Bra stämning och högt i tak på APT.",
        "Jag får använda min kompetens och lära mig nya saker.",
        "Barnen och föräldrarna ger mycket tillbaka, det gör jobbet meningsfullt.",
        "Schemat är planerat i god tid och jag kan påverka mina önskemål.",
        "Vi har fått nya hjälpmedel som gör förflyttningar mycket lättare.",
        "Samarbetet med sjuksköterskorna fungerar bra.",
        "Kollegorna är hjälpsamma och nya blir väl mottagna.",
        "Bra introduktion för vikarier den senaste tiden.",
    ],
    "fi": [
        "Työporukka on hyvä ja autamme toisiamme kiireessä.",
        "Esihenkilö kuuntelee ja tarttuu asioihin nopeasti.",
        "Työ tuntuu merkitykselliseltä ja asiakkaat ovat kiitollisia.",
        "Vuoronvaihdon raportointi toimii hyvin.",
        "Saan käyttää osaamistani ja oppia uutta.",
        "Uudet apuvälineet ovat helpottaneet siirtoja paljon.",
    ],
}

SHOULD_CHANGE = {
    "sv": [
        "För lite personal, vi hinner inte med allt som ska göras.",
        "Vikarier saknas när någon är sjuk, då blir det väldigt stressigt.",
        "Det är för många barn i grupperna och för få vuxna.",
        "Delade turer gör att jag inte hinner återhämta mig.",
        "Vi får information för sent om förändringar.",
        "Chefen är sällan på plats och svår att nå.",
        "Bullret i matsalen är tröttande hela dagarna.",
        "Datorerna är gamla och systemet krånglar ofta.",
        "Tunga lyft utan lyfthjälpmedel, jag har fått ont i ryggen.",
        "Schemat ändras med kort varsel.",
        "Vi behöver mer tid för planering och dokumentation.",
        "Ventilationen är dålig, det blir varmt och instängt.",
        "För mycket administration tar tid från brukarna.",
        "Otydligt vem som ansvarar för vad när chefen är borta.",
        "Ojämn arbetsfördelning, några får ta allt ansvar.",
        "Körscheman i hemtjänsten är för täta, ingen tid mellan besöken.",
        "Personalrummet är för litet, vi får inte plats på rasten.",
        "Vi behöver utbildning i de nya rutinerna.",
    ],
    "fi": [
        "Henkilökuntaa on liian vähän, kaikkea ei ehdi tehdä.",
        "Sijaisia ei saada sairauspoissaolojen aikana.",
        "Vuorot vaihtuvat lyhyellä varoitusajalla.",
        "Tietoa muutoksista tulee liian myöhään.",
        "Raskaat nostot ilman apuvälineitä, selkä on kipeä.",
        "Esihenkilö on harvoin paikalla.",
        "Ilmanvaihto on huono ja tiloissa on kuuma.",
        "Kirjaamiseen ei ole tarpeeksi aikaa.",
    ],
}

#: Answers that name someone, by open question and language; the names are made up.
NAMED = {
    "works_well": {
        "sv": [
            "Kajsa Lindberg är en chef som alltid har tid för oss.",
            "Tack till Yusuf och Fatuma som alltid ställer upp när någon är sjuk.",
            "Samarbetet med sjuksköterskan Milica Petrović fungerar jättebra.",
            "Britt-Marie på kontoret hjälper alltid till med schemat.",
        ],
        "fi": [
            "Anneli Korhonen on paras esihenkilö, joka meillä on ollut.",
            "Kiitos Oksanalle, hän perehdytti minut todella hyvin.",
        ],
    },
    "should_change": {
        "sv": [
            "Lindberg lyssnar aldrig när vi säger att vi inte hinner.",
            "Jag har sagt till Johansson flera gånger att lyftmotorn är trasig.",
            "Gunnel Wikström på rum 12 ropar hela natten och vi är bara två.",
            "Schemat blir alltid fel när dragan gör det.",
            "Mehdi Rostami får alltid de bästa passen, det är orättvist.",
            "Varje beställning väntar på att Ewa Nowak-Kowalska skriver under.",
        ],
        "fi": [
            "Olen kertonut Anneli Korhoselle monta kertaa, eikä mitään tapahdu.",
            "Mikko Virtasen kanssa on vaikea tehdä yhteistyötä.",
            "Farhiya Abdi Warsame joutuu tekemään kaikki yövuorot.",
        ],
    },
}
#: Every name written in ``NAMED``, as written (a Finnish case form too) and each part of a hyphenated one.
DEMO_PERSON_NAMES = (
    "Kajsa", "Lindberg", "Yusuf", "Fatuma", "Milica", "Petrović", "Britt-Marie", "Britt", "Marie",
    "Anneli", "Korhonen", "Korhoselle", "Oksanalle",
    "Johansson", "Gunnel", "Wikström", "dragan", "Mehdi", "Rostami", "Ewa", "Nowak-Kowalska", "Nowak", "Kowalska",
    "Mikko", "Virtasen", "Farhiya", "Abdi", "Warsame",
)  # fmt: skip
#: About this share of a workplace's free-text answers name someone.
NAMED_SHARE = 0.08
_POOLS = {"works_well": WORKS_WELL, "should_change": SHOULD_CHANGE}


def mention_people(rows: list[dict], rng: random.Random) -> None:
    """Swap about ``NAMED_SHARE`` of the free-text answers in ``rows`` (answer rows of one workplace) for answers to
    the same question, in the same language, that name someone. Uses only ``rng``."""
    for row in rows:
        question = row["item_key"].rpartition(".")[2]
        if row.get("text") is None or question not in NAMED or rng.random() >= NAMED_SHARE:
            continue
        language = "fi" if row["text"] in _POOLS[question]["fi"] else "sv"
        row["text"] = rng.choice(NAMED[question][language])
