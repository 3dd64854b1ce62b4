"""Phone numbers: Swedish and Finnish national numbers (a single leading 0) and international ones.

Digits come in groups separated by single spaces or dashes; the longest prefix of a match that is a valid number
is replaced, so a date, a time range or a count that follows a number stays.
"""

from __future__ import annotations

import re

from nlp.redaction.placeholders import PLACEHOLDERS, replace_matches

_SEP = r"(?:[ \u00a0\u202f]?[-\u2010\u2011\u2013\u2212][ \u00a0\u202f]?|[ \u00a0\u202f])"
_PHONE = re.compile(
    r"(?<![0-9+])(?<![0-9][.,:/\-\u2013])"
    r"(?:(?:\+|00)[ \u00a0]?[1-9][0-9]*+|\(0[0-9]{1,4}\)[ \u00a0]?[0-9]++|0[0-9]++)"
    rf"(?:{_SEP}?\(0\){_SEP}?[0-9]++|{_SEP}[0-9]++){{0,7}}+"  # at most 8 groups: no quadratic scans
)
_DIGIT_GROUP = re.compile(r"\(0\)|[0-9]+")
_DATE_LIKE = re.compile(r"(?:0[1-9]|[12][0-9]|3[01])[ -](?:0[1-9]|1[0-2])[ -](?:19|20)?[0-9]{2}")
_TIME_RANGE = re.compile(r"(?:[01][0-9]|2[0-3])[0-5][0-9] ?[-\u2013] ?(?:[01][0-9]|2[0-3])[0-5][0-9]")
_SWEDISH_MOBILE = re.compile(r"07[02369]")


def redact_phone_numbers(text: str) -> tuple[str, int]:
    """``text`` with every phone number replaced by ``[PHONE]``, and how many were."""
    return replace_matches(text, _PHONE, PLACEHOLDERS["phone"], _phone_end)


def _valid_phone(text: str, digits: str, international: bool) -> bool:
    if international:
        if digits.startswith("00"):
            digits = digits[2:]
        if digits.startswith("46"):
            national = digits[2:].removeprefix("0")
            return 7 <= len(national) <= 9
        if digits.startswith("358"):
            national = digits[3:].removeprefix("0")
            return 5 <= len(national) <= 10
        return 8 <= len(digits) <= 15
    if digits[1] == "0" or _DATE_LIKE.fullmatch(text) or _TIME_RANGE.fullmatch(text):
        return False
    if _SWEDISH_MOBILE.match(digits):
        return len(digits) == 10
    return 8 <= len(digits) <= 11


def _phone_end(match: re.Match[str]) -> int | None:
    """Where the longest valid phone number at the start of ``match`` ends (an index into the text), or None."""
    text = match.group()
    international = text[0] == "+" or text.startswith("00")
    groups: list[tuple[str, int]] = []
    for group in _DIGIT_GROUP.finditer(text):
        value = group.group()
        if value == "(0)":
            continue
        if groups and len(value) == 1 and not (international and len(groups) == 1):
            break  # a lone digit ends a national number ("070-123 45 67 3 gånger")
        groups.append((value, group.end()))
    for count in range(len(groups), 0, -1):
        if count > 1 and len(groups[count - 1][0]) < 2:
            continue
        end = groups[count - 1][1]
        digits = "".join(value for value, _ in groups[:count])
        if len(digits) >= 7 and _valid_phone(text[:end], digits, international):
            return match.start() + end
    return None
