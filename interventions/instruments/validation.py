"""The instrument format's checker: parsed JSON in, an ``Instrument`` out, or ``InstrumentError`` at the first problem,
naming the file and the JSON path (``osa.json: sections[1].items[3].text.fi is missing``)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from interventions.instruments.instrument import (
    CHOICE_TYPES,
    DEFAULT_MAX_LENGTH,
    ITEM_TYPES,
    LANGUAGES,
    MAX_MAX_LENGTH,
    REVERSIBLE_TYPES,
    Instrument,
    Item,
    Option,
    Section,
)

_IDENTIFIER = re.compile(r"[a-z0-9_]+")
_INSTRUMENT_KEYS = ("id", "version", "title", "description", "source", "dimensions", "sections")
_SECTION_KEYS = ("id", "title", "intro", "items")
_ITEM_KEYS = ("id", "type", "dimension", "text", "reverse", "required", "options", "max_length", "anchors")
_OPTION_KEYS = ("value", "label")
_ANCHOR_KEYS = ("low", "high")


class InstrumentError(ValueError):
    """An instrument file is unreadable or breaks the format; the message names the file and the JSON path."""


def validate_instrument(data: Any, filename: str) -> Instrument:
    """The instrument parsed JSON ``data`` describes, checked completely; ``InstrumentError`` naming ``filename``."""
    return _Checker(filename).instrument(data)


class _Checker:
    """Validates the parsed JSON of one file, raising ``InstrumentError`` at the first problem."""

    def __init__(self, filename: str) -> None:
        self.filename = filename

    def fail(self, path: str, problem: str) -> InstrumentError:
        where = f"{path} " if path else ""
        return InstrumentError(f"{self.filename}: {where}{problem}")

    def object(self, value: Any, path: str, allowed: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path or "the top level", f"must be a JSON object, not {_json_type(value)}")
        prefix = f"{path}." if path else ""
        for key in value:
            if key not in allowed:
                raise self.fail(f"{prefix}{key}", f"is not a known key (allowed: {', '.join(allowed)})")
        for key in required:
            if key not in value:
                raise self.fail(f"{prefix}{key}", "is missing")
        return value

    def array(self, value: Any, path: str, minimum: int) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(path, f"must be a JSON array, not {_json_type(value)}")
        if len(value) < minimum:
            raise self.fail(path, f"must have at least {minimum} entr{'y' if minimum == 1 else 'ies'}")
        return value

    def identifier(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not _IDENTIFIER.fullmatch(value):
            raise self.fail(path, f"must be a string of a-z, 0-9 and _, not {json.dumps(value, ensure_ascii=False)}")
        return value

    def integer(self, value: Any, path: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(path, f"must be an integer, not {json.dumps(value, ensure_ascii=False)}")
        return value

    def boolean(self, value: Any, path: str) -> bool:
        if not isinstance(value, bool):
            raise self.fail(path, f"must be true or false, not {json.dumps(value, ensure_ascii=False)}")
        return value

    def string(self, value: Any, path: str) -> str:
        if not isinstance(value, str):
            raise self.fail(path, f"must be a string, not {_json_type(value)}")
        if not value.strip():
            raise self.fail(path, "is empty")
        return value.strip()

    def text(self, value: Any, path: str) -> Mapping[str, str]:
        """A text in every language of ``LANGUAGES``, each non-empty; no other languages."""
        if not isinstance(value, dict):
            raise self.fail(
                path, f"must be a JSON object with the keys {', '.join(LANGUAGES)}, not {_json_type(value)}"
            )
        for language in value:
            if language not in LANGUAGES:
                raise self.fail(f"{path}.{language}", f"is not a supported language ({', '.join(LANGUAGES)})")
        texts = {}
        for language in LANGUAGES:
            if language not in value:
                raise self.fail(f"{path}.{language}", "is missing")
            texts[language] = self.string(value[language], f"{path}.{language}")
        return MappingProxyType(texts)

    def instrument(self, data: Any) -> Instrument:
        self.object(data, "", _INSTRUMENT_KEYS, _INSTRUMENT_KEYS)
        instrument_id = self.identifier(data["id"], "id")
        version = self.integer(data["version"], "version")
        if version < 1:
            raise self.fail("version", f"must be a positive integer, not {version}")
        title = self.text(data["title"], "title")
        description = self.text(data["description"], "description")
        source = self.string(data["source"], "source")

        raw_dimensions = data["dimensions"]
        if not isinstance(raw_dimensions, dict):
            raise self.fail("dimensions", f"must be a JSON object, not {_json_type(raw_dimensions)}")
        if not raw_dimensions:
            raise self.fail("dimensions", "must declare at least one dimension")
        dimensions = {}
        for key, label in raw_dimensions.items():
            self.identifier(key, f"dimensions.{key}")
            dimensions[key] = self.text(label, f"dimensions.{key}")

        sections: list[Section] = []
        section_paths: dict[str, str] = {}
        item_paths: dict[str, str] = {}
        used_dimensions: set[str] = set()
        for s, raw_section in enumerate(self.array(data["sections"], "sections", 1)):
            path = f"sections[{s}]"
            self.object(raw_section, path, _SECTION_KEYS, ("id", "title", "items"))
            section_id = self.identifier(raw_section["id"], f"{path}.id")
            if section_id in section_paths:
                raise self.fail(f"{path}.id", f"'{section_id}' is used twice (also at {section_paths[section_id]})")
            section_paths[section_id] = path
            section_title = self.text(raw_section["title"], f"{path}.title")
            intro = self.text(raw_section["intro"], f"{path}.intro") if "intro" in raw_section else None
            items = []
            for i, raw_item in enumerate(self.array(raw_section["items"], f"{path}.items", 1)):
                item = self.item(raw_item, f"{path}.items[{i}]", dimensions)
                if item.id in item_paths:
                    raise self.fail(
                        f"{path}.items[{i}].id", f"'{item.id}' is used twice (also at {item_paths[item.id]})"
                    )
                item_paths[item.id] = f"{path}.items[{i}]"
                used_dimensions.add(item.dimension)
                items.append(item)
            sections.append(Section(id=section_id, title=section_title, intro=intro, items=tuple(items)))

        for key in dimensions:
            if key not in used_dimensions:
                raise self.fail(f"dimensions.{key}", "is declared but no item uses it")
        return Instrument(
            id=instrument_id,
            version=version,
            title=title,
            description=description,
            source=source,
            dimensions=MappingProxyType(dimensions),
            sections=tuple(sections),
        )

    def item(self, raw: Any, path: str, dimensions: Mapping[str, Any]) -> Item:
        self.object(raw, path, _ITEM_KEYS, ("id", "type", "dimension", "text"))
        item_id = self.identifier(raw["id"], f"{path}.id")
        item_type = raw["type"]
        if item_type not in ITEM_TYPES:
            shown = json.dumps(item_type, ensure_ascii=False)
            raise self.fail(f"{path}.type", f"{shown} is not a known item type ({', '.join(ITEM_TYPES)})")
        dimension = raw["dimension"]
        if not isinstance(dimension, str) or dimension not in dimensions:
            shown = json.dumps(dimension, ensure_ascii=False)
            raise self.fail(f"{path}.dimension", f"{shown} is not declared in dimensions")
        text = self.text(raw["text"], f"{path}.text")

        reverse = self.boolean(raw.get("reverse", False), f"{path}.reverse")
        if reverse and item_type not in REVERSIBLE_TYPES:
            raise self.fail(f"{path}.reverse", f"is only allowed on {' and '.join(REVERSIBLE_TYPES)} items")
        required = self.boolean(raw.get("required", False), f"{path}.required")

        options: tuple[Option, ...] = ()
        if item_type in CHOICE_TYPES:
            if "options" not in raw:
                raise self.fail(f"{path}.options", f"is missing (a {item_type} item needs at least 2 options)")
            options = self.options(raw["options"], f"{path}.options")
        elif "options" in raw:
            raise self.fail(f"{path}.options", f"is only allowed on {' and '.join(CHOICE_TYPES)} items")

        max_length = DEFAULT_MAX_LENGTH
        if "max_length" in raw:
            if item_type != "text":
                raise self.fail(f"{path}.max_length", "is only allowed on text items")
            max_length = self.integer(raw["max_length"], f"{path}.max_length")
            if not 1 <= max_length <= MAX_MAX_LENGTH:
                raise self.fail(f"{path}.max_length", f"must be between 1 and {MAX_MAX_LENGTH}, not {max_length}")

        anchors = None
        if "anchors" in raw:
            if item_type != "scale10":
                raise self.fail(f"{path}.anchors", "is only allowed on scale10 items")
            raw_anchors = self.object(raw["anchors"], f"{path}.anchors", _ANCHOR_KEYS, _ANCHOR_KEYS)
            anchors = MappingProxyType(
                {end: self.text(raw_anchors[end], f"{path}.anchors.{end}") for end in _ANCHOR_KEYS}
            )

        return Item(
            id=item_id,
            type=item_type,
            dimension=dimension,
            text=text,
            reverse=reverse,
            required=required,
            options=options,
            max_length=max_length,
            anchors=anchors,
        )

    def options(self, raw: Any, path: str) -> tuple[Option, ...]:
        options = []
        seen: dict[int, int] = {}
        for o, raw_option in enumerate(self.array(raw, path, 2)):
            option_path = f"{path}[{o}]"
            self.object(raw_option, option_path, _OPTION_KEYS, _OPTION_KEYS)
            value = self.integer(raw_option["value"], f"{option_path}.value")
            if value in seen:
                raise self.fail(f"{option_path}.value", f"{value} is used twice (also at {path}[{seen[value]}])")
            seen[value] = o
            options.append(Option(value=value, label=self.text(raw_option["label"], f"{option_path}.label")))
        return tuple(options)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"
