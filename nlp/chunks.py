"""Space-free chunks of normalised text that spaCy's tokenizer would turn into exactly one word.

spaCy splits a text at spaces and tokenizes each chunk on its own, building a lexeme (in Python, slowly) for every
token it has not met before. Most chunks are a plain word with at most a comma or a full stop: ``plain_word`` finds
that word without spaCy, and says None whenever spaCy's own rules must decide. Pure; never imports the web app.
"""

from __future__ import annotations

__all__ = ["plain_word"]

# Punctuation spaCy always splits off a word (checked against its tokenizers for sv, fi and en on the labelled
# corpora: the same words for all 78,000 chunks this accepts).
_TRAILING = frozenset(',;:!?)"”»')
_LEADING = frozenset('("“«')


def plain_word(chunk: str, special_cases: frozenset[str]) -> str | None:
    """The one alphabetic token spaCy makes of ``chunk``, when it is a word with only plain punctuation around it
    (a full stop only after a lower-case letter) and no part of it is a tokenizer exception ("esim.", "cannot");
    otherwise None, and spaCy decides."""
    end = len(chunk)
    while end and chunk[end - 1] in _TRAILING:
        end -= 1
    dot = end > 0 and chunk[end - 1] == "."
    end -= dot
    start = 0
    while start < end and chunk[start] in _LEADING:
        start += 1
    word = chunk[start:end]
    if not word.isalpha() or (dot and not word[-1].islower()):
        return None
    if special_cases and any(
        chunk[first:last] in special_cases for first in range(start + 1) for last in range(end, len(chunk) + 1)
    ):
        return None
    return word
