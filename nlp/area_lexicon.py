"""The built-in vocabulary of each work-environment area, and the areas' names, keyed by area and language.

``VOCABULARY`` holds, keyed by area and language (``sv``, ``fi``, ``en``), 20-60 lower-case lemmas typical for the
area, in the base forms a lemmatiser produces (Swedish: singular indefinite nouns, infinitives without "att",
adjectives in the common gender; Finnish: nominative singular nouns, first infinitives in -a/-ä; English: singular
nouns, bare infinitives). A lemma may belong to two areas ("lyft": the lifting that strains a back, and the ceiling
hoist). The keys are those of the domain's areas (``interventions.areas.AREAS``); which areas there are, and in which
order, is the caller's to say, never this module's.

``CATEGORY_LABELS`` are the areas' names in Swedish, Finnish and English. They are complete translations already,
so they are not marked with ``N_``: the web layer picks the label for the user's language with
``nlp.categories.category_label``.

Plain data, standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

__all__ = ["CATEGORY_LABELS", "LANGUAGES", "VOCABULARY"]

LANGUAGES: tuple[str, ...] = ("sv", "fi", "en")

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
        """stress stressig stressad tidsbrist personal personalbrist bemanning underbemanning underbemannad vikarie
        ersättare hinna orka arbetsbörda arbetsbelastning arbetsmängd sjukskrivning sjukfrånvaro frånvaro resurs
        brist press tempo jäkt hektisk kaos utmattning utbrändhet besparing nedskärning administration dokumentation
        besök vuxen barngrupp arbetsfördelning tidspress överbelastad sjuk ensam vikariepool otillräcklig avbryta""",
        """kiire kiireinen henkilökunta henkilöstö resurssi sijainen työmäärä työkuorma työtaakka stressi stressaava
        ehtiä jaksaa jaksaminen uupumus väsymys ajanpuute riittää vaje henkilöstövaje miehitys sairausloma poissaolo
        paine tahti kuormittava säästö leikkaus kirjaaminen paperityö hallinto kaaos käynti aikuinen lapsiryhmä
        työnjako aikapaine ylikuormitus sairas yksin sijaisrinki keskeytys keskeyttää""",
        """stress stressful stressed staff staffing understaffed understaffing workload busy rush hurry pressure pace
        substitute cover resource shortage exhausted exhaustion burnout tired overload overwhelmed sick absence cut
        saving budget paperwork documentation administration visit adult ratio distribution deadline overloaded
        alone interruption inadequate""",
    ),
    "working_hours": (
        """schema schemaläggning arbetstid skift skiftarbete tur delad turlista övertid rast paus lunch lunchrast kväll
        natt nattpass helg helgarbete pass arbetspass heltid deltid ledighet semester ledig flextid timme
        tjänstgöring jour beredskap dygnsvila vila återhämtning önskemål varsel nattjänst kvällspass fritid
        distansarbete""",
        """työvuoro vuoro vuorolista työvuorolista vuorotyö ylityö tauko ruokatauko työaika ilta iltavuoro yö yövuoro
        aamuvuoro viikonloppu viikonlopputyö pyhä loma vapaa vapaapäivä kokoaikainen osa-aikainen tunti päivystys
        varallaolo lepo palautuminen lepoaika liukuma jousto aikataulu toive varoitusaika etätyö vapaa-aika""",
        """schedule rota roster rostering shift split overtime break lunch hour night nightshift evening weekend
        holiday leave vacation part-time full-time flexitime flexible rest recovery on-call timetable notice
        preference remote""",
    ),
    "leadership": (
        """chef ledning ledarskap ledare stöd stötta feedback återkoppling enhetschef verksamhetschef förvaltning
        lyssna förtroende tillit beslut uppskattning bekräftelse närvarande synlig medarbetarsamtal
        utvecklingssamtal rättvis orättvis respekt delaktighet inflytande styrning arbetsgivare rektor ansvar mandat
        beröm uppmuntran chefskap delaktig uppskatta bestämma""",
        """esihenkilö esimies johto johtaminen johtaja lähijohtaja johtoryhmä tuki tukea palaute kuunnella luottamus
        luottaa päätös arvostus arvostaa kehityskeskustelu oikeudenmukainen epäoikeudenmukainen kunnioitus
        osallisuus vaikutusmahdollisuus työnantaja rehtori vastuu läsnäolo näkyvä kannustaa kiitos kannustus
        esimiestyö arvostettu päätöksenteko osallistua""",
        """manager management leadership leader boss supervisor support supportive feedback listen trust decision
        appreciation recognition fair unfair respect involvement influence employer appraisal accountability
        micromanagement visible praise encourage director principal manage appreciated""",
    ),
    "communication": (
        """information informera kommunikation kommunicera möte arbetsplatsträff apt mejl e-post intranät budskap
        dialog samtal berätta förmedla oklar otydlig missförstånd överlämning rapport rapportering protokoll
        meddelande anslagstavla nyhetsbrev veckobrev besked informationsflöde info rapportera svar""",
        """tiedottaminen tiedottaa tiedote tieto tiedonkulku viestintä viesti kokous palaveri työpaikkakokous
        sähköposti intranet keskustelu keskustella kertoa informaatio epäselvä väärinkäsitys raportointi raportti
        muistio pöytäkirja ilmoitustaulu uutiskirje tiedonsiirto raportoida ohjeistus avoimuus info tiedotus vastaus""",
        """information inform informed communication communicate meeting email e-mail intranet message dialogue
        conversation tell unclear misunderstanding handover report reporting minutes notice newsletter announcement
        update transparency briefing info reply""",
    ),
    "collaboration": (
        """kollega arbetskamrat samarbete samarbeta stämning konflikt arbetsgrupp team gemenskap sammanhållning klimat
        arbetsklimat hjälpa hjälpsam klick skvaller tjafs bråk osämja oenighet lojalitet bemötande trivsel trivas
        gemensam tillsammans kamratskap teamarbete samverkan arbetslag varandra anda lag""",
        """kollega työkaveri työtoveri yhteistyö ilmapiiri työilmapiiri ristiriita konflikti tiimi työyhteisö yhteisö
        porukka yhteishenki me-henki auttaa avulias klikki juoru juoruilu riita erimielisyys lojaalisuus kohtelu
        viihtyä viihtyvyys yhdessä yhteinen tiimityö työporukka tiimihenki työryhmä tunnelma""",
        """colleague coworker co-worker collaboration cooperation collaborate cooperate atmosphere climate conflict
        team teamwork group community cohesion help helpful clique gossip argument quarrel disagreement loyalty
        together morale tension friction camaraderie spirit""",
    ),
    "victimisation": (
        """kränkning kränka kränkande mobbning mobba trakasseri trakassering sexuell hot hota våld våldsam utfrysning
        utfrysa diskriminering diskriminera särbehandling härskarteknik förolämpning förnedra förnedrande skrika
        aggressiv utsatt rädd rädsla otrygg övergrepp slå nedlåtande baktala rasism sexism elak hotfull kränkt""",
        """loukkaus loukata loukkaava kiusaaminen kiusata häirintä häiritä seksuaalinen uhka uhkailu uhata väkivalta
        väkivaltainen syrjintä syrjiä eristäminen epäasiallinen nöyryytys nöyryyttää huutaa aggressiivinen pelko
        pelätä turvaton lyödä alistaminen vähättely rasismi työpaikkakiusaaminen solvaus haukkua ilkeä uhkaava
        kiusattu""",
        """victimisation victimization harassment harass bullying bully abuse abusive threat threaten violence violent
        discrimination discriminate exclusion exclude humiliate humiliation insult offensive degrading shout yell
        aggressive fear afraid unsafe hit racism sexism intimidation intimidate sexual mean threatening bullied""",
    ),
    "goals": (
        """mål målsättning uppdrag prioritering prioritera riktning vision syfte plan strategi uppföljning resultat
        förväntning krav ansvarsfördelning roll rollfördelning arbetsbeskrivning tydlighet otydlighet fokus kvalitet
        verksamhetsplan styrdokument utvärdering mening meningsfull ansvara otydlig uppgift arbetsuppgift
        instruktion rörig ostrukturerad""",
        """tavoite päämäärä tehtävä perustehtävä priorisointi priorisoida suunta visio tarkoitus suunnitelma strategia
        seuranta tulos odotus vaatimus rooli roolijako vastuunjako työnkuva selkeys epäselvyys fokus laatu
        toimintasuunnitelma arviointi merkitys merkityksellinen mittari epäselvä työtehtävä ohje selkeä""",
        """goal objective target aim mission assignment priority prioritise prioritize prioritisation direction vision
        purpose plan strategy follow-up result outcome expectation role clarity focus quality evaluation meaning
        meaningful kpi responsibility task unclear instruction structure""",
    ),
    "ergonomics": (
        """rygg ryggont lyft lyfta axel nacke knä belastning värk ont smärta förslitning arbetsställning ställning böja
        vrida tung tunglyft bära förflyttning förflytta statisk ensidig repetitiv belastningsskada skada arm handled
        höft ergonomi ergonomisk""",
        """selkä selkäkipu nosto nostaa olkapää niska hartia polvi kuormitus kipu kipeä särky työasento asento kumartua
        raskas kantaa siirto siirtää potilassiirto staattinen yksipuolinen toistuva rasitus rasitusvamma vamma käsi
        ranne lonkka ergonomia ergonominen""",
        """back backache lift lifting shoulder neck knee strain load ache pain sore posture position bend twist heavy
        carry transfer static repetitive injury arm wrist hip ergonomics ergonomic musculoskeletal""",
    ),
    "equipment": (
        """dator hjälpmedel lyft taklyft personlyft system verktyg telefon mobil surfplatta skrivare program
        programvara it utrustning material inköp säng rullstol rullator journalsystem inloggning lösenord wifi
        nätverk uppkoppling teknik digital app bil arbetskläder skyddsutrustning handske förbrukningsmaterial trasig
        beställning krångla""",
        """tietokone apuväline nostin henkilönostin kattonostin järjestelmä työkalu puhelin kännykkä tabletti tulostin
        ohjelma ohjelmisto it laitteisto laite väline varuste materiaali hankinta sänky pyörätuoli rollaattori
        potilastietojärjestelmä kirjautuminen salasana verkkoyhteys yhteys tekniikka digitaalinen sovellus auto
        työvaate suojavaruste käsine rikki tilaus""",
        """computer laptop aid hoist lift system tool phone telephone mobile tablet printer software program equipment
        device material supply bed wheelchair walker login password wifi network connection technology digital app
        car uniform glove ppe broken order""",
    ),
    "physical_environment": (
        """buller ljud ljudnivå ljus belysning ventilation luft temperatur värme kyla varm kall drag lokal utrymme
        trång städning städa smuts smutsig damm mögel fukt lukt personalrum rum kontor akustik parkering
        omklädningsrum ombyggnad renovering inomhusmiljö fönster luftkvalitet matsal instängd oväsen""",
        """melu meluisa ääni äänitaso valo valaistus ilmanvaihto ilma sisäilma lämpötila lämpö kylmä kuuma veto tila
        ahdas siivous siivota lika likainen pöly home kosteus haju taukotila sosiaalitila huone toimisto akustiikka
        pysäköinti pukuhuone remontti ikkuna kuumuus ruokasali tunkkainen ahtaus meteli""",
        """noise noisy sound loud light lighting ventilation air temperature heat hot cold draught draft premises space
        room cramped cleaning clean dirt dirty dust mould mold damp humidity smell office acoustics parking
        renovation window indoor canteen stuffy""",
    ),
    "competence": (
        """utbildning utbilda kompetens kompetensutveckling introduktion inskolning handledning handledare kunskap lära
        lärande fortbildning vidareutbildning kurs föreläsning erfarenhet erfaren oerfaren nyanställd mentor språk
        behörighet behörig delegering certifiering utveckling utvecklas färdighet yrkeskunskap reflektion""",
        """koulutus kouluttaa osaaminen perehdytys perehdyttää työnohjaus ohjaaja taito oppia oppiminen
        täydennyskoulutus lisäkoulutus kurssi luento kokemus kokenut kokematon mentori mentorointi kieli kielitaito
        pätevyys pätevä lupa lääkelupa sertifikaatti kehittyminen kehittää ammattitaito reflektointi opiskelu""",
        """training train education competence competency skill induction onboarding introduction supervision mentor
        mentoring knowledge learn learning course lecture experience experienced inexperienced qualification
        qualified certification development develop language professional coaching workshop expertise""",
    ),
}
# fmt: on

VOCABULARY: Mapping[str, Mapping[str, frozenset[str]]] = MappingProxyType(
    {
        category: MappingProxyType({lang: frozenset(text.split()) for lang, text in zip(LANGUAGES, texts, strict=True)})
        for category, texts in _VOCABULARY_TEXT.items()
    }
)
