"""The early-support model Omtanke starts from, in Swedish, Finnish and English, until HR saves the organisation's own.

Written in our own words from the Finnish guidance on early support (varhainen tuki) and the 30-60-90 rule
(docs/method.md and docs/absence-rules.md). The triggers are examples: the organisation adapts them with staff and
occupational health.
This module holds text only; it never reads the database or the request.
"""

from __future__ import annotations

import copy
from typing import Any

STAGE_KEYS = ("early", "enhanced", "return_to_work")
MODEL_ROLES = ("manager", "employer", "employee", "ohs")

_SV: dict[str, Any] = {
    "stages": [
        {
            "key": "early",
            "title": "Tidigt stöd – i den egna enheten",
            "when": [
                "Tre korta sjukfrånvaroperioder på fyra månader.",
                "Medarbetaren tar själv upp att arbetet eller orken inte fungerar.",
                "Kollegor berättar att de är oroliga, eller du ser att arbetet eller samarbetet har förändrats.",
            ],
            "manager_does": [
                "Boka ett samtal om tidigt stöd inom en vecka, i lugn och ro och utan andra närvarande.",
                "Tala om arbetet och arbetsförmågan, inte om diagnoser: vad fungerar, vad är svårt?",
                "Kom överens om konkreta ändringar i arbetet: uppgifter, prioriteringar, arbetstider, hjälpmedel.",
                "Bestäm datum för uppföljning och skriv ner vad ni kom överens om.",
                "Föreslå kontakt med företagshälsovården om hälsan kan påverka arbetet.",
                "Registrera samtalet i Omtanke: datum och roller, aldrig namn eller hälsouppgifter.",
            ],
            "contacts": ["HR", "Företagshälsovården"],
        },
        {
            "key": "enhanced",
            "title": "Förstärkt stöd – tillsammans med företagshälsovården",
            "when": [
                "30 sjukdagar på tolv månader (meddela företagshälsovården senast då).",
                "Svårigheterna fortsätter trots de åtgärder ni kom överens om.",
                "Korta frånvaroperioder fortsätter att upprepas.",
            ],
            "manager_does": [
                "Kontakta företagshälsovården och HR.",
                "Kalla, med medarbetarens samtycke, till ett nätverksmöte med medarbetaren och "
                "företagshälsovården; HR, skyddsombud eller en stödperson kan delta.",
                "Kom överens om praktiska ändringar i arbetet och se till att mötet protokollförs.",
                "Följ upp åtgärderna på de datum ni bestämt och justera dem vid behov.",
            ],
            "contacts": ["Företagshälsovården", "HR", "Skyddsombud"],
        },
        {
            "key": "return_to_work",
            "title": "Stöd vid återgång i arbete",
            "when": [
                "Medarbetaren kommer tillbaka efter en lång frånvaro.",
                "Partiell sjukfrånvaro, arbetsprövning eller ersättande arbete planeras.",
                "90 sjukdagar närmar sig: företagshälsovården ska då bedöma den återstående arbetsförmågan.",
            ],
            "manager_does": [
                "Håll kontakt under frånvaron på det sätt ni kommit överens om.",
                "Planera återgången med medarbetaren och företagshälsovården: anpassade uppgifter, "
                "stegvis ökad arbetstid, arbetsprövning.",
                "Kom överens med medarbetaren om vad arbetskamraterna får veta.",
                "Följ upp efter två veckor och efter två månader.",
            ],
            "contacts": ["Företagshälsovården", "HR"],
        },
    ],
    "roles": {
        "manager": [
            "Följer hur medarbetarna orkar och hur arbetet fungerar.",
            "Bygger förtroende och tar upp frågor tidigt och aktivt.",
            "Genomför lösningar på arbetsplatsen och följer upp dem.",
            "Kallar till och deltar i nätverksmöten.",
        ],
        "employer": [
            "Äger modellen, utvecklar den och ser till att den används.",
            "Förbinder sig till det som avtalats och informerar om det.",
            "Följer upp modellens effekter.",
        ],
        "employee": [
            "Tar upp sådant som påverkar arbetsförmågan.",
            "Deltar i samtal, möten och åtgärder.",
            "Bryr sig om hur man själv och arbetskamraterna orkar.",
        ],
        "ohs": [
            "Hjälper till att bygga modellen.",
            "Deltar i nätverksmöten.",
            "Hjälper till att hitta lösningar och att ordna om arbetet.",
            "Rapporterar modellens effekter.",
        ],
    },
    "contacts": ["HR", "Företagshälsovården", "Skyddsombud"],
}

_FI: dict[str, Any] = {
    "stages": [
        {
            "key": "early",
            "title": "Varhainen tuki – omassa työyksikössä",
            "when": [
                "Kolme lyhyttä sairauspoissaoloa neljän kuukauden aikana.",
                "Työntekijä itse kertoo, että työ tai jaksaminen ei suju.",
                "Työtoverit ovat huolissaan, tai huomaat työn tai yhteistyön muuttuneen.",
            ],
            "manager_does": [
                "Sovi varhaisen tuen keskustelu viikon sisällä, rauhassa ja kahden kesken.",
                "Puhukaa työstä ja työkyvystä, ei diagnooseista: mikä sujuu, mikä on vaikeaa?",
                "Sopikaa konkreettisista muutoksista työhön: tehtävät, priorisointi, työajat, apuvälineet.",
                "Sopikaa seurannan päivämäärä ja kirjaa, mitä sovitte.",
                "Ehdota yhteyttä työterveyshuoltoon, jos terveys voi vaikuttaa työhön.",
                "Kirjaa keskustelu Omtankeen: päivämäärä ja roolit, ei koskaan nimiä eikä terveystietoja.",
            ],
            "contacts": ["HR", "Työterveyshuolto"],
        },
        {
            "key": "enhanced",
            "title": "Tehostettu tuki – yhdessä työterveyshuollon kanssa",
            "when": [
                "30 sairauspäivää kahdentoista kuukauden aikana (ilmoita työterveyshuoltoon viimeistään silloin).",
                "Vaikeudet jatkuvat sovituista toimista huolimatta.",
                "Lyhyet poissaolot toistuvat edelleen.",
            ],
            "manager_does": [
                "Ota yhteyttä työterveyshuoltoon ja HR:ään.",
                "Kutsu työntekijän suostumuksella koolle työterveysneuvottelu, jossa ovat mukana työntekijä ja "
                "työterveyshuolto; HR, työsuojeluvaltuutettu tai tukihenkilö voi osallistua.",
                "Sopikaa käytännön muutoksista työhön ja huolehdi, että neuvottelusta tehdään muistio.",
                "Seuraa toimia sovittuina päivinä ja muuta niitä tarvittaessa.",
            ],
            "contacts": ["Työterveyshuolto", "HR", "Työsuojeluvaltuutettu"],
        },
        {
            "key": "return_to_work",
            "title": "Työhön paluun tuki",
            "when": [
                "Työntekijä palaa töihin pitkän poissaolon jälkeen.",
                "Suunnitellaan osasairauspäivärahaa, työkokeilua tai korvaavaa työtä.",
                "90 sairauspäivää lähestyy: työterveyshuolto arvioi silloin jäljellä olevan työkyvyn.",
            ],
            "manager_does": [
                "Pidä poissaolon aikana yhteyttä sovitulla tavalla.",
                "Suunnittele paluu työntekijän ja työterveyshuollon kanssa: muokatut tehtävät, "
                "vähitellen pidentyvä työaika, työkokeilu.",
                "Sovi työntekijän kanssa, mitä työyhteisölle kerrotaan.",
                "Seuraa tilannetta kahden viikon ja kahden kuukauden kuluttua.",
            ],
            "contacts": ["Työterveyshuolto", "HR"],
        },
    ],
    "roles": {
        "manager": [
            "Seuraa työntekijöiden jaksamista ja työn sujumista.",
            "Rakentaa luottamusta ja ottaa asiat puheeksi varhain ja aktiivisesti.",
            "Toteuttaa ratkaisut työpaikalla ja seuraa niitä.",
            "Kutsuu koolle työterveysneuvottelut ja osallistuu niihin.",
        ],
        "employer": [
            "Omistaa mallin, kehittää sitä ja huolehtii sen käytöstä.",
            "Sitoutuu sovittuihin käytäntöihin ja tiedottaa niistä.",
            "Seuraa mallin vaikutuksia.",
        ],
        "employee": [
            "Ottaa puheeksi työkykyyn vaikuttavat asiat.",
            "Osallistuu keskusteluihin, neuvotteluihin ja toimiin.",
            "Välittää omasta ja työtovereiden jaksamisesta.",
        ],
        "ohs": [
            "Auttaa mallin rakentamisessa.",
            "Osallistuu työterveysneuvotteluihin.",
            "Auttaa löytämään ratkaisuja ja järjestelemään työtä uudelleen.",
            "Raportoi mallin vaikutuksista.",
        ],
    },
    "contacts": ["HR", "Työterveyshuolto", "Työsuojeluvaltuutettu"],
}

_EN: dict[str, Any] = {
    "stages": [
        {
            "key": "early",
            "title": "Early support – within the unit",
            "when": [
                "Three short sickness absences in four months.",
                "The employee raises that work or coping is not going well.",
                "Colleagues voice concern, or you notice that the work or the cooperation has changed.",
            ],
            "manager_does": [
                "Book an early-support talk within a week, in private and without hurry.",
                "Talk about the work and work ability, not about diagnoses: what works, what is hard?",
                "Agree concrete changes to the work: tasks, priorities, working hours, aids.",
                "Set a date for the follow-up and write down what you agreed.",
                "Suggest contacting occupational health if health may be affecting the work.",
                "Log the talk in Omtanke: the date and the roles, never names or health details.",
            ],
            "contacts": ["HR", "Occupational health"],
        },
        {
            "key": "enhanced",
            "title": "Enhanced support – together with occupational health",
            "when": [
                "30 sick days in twelve months (notify occupational health at the latest then).",
                "The difficulties continue despite the agreed measures.",
                "Short absences keep recurring.",
            ],
            "manager_does": [
                "Contact occupational health and HR.",
                "With the employee's consent, convene a network meeting with the employee and occupational "
                "health; HR, the safety representative or a support person may join.",
                "Agree practical changes to the work and make sure minutes are kept.",
                "Follow the measures up on the agreed dates and adjust them when needed.",
            ],
            "contacts": ["Occupational health", "HR", "Safety representative"],
        },
        {
            "key": "return_to_work",
            "title": "Return-to-work support",
            "when": [
                "The employee comes back after a long absence.",
                "Partial sick leave, a work trial or replacement work is being planned.",
                "90 sick days are approaching: occupational health then assesses the remaining work ability.",
            ],
            "manager_does": [
                "Keep in touch during the absence in the way you agreed.",
                "Plan the return with the employee and occupational health: adapted tasks, hours stepped up, "
                "a work trial.",
                "Agree with the employee what the colleagues are told.",
                "Follow up after two weeks and after two months.",
            ],
            "contacts": ["Occupational health", "HR"],
        },
    ],
    "roles": {
        "manager": [
            "Follows how staff cope and how the work is going.",
            "Builds trust and raises issues early and actively.",
            "Puts workplace solutions into practice and follows them up.",
            "Convenes and attends network meetings.",
        ],
        "employer": [
            "Owns the model, develops it and makes sure it is used.",
            "Commits to the agreed practice and informs about it.",
            "Follows the model's effects.",
        ],
        "employee": [
            "Raises what affects their work ability.",
            "Takes part in talks, meetings and measures.",
            "Cares how they and their colleagues cope.",
        ],
        "ohs": [
            "Helps to build the model.",
            "Attends network meetings.",
            "Helps to find solutions and to restructure the work.",
            "Reports the model's effects.",
        ],
    },
    "contacts": ["HR", "Occupational health", "Safety representative"],
}

_MODELS = {"sv": _SV, "fi": _FI, "en": _EN}


def default_model(language: str) -> dict[str, Any]:
    """The default model in ``language`` (sv, fi or en; anything else gets English), as a fresh dict to change.

    Contacts carry only their role: HR fills in names, phone numbers and e-mail addresses.
    """
    model = copy.deepcopy(_MODELS.get(language, _EN))
    model["contacts"] = [{"role": role, "name": "", "phone": "", "email": ""} for role in model["contacts"]]
    return model
