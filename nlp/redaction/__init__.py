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

One module per kind: ``emails``, ``identity_numbers``, ``phone_numbers`` and ``personal_names`` (with
``name_forms``, how a listed name is recognised, and ``extra_names``, the caller's names prepared once);
``placeholders`` holds the placeholders and the replacing loop they share, ``redacting`` runs them in order.

This package never imports anything outside the standard library and ``nlp``, never raises on any string, keeps no
state between calls except compiled patterns and a cache of prepared ``extra_names``, and never logs or stores
the text it is given.
"""

from __future__ import annotations

from nlp.redaction.personal_names import CUE_WORDS, WORKPLACE_WORDS
from nlp.redaction.placeholders import KINDS, PLACEHOLDERS
from nlp.redaction.redacting import Redaction, redact, redact_text

__all__ = [
    "CUE_WORDS",
    "KINDS",
    "PLACEHOLDERS",
    "WORKPLACE_WORDS",
    "Redaction",
    "redact",
    "redact_text",
]
