"""Reading answer files for theme clustering and writing the result: JSON Lines or plain text in, JSON out.

Input: JSON Lines with ``id`` and ``text`` (and optionally ``lang`` and ``respondent``, a key shared by the answers
of one person) per line, or plain text with one answer per line (ids are then line numbers). Every problem is
reported with its line number; nothing is half-read.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from nlp.i18n import N_


@dataclass(frozen=True)
class TextInput:
    """One answer to sort into themes: an id unique among the answers, its text as written, its language and who
    wrote it.

    ``lang`` (sv, fi or en), when given, is used as is, even over a language ``find_themes`` is told to use; None
    leaves it to detection. ``respondent`` is an opaque key, the same for the answers of one person (never shown):
    a theme's label and terms only use words at least three different respondents wrote. None: the answer is its
    own respondent.
    """

    id: str
    text: str
    lang: str | None = None
    respondent: str | None = None


class InputError(ValueError):
    """A problem with the input file. ``message`` is an N_-marked English text, ``params`` fill its placeholders."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)


def _looks_like_json_lines(lines: list[str]) -> bool:
    first = next((line for line in lines if line.strip()), "")
    return first.lstrip().startswith("{")


def json_records(lines: Iterable[str], languages: tuple[str, ...] = ("sv", "fi", "en")) -> list[tuple[int, dict]]:
    """Each JSON Lines object with its line number (blank lines skipped), checked for what every reader needs: an
    object with "id" and a string "text", and a known "lang" when there is one; InputError names the first bad line."""
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(N_("Line %(line)d is not valid JSON: %(error)s."), line=number, error=error.msg) from error
        if not isinstance(record, dict):
            raise InputError(N_('Line %(line)d must be a JSON object with "id" and "text".'), line=number)
        missing = [name for name in ("id", "text") if name not in record]
        if missing:
            raise InputError(N_("Line %(line)d lacks the field(s) %(fields)s."), line=number, fields=", ".join(missing))
        if not isinstance(record["text"], str):
            raise InputError(N_('Line %(line)d: "text" must be a string.'), line=number)
        lang = record.get("lang")
        if lang is not None and lang not in languages:
            raise InputError(
                N_("Line %(line)d: unknown language %(lang)s (use sv, fi or en)."), line=number, lang=str(lang)[:10]
            )
        records.append((number, record))
    return records


def read_inputs(lines: Iterable[str], languages: tuple[str, ...] = ("sv", "fi", "en")) -> list[TextInput]:
    """Parse an answer file; raises InputError naming the line for invalid JSON, missing fields or an empty file."""
    lines = list(lines)
    if not any(line.strip() for line in lines):
        raise InputError(N_("The file is empty: it holds no answers."))
    if not _looks_like_json_lines(lines):
        return [
            TextInput(str(number), line.rstrip("\r\n")) for number, line in enumerate(lines, start=1) if line.strip()
        ]
    inputs, seen = [], set()
    for number, record in json_records(lines, languages):
        lang = record.get("lang")
        respondent = record.get("respondent")
        if respondent is not None and (isinstance(respondent, bool) or not isinstance(respondent, str | int)):
            raise InputError(N_('Line %(line)d: "respondent" must be a string or a number.'), line=number)
        identifier = str(record["id"])
        if identifier in seen:
            raise InputError(N_("Line %(line)d repeats the id %(id)s."), line=number, id=identifier[:40])
        seen.add(identifier)
        inputs.append(TextInput(identifier, record["text"], lang, None if respondent is None else str(respondent)))
    return inputs


def result_json(result) -> str:
    """The documented output shape: {"themes": [...], "assignments": {text id: theme id}}.

    Each theme: id, label (a phrase staff wrote, or ""; "other" for the answers that fit no theme), title (in
    English), terms, key_term, size, respondents, category, polarity and examples (redacted)."""
    return json.dumps(
        {
            "themes": [
                {
                    "id": t.id,
                    "label": t.label,
                    "title": t.title("en"),
                    "terms": list(t.terms),
                    "key_term": t.key_term,
                    "size": t.size,
                    "respondents": t.respondents,
                    "category": t.category,
                    "polarity": t.polarity,
                    "examples": list(t.examples),
                }
                for t in result.themes
            ],
            "assignments": dict(result.assignments),
        },
        ensure_ascii=False,
        indent=2,
    )
