"""Scoring survey answers: HME index, dimension scores on 0-100, work ability bands, and answer validation.

Answers are plain mappings from ``Item.key(instrument_id)`` (e.g. ``"hme.hme4"``) to the stored integer, or ``None``
(or an absent key) for an unanswered item. Every function states its missing-answer rule in its docstring; the
thresholds are module constants so that reports can cite them.

Plain Python, standard library only: this module never imports Flask, SQLAlchemy, Werkzeug or ``survey_app``, never
reads or writes a database and never decides about anonymity thresholds for reporting (that is the caller's job).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from interventions.i18n import N_
from interventions.instruments import SCORABLE_TYPES, Instrument, Item

__all__ = [
    "AGREE5_TO_100",
    "HME_ITEMS",
    "HME_MIN_ANSWERED_PER_SUBINDEX",
    "HME_MIN_ANSWERED_TOTAL",
    "WORK_ABILITY_BANDS",
    "MESSAGE_NOT_AN_OPTION",
    "MESSAGE_REQUIRED",
    "MESSAGE_TOO_LONG",
    "MESSAGE_WRONG_TYPE",
    "AnswerError",
    "HmeScores",
    "dimension_scores",
    "group_hme",
    "hme_scores",
    "item_score_100",
    "validate_answer",
    "work_ability_band",
]

AGREE5_TO_100 = {1: 0, 2: 25, 3: 50, 4: 75, 5: 100}  # SKR's HME mapping, also used for every agree5 item

HME_ITEMS: Mapping[str, tuple[str, ...]] = {
    "motivation": ("hme1", "hme2", "hme3"),
    "leadership": ("hme4", "hme5", "hme6"),
    "steering": ("hme7", "hme8", "hme9"),
}
HME_MIN_ANSWERED_PER_SUBINDEX = 2  # of the 3 items of a sub-index
HME_MIN_ANSWERED_TOTAL = 6  # of the 9 items

# Inclusive score ranges of the single-item work ability rating (0-10).
WORK_ABILITY_BANDS: tuple[tuple[int, int, str], ...] = ((0, 5, "poor"), (6, 7, "moderate"), (8, 10, "good"))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass(frozen=True)
class HmeScores:
    """HME index figures on 0-100; ``None`` where too few items were answered (see ``hme_scores``)."""

    total: float | None
    motivation: float | None
    leadership: float | None
    steering: float | None


def hme_scores(answers: Mapping[str, int | None]) -> HmeScores:
    """One respondent's HME index: total and the three sub-indices, each on 0-100.

    ``answers`` is keyed ``"hme.hme1"`` .. ``"hme.hme9"``; other keys are ignored. Each answer 1-5 maps through
    ``AGREE5_TO_100`` (1->0, 2->25, 3->50, 4->75, 5->100).

    Missing-answer rule: an item is missing when its key is absent or its value is ``None``. A sub-index is the mean of
    its answered items' values when at least ``HME_MIN_ANSWERED_PER_SUBINDEX`` (2) of its 3 items are answered, else
    ``None``. The total is the mean of all answered items' values (not the mean of the sub-indices) when at least
    ``HME_MIN_ANSWERED_TOTAL`` (6) of the 9 items are answered, else ``None``.

    Raises ``ValueError`` for a value that is not an integer 1-5.
    """
    values: dict[str, list[float]] = {}
    for subindex, item_ids in HME_ITEMS.items():
        values[subindex] = []
        for item_id in item_ids:
            value = answers.get(f"hme.{item_id}")
            if value is None:
                continue
            if not _is_int(value) or value not in AGREE5_TO_100:
                raise ValueError(f"hme.{item_id}: {value!r} is not an answer 1-5")
            values[subindex].append(float(AGREE5_TO_100[value]))

    def subindex_score(subindex: str) -> float | None:
        answered = values[subindex]
        return fmean(answered) if len(answered) >= HME_MIN_ANSWERED_PER_SUBINDEX else None

    every = [value for answered in values.values() for value in answered]
    return HmeScores(
        total=fmean(every) if len(every) >= HME_MIN_ANSWERED_TOTAL else None,
        motivation=subindex_score("motivation"),
        leadership=subindex_score("leadership"),
        steering=subindex_score("steering"),
    )


def group_hme(respondents: Iterable[HmeScores]) -> HmeScores:
    """A group's HME: for each figure, the mean over the respondents who have it (non-``None``).

    Missing-answer rule: a respondent's ``None`` figure is left out of that figure's mean only; a figure that no
    respondent has is ``None`` (so is every figure of an empty group). The caller applies any minimum group size
    needed for anonymity before showing the result.
    """
    figures: dict[str, list[float]] = {"total": [], "motivation": [], "leadership": [], "steering": []}
    for scores in respondents:
        for name, collected in figures.items():
            value = getattr(scores, name)
            if value is not None:
                collected.append(value)
    means = {name: (fmean(collected) if collected else None) for name, collected in figures.items()}
    return HmeScores(**means)


def item_score_100(item: Item, value: int) -> float:
    """One answer on 0-100, higher always better.

    agree5: ``AGREE5_TO_100`` (reverse: 100 minus that); scale10: value x 10 (reverse: 100 - value x 10);
    yesno: yes (1) -> 100, no (0) -> 0. Raises ``ValueError`` for any other item type and for a value that is not a
    valid integer answer to the item.
    """
    if item.type not in SCORABLE_TYPES:
        raise ValueError(f"{item.id}: {item.type} items have no 0-100 score")
    valid = item.valid_values()
    if not _is_int(value) or valid is None or value not in valid:
        raise ValueError(f"{item.id}: {value!r} is not a valid {item.type} answer")
    if item.type == "agree5":
        score = float(AGREE5_TO_100[value])
    elif item.type == "scale10":
        score = float(value * 10)
    else:
        score = 100.0 if value == 1 else 0.0
    return 100.0 - score if item.reverse else score


def dimension_scores(
    instrument: Instrument, answers: Mapping[str, int | None], min_share: float = 0.5
) -> dict[str, float | None]:
    """Per dimension, the mean 0-100 score (``item_score_100``) of its answered scorable items.

    Only agree5, scale10 and yesno items count ("scorable"); dimensions with none of them are omitted, the others
    appear in the instrument's declaration order. ``answers`` is keyed by ``Item.key(instrument.id)``; other keys
    are ignored.

    Missing-answer rule: an item is missing when its key is absent or its value is ``None``. A dimension's score is
    computed when at least one of its scorable items is answered and answered / scorable >= ``min_share`` (default
    0.5: half or more), else it is ``None``.

    Raises ``ValueError`` for ``min_share`` outside 0..1 and for an invalid answer value.
    """
    if not 0.0 <= min_share <= 1.0:
        raise ValueError(f"min_share must be between 0 and 1, not {min_share!r}")
    scorable: dict[str, list[Item]] = {}
    for item in instrument.items():
        if item.type in SCORABLE_TYPES:
            scorable.setdefault(item.dimension, []).append(item)
    result: dict[str, float | None] = {}
    for dimension in instrument.dimensions:
        items = scorable.get(dimension)
        if not items:
            continue
        scores = [
            item_score_100(item, value) for item in items if (value := answers.get(item.key(instrument.id))) is not None
        ]
        result[dimension] = fmean(scores) if scores and len(scores) / len(items) >= min_share else None
    return result


def work_ability_band(score: int | None) -> str | None:
    """The band of a 0-10 work ability rating: 0-5 "poor", 6-7 "moderate", 8-10 "good" (``WORK_ABILITY_BANDS``).

    Missing-answer rule: ``None`` (unanswered) gives ``None``. Raises ``ValueError`` for anything but an integer 0-10.
    """
    if score is None:
        return None
    if _is_int(score):
        for low, high, band in WORK_ABILITY_BANDS:
            if low <= score <= high:
                return band
    raise ValueError(f"{score!r} is not a work ability rating 0-10")


# Messages for respondents: translated by the web layer with ``gettext(error.message) % error.params``.
MESSAGE_REQUIRED = N_("Please answer this question.")
MESSAGE_NOT_AN_OPTION = N_("Please choose one of the alternatives.")
MESSAGE_WRONG_TYPE = N_("This answer could not be read. Please answer again.")
MESSAGE_TOO_LONG = N_("Please shorten your answer to at most %(max_length)d characters (it has %(length)d).")


class AnswerError(ValueError):
    """An answer that does not fit its item.

    ``message`` is the untranslated English text (marked with ``N_``), ``item_id`` the item's id, ``params`` the
    values for the ``%(name)d`` placeholders in ``message``. ``str(error)`` is the English message with the values
    filled in.
    """

    def __init__(self, message: str, item_id: str, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.item_id = item_id
        self.params: Mapping[str, Any] = dict(params or {})
        super().__init__(message % self.params if self.params else message)


def _to_int(item: Item, value: Any) -> int:
    """An integer, or a string holding one (as HTML forms submit); anything else is the wrong type."""
    if _is_int(value):
        return value
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text[:1] in "+-" else text
        if digits.isascii() and digits.isdigit() and len(digits) <= 9:
            return int(text)
    raise AnswerError(MESSAGE_WRONG_TYPE, item.id)


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set | frozenset):
        return not value
    return False


def validate_answer(item: Item, value: Any) -> int | tuple[int, ...] | str | None:
    """Check one answer against its item and return it normalised for storage.

    Returns ``None`` for an empty answer (``None``, a blank string, an empty list) to a non-required item; an ``int``
    for agree5, scale10, yesno and single; a sorted tuple of distinct ints for multi; the stripped string for text
    (line breaks normalised to ``\\n``, NUL characters removed; an answer that is blank afterwards is empty).
    Integers may also arrive as strings of digits, as HTML forms submit them; booleans and floats are rejected.

    Raises ``AnswerError`` (a ``ValueError``) with an ``N_``-marked message and the item id when a required item is
    empty, a value is of the wrong type, a value is outside the item's ``valid_values()`` (out of range or not an
    option), or a text is longer than ``item.max_length`` characters.
    """
    if item.type == "text" and isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "").strip()
    if _is_empty(value):
        if item.required:
            raise AnswerError(MESSAGE_REQUIRED, item.id)
        return None

    if item.type == "text":
        if not isinstance(value, str):
            raise AnswerError(MESSAGE_WRONG_TYPE, item.id)
        if len(value) > item.max_length:
            raise AnswerError(MESSAGE_TOO_LONG, item.id, {"max_length": item.max_length, "length": len(value)})
        return value

    valid = item.valid_values() or frozenset()  # every non-text type has a finite set of values
    if item.type == "multi":
        if not isinstance(value, list | tuple | set | frozenset):
            raise AnswerError(MESSAGE_WRONG_TYPE, item.id)
        chosen = {_to_int(item, element) for element in value}
        if not chosen <= valid:
            raise AnswerError(MESSAGE_NOT_AN_OPTION, item.id)
        return tuple(sorted(chosen))

    number = _to_int(item, value)
    if number not in valid:
        raise AnswerError(MESSAGE_NOT_AN_OPTION, item.id)
    return number
