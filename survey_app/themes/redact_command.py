"""``omtanke redact``: a JSON Lines file of texts in, the same objects with their text redacted out.

Every line is read and checked before anything is written (a bad line is reported with its number and nothing is
written); the output is written next to its target and renamed into place. Inside the app the organisation's own
people (known names, as keyed hashes) are redacted too.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click
from flask_babel import gettext

from nlp.i18n import N_
from nlp.io import InputError, json_records
from nlp.redaction import KnownNames, redact_text

LANGUAGES = ("sv", "fi", "en")


@click.command("redact", help="Redact names, e-mail addresses, phone and identity numbers in a JSON Lines file.")
@click.option(
    "--input",
    "input_path",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    required=True,
    help='JSON Lines: one object a line with "id" and "text" (optionally "lang"); other keys are kept.',
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the same objects with their text redacted.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help='Language of texts without a "lang" of their own (default: guessed per text).',
)
def redact_command(input_path: Path, output_path: Path, lang: str | None) -> None:
    """Redact every text of a JSON Lines file; the count of texts changed goes to standard error."""
    try:
        lines = input_path.read_text(encoding="utf-8-sig").splitlines()
    except UnicodeDecodeError as error:
        raise click.ClickException(f"{input_path} is not UTF-8 text (byte {error.start}).") from error
    try:
        records = read_records(lines)
    except InputError as error:
        raise click.ClickException(gettext(error.message, **error.params)) from error
    known = _known_names()
    changed = 0
    out_lines = []
    for record in records:
        redacted = redact_text(record["text"], known_names=known, lang=record.get("lang") or lang)
        changed += redacted != record["text"]
        out_lines.append(json.dumps({**record, "text": redacted}, ensure_ascii=False))
    _write_atomically(output_path, "".join(line + "\n" for line in out_lines))
    click.echo(f"{len(records)} texts, {changed} redacted; written to {output_path}.", err=True)


def read_records(lines: list[str]) -> list[dict]:
    """The JSON objects of a JSON Lines file (blank lines skipped); InputError naming the first bad line."""
    records = [record for _number, record in json_records(lines)]
    if not records:
        raise InputError(N_("The file is empty: it holds no answers."))
    return records


def _known_names() -> KnownNames | None:
    """The organisation's known names when the app has them (imported lazily: the CLI also works without)."""
    try:
        from survey_app.privacy.redaction import current_known_names
    except ImportError:
        return None
    return current_known_names()


def _write_atomically(path: Path, text: str) -> None:
    """Write next to the target and rename, so a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".redact-", suffix=".jsonl")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
