"""Personal identity numbers: Swedish personnummer and samordningsnummer, Finnish henkilötunnus.

A number counts only with a real date of birth; the check digit (Luhn for Sweden, mod 31 for Finland) is required
except for a Swedish number written with a dash or plus, which is personal even when mistyped.
"""

from __future__ import annotations

import re

from nlp.redaction.placeholders import PLACEHOLDERS, replace_matches

_SE_ID = re.compile(
    r"(?<![0-9])(?P<century>1[89]|20)?(?P<date>[0-9]{6})"
    r"(?P<sep>[-+\u2010\u2011\u2013\u2212]|[ \u00a0])?(?P<serial>[0-9]{4})(?![0-9])"
)
_FI_ID = re.compile(
    r"(?<![0-9])(?P<date>[0-9]{6})(?P<sep>[-+A-FU-Ya-fu-y])(?P<serial>[0-9]{3})(?P<check>[0-9A-Ya-y])"
    r"(?!(?<=[0-9])[0-9])(?!(?<=[^\W\d_])[^\W\d_])"  # a digit check ends the digits, a letter check the word
)
_FI_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_FI_CENTURY = {"+": 1800, "-": 1900, **dict.fromkeys("ABCDEF", 2000), **dict.fromkeys("UVWXY", 1900)}
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def redact_identity_numbers(text: str) -> tuple[str, int]:
    """``text`` with Swedish, then Finnish, identity numbers replaced by ``[ID]``, and how many were."""
    text, swedish = replace_matches(text, _SE_ID, PLACEHOLDERS["id"], _swedish_id_end)
    text, finnish = replace_matches(text, _FI_ID, PLACEHOLDERS["id"], _finnish_id_end)
    return text, swedish + finnish


def _valid_date(year: int | None, month: int, day: int) -> bool:
    """A real calendar date; ``year`` None (two-digit year, century unknown) lets 29 February through."""
    if not 1 <= month <= 12 or not 1 <= day <= _DAYS_IN_MONTH[month - 1]:
        return False
    if month == 2 and day == 29 and year is not None:
        return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    return True


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 - index % 2)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _is_swedish_id(match: re.Match[str]) -> bool:
    century, date, sep, serial = match.group("century", "date", "sep", "serial")
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:  # samordningsnummer: the day of birth plus 60
        day -= 60
    year = int(century + date[:2]) if century else None
    if not _valid_date(year, month, day):
        return False
    if sep and sep not in " \u00a0":
        return True
    return _luhn(date + serial)


def _is_finnish_id(match: re.Match[str]) -> bool:
    date, sep, serial, check = match.group("date", "sep", "serial", "check")
    year = _FI_CENTURY[sep.upper()] + int(date[4:6])
    if not _valid_date(year, int(date[2:4]), int(date[:2])):
        return False
    return _FI_CHECK[int(date + serial) % 31] == check.upper()


def _swedish_id_end(match: re.Match[str]) -> int | None:
    return match.end() if _is_swedish_id(match) else None


def _finnish_id_end(match: re.Match[str]) -> int | None:
    return match.end() if _is_finnish_id(match) else None
