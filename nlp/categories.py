"""Work-environment areas and a built-in vocabulary for suggesting which area a theme is about, from its lemmas.

``CATEGORIES`` are the eleven areas Omtanke sorts themes into. ``VOCABULARY`` holds, per area and language (``sv``,
``fi``, ``en``), 20-40 lower-case lemmas typical for the area, in the base forms a lemmatiser produces (Swedish:
singular indefinite nouns, infinitives without "att", adjectives in the common gender; Finnish: nominative singular
nouns, first infinitives in -a/-ä; English: singular nouns, bare infinitives). A lemma may belong to two areas ("lyft":
the lifting that strains a back, and the ceiling hoist).

``suggest_category`` scores every area by how many of a theme's lemmas (or how much of their weight) are in the
area's vocabulary and returns the best area when it reaches ``min_score`` and beats the runner-up; otherwise None,
because a wrong suggestion costs more than none. Swedish and Finnish compounds also count, at half weight, through
their last part: "nattskift" through "skift", "personalbrist" through "brist", "selkäkipu" through "kipu" (both parts
at least three letters).

``CATEGORY_LABELS`` are the areas' names in Swedish, Finnish and English. They are complete translations already,
so they are not marked with ``N_``: the web layer picks the label for the user's language with ``category_label``.

Plain data and pure functions, standard library only: this module never imports the web app, a database or another
Omtanke package, never reads files and never raises on odd input (unknown languages, non-string lemmas, odd weights).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from functools import lru_cache
from types import MappingProxyType

__all__ = [
    "CATEGORIES",
    "CATEGORY_LABELS",
    "COMPOUND_WEIGHT",
    "LANGUAGES",
    "VOCABULARY",
    "category_label",
    "category_scores",
    "suggest_category",
]

LANGUAGES: tuple[str, ...] = ("sv", "fi", "en")

CATEGORIES: tuple[str, ...] = (
    "workload",
    "working_hours",
    "leadership",
    "communication",
    "collaboration",
    "victimisation",
    "goals",
    "ergonomics",
    "equipment",
    "physical_environment",
    "competence",
)

# A compound lemma that ends in a vocabulary word counts this much (an exact lemma counts 1 times its weight).
COMPOUND_WEIGHT = 0.5
_MIN_PART = 3

CATEGORY_LABELS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        category: MappingProxyType(dict(zip(LANGUAGES, labels, strict=True)))
        for category, labels in {
            "workload": ("Arbetsbelastning", "Työmäärä", "Workload"),
            "working_hours": ("Arbetstider", "Työajat", "Working hours"),
            "leadership": ("Ledarskap", "Johtaminen", "Leadership"),
            "communication": ("Kommunikation och information", "Viestintä ja tiedonkulku", "Communication"),
            "collaboration": ("Samarbete och arbetsklimat", "Yhteistyö ja ilmapiiri", "Collaboration and climate"),
            "victimisation": ("Kränkande särbehandling", "Epäasiallinen kohtelu", "Victimisation"),
            "goals": ("Mål och uppdrag", "Tavoitteet ja perustehtävä", "Goals and tasks"),
            "ergonomics": ("Ergonomi", "Ergonomia", "Ergonomics"),
            "equipment": ("Utrustning och hjälpmedel", "Välineet ja apuvälineet", "Equipment and aids"),
            "physical_environment": ("Fysisk arbetsmiljö", "Fyysinen työympäristö", "Physical environment"),
            "competence": ("Kompetens och utbildning", "Osaaminen ja koulutus", "Competence and training"),
        }.items()
    }
)

# fmt: off
_VOCABULARY_TEXT: dict[str, tuple[str, str, str]] = {
    "workload": (
        """stress stressig stressad tid tidsbrist personal personalbrist bemanning underbemanning underbemannad
        vikarie ersättare hinna orka arbetsbörda arbetsbelastning arbetsmängd sjukskrivning sjukfrånvaro frånvaro
        resurs brist press tempo jäkt hektisk kaos utmattning utbrändhet besparing nedskärning administration
        dokumentation""",
        """kiire kiireinen henkilökunta henkilöstö resurssi sijainen työmäärä työkuorma työtaakka stressi
        stressaava ehtiä jaksaa jaksaminen uupumus väsymys ajanpuute riittää vaje henkilöstövaje miehitys
        sairausloma poissaolo paine tahti kuormittava säästö leikkaus kirjaaminen paperityö hallinto kaaos""",
        """stress stressful stressed staff staffing understaffed understaffing workload busy rush hurry pressure
        pace substitute cover resource shortage exhausted exhaustion burnout tired overload overwhelmed sick
        absence cut saving budget paperwork documentation administration""",
    ),
    "working_hours": (
        """schema schemaläggning arbetstid skift skiftarbete tur delad turlista övertid rast paus lunch lunchrast
        kväll natt nattpass helg helgarbete pass arbetspass heltid deltid ledighet semester ledig flextid timme
        tjänstgöring jour beredskap dygnsvila vila återhämtning""",
        """työvuoro vuoro vuorolista työvuorolista vuorotyö ylityö tauko ruokatauko työaika ilta iltavuoro yö
        yövuoro aamuvuoro viikonloppu viikonlopputyö pyhä loma vapaa vapaapäivä kokoaikainen osa-aikainen tunti
        päivystys varallaolo lepo palautuminen lepoaika liukuma jousto aikataulu""",
        """schedule rota roster rostering shift split overtime break lunch hour night nightshift evening weekend
        holiday leave vacation part-time full-time flexitime flexible rest recovery on-call timetable""",
    ),
    "leadership": (
        """chef ledning ledarskap ledare stöd stötta feedback återkoppling enhetschef verksamhetschef förvaltning
        lyssna förtroende tillit beslut uppskattning bekräftelse närvarande synlig medarbetarsamtal
        utvecklingssamtal rättvis orättvis respekt delaktighet inflytande styrning arbetsgivare rektor ansvar
        mandat""",
        """esihenkilö esimies johto johtaminen johtaja lähijohtaja johtoryhmä tuki tukea palaute kuunnella
        luottamus luottaa päätös arvostus arvostaa kehityskeskustelu oikeudenmukainen epäoikeudenmukainen
        kunnioitus osallisuus vaikutusmahdollisuus työnantaja rehtori vastuu läsnäolo näkyvä kannustaa kiitos""",
        """manager management leadership leader boss supervisor support supportive feedback listen trust decision
        appreciation recognition fair unfair respect involvement influence employer appraisal accountability
        micromanagement visible praise encourage director principal""",
    ),
    "communication": (
        """information informera kommunikation kommunicera möte arbetsplatsträff apt mejl e-post intranät budskap
        dialog samtal berätta förmedla oklar otydlig missförstånd överlämning rapport rapportering protokoll
        meddelande anslagstavla nyhetsbrev veckobrev besked informationsflöde""",
        """tiedottaminen tiedottaa tiedote tieto tiedonkulku viestintä viesti kokous palaveri työpaikkakokous
        sähköposti intranet keskustelu keskustella kertoa informaatio epäselvä väärinkäsitys raportointi raportti
        muistio pöytäkirja ilmoitustaulu uutiskirje tiedonsiirto raportoida ohjeistus avoimuus""",
        """information inform informed communication communicate meeting email e-mail intranet message dialogue
        conversation tell unclear misunderstanding handover report reporting minutes notice newsletter
        announcement update transparency briefing""",
    ),
    "collaboration": (
        """kollega arbetskamrat samarbete samarbeta stämning konflikt arbetsgrupp grupp team gemenskap
        sammanhållning klimat arbetsklimat hjälpa hjälpsam klick skvaller tjafs bråk osämja oenighet lojalitet
        bemötande trivsel trivas gemensam tillsammans kamratskap teamarbete samverkan""",
        """kollega työkaveri työtoveri yhteistyö ilmapiiri työilmapiiri ristiriita konflikti tiimi työyhteisö
        yhteisö porukka yhteishenki me-henki auttaa avulias klikki juoru juoruilu riita erimielisyys lojaalisuus
        kohtelu viihtyä viihtyvyys yhdessä yhteinen tiimityö ryhmä""",
        """colleague coworker co-worker collaboration cooperation collaborate cooperate atmosphere climate conflict
        team teamwork group community cohesion help helpful clique gossip argument quarrel disagreement loyalty
        together morale tension friction camaraderie""",
    ),
    "victimisation": (
        """kränkning kränka kränkande mobbning mobba trakasseri trakassering sexuell hot hota våld våldsam
        utfrysning utfrysa diskriminering diskriminera särbehandling härskarteknik förolämpning förnedra
        förnedrande skrika aggressiv utsatt rädd rädsla otrygg övergrepp slå nedlåtande baktala rasism sexism""",
        """loukkaus loukata loukkaava kiusaaminen kiusata häirintä häiritä seksuaalinen uhka uhkailu uhata
        väkivalta väkivaltainen syrjintä syrjiä eristäminen epäasiallinen nöyryytys nöyryyttää huutaa
        aggressiivinen pelko pelätä turvaton lyödä alistaminen vähättely rasismi työpaikkakiusaaminen solvaus
        haukkua""",
        """victimisation victimization harassment harass bullying bully abuse abusive threat threaten violence
        violent discrimination discriminate exclusion exclude humiliate humiliation insult offensive degrading
        shout yell aggressive fear afraid unsafe hit racism sexism intimidation intimidate sexual""",
    ),
    "goals": (
        """mål målsättning uppdrag prioritering prioritera riktning vision syfte plan planering strategi
        uppföljning resultat förväntning krav ansvarsfördelning roll rollfördelning arbetsbeskrivning tydlighet
        otydlighet fokus kvalitet verksamhetsplan styrdokument rutin utvärdering mening meningsfull""",
        """tavoite päämäärä tehtävä perustehtävä priorisointi priorisoida suunta visio tarkoitus suunnitelma
        suunnittelu strategia seuranta tulos odotus vaatimus rooli roolijako vastuunjako työnkuva selkeys
        epäselvyys fokus laatu toimintasuunnitelma rutiini arviointi merkitys merkityksellinen mittari""",
        """goal objective target aim mission assignment priority prioritise prioritize prioritisation direction
        vision purpose plan planning strategy follow-up result outcome expectation role clarity focus quality
        routine evaluation meaning meaningful kpi""",
    ),
    "ergonomics": (
        """rygg ryggont lyft lyfta axel nacke knä belastning värk ont smärta förslitning arbetsställning
        ställning böja vrida tung tunglyft bära förflyttning förflytta statisk ensidig repetitiv belastningsskada
        skada arm handled höft ergonomi ergonomisk""",
        """selkä selkäkipu nosto nostaa olkapää niska hartia polvi kuormitus kipu kipeä särky työasento asento
        kumartua raskas kantaa siirto siirtää potilassiirto staattinen yksipuolinen toistuva rasitus
        rasitusvamma vamma käsi ranne lonkka ergonomia ergonominen""",
        """back backache lift lifting shoulder neck knee strain load ache pain sore posture position bend twist
        heavy carry transfer static repetitive injury arm wrist hip ergonomics ergonomic musculoskeletal""",
    ),
    "equipment": (
        """dator hjälpmedel lyft taklyft personlyft system verktyg telefon mobil surfplatta skrivare program
        programvara it utrustning material inköp säng rullstol rullator journalsystem inloggning lösenord wifi
        nätverk uppkoppling teknik digital app bil arbetskläder skyddsutrustning handske förbrukningsmaterial
        trasig""",
        """tietokone apuväline nostin henkilönostin kattonostin järjestelmä työkalu puhelin kännykkä tabletti
        tulostin ohjelma ohjelmisto it laitteisto laite väline varuste materiaali hankinta sänky pyörätuoli
        rollaattori potilastietojärjestelmä kirjautuminen salasana verkkoyhteys yhteys tekniikka digitaalinen
        sovellus auto työvaate suojavaruste käsine rikki""",
        """computer laptop aid hoist lift system tool phone telephone mobile tablet printer software program
        equipment device material supply bed wheelchair walker login password wifi network connection technology
        digital app car uniform glove ppe broken""",
    ),
    "physical_environment": (
        """buller ljud ljudnivå ljus belysning ventilation luft temperatur värme kyla varm kall drag lokal
        utrymme trång städning städa smuts smutsig damm mögel fukt lukt personalrum rum kontor akustik parkering
        omklädningsrum ombyggnad renovering inomhusmiljö fönster luftkvalitet""",
        """melu meluisa ääni äänitaso valo valaistus ilmanvaihto ilma sisäilma lämpötila lämpö kylmä kuuma
        veto tila ahdas siivous siivota lika likainen pöly home kosteus haju taukotila sosiaalitila huone
        toimisto akustiikka pysäköinti pukuhuone remontti ikkuna kuumuus""",
        """noise noisy sound loud light lighting ventilation air temperature heat hot cold draught draft premises
        space room cramped cleaning clean dirt dirty dust mould mold damp humidity smell office acoustics
        parking renovation window indoor""",
    ),
    "competence": (
        """utbildning utbilda kompetens kompetensutveckling introduktion inskolning handledning handledare
        kunskap lära lärande fortbildning vidareutbildning kurs föreläsning erfarenhet erfaren oerfaren
        nyanställd mentor språk behörighet behörig delegering certifiering utveckling utvecklas färdighet
        yrkeskunskap reflektion""",
        """koulutus kouluttaa osaaminen perehdytys perehdyttää työnohjaus ohjaaja taito oppia oppiminen
        täydennyskoulutus lisäkoulutus kurssi luento kokemus kokenut kokematon mentori mentorointi kieli
        kielitaito pätevyys pätevä lupa lääkelupa sertifikaatti kehittyminen kehittää ammattitaito reflektointi
        opiskelu""",
        """training train education competence competency skill induction onboarding introduction supervision
        mentor mentoring knowledge learn learning course lecture experience experienced inexperienced
        qualification qualified certification development develop language professional coaching workshop
        expertise""",
    ),
}
# fmt: on

VOCABULARY: Mapping[str, Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        category: MappingProxyType({lang: frozenset(text.split()) for lang, text in zip(LANGUAGES, texts, strict=True)})
        for category, texts in _VOCABULARY_TEXT.items()
    }
)


def _language(lang: object) -> str | None:
    """ "sv", "sv-SE", "FI_fi" -> the language; None, "" or an unknown language -> None (all languages)."""
    if not isinstance(lang, str):
        return None
    code = lang.strip().lower().replace("_", "-").partition("-")[0]
    return code if code in LANGUAGES else None


@lru_cache(maxsize=8)
def _index(lang: str | None) -> tuple[Mapping[str, frozenset[str]], Mapping[str, frozenset[str]]]:
    """lemma -> its categories, and (Swedish and Finnish only) compound head -> its categories."""
    languages = (lang,) if lang else LANGUAGES
    exact: dict[str, set[str]] = {}
    heads: dict[str, set[str]] = {}
    for category in CATEGORIES:
        for language in languages:
            for lemma in VOCABULARY[category][language]:
                exact.setdefault(lemma, set()).add(category)
                if language != "en" and len(lemma) >= _MIN_PART:
                    heads.setdefault(lemma, set()).add(category)
    return (
        MappingProxyType({lemma: frozenset(found) for lemma, found in exact.items()}),
        MappingProxyType({lemma: frozenset(found) for lemma, found in heads.items()}),
    )


def _weighted(lemmas: Iterable[str] | Mapping[str, float]) -> Iterable[tuple[str, float]]:
    if isinstance(lemmas, Mapping):
        pairs: Iterable[tuple[object, object]] = lemmas.items()
    elif isinstance(lemmas, str):
        pairs = ((lemmas, 1.0),)
    else:
        try:
            pairs = [(lemma, 1.0) for lemma in lemmas]
        except TypeError:
            return
    for lemma, weight in pairs:
        if not isinstance(lemma, str) or isinstance(weight, bool) or not isinstance(weight, int | float):
            continue
        if not math.isfinite(weight) or weight <= 0:
            continue
        lemma = lemma.strip().lower()
        if lemma:
            yield lemma, float(weight)


def category_scores(lemmas: Iterable[str] | Mapping[str, float], lang: str | None = None) -> Mapping[str, float]:
    """Every category's score for ``lemmas`` (see ``suggest_category``), in ``CATEGORIES`` order."""
    exact, heads = _index(_language(lang))
    scores = dict.fromkeys(CATEGORIES, 0.0)
    for lemma, weight in _weighted(lemmas):
        found = exact.get(lemma)
        share = weight
        if found is None:
            found = _compound_head(lemma, heads)
            share = weight * COMPOUND_WEIGHT
        for category in found or ():
            scores[category] += share
    return MappingProxyType(scores)


def _compound_head(lemma: str, heads: Mapping[str, frozenset[str]]) -> frozenset[str] | None:
    """The categories of the longest vocabulary word ``lemma`` ends in, leaving a first part of 3+ letters."""
    if not heads:
        return None
    for start in range(_MIN_PART, len(lemma) - _MIN_PART + 1):
        found = heads.get(lemma[start:].lstrip("-"))
        if found:
            return found
    return None


def suggest_category(
    lemmas: Iterable[str] | Mapping[str, float], lang: str | None = None, min_score: float = 1.0
) -> str | None:
    """The work-environment area a theme with these lemmas is most likely about, or None.

    ``lemmas``: the theme's lemmas (each occurrence counts 1) or a mapping lemma -> weight (e.g. c-TF-IDF scores;
    weights that are not positive finite numbers are ignored). ``lang``: "sv", "fi" or "en" (also "sv-SE");
    None or an unknown language uses all three vocabularies. A lemma scores its weight for every area whose
    vocabulary holds it; a Swedish or Finnish compound that is not in any vocabulary scores ``COMPOUND_WEIGHT``
    times its weight through its last part. The best area is returned when its score is at least ``min_score``
    and strictly higher than every other area's; otherwise None.
    """
    scores = category_scores(lemmas, lang)
    ranked = sorted(scores.values(), reverse=True)
    best = max(CATEGORIES, key=scores.__getitem__)
    if ranked[0] >= min_score and ranked[0] > ranked[1]:
        return best
    return None


def category_label(category: str, lang: str) -> str:
    """The name of ``category`` in ``lang`` ("sv", "fi", "en"; "sv-SE" works too), falling back to English.

    An unknown category is returned as given, so a stored value from an older vocabulary still shows.
    """
    labels = CATEGORY_LABELS.get(category) if isinstance(category, str) else None
    if labels is None:
        return category if isinstance(category, str) else ""
    return labels[_language(lang) or "en"]
