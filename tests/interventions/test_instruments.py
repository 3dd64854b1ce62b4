"""The shipped instrument library and the loader's validation. Plain Python: no database, no Flask."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from interventions.instruments import (
    AGREE5_LABELS,
    DATA_DIR,
    ITEM_TYPES,
    LANGUAGES,
    YESNO_LABELS,
    Instrument,
    InstrumentError,
    Item,
    library,
    load_instrument,
    load_library,
)
from interventions.scoring import HME_ITEMS

# The nine HME statements as published by SKR, in order (domain reference, section 2).
HME_STATEMENTS = (
    "Mitt arbete känns meningsfullt.",
    "Jag lär nytt och utvecklas i mitt dagliga arbete.",
    "Jag ser fram emot att gå till arbetet.",
    "Min närmaste chef visar uppskattning för mina arbetsinsatser.",
    "Min närmaste chef visar förtroende för mig som medarbetare.",
    "Min närmaste chef ger mig förutsättningar att ta ansvar i mitt arbete.",
    "Jag är insatt i min arbetsplats mål.",
    "Jag vet vad som förväntas av mig i mitt arbete.",
    "Min arbetsplats mål följs upp och utvärderas på ett bra sätt.",
)
EXPECTED_IDS = {"hme", "osa", "ergonomics", "work_ability", "open_questions"}


def all_texts(instrument: Instrument) -> list[tuple[str, Any]]:
    """Every localised mapping of an instrument, with a label saying where it is."""
    texts: list[tuple[str, Any]] = [("title", instrument.title), ("description", instrument.description)]
    texts += [(f"dimensions.{key}", label) for key, label in instrument.dimensions.items()]
    for section in instrument.sections:
        texts.append((f"{section.id}.title", section.title))
        if section.intro is not None:
            texts.append((f"{section.id}.intro", section.intro))
        for item in section.items:
            texts.append((f"{item.id}.text", item.text))
            texts += [(f"{item.id}.option{option.value}", option.label) for option in item.options]
            for end, anchor in (item.anchors or {}).items():
                texts.append((f"{item.id}.anchors.{end}", anchor))
    return texts


# --- the shipped library -------------------------------------------------------------------------------------------


def test_library_has_the_five_instruments() -> None:
    instruments = library()
    assert set(instruments) == EXPECTED_IDS
    assert {path.stem for path in DATA_DIR.glob("*.json")} == EXPECTED_IDS
    for instrument_id, instrument in instruments.items():
        assert instrument.id == instrument_id
        assert instrument.version >= 1
        assert instrument.source.strip()


def test_library_is_loaded_once() -> None:
    assert library() is library()


@pytest.mark.parametrize("instrument_id", sorted(EXPECTED_IDS))
def test_every_text_is_in_every_language(instrument_id: str) -> None:
    for where, text in all_texts(library()[instrument_id]):
        assert tuple(text) == LANGUAGES, where
        for language in LANGUAGES:
            assert text[language].strip() == text[language] != "", f"{where}.{language}"


@pytest.mark.parametrize("instrument_id", sorted(EXPECTED_IDS))
def test_item_ids_are_unique_and_types_known(instrument_id: str) -> None:
    instrument = library()[instrument_id]
    ids = [item.id for item in instrument.items()]
    assert len(ids) == len(set(ids))
    assert len({section.id for section in instrument.sections}) == len(instrument.sections)
    for item in instrument.items():
        assert item.type in ITEM_TYPES
        assert item.dimension in instrument.dimensions
        assert instrument.item(item.id) is item


def test_finnish_uses_esihenkilo_never_esimies() -> None:
    for instrument in library().values():
        for where, text in all_texts(instrument):
            assert "esimie" not in text["fi"].lower(), where


def test_hme_is_the_nine_skr_statements_in_order() -> None:
    hme = library()["hme"]
    items = hme.items()
    assert [item.text["sv"] for item in items] == list(HME_STATEMENTS)
    assert [item.id for item in items] == [f"hme{n}" for n in range(1, 10)]
    assert {item.type for item in items} == {"agree5"}
    assert not any(item.reverse for item in items)
    assert list(hme.dimensions) == ["motivation", "leadership", "steering"]
    assert [section.id for section in hme.sections] == ["motivation", "leadership", "steering"]
    assert hme.dimensions["leadership"]["sv"] == "Ledarskap"
    assert hme.dimensions["steering"]["sv"] == "Styrning"
    # The scoring module's grouping must agree with the file.
    for section in hme.sections:
        assert tuple(item.id for item in section.items) == HME_ITEMS[section.id]
        assert {item.dimension for item in section.items} == {section.id}
    assert "SKR" in hme.source and "Kolada" in hme.source


def test_osa_sections_reverse_items_and_yesno() -> None:
    osa = library()["osa"]
    expected = ["workload", "working_hours", "victimisation", "goals_knowledge", "leadership_communication"]
    assert [section.id for section in osa.sections] == expected
    assert list(osa.dimensions) == expected
    for section in osa.sections:
        assert 4 <= len(section.items) <= 7
        assert {item.dimension for item in section.items} == {section.id}
    assert osa.item("workload_too_much").reverse
    assert osa.item("workload_too_much").text["en"] == "I often have too much to do to finish my work in time."
    assert osa.item("hours_reachable").reverse
    assert not osa.item("workload_resources").reverse
    assert osa.item("victimisation_free_12m").type == "yesno"
    assert {item.type for item in osa.items()} == {"agree5", "yesno"}


def test_ergonomics_body_regions() -> None:
    ergonomics = library()["ergonomics"]
    assert [section.id for section in ergonomics.sections] == ["body", "physical_load", "equipment", "environment"]
    assert set(ergonomics.dimensions) == {"discomfort", "physical_load", "equipment", "physical_environment"}
    body = ergonomics.section("body").items
    assert [item.id for item in body] == ["pain_12m", "pain_7d", "prevented_12m"]
    assert {item.type for item in body} == {"multi"}
    assert {item.dimension for item in body} == {"discomfort"}
    for item in body:
        assert [option.value for option in item.options] == list(range(1, 10))
        assert item.options == body[0].options
    assert [option.label["en"] for option in body[0].options][:2] == ["Neck", "Shoulders"]
    assert any(item.reverse for item in ergonomics.section("physical_load").items)


def test_work_ability_single_scale10_with_anchors() -> None:
    work_ability = library()["work_ability"]
    (item,) = work_ability.items()
    assert (item.id, item.type, item.dimension, item.reverse) == ("work_ability", "scale10", "work_ability", False)
    assert item.anchors is not None
    assert set(item.anchors) == {"low", "high"}
    assert item.anchors["low"]["en"] == "Cannot work at all"
    assert item.valid_values() == frozenset(range(11))


def test_open_questions_are_text_items() -> None:
    open_questions = library()["open_questions"]
    items = open_questions.items()
    assert len(items) == 6
    assert {item.type for item in items} == {"text"}
    assert {item.max_length for item in items} == {2000}
    assert {item.dimension for item in items} == set(open_questions.dimensions)


def test_shared_labels() -> None:
    assert list(AGREE5_LABELS) == [1, 2, 3, 4, 5]
    assert AGREE5_LABELS[1]["sv"] == "Stämmer mycket dåligt"
    assert AGREE5_LABELS[5]["sv"] == "Stämmer mycket bra"
    assert AGREE5_LABELS[1]["fi"] == "Pitää erittäin huonosti paikkansa"
    assert AGREE5_LABELS[5]["fi"] == "Pitää erittäin hyvin paikkansa"
    assert (AGREE5_LABELS[1]["en"], AGREE5_LABELS[5]["en"]) == ("Strongly disagree", "Strongly agree")
    assert set(YESNO_LABELS) == {0, 1}
    assert YESNO_LABELS[1]["en"] == "Yes"
    for labels in (*AGREE5_LABELS.values(), *YESNO_LABELS.values()):
        assert tuple(labels) == LANGUAGES


def test_item_key_valid_values_and_lookup() -> None:
    hme = library()["hme"]
    item = hme.item("hme4")
    assert item.key("hme") == "hme.hme4"
    assert item.valid_values() == frozenset({1, 2, 3, 4, 5})
    assert hme.section("leadership").items[0] is item
    with pytest.raises(KeyError):
        hme.section("nope")
    with pytest.raises(KeyError):
        hme.item("hme10")
    assert library()["osa"].item("victimisation_free_12m").valid_values() == frozenset({0, 1})
    assert library()["ergonomics"].item("pain_7d").valid_values() == frozenset(range(1, 10))
    assert library()["open_questions"].item("works_well").valid_values() is None


def test_dataclasses_are_frozen_and_hashable() -> None:
    item = library()["hme"].item("hme1")
    with pytest.raises(AttributeError):
        item.id = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        item.text["sv"] = "x"  # type: ignore[index]
    assert {item, item} == {item}
    assert len({instrument for instrument in library().values()}) == 5
    again = load_instrument(DATA_DIR / "hme.json")
    assert again == library()["hme"] and hash(again) == hash(library()["hme"])


# --- validation ----------------------------------------------------------------------------------------------------


def text(word: str = "Text") -> dict[str, str]:
    return {"sv": f"{word} sv", "fi": f"{word} fi", "en": f"{word} en"}


def valid_document() -> dict[str, Any]:
    return {
        "id": "x",
        "version": 1,
        "title": text("Title"),
        "description": text("Description"),
        "source": "Test",
        "dimensions": {"d": text("D"), "e": text("E")},
        "sections": [
            {
                "id": "s1",
                "title": text("S1"),
                "items": [
                    {"id": "a", "type": "agree5", "dimension": "d", "reverse": True, "text": text("A")},
                    {
                        "id": "b",
                        "type": "single",
                        "dimension": "e",
                        "text": text("B"),
                        "options": [{"value": 1, "label": text("One")}, {"value": 2, "label": text("Two")}],
                    },
                    {"id": "c", "type": "text", "dimension": "e", "text": text("C"), "max_length": 500},
                ],
            },
            {
                "id": "s2",
                "title": text("S2"),
                "intro": text("Intro"),
                "items": [
                    {"id": "y", "type": "yesno", "dimension": "d", "required": True, "text": text("Y")},
                    {
                        "id": "z",
                        "type": "scale10",
                        "dimension": "d",
                        "text": text("Z"),
                        "anchors": {"low": text("Low"), "high": text("High")},
                    },
                ],
            },
        ],
    }


def write(tmp_path: Path, document: Any, name: str = "x.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_valid_test_document_loads(tmp_path: Path) -> None:
    instrument = load_instrument(write(tmp_path, valid_document()))
    assert [item.id for item in instrument.items()] == ["a", "b", "c", "y", "z"]
    a, b, c, y, z = instrument.items()
    assert a.reverse and not a.required and a.max_length == 2000
    assert [option.value for option in b.options] == [1, 2] and b.options[1].label["fi"] == "Two fi"
    assert c.max_length == 500
    assert y.required
    assert z.anchors is not None and z.anchors["high"]["sv"] == "High sv"
    assert instrument.section("s2").intro == {"sv": "Intro sv", "fi": "Intro fi", "en": "Intro en"}
    assert instrument.section("s1").intro is None


def item_at(document: dict[str, Any], section: int, item: int) -> dict[str, Any]:
    return document["sections"][section]["items"][item]


def set_item(section: int, item: int, **changes: Any) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        item_at(document, section, item).update(changes)

    return change


def delete(path: str) -> Callable[[dict[str, Any]], None]:
    """Delete the key at a dotted path; numbers index lists."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = document
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        del node[int(last) if last.isdigit() else last]

    return change


def set_top(**changes: Any) -> Callable[[dict[str, Any]], None]:
    return lambda document: document.update(changes)


def duplicate_option(document: dict[str, Any]) -> None:
    item_at(document, 0, 1)["options"][1]["value"] = 1


def one_option(document: dict[str, Any]) -> None:
    del item_at(document, 0, 1)["options"][1]


def option_label_without_sv(document: dict[str, Any]) -> None:
    del item_at(document, 0, 1)["options"][0]["label"]["sv"]


def duplicate_item_id(document: dict[str, Any]) -> None:
    item_at(document, 1, 1)["id"] = "a"


def duplicate_section_id(document: dict[str, Any]) -> None:
    document["sections"][1]["id"] = "s1"


def unused_dimension(document: dict[str, Any]) -> None:
    document["dimensions"]["unused"] = text("Unused")


INVALID = [
    pytest.param(set_item(0, 2, revers=True), "sections[0].items[2].revers is not a known key", id="unknown-item-key"),
    pytest.param(set_top(extra=1), "x.json: extra is not a known key", id="unknown-top-key"),
    pytest.param(
        set_item(0, 0, type="agree7"), 'sections[0].items[0].type "agree7" is not a known item type', id="unknown-type"
    ),
    pytest.param(delete("sections.1.items.1.text.fi"), "x.json: sections[1].items[1].text.fi is missing", id="no-fi"),
    pytest.param(delete("sections.0.items.0.type"), "sections[0].items[0].type is missing", id="no-type"),
    pytest.param(
        set_item(0, 0, text={"sv": "Text", "fi": "  ", "en": "Text"}),
        "sections[0].items[0].text.fi is empty",
        id="empty",
    ),
    pytest.param(
        set_item(0, 0, text={"sv": "a", "fi": "b", "en": "c", "de": "d"}),
        "sections[0].items[0].text.de is not a supported language",
        id="unknown-language",
    ),
    pytest.param(set_item(0, 0, text="Text"), "sections[0].items[0].text must be a JSON object", id="text-not-object"),
    pytest.param(delete("title.en"), "x.json: title.en is missing", id="no-title-en"),
    pytest.param(delete("sections.0.title.sv"), "sections[0].title.sv is missing", id="no-section-title-sv"),
    pytest.param(option_label_without_sv, "sections[0].items[1].options[0].label.sv is missing", id="no-option-sv"),
    pytest.param(
        set_item(0, 0, dimension="nope"),
        'sections[0].items[0].dimension "nope" is not declared in dimensions',
        id="undeclared-dimension",
    ),
    pytest.param(unused_dimension, "dimensions.unused is declared but no item uses it", id="unused-dimension"),
    pytest.param(
        duplicate_item_id,
        "sections[1].items[1].id 'a' is used twice (also at sections[0].items[0])",
        id="duplicate-item-id",
    ),
    pytest.param(duplicate_section_id, "sections[1].id 's1' is used twice", id="duplicate-section-id"),
    pytest.param(set_item(0, 0, id="Hme-1"), "sections[0].items[0].id must be a string of a-z", id="bad-item-id"),
    pytest.param(
        duplicate_option, "sections[0].items[1].options[1].value 1 is used twice (also at", id="duplicate-option"
    ),
    pytest.param(
        set_item(0, 0, options=[{"value": 1, "label": text()}, {"value": 2, "label": text()}]),
        "sections[0].items[0].options is only allowed on single and multi items",
        id="options-on-agree5",
    ),
    pytest.param(one_option, "sections[0].items[1].options must have at least 2 entries", id="one-option"),
    pytest.param(delete("sections.0.items.1.options"), "sections[0].items[1].options is missing", id="no-options"),
    pytest.param(
        set_item(0, 1, type="multi", options=[]), "sections[0].items[1].options must have at least 2", id="multi-empty"
    ),
    pytest.param(
        set_item(0, 1, options=[{"value": "1", "label": text()}, {"value": 2, "label": text()}]),
        "sections[0].items[1].options[0].value must be an integer",
        id="option-value-string",
    ),
    pytest.param(
        set_item(0, 2, max_length=0), "sections[0].items[2].max_length must be between 1 and 10000, not 0", id="max-0"
    ),
    pytest.param(set_item(0, 2, max_length=10001), "max_length must be between 1 and 10000, not 10001", id="max-big"),
    pytest.param(set_item(0, 2, max_length="50"), "sections[0].items[2].max_length must be an integer", id="max-str"),
    pytest.param(
        set_item(0, 0, max_length=100), "sections[0].items[0].max_length is only allowed on text items", id="max-agree5"
    ),
    pytest.param(
        set_item(1, 0, reverse=True),
        "sections[1].items[0].reverse is only allowed on agree5 and scale10 items",
        id="reverse-yesno",
    ),
    pytest.param(set_item(0, 2, reverse=True), "sections[0].items[2].reverse is only allowed", id="reverse-text"),
    pytest.param(set_item(0, 0, reverse="yes"), "sections[0].items[0].reverse must be true or false", id="reverse-str"),
    pytest.param(set_item(0, 0, required=1), "sections[0].items[0].required must be true or false", id="required-int"),
    pytest.param(
        set_item(0, 0, anchors={"low": text(), "high": text()}),
        "sections[0].items[0].anchors is only allowed on scale10 items",
        id="anchors-agree5",
    ),
    pytest.param(
        set_item(1, 1, anchors={"low": text()}), "sections[1].items[1].anchors.high is missing", id="anchor-missing"
    ),
    pytest.param(set_top(version=0), "x.json: version must be a positive integer, not 0", id="version-0"),
    pytest.param(set_top(version=-2), "version must be a positive integer, not -2", id="version-negative"),
    pytest.param(set_top(version="1"), 'version must be an integer, not "1"', id="version-string"),
    pytest.param(set_top(version=True), "version must be an integer, not true", id="version-bool"),
    pytest.param(set_top(version=1.5), "version must be an integer, not 1.5", id="version-float"),
    pytest.param(set_top(id="X y"), 'x.json: id must be a string of a-z, 0-9 and _, not "X y"', id="bad-id"),
    pytest.param(set_top(source=""), "x.json: source is empty", id="empty-source"),
    pytest.param(set_top(sections=[]), "sections must have at least 1 entry", id="no-sections"),
    pytest.param(delete("sections.1.items.1"), None, id="still-valid-control"),
]


@pytest.mark.parametrize(("change", "message"), INVALID)
def test_validation_names_the_file_and_path(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], message: str | None
) -> None:
    document = copy.deepcopy(valid_document())
    change(document)
    path = write(tmp_path, document)
    if message is None:
        load_instrument(path)
        return
    with pytest.raises(InstrumentError, match=re.escape(message)) as error:
        load_instrument(path)
    assert str(error.value).startswith("x.json: ")
    assert isinstance(error.value, ValueError)


def test_invalid_json_reports_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{\n  "id": "broken",\n  "version": 1,,\n}\n', encoding="utf-8")
    with pytest.raises(InstrumentError, match=re.escape("broken.json: invalid JSON at line 3, column 16")):
        load_instrument(path)


def test_duplicate_json_key_is_rejected(tmp_path: Path) -> None:
    body = json.dumps(valid_document())
    path = tmp_path / "x.json"
    path.write_text(body.replace('"version": 1,', '"version": 1, "version": 2,'), encoding="utf-8")
    with pytest.raises(InstrumentError, match=re.escape("x.json: the key 'version' appears twice")):
        load_instrument(path)


def test_top_level_must_be_an_object(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=re.escape("x.json: the top level must be a JSON object, not an array")):
        load_instrument(write(tmp_path, []))


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match=re.escape("missing.json: cannot be read")):
        load_instrument(tmp_path / "missing.json")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"id": "Stämmer"}'.encode("latin-1"))
    with pytest.raises(InstrumentError, match=re.escape("latin1.json: is not valid UTF-8")):
        load_instrument(latin1)


def test_load_library_checks_file_stem(tmp_path: Path) -> None:
    write(tmp_path, valid_document(), name="x.json")
    assert list(load_library(tmp_path)) == ["x"]
    write(tmp_path, valid_document(), name="y.json")
    with pytest.raises(InstrumentError, match=re.escape("y.json: id 'x' must equal the file name stem 'y'")):
        load_library(tmp_path)


def test_load_library_reports_the_broken_file(tmp_path: Path) -> None:
    write(tmp_path, valid_document(), name="x.json")
    broken = valid_document()
    broken["id"] = "z"
    del broken["sections"][0]["items"][0]["text"]["fi"]
    write(tmp_path, broken, name="z.json")
    with pytest.raises(InstrumentError, match=re.escape("z.json: sections[0].items[0].text.fi is missing")):
        load_library(tmp_path)


def test_load_library_default_is_the_shipped_folder() -> None:
    assert load_library() == library()
    assert isinstance(next(iter(load_library().values())).items()[0], Item)


def test_load_library_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(InstrumentError, match="is not a directory"):
        load_library(tmp_path / "nowhere")
