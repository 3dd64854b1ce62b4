"""Reading answer files: JSON Lines or plain text, every problem named with its line."""

from __future__ import annotations

import json

import pytest

from interventions.areas import AREAS
from nlp.io import InputError, TextInput, read_inputs, result_json
from nlp.themes import find_themes


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
        (['{"id": 1, "text": "x", "respondent": [1]}'], 'Line 1: "respondent" must be a string or a number.'),
    ],
)
def test_bad_input_names_the_line(lines, message):
    with pytest.raises(InputError) as raised:
        read_inputs(lines)
    assert message in str(raised.value)


def test_json_lines_may_say_who_wrote_each_answer():
    lines = ['{"id": "a", "text": "Stress", "respondent": "p1"}', '{"id": "b", "text": "Kiire", "respondent": 7}']
    assert [item.respondent for item in read_inputs(lines)] == ["p1", "7"]
    assert read_inputs(['{"id": "a", "text": "Stress"}'])[0].respondent is None


def test_the_result_carries_category_polarity_title_and_respondents():
    texts = ["För lite personal.", "Personal saknas.", "Vi har för lite personal.", "Ingen personal i helgen."]
    result = find_themes([TextInput(str(i), text, "sv") for i, text in enumerate(texts)], areas=AREAS)
    theme = json.loads(result_json(result))["themes"][0]
    assert theme["category"] == "workload" and theme["polarity"] in {"praise", "problem", "mixed", "neither"}
    assert theme["respondents"] == 4 and theme["key_term"] == "personal"
    assert theme["title"] and {"id", "label", "terms", "size", "examples"} <= set(theme)
