"""What a round measures, read from its frozen content: the HME figures, the other scored dimensions and every item
that has a distribution or free text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from interventions.instruments import SCORABLE_TYPES, Item, library
from interventions.scoring import HME_ITEMS
from survey_app.surveys.content import pages

HME_FIGURES = ("total", *HME_ITEMS)
#: A dimension counts for a respondent when at least this share of its items in the round are answered.
DIMENSION_MIN_SHARE = 0.5


@dataclass(frozen=True)
class DimensionSpec:
    """A scored dimension of an instrument and the items that measure it in this round."""

    key: str  # "osa.workload"
    instrument: str
    dimension: str
    items: tuple[tuple[str, Item], ...]  # (answer key, item) of the scorable items in this round


@dataclass(frozen=True)
class ItemSpec:
    """A question of the round, by its answer key and instrument."""

    key: str  # answer key, "osa.workload_resources" or "own.1"
    item: Item
    instrument: str  # "own" for the round's own items


@dataclass(frozen=True)
class RoundScale:
    """What a round measures: its scored dimensions (HME apart) and every item with a distribution."""

    hme: bool
    dimensions: tuple[DimensionSpec, ...]
    items: tuple[ItemSpec, ...]
    text_items: tuple[ItemSpec, ...]

    def item(self, key: str) -> ItemSpec:
        """The item answered under ``key``; the round must ask it."""
        return next(spec for spec in self.items if spec.key == key)


def round_scale(content: Mapping) -> RoundScale:
    """What a round with this frozen content measures, in questionnaire order."""
    instruments = library()
    dims: dict[str, list[tuple[str, Item]]] = {}
    items, texts, hme = [], [], False
    for page in pages(content):
        for question in page.questions:
            instrument = question.key.split(".", 1)[0]
            spec = ItemSpec(question.key, question.item, instrument)
            if question.item.type == "text":
                texts.append(spec)
                continue
            items.append(spec)
            if instrument == "hme":
                hme = True
            elif instrument in instruments and question.item.type in SCORABLE_TYPES:
                dims.setdefault(f"{instrument}.{question.item.dimension}", []).append((question.key, question.item))
    ordered = []
    for key, entries in dims.items():
        instrument, dimension = key.split(".", 1)
        ordered.append(DimensionSpec(key, instrument, dimension, tuple(entries)))
    return RoundScale(hme, tuple(ordered), tuple(items), tuple(texts))
