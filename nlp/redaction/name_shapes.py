"""What a surname looks like, and the base forms of an inflected name ("Kajsalle" → "Kajsa", "Virtaselle" →
"Virtanen", "Lindbergs" → "Lindberg"), for names no list holds.

Shapes: Swedish -sson/-berg/-ström/-qvist/-lund/-gren/-ander/-holm/-dahl/-blad..., Finnish -nen and -la/-lä,
Slavic and Balkan -ić/-vić/-ski/-ska/-enko/-uk/-ov/-ova/-ev/-eva, Arabic and Persian -i/-zadeh prefixed forms
(Al-, El-, Abdul-, Abdi-). A shape needs a stem of at least three letters before it ("Berg" alone is a word).
All functions take case-folded words and never raise.
"""

from __future__ import annotations

import re
from functools import lru_cache

_SHAPE = re.compile(
    r"^(?:"
    r"[^\W\d_]{3,}(?:sson|son|berg|bergh|ström|strom|qvist|quist|kvist|lund|gren|grén|ander|holm|dahl|dal|blad|"
    r"stedt|stad|löf|löv|mark|sköld|hammar|man|heim|ling|lin|roos|bäck|fors|blom|svärd|stjerna|stjärna|crona|"
    r"feldt|felt|borg|strand|stam|hed|bom|rot|vall|näs|sjö)"
    r"|[^\W\d_]{2,}[aeiouyäö](?<!io)(?:nen)"
    r"|[^\W\d_]{3,}(?:ić|vić|vic|ović|ević|ski|ska|sky|cki|cka|enko|chuk|czuk|yuk|iuk|ov|ova|ev|eva|in|ina|ovic|evic)"
    r"|[^\W\d_]{4,}(?:zadeh|zada|pour|nejad|oglu|oğlu)"
    r"|(?:al|el|abdul|abdel|abu|ibn|bin|bint)-[^\W\d_]{2,}"
    r")$"
)
# Finnish forms that look like shapes but are everyday words: "toinen", "nainen", "ihminen" are caught by the word
# tables; these shapes are so common in ordinary words that a shape alone never decides (only with capitalisation).
_WEAK_ENDINGS = (
    "in",
    "ina",
    "man",
    "lin",
    "ling",
    "mark",
    "stad",
    "dal",
    "ev",
    "eva",
    "ov",
    "ova",
    "son",
    "borg",
    "strand",
    "hed",
    "rot",
    "vall",
    "näs",
    "sjö",
    "stam",
    "bom",
)

# Names of streets, homes and buildings ("Storgatan", "Hemgården", "Kotikalliossa", "Koivukodissa"): places.
_PLACE = re.compile(
    r"(?:gatan|gata|vägen|gården|gårdens|hemmet|hemmets|torget|parken|stigen|backen|backa|huset|ängen|boendet|"
    r"hagen|holmen|stugan|höjden|gläntan|liden|åsen|viken|torpet|byn|"
    r"katu|kadu|kodi|koti|kallio|rinne|rinte|talo|keskus|keskuks|puisto|kuja|polku|sairaala|asema)"
    r"(?:[^\W\d_]{0,6})$"
)
_FI_CASES = tuple(
    sorted(
        "n a ä ta tä na nä lla llä lta ltä lle ssa ssä sta stä ksi kin kaan kään han hen hin hon hun hän hön "
        "ineen iin seen lla lle ltä lta sta ssa ssä llekin nkin ni si mme nne nsa nsä".split(),
        key=len,
        reverse=True,
    )
)
_PARTITIVE_NEN = ("as", "äs", "is", "os", "ös")  # not -us/-ys/-es: "hallitus-ta", "kokous-ta" are words
_FI_CLITICS = ("kaan", "kään", "kin", "han", "hän", "pa", "pä")
_VOWELS = frozenset("aeiouyäö")
_GRADATION = (("kk", "k"), ("pp", "p"), ("tt", "t"), ("t", "d"), ("nt", "nn"), ("lt", "ll"), ("rt", "rr"), ("mp", "mm"))


def surname_shaped(folded: str, strong_only: bool = False) -> bool:
    """``folded`` (or one of its hyphenated parts) has the shape of a surname."""
    for part in folded.split("-") if "-" in folded and not folded.startswith(("al-", "el-", "abdul-")) else (folded,):
        match = _SHAPE.match(part)
        if match and not (strong_only and part.endswith(_WEAK_ENDINGS)):
            return True
    return False


def place_shaped(folded: str) -> bool:
    """The name of a street, a home or a building by its ending, also inflected; never a surname."""
    return len(folded) > 6 and _PLACE.search(folded, 3) is not None


@lru_cache(maxsize=65536)
def base_forms(folded: str) -> tuple[str, ...]:
    """Candidate base forms of an inflected name, most likely first (without ``folded`` itself).

    Swedish genitive (-s, -'s), Finnish case endings with -i-/-e- stems and simple consonant gradation
    (Mikon → Mikko, Lindbergin → Lindberg, Virtaselle → Virtanen, Ahmadille → Ahmadi, Kajsalle → Kajsa), the
    partitive and illative of -nen names (Virtasta, Virtaseen), the illative (Mikkoon), clitics (Pekaltakaan).
    """
    forms: list[str] = []
    for clitic in _FI_CLITICS:  # "Pekaltakaan", "Virtasellekin": the clitic, then the case ending
        if folded.endswith(clitic) and len(folded) - len(clitic) > 3:
            forms.append(folded[: -len(clitic)])
            forms += base_forms(folded[: -len(clitic)])
            break
    if "'" in folded or "’" in folded:  # "smith'n", "björn'lle": the name before the apostrophe
        forms.append(folded.replace("’", "'").partition("'")[0])
    if folded.endswith(("'s", "’s")):
        forms.append(folded[:-2])
    elif folded.endswith("s") and len(folded) > 3:
        forms.append(folded[:-1])
    if folded.endswith(":n") or ":" in folded:
        forms.append(folded.split(":")[0])
    for suffix in _FI_CASES:
        if not folded.endswith(suffix) or len(folded) - len(suffix) < 2:
            continue
        stem = folded[: -len(suffix)]
        forms.append(stem)
        if suffix in ("ta", "tä") and stem.endswith(_PARTITIVE_NEN) and not stem.endswith("llis"):
            forms.append(stem[:-1] + "nen")  # partitive Virtas-ta → Virtanen, Hämäläis-tä → Hämäläinen
        if stem.endswith("se") and len(stem) > 3 and stem[-3] in _VOWELS:  # Virtase- → Virtanen
            forms.append(stem[:-2] + "nen")
        if suffix == "seen" and len(stem) > 2 and stem[-1] in _VOWELS:  # illative Virta-seen → Virtanen
            forms.append(stem + "nen")
        if stem.endswith(("kse", "ksi")):  # tunnukse- → tunnus
            forms.append(stem[:-3] + "s")
        if stem.endswith("i") and len(stem) > 3:  # Lindbergi- → Lindberg, Erikille → Erik
            forms.append(stem[:-1])
        if stem.endswith("e") and len(stem) > 3:  # Lahde- → Lahti, Hassane- → Hassan
            forms.append(stem[:-1] + "i")
            forms.append(stem[:-1])
        if len(stem) > 2 and stem[-1] in _VOWELS:
            for strong, weak in _GRADATION:
                if stem[:-1].endswith(weak) and not stem[:-1].endswith(strong):
                    forms.append(stem[: -1 - len(weak)] + strong + stem[-1])
                    break
    if len(folded) > 4 and folded[-1] == "n" and folded[-2] == folded[-3] and folded[-2] in _VOWELS:
        forms.append(folded[:-2])  # illative: Mikkoon → Mikko, Jussiin → Jussi
    seen: dict[str, None] = {}
    for form in forms:
        if len(form) >= 2 and form != folded:
            seen.setdefault(form, None)
    return tuple(seen)
