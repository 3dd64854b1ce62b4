"""The demo municipality's organisation: administrations → areas → units, with Swedish names.

Codes follow the pattern HR systems use (administration, area, running number). Headcounts are typical for the
kind of workplace: preschools 12–24 staff, home-care groups 25–45, kitchens 5–12. Each area's workplaces are of
one kind (``AREA_KINDS``), the few that differ are named in ``UNIT_KINDS_BY_NAME``: an intervention's effect is
compared with workplaces of the same kind.
"""

from __future__ import annotations

#: (code, name, [(area code, area name, [(unit name, (min, max) headcount)])])
ORGANISATION = [
    (
        "BUF",
        "Barn- och utbildningsförvaltningen",
        [
            (
                "BUF-FN",
                "Förskoleområde Norr",
                [
                    ("Förskolan Solrosen", (12, 22)),
                    ("Förskolan Blåklockan", (12, 22)),
                    ("Förskolan Lärkan", (14, 24)),
                    ("Förskolan Ekorren", (10, 18)),
                ],
            ),
            (
                "BUF-FS",
                "Förskoleområde Söder",
                [
                    ("Förskolan Myrstacken", (12, 22)),
                    ("Förskolan Vitsippan", (12, 20)),
                    ("Förskolan Regnbågen", (14, 24)),
                    ("Förskolan Humlan", (10, 18)),
                ],
            ),
            (
                "BUF-GC",
                "Grundskoleområde Centrum",
                [("Centralskolan F–3", (25, 40)), ("Centralskolan 4–6", (25, 40)), ("Ängsskolan", (30, 45))],
            ),
            (
                "BUF-GV",
                "Grundskoleområde Väster",
                [("Västerskolan", (30, 50)), ("Björkhagaskolan", (25, 40)), ("Fritidshemmet Kotten", (8, 14))],
            ),
        ],
    ),
    (
        "VOF",
        "Vård- och omsorgsförvaltningen",
        [
            (
                "VOF-HT",
                "Hemtjänst",
                [
                    ("Hemtjänst Centrum", (30, 45)),
                    ("Hemtjänst Norr", (25, 40)),
                    ("Hemtjänst Söder", (25, 40)),
                    ("Nattpatrullen", (12, 20)),
                ],
            ),
            (
                "VOF-SB",
                "Särskilt boende",
                [
                    ("Äldreboendet Linden", (35, 50)),
                    ("Äldreboendet Björken", (30, 45)),
                    ("Ekbackens vård- och omsorgsboende", (40, 60)),
                    ("Korttidsboendet Granen", (20, 30)),
                ],
            ),
            (
                "VOF-FS",
                "Funktionsstöd",
                [
                    ("Gruppbostaden Tallen", (10, 16)),
                    ("Gruppbostaden Rönnen", (10, 16)),
                    ("Daglig verksamhet Verkstan", (12, 20)),
                    ("Personlig assistans", (20, 35)),
                ],
            ),
            ("VOF-HS", "Hälso- och sjukvård", [("Sjuksköterskeenheten", (15, 25)), ("Rehabenheten", (8, 14))]),
        ],
    ),
    (
        "SBF",
        "Samhällsbyggnadsförvaltningen",
        [
            (
                "SBF-KO",
                "Kost",
                [
                    ("Köket Centralskolan", (6, 12)),
                    ("Tillagningsköket Ängen", (5, 10)),
                    ("Köket Äldreboendet Linden", (5, 9)),
                    ("Mottagningskök Norr", (4, 8)),
                ],
            ),
            ("SBF-LV", "Lokalvård", [("Lokalvård Centrum", (10, 18)), ("Lokalvård Skolor", (12, 20))]),
            ("SBF-FA", "Fastighet", [("Fastighetsskötsel Norr", (6, 10)), ("Fastighetsskötsel Söder", (6, 10))]),
            ("SBF-GP", "Gata och park", [("Parkenheten", (8, 14)), ("Gatuenheten", (8, 14))]),
        ],
    ),
    (
        "KFF",
        "Kultur- och fritidsförvaltningen",
        [
            ("KFF-BI", "Bibliotek", [("Huvudbiblioteket", (10, 16)), ("Filialbiblioteken", (5, 9))]),
            ("KFF-FR", "Fritid", [("Simhallen", (8, 14)), ("Fritidsgården Oasen", (5, 9))]),
        ],
    ),
]

#: The kind of workplace (``models.org.UNIT_KINDS``) of each area's units.
AREA_KINDS = {
    "BUF-FN": "preschool", "BUF-FS": "preschool", "BUF-GC": "school", "BUF-GV": "school",
    "VOF-HT": "home_care", "VOF-SB": "residential_care", "VOF-FS": "disability_care", "VOF-HS": "health_care",
    "SBF-KO": "kitchen", "SBF-LV": "cleaning", "SBF-FA": "property", "SBF-GP": "other",
    "KFF-BI": "culture_leisure", "KFF-FR": "culture_leisure",
}  # fmt: skip
#: Workplaces whose kind is not their area's.
UNIT_KINDS_BY_NAME = {"Fritidshemmet Kotten": "school"}


def kind_of(area_code: str, unit_name: str) -> str | None:
    """The kind of workplace of a demo unit."""
    return UNIT_KINDS_BY_NAME.get(unit_name) or AREA_KINDS.get(area_code)
