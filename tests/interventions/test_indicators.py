"""Indicators, targets and progress, and the month/quarter/year periods indicator values are kept for."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.indicators import (
    INDICATORS,
    PERIOD_KINDS,
    Indicator,
    PeriodError,
    parse_period,
    period_label,
    periods,
    progress,
    target_met,
)

# --- the indicators ---------------------------------------------------------------------------------------------------


def test_indicators_are_listed_in_order_with_their_sources() -> None:
    assert [(key, indicator.source) for key, indicator in INDICATORS.items()] == [
        ("sick_absence_pct", "absence"),
        ("short_term_absence_pct", "absence"),
        ("partial_sick_leave_pct", "absence"),
        ("sick_days_per_person_year", "absence"),
        ("spells_per_employee", "absence"),
        ("early_support_talks", "support_events"),
        ("network_meetings", "support_events"),
        ("talks_in_time_pct", "person_track"),
        ("steps_followed_up_pct", "person_track"),
        ("days_to_return", "person_track"),
        ("vocational_rehabilitation", "entered"),
        ("risk_reports", "entered"),
        ("accidents", "entered"),
        ("disability_pensions", "entered"),
        ("work_disability_cost", "entered"),
        ("hme_total", "survey"),
        ("hme_motivation", "survey"),
        ("hme_leadership", "survey"),
        ("hme_steering", "survey"),
        ("work_ability", "survey"),
    ]


@pytest.mark.parametrize("indicator", INDICATORS.values(), ids=lambda indicator: indicator.key)
def test_every_indicator_is_well_formed(indicator: Indicator) -> None:
    assert INDICATORS[indicator.key] is indicator
    assert indicator.label and indicator.label == indicator.label.strip()
    assert indicator.unit in {"percent", "days", "count", "rate", "index", "currency"}
    assert indicator.better in {"lower", "higher"}
    assert indicator.source in {"absence", "support_events", "person_track", "survey", "entered"}
    assert len(indicator.key) <= 40  # the column it is stored in (survey_app.models)


@pytest.mark.parametrize(
    ("key", "unit", "better"),
    [
        ("sick_absence_pct", "percent", "lower"),
        ("short_term_absence_pct", "percent", "lower"),
        ("sick_days_per_person_year", "days", "lower"),
        ("early_support_talks", "count", "higher"),
        ("accidents", "count", "lower"),
        ("work_disability_cost", "currency", "lower"),
        ("hme_total", "index", "higher"),
        ("work_ability", "index", "higher"),
    ],
)
def test_units_and_directions_of_key_indicators(key: str, unit: str, better: str) -> None:
    assert (INDICATORS[key].unit, INDICATORS[key].better) == (unit, better)


def test_the_indicator_list_cannot_be_changed_by_a_caller() -> None:
    with pytest.raises(TypeError):
        INDICATORS["new"] = INDICATORS["accidents"]  # type: ignore[index]


# --- targets and progress ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "target", "better", "expected"),
    [
        (6.9, 7.0, "lower", True),
        (7.0, 7.0, "lower", True),
        (7.1, 7.0, "lower", False),
        (70.0, 70.0, "higher", True),
        (71.0, 70.0, "higher", True),
        (69.9, 70.0, "higher", False),
    ],
)
def test_target_met_in_both_directions(value: float, target: float, better: str, expected: bool) -> None:
    assert target_met(value, target, better) is expected


@pytest.mark.parametrize(
    ("baseline", "value", "target", "better", "expected"),
    [
        (8.0, 8.0, 6.0, "lower", 0.0),  # at the baseline
        (8.0, 7.0, 6.0, "lower", 0.5),  # half way down
        (8.0, 6.0, 6.0, "lower", 1.0),  # at the target
        (8.0, 5.0, 6.0, "lower", 1.5),  # beyond it
        (8.0, 9.0, 6.0, "lower", -0.5),  # moved away from it
        (60.0, 60.0, 70.0, "higher", 0.0),
        (60.0, 62.5, 70.0, "higher", 0.25),
        (60.0, 70.0, 70.0, "higher", 1.0),
        (60.0, 75.0, 70.0, "higher", 1.5),
        (60.0, 55.0, 70.0, "higher", -0.5),
    ],
)
def test_progress_from_baseline_to_target(
    baseline: float, value: float, target: float, better: str, expected: float
) -> None:
    assert progress(baseline, value, target, better) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("baseline", "value", "target"), [(None, 5.0, 6.0), (8.0, None, 6.0), (None, None, 6.0), (6.0, 5.0, 6.0)]
)
def test_progress_is_none_without_a_baseline_a_value_or_a_distance(
    baseline: float | None, value: float | None, target: float
) -> None:
    assert progress(baseline, value, target, "lower") is None
    assert progress(baseline, value, target, "higher") is None


def test_an_unknown_direction_is_rejected() -> None:
    with pytest.raises(ValueError):
        target_met(1, 2, "smaller")
    with pytest.raises(ValueError):
        progress(1, 2, 3, "up")


@given(
    baseline=st.floats(min_value=-1e6, max_value=1e6),
    target=st.floats(min_value=-1e6, max_value=1e6),
    better=st.sampled_from(("lower", "higher")),
)
def test_progress_is_zero_at_the_baseline_and_one_at_the_target(baseline: float, target: float, better: str) -> None:
    if baseline == target:
        assert progress(baseline, target, target, better) is None
    else:
        assert progress(baseline, baseline, target, better) == 0
        assert progress(baseline, target, target, better) == pytest.approx(1)


# --- periods ----------------------------------------------------------------------------------------------------------


def test_period_kinds() -> None:
    assert PERIOD_KINDS == ("month", "quarter", "year")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03", (date(2026, 3, 1), date(2026, 3, 31))),
        ("2026-02", (date(2026, 2, 1), date(2026, 2, 28))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),  # leap year
        ("2026-12", (date(2026, 12, 1), date(2026, 12, 31))),
        ("2026-Q1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("2026-q1", (date(2026, 1, 1), date(2026, 3, 31))),
        ("2026-Q2", (date(2026, 4, 1), date(2026, 6, 30))),
        ("2026-Q3", (date(2026, 7, 1), date(2026, 9, 30))),
        ("2026-Q4", (date(2026, 10, 1), date(2026, 12, 31))),
        ("2026", (date(2026, 1, 1), date(2026, 12, 31))),
        (" 2026-03\n", (date(2026, 3, 1), date(2026, 3, 31))),
    ],
)
def test_parse_period_known_answers(text: str, expected: tuple[date, date]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text",
    ["", "2026-13", "2026-00", "2026-3", "26-03", "2026-Q0", "2026-Q5", "2026Q1", "0000", "20260", "2026-03-01",
     "March 2026", "２０２６", "2026-H1", "Q1-2026"],
)  # fmt: skip
def test_parse_period_rejects_anything_else(text: str) -> None:
    with pytest.raises(PeriodError) as caught:
        parse_period(text)
    assert caught.value.message == (
        '"%(text)s" is not a period. Write a month (2026-03), a quarter (2026-Q1) or a year (2026).'
    )
    assert caught.value.params == {"text": text}
    assert str(caught.value) == caught.value.message % {"text": text}
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 3, 1), date(2026, 3, 31), "2026-03"),
        (date(2026, 1, 1), date(2026, 3, 31), "2026-Q1"),
        (date(2026, 10, 1), date(2026, 12, 31), "2026-Q4"),
        (date(2026, 1, 1), date(2026, 12, 31), "2026"),
        (date(2026, 1, 1), date(2026, 1, 31), "2026-01"),
        (date(2026, 2, 1), date(2026, 4, 30), "2026-02-01–2026-04-30"),  # three months, not a quarter
        (date(2026, 3, 5), date(2026, 4, 20), "2026-03-05–2026-04-20"),
        (date(2026, 3, 1), date(2026, 3, 30), "2026-03-01–2026-03-30"),
        (date(2026, 1, 1), date(2027, 12, 31), "2026-01-01–2027-12-31"),
        (date(2026, 3, 4), date(2026, 3, 4), "2026-03-04–2026-03-04"),
    ],
)
def test_period_label_known_answers(start: date, end: date, expected: str) -> None:
    assert period_label(start, end) == expected


def test_period_label_rejects_a_period_that_ends_before_it_starts() -> None:
    with pytest.raises(ValueError):
        period_label(date(2026, 3, 2), date(2026, 3, 1))


_YEARS = st.integers(min_value=1, max_value=9999)
_PERIOD_TEXTS = st.one_of(
    st.builds(lambda year, month: f"{year:04d}-{month:02d}", _YEARS, st.integers(min_value=1, max_value=12)),
    st.builds(lambda year, quarter: f"{year:04d}-Q{quarter}", _YEARS, st.integers(min_value=1, max_value=4)),
    st.builds(lambda year: f"{year:04d}", _YEARS),
)


@given(_PERIOD_TEXTS)
def test_period_label_is_the_inverse_of_parse_period(text: str) -> None:
    start, end = parse_period(text)
    assert start <= end
    assert period_label(start, end) == text
    assert parse_period(text.lower()) == (start, end)


@given(st.dates(), st.dates())
def test_every_label_without_a_dash_parses_back(first: date, second: date) -> None:
    start, end = min(first, second), max(first, second)
    label = period_label(start, end)
    if "–" in label:
        assert label == f"{start.isoformat()}–{end.isoformat()}"
    else:
        assert parse_period(label) == (start, end)


@pytest.mark.parametrize(
    ("kind", "first", "last", "expected"),
    [
        (
            "month",
            date(2026, 1, 15),
            date(2026, 3, 1),
            [
                (date(2026, 1, 1), date(2026, 1, 31)),
                (date(2026, 2, 1), date(2026, 2, 28)),
                (date(2026, 3, 1), date(2026, 3, 31)),
            ],
        ),
        (
            "quarter",
            date(2025, 11, 30),
            date(2026, 4, 1),
            [
                (date(2025, 10, 1), date(2025, 12, 31)),
                (date(2026, 1, 1), date(2026, 3, 31)),
                (date(2026, 4, 1), date(2026, 6, 30)),
            ],
        ),
        ("year", date(2026, 6, 1), date(2026, 6, 1), [(date(2026, 1, 1), date(2026, 12, 31))]),
        ("year", date(2025, 12, 31), date(2026, 1, 1), [(date(2025, 1, 1), date(2025, 12, 31)),
                                                         (date(2026, 1, 1), date(2026, 12, 31))]),
        ("month", date(2026, 12, 31), date(2027, 1, 1), [(date(2026, 12, 1), date(2026, 12, 31)),
                                                          (date(2027, 1, 1), date(2027, 1, 31))]),
    ],
)  # fmt: skip
def test_periods_known_answers(kind: str, first: date, last: date, expected: list[tuple[date, date]]) -> None:
    assert periods(kind, first, last) == expected


@given(
    kind=st.sampled_from(PERIOD_KINDS),
    first=st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    length=st.integers(min_value=0, max_value=1200),
)
def test_periods_are_whole_consecutive_and_cover_the_range(kind: str, first: date, length: int) -> None:
    last = first + timedelta(days=length)
    result = periods(kind, first, last)
    assert result[0][0] <= first <= result[0][1]
    assert result[-1][0] <= last <= result[-1][1]
    for (_, end), (next_start, _) in zip(result, result[1:], strict=False):
        assert next_start == end + timedelta(days=1)
    expected_kind = {"month": 7, "quarter": 7, "year": 4}[kind]  # "2026-03", "2026-Q1", "2026"
    for start, end in result:
        label = period_label(start, end)
        assert len(label) == expected_kind and (kind != "quarter" or "Q" in label)
        assert parse_period(label) == (start, end)


def test_periods_reach_the_last_representable_year() -> None:
    assert periods("quarter", date(9999, 11, 1), date(9999, 12, 31)) == [(date(9999, 10, 1), date(9999, 12, 31))]


@pytest.mark.parametrize(
    ("kind", "first", "last"),
    [("week", date(2026, 1, 1), date(2026, 2, 1)), ("month", date(2026, 2, 1), date(2026, 1, 31))],
)
def test_periods_rejects_unknown_kinds_and_reversed_ranges(kind: str, first: date, last: date) -> None:
    with pytest.raises(ValueError):
        periods(kind, first, last)
