"""Text normalisation: turn a raw answer or note into plain, display-safe text for analysis.

``normalise`` unescapes HTML entities, removes markup (the content of ``<script>``/``<style>`` blocks included), URLs,
emoji and other pictographs, invisible and control characters and lone surrogates, then applies Unicode NFC and
collapses whitespace. Case and e-mail addresses are kept: lower-casing happens in ``nlp.lemmas`` and personal data is
the business of ``nlp.redaction``.

It must never raise on any ``str`` and never do I/O; it is pure and fast (compiled regexes only).
"""

from __future__ import annotations

import html
import re
import unicodedata

__all__ = ["letter_runs", "lower_tokens", "normalise"]

# <script>, <style> and the like: their content is code, never text. An unclosed block runs to the end of the text.
_HIDDEN_BLOCK = re.compile(
    r"<(script|style|template|noscript|head)\b[^>]*>.*?(?:</\1\s*>|\Z)", re.IGNORECASE | re.DOTALL
)
# <!-- comments --> (an unclosed one runs to the end), <!DOCTYPE …>, <![CDATA[ … ]]> markers, <?xml …?>.
_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)|<![^<>]*>|<\?[^<>]*\?>", re.DOTALL)
# Tags that break a line or a block: replaced by a space so that the words on either side do not run together.
_BREAKING_TAG = re.compile(
    r"</?(?:br|p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|tfoot|caption|h[1-6]|hr|blockquote|pre|section"
    r"|article|header|footer|nav|aside|main|figure|figcaption|address|body|html|title|option|img|input|textarea"
    r"|button|select|form|iframe|label)\b[^<>]*>",
    re.IGNORECASE,
)
# Any other tag (inline: <b>, <span>, <a href=…>, <o:p> from Word…) disappears without a trace. A tag name must start
# with a letter, so "5 < 6" and "<3" stay text.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*(?:\s[^<>]*)?/?>")

# http(s)://… and www.… up to whitespace or a quote/angle bracket; trailing sentence punctuation is left in the text.
# "www." inside an e-mail address (anna@www.example.se) is not a URL: the e-mail is left for redaction.
_URL = re.compile(
    r"""(?:\b(?:https?|ftp)://|(?<![@\w.-])www\.)[^\s<>"'`]*[^\s<>"'`.,;:!?)\]}»”’]""",
    re.IGNORECASE,
)
# Invisible characters are removed outright (a zero-width space inside a word must not split it).
_INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"  # C0 and C1 controls (the space-like ones become spaces at the end)
    "\u00ad"  # soft hyphen
    "\u034f"  # combining grapheme joiner
    "\u061c\u180e"  # Arabic letter mark, Mongolian vowel separator
    "\u200b-\u200f"  # zero-width space/non-joiner/joiner, LRM, RLM
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u206f"  # word joiner, invisible operators, bidi isolates, deprecated format characters
    "\ud800-\udfff"  # lone surrogates (a valid str never holds a pair)
    "\ufe00-\ufe0f"  # variation selectors (emoji/text presentation)
    "\ufeff"  # byte-order mark / zero-width no-break space
    "\U000e0000-\U000e007f"  # tag characters (subdivision flags)
    "\U000e0100-\U000e01ef"  # variation selectors supplement
    "]+"
)
# Emoji, pictographs and the like become a space ("bra😀jobb" is two words).
_PICTOGRAPHIC = re.compile(
    "["
    "\u20e3"  # combining enclosing keycap (1️⃣)
    "\u231a\u231b\u2328\u23cf\u23e9-\u23f3\u23f8-\u23fa"  # emoji among the technical symbols (⌚ ⏰ ⏳ …)
    "\u25a0-\u25ff"  # geometric shapes (■ ● ▶ ◆, often list bullets)
    "\u2600-\u27bf"  # miscellaneous symbols and dingbats (☀ ☺ ♥ ✓ ✔ ❤ ➡)
    "\u2b00-\u2bff"  # miscellaneous symbols and arrows (⭐ ⬛ ⬆)
    "\u3030\u303d\u3297\u3299"  # the CJK emoji (〰 〽 ㊗ ㊙)
    "\ue000-\uf8ff"  # private use (icon fonts, logos)
    "\ufff9-\ufffd"  # interlinear annotation, object replacement character, replacement character
    "\U0001f000-\U0001fbff"  # emoji, pictographs, regional indicator flags, skin tones, legacy computing symbols
    "\U000f0000-\U0010ffff"  # supplementary private use
    "]+"
)
_ASCII_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f]")


def normalise(text: str) -> str:
    """Plain, NFC-normalised, single-spaced text with markup, URLs, emoji and invisible characters removed.

    Case is kept. Total: returns a ``str`` for every ``str`` (``""`` for one that holds only emoji or markup).
    """
    if not text:
        return ""
    text = html.unescape(text)
    if "<" in text:
        text = _HIDDEN_BLOCK.sub(" ", text)
        text = _COMMENT.sub(" ", text)
        text = _BREAKING_TAG.sub(" ", text)
        text = _TAG.sub("", text)
    # Cheap tests skip the scans that find nothing in most answers (they are most of the time spent here).
    if "://" in text or "www." in text.casefold():
        text = _URL.sub(" ", text)
    if not text.isascii():
        text = _INVISIBLE.sub("", text)
        text = _PICTOGRAPHIC.sub(" ", text)
        text = unicodedata.normalize("NFC", text)
    elif _ASCII_CONTROL.search(text):
        text = _INVISIBLE.sub("", text)
    # Space-like controls are whitespace to str.split (the same characters as \s), so they become single spaces.
    return " ".join(text.split())


# A word is a run of letters, or several joined by a hyphen or an apostrophe ("wi-fi", "it's"); punctuation that ends
# a sentence or a clause is a token of its own.
_TOKEN = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*|[.!?;:,]")
_JOINERS = re.compile("[-'’]")
_PUNCTUATION = frozenset(".!?;:,")


def lower_tokens(text: str) -> list[str]:
    """The words and punctuation of a normalised text, lower-case, in order: what ``nlp.polarity`` reads, and (split
    by ``letter_runs``) what ``nlp.language`` counts, so that a text is scanned once for both."""
    return _TOKEN.findall(text.lower())


def letter_runs(tokens: list[str]) -> list[str]:
    """The runs of letters in a text's ``lower_tokens``: what ``[^\\W\\d_]+`` finds in the lower-case text."""
    return [
        part
        for token in tokens
        if token not in _PUNCTUATION
        for part in ((token,) if token.isalpha() else _JOINERS.split(token))
    ]
