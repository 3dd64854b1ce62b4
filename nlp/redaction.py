"""Redaction of personal data in free-text answers and interview notes before managers and HR see them.

``redact(text, extra_names)`` replaces, in this order:

1. **e-mail addresses** (also ``anna (at) kommun.se``) with ``[EMAIL]``;
2. **personal identity numbers** with ``[ID]``: Swedish personnummer and samordningsnummer (day + 60) as
   ``YYMMDD-NNNN``, ``YYMMDD+NNNN``, ``YYYYMMDD-NNNN``, ``YYYYMMDDNNNN`` and ``YYMMDDNNNN``. The date must be valid;
   with a dash or plus the Luhn check digit is *not* required (people mistype, and the number is personal all the
   same); without a separator (or with a space) the Luhn digit must be right, so that arbitrary 10- and 12-digit
   numbers stay. Finnish henkilötunnus ``DDMMYYCNNNX`` (century sign ``+ - A-F U-Y``, either case) with a valid date
   and the right mod-31 check character;
3. **phone numbers** with ``[PHONE]``: national numbers that start with a single 0 (Swedish and Finnish: mobiles,
   area codes, ``(08) ...``) and international ones (``+46 ...``, ``+358 ...``, ``0046 ...``, ``+46 (0)70 ...``),
   in groups separated by single spaces or dashes, 8-11 digits nationally (Swedish mobiles 07x: exactly 10).
   Dates, times (``08.00-16.30``, ``0800-1630``), years, percentages, money and small numbers are not phone numbers;
4. **personal names** with ``[NAME]`` (a first name and the capitalised surnames that follow it become one
   ``[NAME]``): a capitalised first name from ``nlp.names.FIRST_NAMES`` (also inflected mid-sentence: Swedish
   genitive "Annas", Finnish cases "Mikolle", "Matin", "Annalle"); a name the caller supplies in ``extra_names``
   (whole words, any case; the words of a multi-word name also on their own when capitalised, so "Loviisa
   Heikkinen" also catches "Loviisa"); any capitalised word right after a cue word ("chefen Bengt", "esihenkilö Raimo",
   "kollegan Zlatan", "named Jo"). A listed name that is also a common word (``nlp.names.AMBIGUOUS_NAMES``:
   "Per", "Bo", "Hans", "Inga", "Kai", "Satu"...) is left alone at the start of the text or of a sentence unless a
   capitalised surname follows ("Per Andersson") or a cue word precedes; extra names that are such words
   (``AMBIGUOUS_NAMES`` or ``NOT_NAMES``) follow the same rule and must be capitalised. ``nlp.names.NOT_NAMES``
   (weekdays, months, "Omtanke", systems, unions) are never names, and capitalised words after a workplace word
   ("Förskolan Solrosen", "päiväkoti Aino", "avdelningen Linnea") are place names, never redacted.

Placeholders are language-neutral tokens (``PLACEHOLDERS``): the same in Swedish, Finnish and English text, never
matched by any rule (so ``redact`` is idempotent), and easy for the display layer to style or translate. They are
stored inside the text, not user interface strings, and so are not marked with ``N_``.

Text is NFC-normalised first (so decomposed "Å" matches); otherwise it is returned unchanged apart from the
replacements. Digits are ASCII ``0-9`` only.

Known limits: names written in lower case or ALL CAPS are caught only through ``extra_names``; surnames alone
("Svensson sa") and nicknames not in the list are missed unless a cue word precedes them; a listed name is
redacted even when it is used as a word mid-sentence with a capital letter; numbers shaped like a date and a
serial ("240115-0012") are redacted as identity numbers; plain "anna at kommun.se" is not an address.

This module never imports anything outside the standard library and ``nlp``, never raises on any string, keeps no
state between calls except compiled patterns and a cache of prepared ``extra_names``, and never logs or stores
the text it is given.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

from nlp.names import AMBIGUOUS_NAMES, FIRST_NAMES, NOT_NAMES

__all__ = [
    "CUE_WORDS",
    "KINDS",
    "PLACEHOLDERS",
    "WORKPLACE_WORDS",
    "Redaction",
    "redact",
    "redact_text",
]

KINDS: tuple[str, ...] = ("email", "id", "phone", "name")
PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {"email": "[EMAIL]", "id": "[ID]", "phone": "[PHONE]", "name": "[NAME]"}
)

# A capitalised word right after one of these (separated by spaces only) is a person, even when not in the list.
CUE_WORDS: frozenset[str] = frozenset(
    # Swedish
    "chef chefen enhetschef enhetschefen verksamhetschef verksamhetschefen avdelningschef avdelningschefen "
    "kollega kollegan arbetskamrat arbetskamraten sjuksköterskan undersköterskan sköterskan syster "
    "rektor rektorn läraren förskolläraren handledaren samordnaren vårdbiträdet mentorn heter hette kallas "
    "fru herr "
    # Finnish
    "esihenkilö esihenkilöni esihenkilömme esimies esimieheni esimiehemme kollega kollegani kollegamme "
    "työkaveri työkaverini työkaverimme työtoveri hoitaja hoitajamme sairaanhoitaja lähihoitaja johtaja "
    "johtajamme rehtori opettaja ohjaaja nimeltä nimeltään rouva herra "
    # English
    "manager colleague coworker co-worker boss supervisor nurse teacher named called mr mrs ms dr".split()
)
# Abbreviated titles may carry a full stop before the name ("Dr. Nyström").
_ABBREVIATED_CUES = frozenset({"mr", "mrs", "ms", "dr"})

# Capitalised words right after one of these are the name of a workplace, never a person ("Förskolan Solrosen").
WORKPLACE_WORDS: frozenset[str] = frozenset(
    # Swedish
    "förskola förskolan skola skolan boende boendet äldreboende äldreboendet gruppboende gruppboendet "
    "hemtjänst hemtjänsten enhet enheten avdelning avdelningen vårdcentral vårdcentralen mottagning mottagningen "
    "fritidshem fritidshemmet kvarteret huset "
    # Finnish
    "päiväkoti koulu yksikkö osasto hoivakoti palvelutalo asumisyksikkö kotihoito neuvola terveysasema "
    # English
    "school preschool unit ward department".split()
)

_SENTENCE_BREAK = re.compile(r"[.!?…:;\n\r\u2029]")
_ONLY_SPACES = re.compile(r"[ \t\u00a0\u202f]{1,3}")
_ABBREVIATION_GAP = re.compile(r"\.?[ \t\u00a0\u202f]{1,3}")
_ANY_DIGIT = re.compile(r"[0-9]")

# --- e-mail -----------------------------------------------------------------------------------------------------

_EMAIL_HINT = re.compile(r"@|[(\[]\s?(?:at|snabel-a)\s?[)\]]", re.IGNORECASE)
_EMAIL = re.compile(
    r"(?<![\w.+%'-])[\w.+%'-]+"
    r"(?:@|\s?[(\[]\s?(?:at|snabel-a)\s?[)\]]\s?)"
    r"(?:[\w-]++\.)+[^\W\d_]{2,}(?![^\W\d]|-)",
    re.IGNORECASE,
)

# --- identity numbers -------------------------------------------------------------------------------------------

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


# --- phone numbers ----------------------------------------------------------------------------------------------

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


# --- replacing ---------------------------------------------------------------------------------------------------


def _replace(
    text: str, pattern: re.Pattern[str], placeholder: str, end_of: Callable[[re.Match[str]], int | None]
) -> tuple[str, int]:
    """Replace matches left to right; ``end_of`` says where a match really ends (None: not a match after all).

    Unlike ``re.sub`` the search goes on in the text *with* the placeholders, so the look-behinds see exactly what a
    second run would see: that keeps ``redact`` idempotent when one finding touches the next.
    """
    count = 0
    position = 0
    while match := pattern.search(text, position):
        end = end_of(match)
        if end is None:
            position = match.start() + 1
            continue
        text = text[: match.start()] + placeholder + text[end:]
        position = match.start() + len(placeholder)
        count += 1
    return text, count


def _match_end(match: re.Match[str]) -> int:
    return match.end()


def _swedish_id_end(match: re.Match[str]) -> int | None:
    return match.end() if _is_swedish_id(match) else None


def _finnish_id_end(match: re.Match[str]) -> int | None:
    return match.end() if _is_finnish_id(match) else None


# --- names ------------------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\[(?:EMAIL|ID|PHONE|NAME)\]|[^\W\d_]+(?:['’\-\u2010\u2011][^\W\d_]+)*")
_PARTS = re.compile(r"['’\-\u2010\u2011]")
_HYPHENS = re.compile(r"[-\u2010\u2011]")
_FI_SUFFIXES = tuple(
    sorted(
        "n a ä ta tä na nä lla llä lta ltä lle ssa ssä sta stä ksi han hen hin hon hun hän hön ineen".split(),
        key=len,
        reverse=True,
    )
)
_VOWELS = frozenset("aeiouyäö")
_WORD_SUBS = frozenset({"s"})  # "Anna's" in English text


def _capitalised(word: str) -> bool:
    """Each hyphenated part is capitalised: "Anna", "Anna-Karin", "O'Brien", "Anna's"; not "ANNA", "anna", "McKay"."""
    for part in _HYPHENS.split(word):
        first, _, rest = part.replace("’", "'").partition("'")
        if not _title(first) or (rest and not (rest.islower() or _title(rest))):
            return False
    return True


def _title(part: str) -> bool:
    return bool(part) and part[0].isupper() and (len(part) == 1 or part[1:].islower())


def _listed(word: str) -> bool:
    if word in FIRST_NAMES:
        return True
    parts = _PARTS.split(word)
    return len(parts) > 1 and all(part in FIRST_NAMES for part in parts)


@lru_cache(maxsize=4096)
def _inflected_base(word: str) -> str | None:
    """The listed name ``word`` is an inflected form of: "Annas", "Mikolle", "Matin", "Erikille", "Anna's"."""
    if "'" in word or "’" in word:
        base, _, rest = word.replace("’", "'").partition("'")
        return base if rest in _WORD_SUBS and _listed(base) else None
    if len(word) < 4:
        return None
    if word.endswith("s") and _listed(word[:-1]):
        return word[:-1]
    for suffix in _FI_SUFFIXES:
        if not word.endswith(suffix) or len(word) - len(suffix) < 3:
            continue
        stem = word[: -len(suffix)]
        candidates = [stem]
        if stem[-1] in _VOWELS and stem[-2] in "kpt" and stem[-3] != stem[-2]:
            candidates.append(stem[:-1] + stem[-2] + stem[-1])  # Finnish gradation: Mikon -> Mikko, Matin -> Matti
        if stem.endswith("i") and stem[-2] not in _VOWELS:
            candidates.append(stem[:-1])  # a consonant-final name takes -i-: Erikille -> Erik
        for candidate in candidates:
            if _listed(candidate):
                return candidate
    return None


@dataclass(frozen=True)
class _Extras:
    """Caller-supplied names, prepared once (all case-folded).

    ``single``: one-word names, any case. ``multi``: names of several words, any case, by their first word.
    ``parts``: the words of multi-word names on their own ("Loviisa", "Heikkinen"), when capitalised.
    ``capitalised``: supplied words that are also common words, treated like ``AMBIGUOUS_NAMES``.
    """

    single: frozenset[str] = frozenset()
    capitalised: frozenset[str] = frozenset()
    parts: frozenset[str] = frozenset()
    multi: Mapping[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.single or self.capitalised or self.parts or self.multi)

    def may_start(self, word: str) -> bool:
        """A lower-case word can start a name only as a supplied one."""
        if not (self.single or self.multi):
            return False
        folded = word.casefold()
        return folded in self.single or folded in self.multi


_NO_EXTRAS = _Extras()
_COMMON_WORDS = frozenset(word.casefold() for word in AMBIGUOUS_NAMES | NOT_NAMES)


@lru_cache(maxsize=64)
def _prepare_extras(names: tuple[str, ...]) -> _Extras:
    single: set[str] = set()
    capitalised: set[str] = set()
    parts: set[str] = set()
    multi: dict[str, list[tuple[str, ...]]] = {}
    for name in names:
        tokens = _TOKEN.finditer(unicodedata.normalize("NFC", name))
        words = tuple(token.group().casefold() for token in tokens if not token.group().startswith("["))
        if len(words) > 1:
            multi.setdefault(words[0], []).append(words)
        for word in words:
            if word in _COMMON_WORDS:
                capitalised.add(word)
            elif len(words) > 1:
                parts.add(word)
            else:
                single.add(word)
    return _Extras(
        frozenset(single),
        frozenset(capitalised),
        frozenset(parts - single),
        MappingProxyType({key: tuple(sorted(set(value), key=len, reverse=True)) for key, value in multi.items()}),
    )


def _extras(extra_names: Iterable[str] | str | None) -> _Extras:
    if not extra_names:
        return _NO_EXTRAS
    if isinstance(extra_names, str):
        extra_names = (extra_names,)
    try:
        names = tuple(name for name in extra_names if isinstance(name, str) and name.strip())
    except TypeError:
        return _NO_EXTRAS
    return _prepare_extras(names) if names else _NO_EXTRAS


class _NameScanner:
    """One pass over the word tokens of a text, deciding token by token (see the module docstring for the rules)."""

    def __init__(self, text: str, extras: _Extras) -> None:
        self.text = text
        self.extras = extras
        self.tokens = list(_TOKEN.finditer(text))
        self.words = [token.group() for token in self.tokens]

    def gap_before(self, index: int) -> str:
        if not index:
            return self.text[: self.tokens[0].start()]
        return self.text[self.tokens[index - 1].end() : self.tokens[index].start()]

    def joined(self, index: int) -> bool:
        """Token ``index`` follows the previous one with spaces only in between (same line, same sentence)."""
        return index > 0 and _ONLY_SPACES.fullmatch(self.gap_before(index)) is not None

    def surname_like(self, index: int) -> bool:
        word = self.words[index]
        if word[0] == "[" or word in NOT_NAMES or not self.joined(index):
            return False
        if len(word) == 1:  # an initial: "Anna S."
            end = self.tokens[index].end()
            return word.isupper() and self.text[end : end + 1] == "."
        return _capitalised(word)

    def name_length(self, index: int) -> int:
        """How many tokens from ``index`` on make up a name (0: none); the surnames that follow are added later."""
        words, extras = self.words, self.extras
        word = words[index]
        folded = word.casefold()
        if extras:
            for candidate in extras.multi.get(folded, ()):
                end = index + len(candidate)
                if end <= len(words) and all(
                    words[index + offset].casefold() == part and (not offset or self.joined(index + offset))
                    for offset, part in enumerate(candidate)
                ):
                    return len(candidate)
            if folded in extras.single:
                return 1
        if not _capitalised(word):
            return 0
        gap = self.gap_before(index)
        sentence_start = index == 0 or _SENTENCE_BREAK.search(gap) is not None
        if folded in extras.capitalised:  # a supplied name that is also a word: like an ambiguous listed name
            return 1 if not sentence_start or self._surname_follows(index) else 0
        if folded in extras.parts:
            return 1
        if word in NOT_NAMES:
            return 0
        previous = words[index - 1].casefold() if index else ""
        if (previous in CUE_WORDS and _ONLY_SPACES.fullmatch(gap)) or (
            previous in _ABBREVIATED_CUES and _ABBREVIATION_GAP.fullmatch(gap)
        ):
            return 1
        if _listed(word):
            if sentence_start and word in AMBIGUOUS_NAMES:
                return 1 if self._surname_follows(index) else 0
            return 1
        base = _inflected_base(word)
        if base is None:
            return 0
        if sentence_start:  # only the Swedish genitive of an unambiguous name: "Annas schema"
            return 1 if word == base + "s" and base not in AMBIGUOUS_NAMES else 0
        return 1

    def _surname_follows(self, index: int) -> bool:
        return index + 1 < len(self.words) and len(self.words[index + 1]) > 1 and self.surname_like(index + 1)

    def redact(self) -> tuple[str, int]:
        text, tokens, words = self.text, self.tokens, self.words
        total = len(tokens)
        pieces: list[str] = []
        position = count = index = 0
        while index < total:
            word = words[index]
            if word[0] == "[" or (word[0].islower() and not self.extras.may_start(word)):
                index += 1
                continue
            if (
                index
                and word[0].isupper()
                and words[index - 1].casefold() in WORKPLACE_WORDS
                and _ONLY_SPACES.fullmatch(self.gap_before(index))
            ):
                index += 1  # "Förskolan Solrosen", "avdelningen Lilla Björn": a place, not a person
                while index < total and _capitalised(words[index]) and self.joined(index):
                    index += 1
                continue
            length = self.name_length(index)
            if not length:
                index += 1
                continue
            end = index + length
            while end < total and self.surname_like(end):
                end += 1
            pieces.append(text[position : tokens[index].start()])
            pieces.append(PLACEHOLDERS["name"])
            position = tokens[end - 1].end()
            count += 1
            index = end
        if not count:
            return text, 0
        pieces.append(text[position:])
        return "".join(pieces), count


# --- public -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Redaction:
    """The redacted text and how many of each kind (``KINDS``) were replaced."""

    text: str
    counts: Mapping[str, int] = field(hash=False)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def redact(text: str, extra_names: Iterable[str] = ()) -> Redaction:
    """Replace e-mail addresses, identity numbers, phone numbers and personal names in ``text`` by placeholders.

    ``extra_names``: names to redact in addition to the built-in list (e.g. the staff of the workplace), matched
    as whole words in any case; a multi-word name ("Anna Svensson") is matched as a whole. Never raises: ``None``
    counts as an empty text and anything else that is not a string is converted with ``str``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    counts = dict.fromkeys(KINDS, 0)
    if not text:
        return Redaction("", MappingProxyType(counts))
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)

    if _EMAIL_HINT.search(text):
        text, counts["email"] = _replace(text, _EMAIL, PLACEHOLDERS["email"], _match_end)
    if _ANY_DIGIT.search(text):
        text, swedish = _replace(text, _SE_ID, PLACEHOLDERS["id"], _swedish_id_end)
        text, finnish = _replace(text, _FI_ID, PLACEHOLDERS["id"], _finnish_id_end)
        text, counts["phone"] = _replace(text, _PHONE, PLACEHOLDERS["phone"], _phone_end)
        counts["id"] = swedish + finnish
    text, counts["name"] = _NameScanner(text, _extras(extra_names)).redact()
    return Redaction(text, MappingProxyType(counts))


def redact_text(text: str, extra_names: Iterable[str] = ()) -> str:
    """``redact(text, extra_names).text``."""
    return redact(text, extra_names).text
