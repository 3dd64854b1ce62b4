"""Intervention cases and action plans: stages, steps, follow-ups, goals, follow-up scheduling and evaluation."""

from __future__ import annotations

import math
from dataclasses import FrozenInstanceError, replace
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.evaluation import Evaluation, PeriodFigures, evaluate
from interventions.indicators import INDICATORS
from interventions.plans import (
    CLOSED_STATUSES,
    DEFAULT_FOLLOW_UP_DAYS,
    EFFECT_LABELS,
    EFFECTS,
    STAGE_LABELS,
    STAGES,
    STATUS_LABELS,
    STEP_STATUSES,
    TRIGGER_LABELS,
    TRIGGERS,
    PlanError,
    StepState,
    check_follow_up,
    check_goal,
    check_stage,
    check_step,
    follow_up_due,
    follow_up_missed,
    is_open,
    is_overdue,
    stage_index,
    suggest_next_follow_up,
)

OPENED = date(2026, 1, 12)
TODAY = date(2026, 3, 2)
CREATED = date(2026, 2, 2)


# --- vocabularies -----------------------------------------------------------------------------------------------------


def test_stages_follow_the_method_in_order() -> None:
    assert STAGES == (
        "identified",
        "contact",
        "interviews_survey",
        "compiled",
        "presented_management",
        "presented_work_group",
        "action_plan",
        "follow_up",
        "evaluation",
        "closed",
    )
    assert list(STAGE_LABELS.values()) == [
        "Identified",
        "Contact with manager and unit HR",
        "Interviews and survey",
        "Compiled",
        "Presented to management",
        "Presented to the work group",
        "Action plan",
        "Follow-up",
        "Evaluation",
        "Closed",
    ]


def test_every_code_has_a_label_in_the_same_order() -> None:
    assert tuple(STAGE_LABELS) == STAGES
    assert tuple(TRIGGER_LABELS) == TRIGGERS == ("absence_signal", "survey_result", "manager_request", "other")
    assert tuple(STATUS_LABELS) == STEP_STATUSES == ("planned", "in_progress", "done", "dropped")
    assert tuple(EFFECT_LABELS) == EFFECTS == ("worse", "none", "some", "clear")
    assert set(CLOSED_STATUSES) == {"done", "dropped"} and set(CLOSED_STATUSES) <= set(STEP_STATUSES)
    assert list(EFFECT_LABELS.values()) == ["Worse", "No effect yet", "Some effect", "Clear effect"]


def test_labels_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        STAGE_LABELS["closed"] = "Open"  # type: ignore[index]


def test_stage_index_gives_the_position_and_rejects_unknown_stages() -> None:
    assert stage_index("identified") == 0
    assert stage_index("action_plan") == 6
    assert stage_index("closed") == len(STAGES) - 1
    with pytest.raises(ValueError, match="unknown stage"):
        stage_index("finished")


def test_plan_error_keeps_the_untranslated_message_and_fills_str() -> None:
    error = PlanError("Dated %(date)s.", "held_on", {"date": date(2026, 1, 5)})
    assert error.message == "Dated %(date)s."
    assert error.field == "held_on"
    assert error.params == {"date": date(2026, 1, 5)}
    assert str(error) == "Dated 2026-01-05."
    assert isinstance(error, ValueError)
    assert str(PlanError("Literal 100 % text.", "what")) == "Literal 100 % text."


# --- stages -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reached_on", [OPENED, TODAY, date(2026, 2, 1)])
def test_a_stage_may_be_reached_from_the_opening_day_to_today(reached_on: date) -> None:
    check_stage("contact", reached_on, OPENED, TODAY)


@pytest.mark.parametrize(
    ("stage", "reached_on", "field", "message", "params"),
    [
        ("finished", TODAY, "stage", '"%(stage)s" is not a stage of the method.', {"stage": "finished"}),
        (
            "contact",
            OPENED - timedelta(days=1),
            "reached_on",
            "A stage cannot be reached before the case was opened (%(date)s).",
            {"date": OPENED},
        ),
        ("contact", TODAY + timedelta(days=1), "reached_on", "The date cannot be in the future.", {}),
    ],
)
def test_check_stage_errors(stage: str, reached_on: date, field: str, message: str, params: dict[str, Any]) -> None:
    with pytest.raises(PlanError) as caught:
        check_stage(stage, reached_on, OPENED, TODAY)
    assert (caught.value.field, caught.value.message, caught.value.params) == (field, message, params)


def test_stage_error_fills_in_the_opening_date() -> None:
    with pytest.raises(PlanError, match=r"^A stage cannot be reached before the case was opened \(2026-01-12\)\.$"):
        check_stage("identified", date(2026, 1, 11), OPENED, TODAY)


# --- steps ------------------------------------------------------------------------------------------------------------

STEP: dict[str, Any] = {
    "what": "Weekly planning meeting on Mondays",
    "responsible": "The unit manager",
    "due_on": date(2026, 4, 1),
    "status": "planned",
    "next_follow_up_on": date(2026, 2, 16),
    "created_on": CREATED,
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"status": "in_progress"},
        {"status": "done", "next_follow_up_on": None},  # a closed step needs no next follow-up
        {"status": "dropped", "next_follow_up_on": None},
        {"status": "done"},  # ... but may keep one
        {"next_follow_up_on": CREATED},  # the follow-up may be on the day the step was created
        {"due_on": CREATED - timedelta(days=3)},  # a plan entered after the fact
        {"what": "x" * 1000, "responsible": "r" * 200},
        {"what": "  " + "x" * 1000 + "\n"},  # surrounding whitespace is not counted
    ],
)
def test_valid_steps_pass(changes: dict[str, Any]) -> None:
    check_step(**{**STEP, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message", "params"),
    [
        ({"what": ""}, "what", "Describe what the step is.", {}),
        ({"what": " \n\t"}, "what", "Describe what the step is.", {}),
        (
            {"what": "x" * 1001},
            "what",
            "The description has %(length)d characters; it can have at most %(max_length)d.",
            {"length": 1001, "max_length": 1000},
        ),
        ({"responsible": "  "}, "responsible", "Say who is responsible for the step.", {}),
        (
            {"responsible": "r" * 201},
            "responsible",
            "The responsible has %(length)d characters; it can have at most %(max_length)d.",
            {"length": 201, "max_length": 200},
        ),
        ({"due_on": None}, "due_on", "Every step needs a due date.", {}),
        ({"status": "finished"}, "status", '"%(status)s" is not a status of a step.', {"status": "finished"}),
        ({"next_follow_up_on": None}, "next_follow_up_on", "Every step needs a date for its next follow-up.", {}),
        (
            {"status": "in_progress", "next_follow_up_on": None},
            "next_follow_up_on",
            "Every step needs a date for its next follow-up.",
            {},
        ),
        (
            {"next_follow_up_on": CREATED - timedelta(days=1)},
            "next_follow_up_on",
            "The next follow-up cannot be before the step was created (%(date)s).",
            {"date": CREATED},
        ),
        (
            {"status": "done", "next_follow_up_on": CREATED - timedelta(days=1)},
            "next_follow_up_on",
            "The next follow-up cannot be before the step was created (%(date)s).",
            {"date": CREATED},
        ),
    ],
)
def test_check_step_errors(changes: dict[str, Any], field: str, message: str, params: dict[str, Any]) -> None:
    with pytest.raises(PlanError) as caught:
        check_step(**{**STEP, **changes})
    assert (caught.value.field, caught.value.message, caught.value.params) == (field, message, params)


def test_check_step_reports_the_first_field_in_argument_order() -> None:
    with pytest.raises(PlanError) as caught:
        check_step("", "", None, "finished", None, CREATED)
    assert caught.value.field == "what"
    with pytest.raises(PlanError) as caught:
        check_step("Do it", "Anna", None, "finished", None, CREATED)
    assert caught.value.field == "due_on"


def test_step_error_messages_read_well_in_english() -> None:
    with pytest.raises(PlanError, match=r"^The description has 1001 characters; it can have at most 1000\.$"):
        check_step(**{**STEP, "what": "x" * 1001})
    with pytest.raises(PlanError, match=r"^The next follow-up cannot be before the step was created \(2026-02-02\)\.$"):
        check_step(**{**STEP, "next_follow_up_on": date(2026, 2, 1)})


# --- follow-ups -------------------------------------------------------------------------------------------------------

FOLLOW_UP: dict[str, Any] = {
    "step_created_on": CREATED,
    "held_on": date(2026, 2, 16),
    "done": "Two planning meetings held; staff find the week more predictable.",
    "status": "in_progress",
    "effect": "some",
    "next_follow_up_on": date(2026, 3, 2),
    "today": TODAY,
}


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"held_on": CREATED},  # on the day the step was created
        {"held_on": TODAY, "next_follow_up_on": TODAY + timedelta(days=1)},  # today, next tomorrow
        {"status": "done", "next_follow_up_on": None},
        {"status": "dropped", "effect": "worse", "next_follow_up_on": None},
        {"status": "planned", "effect": "none"},
        {"effect": "clear"},
    ],
)
def test_valid_follow_ups_pass(changes: dict[str, Any]) -> None:
    check_follow_up(**{**FOLLOW_UP, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message", "params"),
    [
        ({"held_on": None}, "held_on", "Give the date of the follow-up.", {}),
        (
            {"held_on": CREATED - timedelta(days=1)},
            "held_on",
            "A follow-up cannot be dated before the step was created (%(date)s).",
            {"date": CREATED},
        ),
        (
            {"held_on": TODAY + timedelta(days=1), "next_follow_up_on": TODAY + timedelta(days=15)},
            "held_on",
            "The date cannot be in the future.",
            {},
        ),
        ({"done": ""}, "done", "Describe what has been done since the last follow-up.", {}),
        ({"done": "  \n "}, "done", "Describe what has been done since the last follow-up.", {}),
        ({"status": "paused"}, "status", '"%(status)s" is not a status of a step.', {"status": "paused"}),
        ({"effect": "great"}, "effect", '"%(effect)s" is not an effect.', {"effect": "great"}),
        ({"next_follow_up_on": None}, "next_follow_up_on", "Every step needs a date for its next follow-up.", {}),
        (
            {"status": "planned", "next_follow_up_on": None},
            "next_follow_up_on",
            "Every step needs a date for its next follow-up.",
            {},
        ),
        (
            {"next_follow_up_on": date(2026, 2, 16)},  # the same day as the follow-up
            "next_follow_up_on",
            "The next follow-up must be after this one (%(date)s).",
            {"date": date(2026, 2, 16)},
        ),
        (
            {"status": "done", "next_follow_up_on": date(2026, 2, 10)},
            "next_follow_up_on",
            "The next follow-up must be after this one (%(date)s).",
            {"date": date(2026, 2, 16)},
        ),
    ],
)
def test_check_follow_up_errors(changes: dict[str, Any], field: str, message: str, params: dict[str, Any]) -> None:
    with pytest.raises(PlanError) as caught:
        check_follow_up(**{**FOLLOW_UP, **changes})
    assert (caught.value.field, caught.value.message, caught.value.params) == (field, message, params)


def test_follow_up_before_the_step_names_the_creation_date() -> None:
    with pytest.raises(PlanError) as caught:
        check_follow_up(**{**FOLLOW_UP, "held_on": date(2026, 1, 30)})
    assert str(caught.value) == "A follow-up cannot be dated before the step was created (2026-02-02)."


def test_suggest_next_follow_up_defaults_to_two_weeks() -> None:
    assert DEFAULT_FOLLOW_UP_DAYS == 14
    assert suggest_next_follow_up(date(2026, 2, 16)) == date(2026, 3, 2)
    assert suggest_next_follow_up(date(2026, 12, 25), 7) == date(2027, 1, 1)
    assert suggest_next_follow_up(date(2026, 2, 16), 1) == date(2026, 2, 17)
    with pytest.raises(ValueError):
        suggest_next_follow_up(date(2026, 2, 16), 0)


@given(st.dates(max_value=date(9000, 1, 1)), st.integers(min_value=1, max_value=365))
def test_a_suggested_follow_up_passes_the_follow_up_check(held_on: date, days: int) -> None:
    suggested = suggest_next_follow_up(held_on, days)
    check_follow_up(held_on, held_on, "Done.", "in_progress", "none", suggested, held_on)


# --- goals ------------------------------------------------------------------------------------------------------------

GOAL: dict[str, Any] = {
    "indicator": "short_term_absence_pct",
    "known_indicators": INDICATORS,
    "baseline": 7.9,
    "target": 6.9,
    "target_on": date(2026, 12, 31),
    "opened_on": OPENED,
}


@pytest.mark.parametrize(
    "changes",
    [{}, {"baseline": None}, {"target_on": OPENED}, {"target": 7.9}, {"baseline": 0.0, "target": 0.0}],
)
def test_valid_goals_pass(changes: dict[str, Any]) -> None:
    check_goal(**{**GOAL, **changes})


@pytest.mark.parametrize(
    ("changes", "field", "message", "params"),
    [
        ({"indicator": "happiness"}, "indicator", '"%(indicator)s" is not an indicator.', {"indicator": "happiness"}),
        (
            {"known_indicators": {"accidents"}},
            "indicator",
            '"%(indicator)s" is not an indicator.',
            {"indicator": "short_term_absence_pct"},
        ),
        ({"baseline": math.nan}, "baseline", "The baseline must be a number.", {}),
        ({"baseline": -math.inf}, "baseline", "The baseline must be a number.", {}),
        ({"target": None}, "target", "A goal needs a target value.", {}),
        ({"target": math.inf}, "target", "The target must be a number.", {}),
        ({"target": math.nan}, "target", "The target must be a number.", {}),
        ({"target_on": None}, "target_on", "A goal needs a date by which the target should be reached.", {}),
        (
            {"target_on": OPENED - timedelta(days=1)},
            "target_on",
            "The target date cannot be before the case was opened (%(date)s).",
            {"date": OPENED},
        ),
    ],
)
def test_check_goal_errors(changes: dict[str, Any], field: str, message: str, params: dict[str, Any]) -> None:
    with pytest.raises(PlanError) as caught:
        check_goal(**{**GOAL, **changes})
    assert (caught.value.field, caught.value.message, caught.value.params) == (field, message, params)


# --- open, overdue, missed and due steps ------------------------------------------------------------------------------

D = date(2026, 3, 10)


def _step(status: str = "in_progress", due_on: date = D, next_follow_up_on: date | None = D) -> StepState:
    return StepState(status=status, due_on=due_on, next_follow_up_on=next_follow_up_on)


@pytest.mark.parametrize(
    ("status", "expected"), [("planned", True), ("in_progress", True), ("done", False), ("dropped", False)]
)
def test_a_step_is_open_until_done_or_dropped(status: str, expected: bool) -> None:
    assert is_open(_step(status)) is expected


@pytest.mark.parametrize(
    ("today", "expected"), [(D - timedelta(days=1), False), (D, False), (D + timedelta(days=1), True)]
)
def test_a_step_is_overdue_from_the_day_after_its_due_date(today: date, expected: bool) -> None:
    assert is_overdue(_step(due_on=D), today) is expected
    assert is_overdue(_step("planned", due_on=D), today) is expected


@pytest.mark.parametrize(
    ("today", "expected"), [(D - timedelta(days=1), False), (D, False), (D + timedelta(days=1), True)]
)
def test_a_follow_up_is_missed_from_the_day_after_its_date(today: date, expected: bool) -> None:
    assert follow_up_missed(_step(next_follow_up_on=D), today) is expected


@pytest.mark.parametrize(
    ("today", "within_days", "expected"),
    [
        (D - timedelta(days=8), 7, False),
        (D - timedelta(days=7), 7, True),  # exactly a week ahead is due
        (D, 7, True),
        (D + timedelta(days=5), 7, True),  # missed is due too
        (D - timedelta(days=1), 0, False),
        (D, 0, True),
        (D - timedelta(days=30), 30, True),
    ],
)
def test_a_follow_up_is_due_within_the_window(today: date, within_days: int, expected: bool) -> None:
    assert follow_up_due(_step(next_follow_up_on=D), today, within_days) is expected


@pytest.mark.parametrize("status", CLOSED_STATUSES)
def test_closed_steps_are_never_overdue_missed_or_due(status: str) -> None:
    step = _step(status, due_on=date(2020, 1, 1), next_follow_up_on=date(2020, 1, 1))
    assert not is_overdue(step, TODAY)
    assert not follow_up_missed(step, TODAY)
    assert not follow_up_due(step, TODAY)
    assert not follow_up_missed(_step(status, next_follow_up_on=None), TODAY)


def test_an_open_step_without_a_follow_up_date_counts_as_missed_and_due() -> None:
    step = _step("planned", next_follow_up_on=None)
    assert follow_up_missed(step, TODAY)
    assert follow_up_due(step, TODAY)


def test_follow_up_due_rejects_a_negative_window() -> None:
    with pytest.raises(ValueError):
        follow_up_due(_step(), TODAY, -1)


def test_step_state_is_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        _step().status = "done"  # type: ignore[misc]


# --- evaluation -------------------------------------------------------------------------------------------------------

REFERENCE = PeriodFigures(date(2025, 1, 1), date(2025, 12, 31), 20, 400, 160)
FOLLOW_UP_PERIOD = PeriodFigures(date(2026, 1, 1), date(2026, 6, 30), 22, 180, 60)


def test_period_days_include_both_ends() -> None:
    assert REFERENCE.days == 365
    assert FOLLOW_UP_PERIOD.days == 181  # 31 + 28 + 31 + 30 + 31 + 30
    assert PeriodFigures(date(2024, 1, 1), date(2024, 12, 31), 1, None, None).days == 366
    assert PeriodFigures(date(2026, 5, 4), date(2026, 5, 4), 1, None, None).days == 1


def test_evaluate_with_hand_computed_numbers() -> None:
    result = evaluate(REFERENCE, FOLLOW_UP_PERIOD, daily_cost=2500)
    # Reference (365 days, 20 employees): 400 / 20 = 20 sick days and 160 / 20 = 8 short-term days per employee-year.
    # Follow-up (181 days, 22 employees), annualised × 365 / 181:
    #   sick:       180 / 22 × 365 / 181 = 65,700 / 3,982 = 16.49924...
    #   short-term:  60 / 22 × 365 / 181 = 21,900 / 3,982 =  5.49975...
    # Changes: (16.49924 − 20) / 20 = −17.5038 %; (5.49975 − 8) / 8 = −31.2531 %.
    # Saved: (8 − 5.49975) × 22 × 181 / 365 = 8 × 22 × 181 / 365 − 60 = 31,856 / 365 − 60 = 9,956 / 365 = 27.2767 days
    #   (the short-term days expected at the reference rate, 87.28, minus the 60 the unit had).
    # Value: 9,956 / 365 × 2,500 = 24,890,000 / 365 = 68,191.78.
    assert result.sick_days_per_employee == pytest.approx((20.0, 65_700 / 3_982))
    assert result.short_term_days_per_employee == pytest.approx((8.0, 21_900 / 3_982))
    assert result.sick_days_per_employee[1] == pytest.approx(16.49924, abs=1e-5)
    assert result.short_term_days_per_employee[1] == pytest.approx(5.49975, abs=1e-5)
    assert result.change_sick_days_pct == pytest.approx(-17.50377, abs=1e-5)
    assert result.change_short_term_pct == pytest.approx(-31.25314, abs=1e-5)
    assert result.short_term_days_saved == pytest.approx(9_956 / 365)
    assert result.short_term_days_saved == pytest.approx(27.27671, abs=1e-5)
    assert result.estimated_value == pytest.approx(24_890_000 / 365)
    assert result.estimated_value == pytest.approx(68_191.78, abs=0.01)


def test_rising_absence_gives_negative_days_saved() -> None:
    # Reference 8 short-term days per employee-year; follow-up a whole year, 10 employees, 100 days = 10 per year.
    # Saved: (8 − 10) × 10 × 365 / 365 = −20 days; value −20 × 1,000 = −20,000; change +25 %.
    reference = PeriodFigures(date(2025, 1, 1), date(2025, 12, 31), 10, 200, 80)
    follow_up = PeriodFigures(date(2026, 1, 1), date(2026, 12, 31), 10, 250, 100)
    result = evaluate(reference, follow_up, daily_cost=1000)
    assert result.short_term_days_saved == pytest.approx(-20)
    assert result.estimated_value == pytest.approx(-20_000)
    assert result.change_short_term_pct == pytest.approx(25)
    assert result.change_sick_days_pct == pytest.approx(25)


def test_missing_total_sick_days_leave_only_the_total_figures_empty() -> None:
    result = evaluate(replace(REFERENCE, sick_days=None), FOLLOW_UP_PERIOD, 2500)
    assert result.sick_days_per_employee == (None, pytest.approx(65_700 / 3_982))
    assert result.change_sick_days_pct is None
    assert result.short_term_days_saved == pytest.approx(9_956 / 365)
    assert result.estimated_value == pytest.approx(24_890_000 / 365)


def test_missing_short_term_days_leave_the_saving_empty() -> None:
    result = evaluate(REFERENCE, replace(FOLLOW_UP_PERIOD, short_term_sick_days=None), 2500)
    assert result.short_term_days_per_employee == (8.0, None)
    assert result.change_short_term_pct is None
    assert result.short_term_days_saved is None
    assert result.estimated_value is None
    assert result.change_sick_days_pct == pytest.approx(-17.50377, abs=1e-5)


def test_a_period_without_employees_gives_no_per_employee_figures() -> None:
    result = evaluate(replace(REFERENCE, employees=0), FOLLOW_UP_PERIOD, 2500)
    assert result.sick_days_per_employee[0] is None
    assert result.short_term_days_per_employee[0] is None
    assert result == Evaluation(
        sick_days_per_employee=(None, pytest.approx(65_700 / 3_982)),  # type: ignore[arg-type]
        short_term_days_per_employee=(None, pytest.approx(21_900 / 3_982)),  # type: ignore[arg-type]
        change_sick_days_pct=None,
        change_short_term_pct=None,
        short_term_days_saved=None,
        estimated_value=None,
    )
    follow_up_empty = evaluate(REFERENCE, replace(FOLLOW_UP_PERIOD, employees=0), 2500)
    assert follow_up_empty.short_term_days_per_employee == (8.0, None)
    assert follow_up_empty.short_term_days_saved is None


def test_no_reference_absence_gives_no_relative_change_but_a_saving() -> None:
    # Reference 0 short-term days; follow-up a whole year, 10 employees, 30 days: saved (0 − 3) × 10 = −30.
    reference = PeriodFigures(date(2025, 1, 1), date(2025, 12, 31), 10, 0, 0)
    follow_up = PeriodFigures(date(2026, 1, 1), date(2026, 12, 31), 10, 30, 30)
    result = evaluate(reference, follow_up, 100)
    assert result.change_sick_days_pct is None and result.change_short_term_pct is None
    assert result.short_term_days_saved == pytest.approx(-30)


def test_a_daily_cost_of_zero_values_the_days_at_zero() -> None:
    assert evaluate(REFERENCE, FOLLOW_UP_PERIOD, 0).estimated_value == 0


@pytest.mark.parametrize(
    ("reference", "follow_up", "daily_cost"),
    [
        (replace(REFERENCE, end=date(2024, 12, 31)), FOLLOW_UP_PERIOD, 2500),
        (REFERENCE, replace(FOLLOW_UP_PERIOD, end=date(2025, 12, 31)), 2500),
        (REFERENCE, FOLLOW_UP_PERIOD, -1),
        (REFERENCE, FOLLOW_UP_PERIOD, math.nan),
        (REFERENCE, FOLLOW_UP_PERIOD, math.inf),
        (replace(REFERENCE, sick_days=-1), FOLLOW_UP_PERIOD, 2500),
        (REFERENCE, replace(FOLLOW_UP_PERIOD, employees=-3), 2500),
        (REFERENCE, replace(FOLLOW_UP_PERIOD, short_term_sick_days=math.nan), 2500),
    ],
)
def test_evaluate_rejects_impossible_input(
    reference: PeriodFigures, follow_up: PeriodFigures, daily_cost: float
) -> None:
    with pytest.raises(ValueError):
        evaluate(reference, follow_up, daily_cost)


@given(
    rate=st.floats(min_value=0.5, max_value=60),
    employees=st.integers(min_value=1, max_value=5000),
    days=st.integers(min_value=1, max_value=800),
)
def test_the_same_rate_in_both_periods_saves_nothing(rate: float, employees: int, days: int) -> None:
    # The reference runs a whole year at `rate` days per employee-year; the follow-up `days` long at the same rate.
    reference = PeriodFigures(date(2025, 1, 1), date(2025, 12, 31), 10, rate * 10, rate * 10)
    follow_up_days = rate * employees * days / 365
    follow_up = PeriodFigures(
        date(2026, 1, 1), date(2026, 1, 1) + timedelta(days=days - 1), employees, follow_up_days, follow_up_days
    )
    result = evaluate(reference, follow_up, 2500)
    assert result.short_term_days_per_employee[1] == pytest.approx(rate)
    assert result.change_short_term_pct == pytest.approx(0, abs=1e-9)
    assert result.short_term_days_saved == pytest.approx(0, abs=1e-6)


def test_a_case_closes_only_when_every_open_step_has_an_outcome() -> None:
    from interventions.plans import STEP_OUTCOME_LABELS, STEP_OUTCOMES, StepOutcome, check_closing

    assert set(STEP_OUTCOME_LABELS) == set(STEP_OUTCOMES) == {"done", "cancelled", "moved"}
    steps = {7: "Fasta larmtider", 9: "Ny schemamall " + "x" * 80}
    check_closing({}, {})  # nothing open: nothing to decide
    check_closing(steps, {7: StepOutcome("done"), 9: StepOutcome("cancelled", "Görs centralt"), 11: StepOutcome("?")})
    with pytest.raises(PlanError) as missing:
        check_closing(steps, {7: StepOutcome("moved")})
    assert missing.value.field == "outcome_9" and len(missing.value.params["what"]) == 60
    assert missing.value.params["what"].endswith("…")
    with pytest.raises(PlanError) as unknown:
        check_closing(steps, {7: StepOutcome("lost")})
    assert unknown.value.field == "outcome_7"
    with pytest.raises(PlanError) as no_reason:
        check_closing(steps, {7: StepOutcome("cancelled", "   "), 9: StepOutcome("done")})
    assert no_reason.value.field == "reason_7" and str(no_reason.value).endswith("“Fasta larmtider” is cancelled.")
    with pytest.raises(PlanError) as long_reason:
        check_closing(steps, {7: StepOutcome("cancelled", "x" * 501), 9: StepOutcome("done")})
    assert long_reason.value.field == "reason_7"
