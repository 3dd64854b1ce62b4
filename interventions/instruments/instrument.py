"""An instrument as frozen dataclasses: ``Instrument`` of ``Section``s of ``Item``s (with ``Option``s), and the item
types it may use. Texts are keyed by language code (``LANGUAGES``)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGUAGES = ("sv", "fi", "en")
ITEM_TYPES = ("agree5", "scale10", "yesno", "single", "multi", "text")
SCORABLE_TYPES = ("agree5", "scale10", "yesno")  # answers that map onto 0-100 (see interventions.scoring)
CHOICE_TYPES = ("single", "multi")  # the only types that carry ``options``
REVERSIBLE_TYPES = ("agree5", "scale10")  # the only types that may set ``reverse``
DEFAULT_MAX_LENGTH = 2000
MAX_MAX_LENGTH = 10000


@dataclass(frozen=True)
class Option:
    """One alternative of a ``single`` or ``multi`` item: the stored integer and its label per language."""

    value: int
    label: Mapping[str, str] = field(hash=False)


@dataclass(frozen=True)
class Item:
    """One question. ``text`` and every label are keyed by language code (``LANGUAGES``)."""

    id: str
    type: str
    dimension: str
    text: Mapping[str, str] = field(hash=False)
    reverse: bool = False
    required: bool = False
    options: tuple[Option, ...] = ()
    max_length: int = DEFAULT_MAX_LENGTH
    anchors: Mapping[str, Mapping[str, str]] | None = field(default=None, hash=False)

    def key(self, instrument_id: str) -> str:
        """The key an answer to this item is stored under: ``"<instrument id>.<item id>"``."""
        return f"{instrument_id}.{self.id}"

    def valid_values(self) -> frozenset[int] | None:
        """The integers an answer may take (each element of it, for ``multi``); ``None`` for free text."""
        if self.type == "agree5":
            return frozenset(range(1, 6))
        if self.type == "scale10":
            return frozenset(range(0, 11))
        if self.type == "yesno":
            return frozenset((0, 1))
        if self.type in CHOICE_TYPES:
            return frozenset(option.value for option in self.options)
        return None


@dataclass(frozen=True)
class Section:
    """A group of items shown together, with a title and an optional introduction."""

    id: str
    title: Mapping[str, str] = field(hash=False)
    intro: Mapping[str, str] | None = field(hash=False)
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Instrument:
    """A questionnaire: its wording, its dimensions (id -> label per language) and its sections in display order."""

    id: str
    version: int
    title: Mapping[str, str] = field(hash=False)
    description: Mapping[str, str] = field(hash=False)
    source: str
    dimensions: Mapping[str, Mapping[str, str]] = field(hash=False)
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        """The section with this id; ``KeyError`` if there is none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)

    def items(self) -> tuple[Item, ...]:
        """All items of all sections, in display order."""
        return tuple(item for section in self.sections for item in section.items)

    def item(self, item_id: str) -> Item:
        """The item with this id (without the instrument prefix); ``KeyError`` if there is none."""
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)
