"""A cheap guess of a comment's language (sv, fi or en) from frequent short words and letter pairs.

Redaction runs on every free-text answer, so this never loads a model: it counts frequent lower-case words only
(never names, which redaction replaces, so a redacted text gets the same guess and ``redact`` stays idempotent).
Ties and texts without evidence fall back to ``default``.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"(?<![^\W\d_])[a-zåäö]+(?![^\W\d_])")
_MARKERS: dict[str, frozenset[str]] = {
    "sv": frozenset(
        "och att är det som inte jag vi de en ett på för med har till av om så men kan ska var vill eller när "
        "hon han den mycket måste min mitt mina vår våra chefen alla också bara sig sin där här efter hade".split()
    ),
    "fi": frozenset(
        "ja on ei se että olen ole kun mutta myös niin kuin meillä minä me he hän tai jos sitten vain ovat "
        "oli ollut voi pitää tämä tuo mitä kaikki kanssa meidän minun aina liian paljon vähän esihenkilö töissä".split()
    ),
    "en": frozenset(
        "the and is are of to in it that we i you my our with for not be this was have has but they at "
        "on very too much always never".split()
    ),
}
_FINNISH_LETTERS = re.compile(r"aa|ää|ii|uu|yy|öö|ssa|ssä|lla|llä|sta|stä|tta|ttä|kk|tt")


def guess_language(text: str, default: str = "sv") -> str:
    """sv, fi or en: whichever has most of its frequent lower-case words in ``text``."""
    scores = dict.fromkeys(_MARKERS, 0)
    for count, match in enumerate(_WORD.finditer(text)):
        if count == 80:
            break
        word = match.group()
        for lang, markers in _MARKERS.items():
            if word in markers:
                scores[lang] += 1
    best = max(scores, key=scores.__getitem__)
    if scores[best] > 0:
        return best
    return _by_letters(text, default)


def _by_letters(text: str, default: str) -> str:
    """No frequent word: Finnish double vowels and -ssa/-lla endings against Swedish å, in lower-case words."""
    lower_case = " ".join(_WORD.findall(text[:600]))
    finnish = len(_FINNISH_LETTERS.findall(lower_case))
    swedish = 2 * lower_case.count("å")
    if finnish > swedish:
        return "fi"
    return "sv" if swedish else default
