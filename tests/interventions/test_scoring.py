"""Scoring with known answers: HME index, dimension scores, work ability bands, answer validation."""

from __future__ import annotations

from types import MappingProxyType
from typing import Any

import pytest

from interventions.instruments import Instrument, Item, Option, Section, library
from interventions.scoring import (
    AGREE5_TO_100,
    HME_MIN_ANSWERED_PER_SUBINDEX,
    HME_MIN_ANSWERED_TOTAL,
    MESSAGE_NOT_AN_OPTION,
    MESSAGE_REQUIRED,
    MESSAGE_TOO_LONG,
    MESSAGE_WRONG_TYPE,
    AnswerError,
    HmeScores,
    dimension_scores,
    group_hme,
    hme_scores,
    item_score_100,
    validate_answer,
    work_ability_band,
)

TEXT = MappingProxyType({"sv": "t", "fi": "t", "en": "t"})


def hme(*values: int | None) -> dict[str, int | None]:
    """Answers to hme1.. in order, keyed as stored."""
    return {f"hme.hme{n}": value for n, value in enumerate(values, start=1)}


def item(item_type: str, item_id: str = "q", dimension: str = "d", **extra: Any) -> Item:
    return Item(id=item_id, type=item_type, dimension=dimension, text=TEXT, **extra)


def instrument(*items: Item, dimensions: tuple[str, ...] = ("d",)) -> Instrument:
    return Instrument(
        id="t",
        version=1,
        title=TEXT,
        description=TEXT,
        source="test",
        dimensions=MappingProxyType({key: TEXT for key in dimensions}),
        sections=(Section(id="s", title=TEXT, intro=None, items=items),),
    )


# --- HME -----------------------------------------------------------------------------------------------------------


def test_thresholds_are_the_documented_ones() -> None:
    assert AGREE5_TO_100 == {1: 0, 2: 25, 3: 50, 4: 75, 5: 100}
    assert (HME_MIN_ANSWERED_PER_SUBINDEX, HME_MIN_ANSWERED_TOTAL) == (2, 6)


def test_hme_all_fives_is_100() -> None:
    assert hme_scores(hme(5, 5, 5, 5, 5, 5, 5, 5, 5)) == HmeScores(100, 100, 100, 100)


def test_hme_all_ones_is_0() -> None:
    assert hme_scores(hme(1, 1, 1, 1, 1, 1, 1, 1, 1)) == HmeScores(0, 0, 0, 0)


def test_hme_known_answers() -> None:
    assert hme_scores(hme(4, 4, 4, 3, 3, 3, 5, 5, 5)) == HmeScores(total=75, motivation=75, leadership=50, steering=100)


def test_hme_total_is_the_mean_of_items_not_of_subindices() -> None:
    # 0, 25, 50 | 75, 100, 0 | 25, 50, 75 -> sub-indices 25, 58.33, 50; total 400 / 9
    scores = hme_scores(hme(1, 2, 3, 4, 5, 1, 2, 3, 4))
    assert scores.motivation == 25
    assert scores.leadership == pytest.approx(175 / 3)
    assert scores.steering == 50
    assert scores.total == pytest.approx(400 / 9)
    # With one sub-index short of items the difference shows: mean of 7 items, not of 2 sub-indices.
    scores = hme_scores(hme(None, None, 5, 1, 1, 1, 5, 5, 5))
    assert scores.motivation is None
    assert scores.total == pytest.approx(400 / 7)


def test_hme_one_missing_per_subindex_is_computed_from_two() -> None:
    scores = hme_scores(hme(None, 4, 4, 3, None, 3, 5, 5, None))
    assert scores == HmeScores(total=75, motivation=75, leadership=50, steering=100)
    # Absent keys count as missing just like None.
    assert hme_scores({"hme.hme2": 4, "hme.hme3": 4, "hme.hme4": 3, "hme.hme6": 3, "hme.hme7": 5, "hme.hme8": 5}) == (
        scores
    )


def test_hme_two_missing_in_one_subindex() -> None:
    scores = hme_scores(hme(4, 4, 4, None, None, 3, 5, 5, 5))
    assert scores.leadership is None
    assert (scores.motivation, scores.steering) == (75, 100)
    assert scores.total == pytest.approx((3 * 75 + 50 + 3 * 100) / 7)


def test_hme_total_needs_six_answers() -> None:
    five = hme_scores(hme(None, None, 4, None, 3, 3, None, 5, 5))  # 4 missing, 5 answered
    assert five.total is None
    assert (five.motivation, five.leadership, five.steering) == (None, 50, 100)
    six = hme_scores(hme(None, 4, 4, None, 3, 3, None, 5, 5))  # 3 missing, 6 answered
    assert six.total == 75


def test_hme_nothing_answered() -> None:
    assert hme_scores({}) == HmeScores(None, None, None, None)


def test_hme_ignores_other_keys() -> None:
    answers = {**hme(4, 4, 4, 3, 3, 3, 5, 5, 5), "osa.workload_resources": 1, "hme1": 1}
    assert hme_scores(answers).total == 75


@pytest.mark.parametrize("bad", [0, 6, -1, True, "5", 4.0])
def test_hme_rejects_values_outside_1_to_5(bad: Any) -> None:
    with pytest.raises(ValueError, match="hme.hme3"):
        hme_scores(hme(4, 4, bad, 3, 3, 3, 5, 5, 5))


def test_group_hme_means_the_figures_respondents_have() -> None:
    group = group_hme(
        [
            HmeScores(total=80, motivation=70, leadership=None, steering=90),
            HmeScores(total=None, motivation=50, leadership=None, steering=60),
            HmeScores(total=60, motivation=None, leadership=None, steering=None),
        ]
    )
    assert group == HmeScores(total=70, motivation=60, leadership=None, steering=75)


def test_group_hme_from_answers_and_empty_group() -> None:
    respondents = (hme_scores(hme(*[5] * 9)), hme_scores(hme(4, 4, 4, 3, 3, 3, 5, 5, 5)), hme_scores({}))
    assert group_hme(iter(respondents)) == HmeScores(total=87.5, motivation=87.5, leadership=75, steering=100)
    assert group_hme([]) == HmeScores(None, None, None, None)


# --- item and dimension scores -------------------------------------------------------------------------------------


def test_item_score_100_agree5() -> None:
    for value, expected in AGREE5_TO_100.items():
        assert item_score_100(item("agree5"), value) == expected
        assert item_score_100(item("agree5", reverse=True), value) == 100 - expected
    assert item_score_100(item("agree5", reverse=True), 1) == 100


def test_item_score_100_scale10_and_yesno() -> None:
    for value in range(11):
        assert item_score_100(item("scale10"), value) == value * 10
        assert item_score_100(item("scale10", reverse=True), value) == 100 - value * 10
    assert item_score_100(item("yesno"), 1) == 100
    assert item_score_100(item("yesno"), 0) == 0


@pytest.mark.parametrize(
    ("item_type", "value"),
    [("agree5", 0), ("agree5", 6), ("agree5", True), ("agree5", 2.0), ("scale10", 11), ("scale10", -1), ("yesno", 2)],
)
def test_item_score_100_rejects_invalid_values(item_type: str, value: Any) -> None:
    with pytest.raises(ValueError, match="not a valid"):
        item_score_100(item(item_type), value)


@pytest.mark.parametrize("item_type", ["single", "multi", "text"])
def test_item_score_100_rejects_unscored_types(item_type: str) -> None:
    options = (Option(1, TEXT), Option(2, TEXT)) if item_type != "text" else ()
    with pytest.raises(ValueError, match="no 0-100 score"):
        item_score_100(item(item_type, options=options), 1)


def test_dimension_scores_osa_reverse_item() -> None:
    osa = library()["osa"]
    answers = {"osa.hours_split_shifts": 1, "osa.hours_reachable": 1, "osa.hours_planned": 5}
    scores = dimension_scores(osa, answers)
    assert list(scores) == list(osa.dimensions)
    assert scores["working_hours"] == 100  # 3 of 5 answered; both reverse items answered 1 score 100
    assert scores["workload"] is None  # nothing answered
    workload = {
        "osa.workload_too_much": 5,
        "osa.workload_resources": 5,
        "osa.workload_tasks": 5,
        "osa.workload_result": 5,
    }
    assert dimension_scores(osa, workload)["workload"] == 75  # (0 + 100 + 100 + 100) / 4, 4 of 7 answered


def test_dimension_scores_yesno_counts() -> None:
    osa = library()["osa"]
    answers = {"osa.victimisation_free_12m": 0, "osa.victimisation_stance": 5, "osa.victimisation_respect": 5}
    assert dimension_scores(osa, answers)["victimisation"] == pytest.approx(200 / 3)


def test_dimension_scores_min_share_boundary() -> None:
    four = instrument(*(item("agree5", f"q{n}") for n in range(4)))
    assert dimension_scores(four, {"t.q0": 5, "t.q1": 3}) == {"d": 75}  # 2/4 = 0.5 >= 0.5
    assert dimension_scores(four, {"t.q0": 5}) == {"d": None}  # 1/4 < 0.5
    assert dimension_scores(four, {"t.q0": 5}, min_share=0.25) == {"d": 100}
    assert dimension_scores(four, {"t.q0": 5, "t.q1": 3, "t.q2": 4}, min_share=1.0) == {"d": None}
    assert dimension_scores(four, {"t.q0": 5, "t.q1": 3, "t.q2": 2, "t.q3": 2}, min_share=1.0) == {"d": 50}
    assert dimension_scores(four, {}, min_share=0.0) == {"d": None}  # never a mean of nothing
    three = instrument(*(item("agree5", f"q{n}") for n in range(3)))
    assert dimension_scores(three, {"t.q0": 5}) == {"d": None}  # 1/3
    assert dimension_scores(three, {"t.q0": 5, "t.q1": None, "t.q2": 4}) == {"d": 87.5}  # 2/3
    ten = instrument(*(item("scale10", f"q{n}") for n in range(10)))
    assert dimension_scores(ten, {"t.q0": 7, "t.q1": 7, "t.q2": 7}, min_share=0.3) == {"d": 70}  # 3/10 vs 0.3


@pytest.mark.parametrize("min_share", [-0.1, 1.01])
def test_dimension_scores_rejects_bad_min_share(min_share: float) -> None:
    with pytest.raises(ValueError, match="min_share"):
        dimension_scores(instrument(item("agree5")), {}, min_share=min_share)


def test_dimension_scores_omits_unscored_dimensions_and_keeps_order() -> None:
    mixed = instrument(
        item("text", "free", dimension="words"),
        item("scale10", "z", dimension="scale", reverse=True),
        item("multi", "m", dimension="words", options=(Option(1, TEXT), Option(2, TEXT))),
        item("yesno", "y", dimension="d"),
        dimensions=("words", "d", "scale"),
    )
    scores = dimension_scores(mixed, {"t.free": 1, "t.m": 1, "t.z": 2, "t.y": 1})
    assert list(scores) == ["d", "scale"]
    assert scores == {"d": 100, "scale": 80}
    with pytest.raises(ValueError, match="not a valid"):
        dimension_scores(mixed, {"t.z": 12})


def test_dimension_scores_on_the_shipped_instruments() -> None:
    instruments = library()
    hme_dims = dimension_scores(instruments["hme"], hme(4, 4, 4, 3, 3, 3, 5, 5, 5))
    assert hme_dims == {"motivation": 75, "leadership": 50, "steering": 100}
    ergonomics = dimension_scores(instruments["ergonomics"], {"ergonomics.pain_12m": (1, 2)})  # type: ignore[dict-item]
    assert set(ergonomics) == {"physical_load", "equipment", "physical_environment"}
    assert dimension_scores(instruments["open_questions"], {}) == {}
    assert dimension_scores(instruments["work_ability"], {"work_ability.work_ability": 7}) == {"work_ability": 70}


# --- work ability --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "band"),
    [(0, "poor"), (5, "poor"), (6, "moderate"), (7, "moderate"), (8, "good"), (10, "good"), (None, None)],
)
def test_work_ability_band(score: int | None, band: str | None) -> None:
    assert work_ability_band(score) == band


@pytest.mark.parametrize("score", [-1, 11, True, 5.0, "5"])
def test_work_ability_band_rejects(score: Any) -> None:
    with pytest.raises(ValueError, match="work ability"):
        work_ability_band(score)


# --- answer validation ---------------------------------------------------------------------------------------------

CHOICES = (Option(1, TEXT), Option(2, TEXT), Option(5, TEXT))


@pytest.mark.parametrize(
    ("the_item", "value", "expected"),
    [
        (item("agree5"), 3, 3),
        (item("agree5"), "4", 4),
        (item("agree5"), " 5 ", 5),
        (item("agree5"), None, None),
        (item("agree5"), "", None),
        (item("scale10"), 0, 0),
        (item("scale10"), 10, 10),
        (item("yesno"), 0, 0),
        (item("yesno"), "1", 1),
        (item("single", options=CHOICES), 5, 5),
        (item("multi", options=CHOICES), [5, 1, 5], (1, 5)),
        (item("multi", options=CHOICES), ("2", "1"), (1, 2)),
        (item("multi", options=CHOICES), [], None),
        (item("text"), "  Mer personal.  ", "Mer personal."),
        (item("text"), "rad ett\r\nrad två\rtre", "rad ett\nrad två\ntre"),
        (item("text"), "a\x00b", "ab"),
        (item("text"), "   \n ", None),
        (item("text", max_length=5), "12345", "12345"),
        (item("text", max_length=5), "1234\r\n", "1234"),
        (item("text", max_length=5), "12\r\n45", "12\n45"),
    ],
)
def test_validate_answer_normalises(the_item: Item, value: Any, expected: Any) -> None:
    assert validate_answer(the_item, value) == expected


@pytest.mark.parametrize(
    ("the_item", "value", "message"),
    [
        (item("agree5"), 0, MESSAGE_NOT_AN_OPTION),
        (item("agree5"), 6, MESSAGE_NOT_AN_OPTION),
        (item("agree5"), "-1", MESSAGE_NOT_AN_OPTION),
        (item("scale10"), 11, MESSAGE_NOT_AN_OPTION),
        (item("yesno"), 2, MESSAGE_NOT_AN_OPTION),
        (item("single", options=CHOICES), 3, MESSAGE_NOT_AN_OPTION),
        (item("multi", options=CHOICES), [1, 3], MESSAGE_NOT_AN_OPTION),
        (item("agree5"), True, MESSAGE_WRONG_TYPE),
        (item("agree5"), 3.0, MESSAGE_WRONG_TYPE),
        (item("agree5"), [3], MESSAGE_WRONG_TYPE),
        (item("agree5"), "tre", MESSAGE_WRONG_TYPE),
        (item("agree5"), "9" * 5000, MESSAGE_WRONG_TYPE),
        (item("yesno"), "yes", MESSAGE_WRONG_TYPE),
        (item("multi", options=CHOICES), 1, MESSAGE_WRONG_TYPE),
        (item("multi", options=CHOICES), "1", MESSAGE_WRONG_TYPE),
        (item("multi", options=CHOICES), [1.0], MESSAGE_WRONG_TYPE),
        (item("text"), 5, MESSAGE_WRONG_TYPE),
        (item("text"), ["a"], MESSAGE_WRONG_TYPE),
        (item("agree5", required=True), None, MESSAGE_REQUIRED),
        (item("text", required=True), "  ", MESSAGE_REQUIRED),
        (item("multi", options=CHOICES, required=True), [], MESSAGE_REQUIRED),
    ],
)
def test_validate_answer_rejects(the_item: Item, value: Any, message: str) -> None:
    with pytest.raises(AnswerError) as error:
        validate_answer(the_item, value)
    assert error.value.message == message
    assert error.value.item_id == "q"
    assert isinstance(error.value, ValueError)


def test_validate_answer_text_too_long() -> None:
    with pytest.raises(AnswerError) as error:
        validate_answer(item("text", "why", max_length=5), "123456")
    assert error.value.message == MESSAGE_TOO_LONG
    assert error.value.item_id == "why"
    assert error.value.params == {"max_length": 5, "length": 6}
    assert str(error.value) == "Please shorten your answer to at most 5 characters (it has 6)."
    assert validate_answer(item("text"), "x" * 2000) == "x" * 2000
    with pytest.raises(AnswerError):
        validate_answer(item("text"), "x" * 2001)


def test_validate_answer_on_shipped_items() -> None:
    instruments = library()
    assert validate_answer(instruments["ergonomics"].item("pain_7d"), ["9", "1"]) == (1, 9)
    with pytest.raises(AnswerError):
        validate_answer(instruments["ergonomics"].item("pain_7d"), [10])
    assert validate_answer(instruments["work_ability"].item("work_ability"), "0") == 0
    with pytest.raises(AnswerError):
        validate_answer(instruments["hme"].item("hme1"), 6)
