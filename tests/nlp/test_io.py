"""Reading answer files: JSON Lines or plain text, every problem named with its line."""

from __future__ import annotations

import pytest

from nlp.io import InputError, TextInput, read_inputs


def test_json_lines_with_optional_language():
    lines = ['{"id": "a1", "text": "För lite personal"}', "", '{"id": 2, "text": "Kiire", "lang": "fi"}']
    assert read_inputs(lines) == [TextInput("a1", "För lite personal"), TextInput("2", "Kiire", "fi")]


def test_plain_text_is_one_answer_per_line_numbered_by_line():
    assert read_inputs(["Bra chef", "", "  Stress  "]) == [TextInput("1", "Bra chef"), TextInput("3", "  Stress  ")]


@pytest.mark.parametrize(
    "lines, message",
    [
        ([], "The file is empty"),
        (["", "   "], "The file is empty"),
        (['{"id": 1, "text": "ok"}', '{"id": 2, "text": "trasig'], "Line 2 is not valid JSON"),
        (['{"id": 1}'], "Line 1 lacks the field(s) text."),
        (['{"text": "x"}'], "Line 1 lacks the field(s) id."),
        (['{"id": 1, "text": 5}'], 'Line 1: "text" must be a string.'),
        (['{"id": 1, "text": "x", "lang": "de"}'], "Line 1: unknown language de"),
        (['{"id": 1, "text": "x"}', '{"id": 1, "text": "y"}'], "Line 2 repeats the id 1."),
        (['{"id": 1, "text": "x"}', '["not", "an", "object"]'], "Line 2 must be a JSON object"),
    ],
)
def test_bad_input_names_the_line(lines, message):
    with pytest.raises(InputError) as raised:
        read_inputs(lines)
    assert message in str(raised.value)
