"""`omtanke redact`: JSON Lines in, the same objects with redacted text out; bad lines named, nothing written."""

from __future__ import annotations

import json

import pytest

from nlp.redaction import KnownNames, name_digests
from survey_app.themes.redact_command import redact_command


def _write_lines(path, records):
    path.write_text("\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n", encoding="utf-8")


def _read_lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_texts_are_redacted_and_every_other_key_is_kept(app, tmp_path):
    source, target = tmp_path / "answers.jsonl", tmp_path / "out" / "redacted.jsonl"
    _write_lines(
        source,
        [
            {"id": 1, "text": "Kajsa Lindberg lyssnar aldrig på oss.", "unit": "Förskolan Solrosen"},
            {"id": "b", "text": "Puhuin Ahmadille eilen, soita 040 123 4567.", "lang": "fi"},
            {"id": "c", "text": "Vi använder Treserva i Stockholm."},
        ],
    )
    result = app.test_cli_runner().invoke(redact_command, ["--input", str(source), "--output", str(target)])
    assert result.exit_code == 0, result.output
    assert _read_lines(target) == [
        {"id": 1, "text": "[NAME] lyssnar aldrig på oss.", "unit": "Förskolan Solrosen"},
        {"id": "b", "text": "Puhuin [NAME] eilen, soita [PHONE].", "lang": "fi"},
        {"id": "c", "text": "Vi använder Treserva i Stockholm."},
    ]
    assert "3 texts, 2 redacted" in result.output


def test_the_organisations_known_names_are_redacted(app, tmp_path, monkeypatch):
    key = b"k" * 32
    known = KnownNames(key, name_digests(key, "Brunhild Qwertzuiop"))
    monkeypatch.setattr("survey_app.privacy.redaction.current_known_names", lambda: known)
    source, target = tmp_path / "answers.jsonl", tmp_path / "redacted.jsonl"
    _write_lines(source, [{"id": "a", "text": "Jag pratade med brunhild om schemat."}])
    result = app.test_cli_runner().invoke(
        redact_command, ["--input", str(source), "--output", str(target), "--lang", "sv"]
    )
    assert result.exit_code == 0, result.output
    assert _read_lines(target) == [{"id": "a", "text": "Jag pratade med [NAME] om schemat."}]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "Line 2 is not valid JSON"),
        ('["a list"]', "Line 2 must be a JSON object"),
        ('{"id": "x"}', "Line 2 lacks the field(s) text"),
        ('{"id": "x", "text": 3}', 'Line 2: "text" must be a string'),
        ('{"id": "x", "text": "hej", "lang": "de"}', "Line 2: unknown language de"),
    ],
)
def test_a_bad_line_is_named_and_nothing_is_written(app, tmp_path, line, message):
    source, target = tmp_path / "answers.jsonl", tmp_path / "redacted.jsonl"
    source.write_text('{"id": "a", "text": "Kajsa Lindberg"}\n' + line + "\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(redact_command, ["--input", str(source), "--output", str(target)])
    assert result.exit_code != 0
    assert message in result.output
    assert not target.exists()


def test_an_empty_file_is_an_error(app, tmp_path):
    source, target = tmp_path / "empty.jsonl", tmp_path / "redacted.jsonl"
    source.write_text("\n", encoding="utf-8")
    result = app.test_cli_runner().invoke(redact_command, ["--input", str(source), "--output", str(target)])
    assert result.exit_code != 0 and "empty" in result.output
    assert not target.exists()


def test_the_command_is_part_of_the_app_cli(app):
    assert "redact" in app.cli.commands
