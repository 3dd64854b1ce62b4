"""What kind of workplace a unit is (``models.org.UNIT_KINDS``), in the reader's language.

The kind comes from the unit register (the unit form and the unit import's ``kind`` column) and decides which units
an intervention's effect is compared with (``plans.effect``): a preschool with preschools, home care with home care.
A module of its own rather than an area's: the administration, the unit lists and the plans all read it.
"""

from __future__ import annotations

from types import MappingProxyType

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from survey_app.models.org import UNIT_KINDS

UNIT_KIND_LABELS = MappingProxyType(
    {
        "preschool": _l("Preschool"),
        "school": _l("School"),
        "home_care": _l("Home care"),
        "residential_care": _l("Residential care"),
        "disability_care": _l("Disability support"),
        "kitchen": _l("Kitchen"),
        "cleaning": _l("Cleaning"),
        "property": _l("Property management"),
        "social_services": _l("Social services"),
        "health_care": _l("Health care"),
        "office": _l("Office"),
        "culture_leisure": _l("Culture and leisure"),
        "other": _l("Other"),
    }
)


def kind_label(kind: str | None) -> str:
    """The kind's name in the reader's language; "not given" for None or a kind no longer known."""
    return str(UNIT_KIND_LABELS[kind]) if kind in UNIT_KIND_LABELS else _("not given")


def kind_choices() -> list[tuple[str, str]]:
    """The choices of a kind select: "not given" first (the empty value), then every kind."""
    return [("", _("Not given"))] + [(kind, str(label)) for kind, label in UNIT_KIND_LABELS.items()]


def find_kind(text: str) -> str | None:
    """The kind a file's cell names — its key ("home_care", "home care") or its label in any of the app's
    languages — or None when it names none; an empty cell is "" (not given)."""
    wanted = " ".join(text.replace("_", " ").split()).casefold()
    if not wanted:
        return ""
    for kind in UNIT_KINDS:
        if wanted == kind.replace("_", " "):
            return kind
    return _FILE_NAMES.get(wanted)


#: Swedish and Finnish names a file may use for the kinds (HR systems export them in the employer's language).
_FILE_NAMES = {
    "förskola": "preschool", "päiväkoti": "preschool", "varhaiskasvatus": "preschool",
    "skola": "school", "grundskola": "school", "koulu": "school", "peruskoulu": "school",
    "hemtjänst": "home_care", "kotihoito": "home_care",
    "särskilt boende": "residential_care", "äldreboende": "residential_care", "hoivakoti": "residential_care",
    "ympärivuorokautinen palveluasuminen": "residential_care",
    "funktionsstöd": "disability_care", "lss": "disability_care", "vammaispalvelut": "disability_care",
    "kök": "kitchen", "kost": "kitchen", "keittiö": "kitchen", "ruokapalvelut": "kitchen",
    "lokalvård": "cleaning", "städ": "cleaning", "siivous": "cleaning", "puhtauspalvelut": "cleaning",
    "fastighet": "property", "kiinteistö": "property", "kiinteistöpalvelut": "property",
    "socialtjänst": "social_services", "individ- och familjeomsorg": "social_services",
    "sosiaalipalvelut": "social_services", "sosiaalityö": "social_services",
    "hälso- och sjukvård": "health_care", "sjukvård": "health_care", "terveydenhuolto": "health_care",
    "kontor": "office", "administration": "office", "toimisto": "office", "hallinto": "office",
    "kultur och fritid": "culture_leisure", "kultur": "culture_leisure", "fritid": "culture_leisure",
    "kulttuuri ja vapaa-aika": "culture_leisure", "kulttuuri": "culture_leisure", "vapaa-aika": "culture_leisure",
    "disability support": "disability_care", "property management": "property",
    "culture and leisure": "culture_leisure",
    "annat": "other", "övrigt": "other", "muu": "other",
}  # fmt: skip
