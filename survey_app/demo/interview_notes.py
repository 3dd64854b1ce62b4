"""Interview notes for the demo, written for Omtanke: what an HR specialist jots down when interviewing a unit's staff.

Two strained units are interviewed in full, individually and in focus groups, following the default interview guide
(``interventions.interviews.THEME_KEYS``). Workload, working hours and leadership come up in most sessions; some
themes in only one or two, so that the work-group threshold has something to hide. Some notes name (made-up)
people, as notes do — a coordinator, a nurse, colleagues, a resident, a surname alone, a lower-case name, a quote
naming a manager — so that the name redaction can be shown; ``DEMO_PERSON_NAMES`` lists every one. Each is filed
under a theme its session already raises, so the compilation's counts stay as they were. Pure data: this module
imports nothing from ``survey_app``.

* ``INTERVIEWS``: unit name -> sessions, each ``{"kind", "participants", "days_ago", "notes"}`` with notes as
  ``(theme_key, text, quote, suggestion)``, or with a fifth element ``shareable``: the one participant agreed that it
  may be shown to the managers (one individual interview does, so the demo shows both a withheld and a shared
  single-person theme).
* ``REFLECTIONS``: unit name -> ``(kind, text)`` from the work-group meeting, kind ``"reflection"`` or ``"suggestion"``.
* ``FINDINGS``: unit name -> ``(kind, theme_key, text)``, kind ``"strength"`` or ``"risk"``.
"""

from __future__ import annotations

#: Every name the notes, findings and reflections hold, as written, and each part of a hyphenated one.
DEMO_PERSON_NAMES = (
    "Birgitta", "Holmberg", "Erik", "Sandberg", "Lindgren", "Jovana", "Marković", "abdirahman",
    "Sven-Olof", "Sven", "Olof", "Berglund", "Zeynep", "Yılmaz", "Sirpa", "Heikkinen",
)  # fmt: skip

#: Staff of the interviewed units, for the coverage figures (interviews reach 27 of 31 and 22 of 26).
STAFF: dict[str, int] = {"Hemtjänst Centrum": 31, "Äldreboendet Björken": 26}

INTERVIEWS: dict[str, list[dict]] = {
    "Hemtjänst Centrum": [
        {
            "kind": "group",
            "participants": 6,
            "days_ago": 38,
            "notes": [
                ("workload", "Stressigt på morgonen när körlistan ändras sent", False, False),
                ("workload", "För lite tid mellan besöken, restiden är inte inräknad", False, False),
                ("working_hours", "Delade turer gör att man inte hinner återhämta sig", False, False),
                ("leadership", "Chefen är sällan på plats, svårt att få besked", False, False),
                ("leadership", "Jag vet aldrig vem jag ska ringa när det strular på kvällen.", True, False),
                ("leadership", "Flera säger att Lindgren aldrig svarar i telefon efter klockan fyra", False, False),
                ("communication", "Information om nya brukare kommer ofta samma morgon", False, False),
                ("suggestions", "Körlistan klar dagen innan, senast kl. 15", False, True),
            ],
        },
        {
            "kind": "group",
            "participants": 5,
            "days_ago": 36,
            "notes": [
                ("workload", "Många dubbelbemanningar som inte syns i planeringen", False, False),
                ("workload", "Jag springer hela passet och hinner inte dokumentera.", True, False),
                ("working_hours", "Raster blir ofta i bilen mellan två besök", False, False),
                ("leadership", "Beslut fattas utan att gruppen tillfrågas", False, False),
                ("ergonomics", "Tunga förflyttningar hos några brukare utan lyftmotor", False, False),
                ("works_well", "Bra sammanhållning, kollegorna ställer upp för varandra", False, False),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 33,
            "notes": [
                ("workload", "Känner sig otillräcklig när besöken kortas ner", False, False),
                ("working_hours", "Sover dåligt efter kvälls- följt av morgonpass", False, False),
                ("working_hours", "Efter en kvällstur och sen tidig morgon är jag helt slut.", True, False),
                ("leadership", "Saknar medarbetarsamtal sedan över ett år", False, False),
                ("victimisation", "Har hört nedsättande kommentarer om kollegor med annat modersmål", False, False),
                ("victimisation", "Jovana Marković har fått höra skämt om sin brytning i personalrummet", False, False),
                ("suggestions", "Inga kvälls- följt av morgonpass i schemat", False, True),
            ],
        },
        {
            "kind": "group",
            "participants": 5,
            "days_ago": 31,
            "notes": [
                ("workload", "Vikarier saknas vid sjukdom, de ordinarie får ta extra besök", False, False),
                ("workload", "Det är alltid abdirahman som får ta de extra besöken", False, False),
                ("working_hours", "Schemat ändras med kort varsel via sms", False, False),
                ("leadership", "Planeraren och chefen ger olika besked om prioriteringar", False, False),
                ("goals", "Oklart vad som ska prioriteras när tiden inte räcker", False, False),
                ("equipment", "Telefonerna laddar ur mitt i passet och appen hänger sig", False, False),
                ("equipment", "Jag har stått utanför en dörr i tio minuter för att låset inte svarade.", True, False),
                ("suggestions", "Powerbanks i varje bil", False, True),
                ("works_well", "Brukarna är tacksamma, det gör jobbet meningsfullt", False, False),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 29,
            "notes": [
                ("workload", "Nya medarbetare får tunga brukare direkt", False, False),
                ("collaboration", "Klickbildning mellan dag- och kvällsgruppen", False, False),
                ("communication", "Överlämningen mellan dag och kväll sker i farten i korridoren", False, False),
                ("communication", "Samordnaren Birgitta Holmberg ändrar körlistan utan att säga till", False, False),
                ("suggestions", "Tio minuter överlämning vid varje passbyte", False, True),
            ],
        },
        {
            "kind": "group",
            "participants": 4,
            "days_ago": 26,
            "notes": [
                ("workload", "Dokumentationen skjuts till slutet av passet och blir övertid", False, False),
                ("working_hours", "Svårt att få ledigt, ledighetsönskemål beviljas sent", False, False),
                ("leadership", "Chefen lyssnar men det händer inget efteråt", False, False),
                ("leadership", "Vi har sagt samma sak på tre APT nu.", True, False),
                ("physical_environment", "Personalrummet är för litet, alla får inte plats på lunchen", False, False),
                ("suggestions", "Chefen på plats vid morgonsamlingen två dagar i veckan", False, True),
            ],
        },
        {
            "kind": "group",
            "participants": 4,
            "days_ago": 22,
            "notes": [
                ("workload", "Larmen på natten tar tid från de planerade besöken", False, False),
                ("working_hours", "Nattpatrullen vet inte när larmen kommer och kan aldrig pausa", False, False),
                ("ergonomics", "Ont i axlarna efter dubbla förflyttningar på egen hand", False, False),
                ("suggestions", "Fasta larmtider för nattpatrullen", False, True),
                ("works_well", "Bra samarbete med distriktssköterskorna", False, False),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 19,
            "notes": [
                ("working_hours", "Jobbar ofta över för att hinna skriva i journalen", False, False),
                ("leadership", "Vågar inte säga ifrån, rädd att få sämre turer", False, False),
                ("goals", "Vet inte vad som gäller när en brukare vägrar insatsen", False, False),
                ("collaboration", "Känner mig ensam på kvällarna, det finns ingen att fråga.", True, False),
            ],
        },
    ],
    "Äldreboendet Björken": [
        {
            "kind": "group",
            "participants": 5,
            "days_ago": 35,
            "notes": [
                ("workload", "Två på avdelningen på helgerna räcker inte till tolv boende", False, False),
                ("workload", "Jag hinner bara det nödvändigaste, aldrig sitta ner med någon.", True, False),
                ("working_hours", "Varannan helg blir ofta fler helger när någon är sjuk", False, False),
                ("leadership", "Chefen har tre enheter och syns sällan här", False, False),
                ("ergonomics", "Lyftmotorn på avdelning 2 har varit trasig i flera veckor", False, False),
                ("suggestions", "Extra person på förmiddagen under helgerna", False, True),
                ("works_well", "Bra introduktion för nya sommarvikarier", False, False),
            ],
        },
        {
            "kind": "group",
            "participants": 4,
            "days_ago": 34,
            "notes": [
                ("workload", "Oroliga boende på natten gör att nattpersonalen inte räcker till", False, False),
                ("working_hours", "Nattpersonalen missar APT och all information", False, False),
                ("leadership", "Nattpersonalen träffar aldrig chefen", False, False),
                ("leadership", "Jag har jobbat natt i fyra år och pratat med chefen två gånger.", True, False),
                ("communication", "Rapporten på morgonen blir stressad och ofullständig", False, False),
                ("suggestions", "APT-protokoll i pärmen och på intranätet samma dag", False, True),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 30,
            "notes": [
                ("workload", "Många nya timvikarier som behöver handledas under passet", False, False),
                ("working_hours", "Hoppar ofta över rasten för att det inte finns någon som tar över", False, False),
                ("leadership", "Otydligt vem som bestämmer när chefen är borta", False, False),
                ("victimisation", "Berättar om en kollega som blev utfryst av en grupp på kvällen", False, False, True),
                ("victimisation", "Jag ser det, alla ser det, men ingen säger något.", True, False, True),
            ],
        },
        {
            "kind": "group",
            "participants": 5,
            "days_ago": 27,
            "notes": [
                ("workload", "Mycket tid går åt till att leta efter material och hjälpmedel", False, False),
                ("workload", "Sven-Olof Berglund på rum 4 behöver två personal vid varje förflyttning", False, False),
                ("working_hours", "Önskar fler hela helger lediga", False, False),
                ("ergonomics", "Tunga duschsituationer, för trånga badrum", False, False),
                ("physical_environment", "Varmt och instängt på sommaren, ventilationen räcker inte", False, False),
                ("equipment", "Saknar fler duschstolar som går att höja", False, False),
                ("suggestions", "Fast plats för hjälpmedlen på varje avdelning", False, True),
                ("works_well", "Vi har roligt ihop och skrattar mycket", False, False),
            ],
        },
        {
            "kind": "group",
            "participants": 4,
            "days_ago": 24,
            "notes": [
                ("workload", "Omvårdnaden trängs undan av städning och tvätt", False, False),
                ("leadership", "Chefen tar tag i saker när man väl får tag på henne", False, False),
                ("communication", "Besked om schemaändringar kommer via gruppchatt på fritiden", False, False),
                ("goals", "Oklart vad som gäller för aktiviteter med de boende", False, False),
                ("collaboration", "Sjuksköterskan Erik Sandberg ger order i stället för att samarbeta", False, False),
                ("suggestions", "Gemensam genomgång av rutinerna med sjuksköterskorna", False, True),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 21,
            "notes": [
                ("workload", "Känner sig slutkörd efter fyra pass i rad", False, False),
                ("working_hours", "Jag orkar inte vara social när jag kommer hem.", True, False),
                ("leadership", "Får beröm av chefen men aldrig mer tid", False, False),
                ("works_well", "Trivs med de boende och deras anhöriga", False, False),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 18,
            "notes": [
                ("working_hours", "Schemat kommer ut för sent för att kunna planera livet", False, False),
                ("leadership", "Saknar uppföljning av sjukskrivna kollegor som kommer tillbaka", False, False),
                ("collaboration", "Bra stöd från kollegorna på min avdelning", False, False),
                ("suggestions", "Schemat ute sex veckor i förväg", False, True),
            ],
        },
        {
            "kind": "individual",
            "participants": 1,
            "days_ago": 15,
            "notes": [
                ("workload", "Kvällarna är tyngst, många boende ska läggas samtidigt", False, False),
                ("working_hours", "Delade turer på helgen förekommer fortfarande", False, False),
                ("leadership", "Jag vet inte vad chefen tycker om mitt arbete.", True, False),
                ("leadership", "Jag sa till Zeynep Yılmaz och Sirpa Heikkinen att jag inte orkar mer.", True, False),
                ("equipment", "Datorn på avdelningen är gammal och inloggningen tar lång tid", False, False),
            ],
        },
    ],
}

REFLECTIONS: dict[str, list[tuple[str, str]]] = {
    "Hemtjänst Centrum": [
        ("reflection", "Sena ändringar i körlistan är det som stressar mest, inte antalet besök i sig"),
        ("reflection", "Kvällsgruppen känner sig bortglömd när det gäller information och stöd"),
        ("suggestion", "Körlistan ska vara klar dagen innan och ändringar gå via samordnaren"),
        ("suggestion", "Chefen deltar i morgonsamlingen två dagar i veckan under hösten"),
    ],
    "Äldreboendet Björken": [
        ("reflection", "Helgbemanningen är den största källan till trötthet i gruppen"),
        ("reflection", "Nattpersonalen behöver ett eget forum med chefen"),
        ("suggestion", "Prova en extra person på förmiddagarna under helgerna i tre månader"),
    ],
}

FINDINGS: dict[str, list[tuple[str, str, str]]] = {
    "Hemtjänst Centrum": [
        ("strength", "collaboration", "Stark sammanhållning, kollegorna hjälper varandra när det är mycket"),
        ("strength", "works_well", "Arbetet upplevs som meningsfullt och brukarna uppskattar insatserna"),
        ("risk", "workload", "Planerad tid räcker inte, dokumentation och restid leder till övertid"),
        ("risk", "working_hours", "Kvälls- följt av morgonpass och delade turer ger för lite återhämtning"),
        ("risk", "leadership", "Chefen är svår att nå och synpunkter leder sällan till åtgärder"),
    ],
    "Äldreboendet Björken": [
        ("strength", "collaboration", "Gott arbetsklimat och bra stöd inom avdelningarna"),
        ("strength", "works_well", "Bra introduktion av nya medarbetare och vikarier"),
        ("risk", "workload", "Låg bemanning på helger och kvällar, omvårdnaden trängs undan"),
        ("risk", "working_hours", "Raster uteblir och schemat kommer ut för sent"),
        ("risk", "ergonomics", "Trasiga och saknade hjälpmedel ger tunga förflyttningar"),
    ],
}
