"""`omtanke themes`: a file of answers in, the documented JSON out; clear errors with line numbers."""

from __future__ import annotations

import json

from survey_app.themes.commands import themes_command
from tests.factories import MANAGER_COMMENTS, NOISE_COMMENTS, STAFFING_COMMENTS


def test_json_lines_in_documented_json_out(app, tmp_path):
    source, target = tmp_path / "answers.jsonl", tmp_path / "out" / "themes.json"
    source.write_text(
        "\n".join(
            json.dumps({"id": f"a{i}", "text": t})
            for i, t in enumerate(STAFFING_COMMENTS + MANAGER_COMMENTS + NOISE_COMMENTS)
        ),
        encoding="utf-8",
    )
    result = app.test_cli_runner().invoke(themes_command, ["--input", str(source), "--output", str(target), "--k", "3"])
    assert result.exit_code == 0, result.output
    data = json.loads(target.read_text(encoding="utf-8"))
    assert set(data) == {"themes", "assignments"}
    assert {"id", "label", "terms", "size", "category", "examples"} <= set(data["themes"][0])
    assert len(data["assignments"]) == 18 and all(key.startswith("a") for key in data["assignments"])
    assert sum(theme["size"] for theme in data["themes"]) == 18


def test_plain_text_with_a_language(app, tmp_path):
    source, target = tmp_path / "answers.txt", tmp_path / "themes.json"
    source.write_text("\n".join(STAFFING_COMMENTS + NOISE_COMMENTS), encoding="utf-8")
    result = app.test_cli_runner().invoke(
        themes_command, ["--input", str(source), "--output", str(target), "--lang", "sv"]
    )
    assert result.exit_code == 0, result.output
    assert set(json.loads(target.read_text(encoding="utf-8"))["assignments"]) == {str(n) for n in range(1, 13)}


def test_errors_name_the_line_and_write_nothing(app, tmp_path):
    source, target = tmp_path / "answers.jsonl", tmp_path / "themes.json"
    source.write_text('{"id": 1, "text": "ok"}\n{"id": 2, "text": "trasig\n', encoding="utf-8")
    result = app.test_cli_runner().invoke(themes_command, ["--input", str(source), "--output", str(target)])
    assert result.exit_code != 0 and "Line 2 is not valid JSON" in result.output
    assert not target.exists()
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    result = app.test_cli_runner().invoke(
        themes_command, ["--input", str(tmp_path / "empty.txt"), "--output", str(target)]
    )
    assert result.exit_code != 0 and "The file is empty" in result.output
    (tmp_path / "latin1.txt").write_bytes("Försäkring".encode("latin-1"))
    result = app.test_cli_runner().invoke(
        themes_command, ["--input", str(tmp_path / "latin1.txt"), "--output", str(target)]
    )
    assert result.exit_code != 0 and "not UTF-8" in result.output


def _answers_file(tmp_path, count):
    source = tmp_path / "answers.jsonl"
    texts = (STAFFING_COMMENTS + MANAGER_COMMENTS + NOISE_COMMENTS) * 5
    source.write_text("\n".join(json.dumps({"id": f"a{i}", "text": texts[i]}) for i in range(count)), encoding="utf-8")
    return source


def test_k_may_be_any_number_up_to_the_number_of_answers(app, tmp_path):
    source, target = _answers_file(tmp_path, 75), tmp_path / "themes.json"
    result = app.test_cli_runner().invoke(
        themes_command, ["--input", str(source), "--output", str(target), "--k", "75"]
    )
    assert result.exit_code == 0, result.output
    assert len(json.loads(target.read_text(encoding="utf-8"))["assignments"]) == 75


def test_k_above_the_number_of_answers_is_a_clear_error(app, tmp_path):
    source, target = _answers_file(tmp_path, 12), tmp_path / "themes.json"
    result = app.test_cli_runner().invoke(
        themes_command, ["--input", str(source), "--output", str(target), "--k", "13"]
    )
    assert result.exit_code != 0 and "--k is 13 but the file holds only 12 answers" in result.output
    assert not target.exists()
    result = app.test_cli_runner().invoke(themes_command, ["--input", str(source), "--output", str(target), "--k", "0"])
    assert result.exit_code != 0 and not target.exists()
