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
4. **personal names** with ``[NAME]`` (a first name and the name words that follow it become one ``[NAME]``):
   - a capitalised first name from ``nlp.names.FIRST_NAMES`` (also inflected: "Annas", "Mikolle", "Matin"), a name
     the caller supplies in ``extra_names`` (whole words, any case; the words of a multi-word name also on their
     own when capitalised), any capitalised word right after a cue word ("chefen Bengt", "esihenkilö Raimo",
     "läkaren Nyström"), as before issue 21;
   - the organisation's own people, ``known_names`` (``KnownNames``: keyed HMAC-SHA256 digests of normalised names
     and their parts, see ``known_names``): every word that could be a name, and its inflected base forms, is
     hashed and looked up; no plain name is needed;
   - the evidence of ``evidence`` for everything else: a capitalised word mid-sentence that is a listed first name
     or surname (name statistics, ``data/``), has a surname's shape (-sson, -berg, -qvist, -nen, -ić, -ski,
     -enko…, ``name_shapes``), or is no word of the text's language nor of the other two (``nlp.lemmas.is_word``,
     stop words; the tables' proper nouns — "Lindberg", "Jalmari" — count as unknown), also in its inflected base
     forms ("Kajsalle", "Virtaselle", "Virtasta", "Pekaltakaan"); at a sentence start only a listed name that is
     no everyday word, a proper-noun word, a shaped word or an unknown word that is no compound of known words
     (``compounds``: "Körlistan", "Työpuhelimet"; surname shapes are never compounds); a lower-case word only
     when listed (or known) and no word of the language ("kajsa", "fatimalta"); hyphenated names by their parts
     ("Anna-Karin", "Al-Hassan", "Lindberg-Ahmadi"); a Finnish case ending after a colon goes with the name
     ("Pirjo:lle", "tiina:lle"); a word joined to a name by "och"/"ja"/"and" that is a listed or ambiguous name,
     or mid-sentence no word ("Björn och [NAME]").

   Never a name: ``nlp.names.NOT_NAMES`` and the gazetteer (``lexicon.not_names``: Swedish and Finnish
   municipalities and towns, also inflected, countries, systems, unions, authorities), street and building names
   by their ending ("Storgatan", "Kotikalliossa"), capitalised words after a workplace word ("Förskolan Solrosen",
   "päiväkoti Aino") and unknown words after "i"/"på" ("på Kastanjen"). Names that are everyday words
   (``AMBIGUOUS_NAMES``, ``lexicon.ambiguous``: "Per", "Hans", "Berg", "Satu") are names only mid-sentence, with a
   name next to them or after a cue word; supplied or known names that are such words must be capitalised and not
   sentence-initial. ``lang`` (sv, fi, en) says which language's words are not names; None guesses it from the
   text's frequent lower-case words (``language_guess``).

Placeholders are language-neutral tokens (``PLACEHOLDERS``): the same in Swedish, Finnish and English text, never
matched by any rule (so ``redact`` is idempotent), and easy for the display layer to style or translate. They are
stored inside the text, not user interface strings, and so are not marked with ``N_``.

Text is NFC-normalised first (so decomposed "Å" matches); otherwise it is returned unchanged apart from the
replacements. Digits are ASCII ``0-9`` only.

Known limits (measured in ``bench/redaction.py``, described in ``docs/redaction.md``): an unlisted name that is
also an everyday word or a compound of words ("Truls", "Gyllensvärd") at a sentence start is missed, and so are
names written in ALL CAPS; an unknown capitalised word mid-sentence (a product, a project, a foreign place not in
the gazetteer) is redacted; a surname that is also a town ("Salo", "Lahti", "Berg") alone is taken for the town.

One module per kind: ``emails``, ``identity_numbers``, ``phone_numbers`` and ``personal_names`` (with
``name_forms``, how a listed name is recognised, ``extra_names``, the caller's names prepared once, ``known_names``,
``evidence``, ``compounds``, ``name_shapes``, ``lexicon`` and ``language_guess``);
``placeholders`` holds the placeholders and the replacing loop they share, ``redacting`` runs them in order.

This package never imports anything outside the standard library and ``nlp``, never raises on any string, keeps no
state between calls except compiled patterns, the word lists (loaded lazily, once) and caches of prepared
``extra_names`` and of word look-ups, and never logs or stores the text it is given.
"""

from __future__ import annotations

from nlp.redaction.known_names import KnownNames, name_digests
from nlp.redaction.personal_names import CUE_WORDS, WORKPLACE_WORDS
from nlp.redaction.placeholders import KINDS, PLACEHOLDERS
from nlp.redaction.redacting import Redaction, redact, redact_text

__all__ = [
    "CUE_WORDS",
    "KINDS",
    "KnownNames",
    "PLACEHOLDERS",
    "WORKPLACE_WORDS",
    "name_digests",
    "Redaction",
    "redact",
    "redact_text",
]
