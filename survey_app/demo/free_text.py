"""Free-text answers for the demo survey, written for Omtanke: what staff of a municipality typically say.

Grouped by the open question they answer, so that theme clustering (issue 4) has realistic material to find
workload, staffing, leadership, premises and collaboration themes in.
"""

from __future__ import annotations

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
