"""Sickness absence: spells into episodes, day counts, unit months, unit and person signals, Swedish ratios."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interventions.absence import (
    AGE_BANDS,
    AbsenceRules,
    Episode,
    GroupStaffing,
    PersonSignal,
    Spell,
    SpellTable,
    Staffing,
    UnitMonth,
    UnitSignal,
    age_band,
    aggregate,
    bradford_factor,
    episode_length,
    group_ratios,
    merge_episodes,
    merge_spells,
    person_signals,
    short_term_days,
    sick_days,
    unit_months,
    unit_signals,
)

RULES = AbsenceRules()
TODAY = date(2025, 6, 30)  # a Monday


def d(text: str) -> date:
    return date.fromisoformat(text)


def spell(first: str, last: str | None, extent: int = 100, employee: str = "p1", unit: str = "A") -> Spell:
    return Spell(employee, unit, d(first), d(last) if last else None, extent)


def episodes(*spells: Spell) -> list[Episode]:
    return merge_episodes(spells, RULES)


# --- rules and spells -------------------------------------------------------------------------------------------------


def test_rules_default_to_the_documented_thresholds() -> None:
    assert (RULES.continuation_gap_days, RULES.short_term_max_day, RULES.long_spell_min_days) == (5, 14, 60)
    assert (RULES.unit_margin_pct_points, RULES.unit_absolute_pct, RULES.unit_rising_months) == (2.0, 5.0, 3)
    assert (RULES.warning_spells, RULES.warning_window_months) == (3, 12)
    assert (RULES.spells_in_window, RULES.spells_window_months) == (4, 12)
    assert (RULES.short_spells_fi, RULES.short_spells_fi_months, RULES.days_fi, RULES.days_fi_months) == (3, 4, 30, 12)
    assert (RULES.bradford_threshold, RULES.bradford_weeks) == (250, 52)
    assert (RULES.fi_points, RULES.fi_points_months, RULES.fi_waiting_days) == ((30, 60, 90), 24, 9)
    assert RULES.fi_counting == ("months", "months", "allowance_days")


def test_a_spell_must_not_end_before_it_starts_or_have_an_impossible_extent() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        spell("2025-03-05", "2025-03-04")
    with pytest.raises(ValueError, match="percentage"):
        spell("2025-03-05", "2025-03-06", extent=0)
    with pytest.raises(ValueError, match="percentage"):
        spell("2025-03-05", "2025-03-06", extent=101)


# --- the continuation rule --------------------------------------------------------------------------------------------

# "Within 5 days" counts calendar days from the previous spell's last day: a spell ending on Wednesday 5 March is
# continued by one starting up to Monday 10 March (5 days later, 4 days back at work in between), not Tuesday 11 March.


def test_a_spell_starting_five_days_after_the_last_sick_day_continues_it() -> None:
    (episode,) = episodes(spell("2025-03-03", "2025-03-05"), spell("2025-03-10", "2025-03-12"))
    assert (episode.first_day, episode.last_day, len(episode.segments)) == (d("2025-03-03"), d("2025-03-12"), 2)


def test_a_spell_starting_six_days_after_the_last_sick_day_starts_a_new_episode() -> None:
    first, second = episodes(spell("2025-03-03", "2025-03-05"), spell("2025-03-11", "2025-03-12"))
    assert (first.last_day, second.first_day) == (d("2025-03-05"), d("2025-03-11"))


def test_a_gap_of_six_days_back_at_work_does_not_join() -> None:
    assert len(episodes(spell("2025-03-03", "2025-03-05"), spell("2025-03-12", "2025-03-12"))) == 2


def test_the_gap_is_configurable_and_consecutive_spells_always_join() -> None:
    parts = [spell("2025-03-03", "2025-03-05", 100), spell("2025-03-06", "2025-03-20", 50), spell("2025-03-23", None)]
    assert [len(e.segments) for e in merge_spells(parts, 0)] == [2, 1]
    assert [len(e.segments) for e in merge_spells(parts, 2)] == [2, 1]  # 20 → 23 March is 3 days
    assert [len(e.segments) for e in merge_spells(parts, 3)] == [3]
    assert len(merge_episodes(parts, replace(RULES, continuation_gap_days=1))) == 2


def test_an_episode_belongs_to_the_unit_of_its_last_segment_and_stays_open_while_it_is() -> None:
    (episode,) = episodes(spell("2025-01-10", "2025-01-15", unit="A"), spell("2025-01-16", None, unit="B"))
    assert (episode.unit, episode.last_day) == ("B", None)


def test_episodes_are_per_employee_and_sorted() -> None:
    result = episodes(
        spell("2025-03-05", "2025-03-11", employee="p2"),
        spell("2025-03-01", "2025-03-02", employee="p2"),
        spell("2025-03-03", "2025-03-04", employee="p1"),
    )
    assert [(e.employee, e.first_day) for e in result] == [("p1", d("2025-03-03")), ("p2", d("2025-03-01"))]
    assert len(result[1].segments) == 2


def test_overlapping_spells_are_cut_so_no_day_counts_twice() -> None:
    (episode,) = episodes(spell("2025-03-01", None, 100), spell("2025-03-10", "2025-03-20", 50))
    assert [(s.first_day, s.last_day, s.extent) for s in episode.segments] == [
        (d("2025-03-01"), d("2025-03-09"), 100),
        (d("2025-03-10"), d("2025-03-20"), 50),
    ]
    (same_start,) = episodes(spell("2025-03-01", "2025-03-05"), spell("2025-03-01", "2025-03-08", 50))
    assert [(s.last_day, s.extent) for s in same_start.segments] == [(d("2025-03-08"), 50)]


# --- counting days ----------------------------------------------------------------------------------------------------


def test_sick_days_split_across_a_month_boundary() -> None:
    item = spell("2025-01-28", "2025-02-03")
    assert sick_days(item, d("2025-01-01"), d("2025-01-31"), TODAY) == 4
    assert sick_days(item, d("2025-02-01"), d("2025-02-28"), TODAY) == 3


def test_sick_days_split_across_a_year_boundary() -> None:
    item = spell("2024-12-30", "2025-01-02")
    assert sick_days(item, d("2024-12-01"), d("2024-12-31"), TODAY) == 2
    assert sick_days(item, d("2025-01-01"), d("2025-01-31"), TODAY) == 2


def test_an_open_spell_runs_to_today() -> None:
    item = spell("2025-06-20", None)
    assert sick_days(item, d("2025-06-01"), d("2025-07-31"), TODAY) == 11
    assert sick_days(item, d("2025-07-01"), d("2025-07-31"), TODAY) == 0
    assert sick_days(spell("2025-07-01", None), d("2025-06-01"), d("2025-07-31"), TODAY) == 0


def test_partial_extent_counts_half_unless_unweighted() -> None:
    item = spell("2025-03-01", "2025-03-10", 50)
    assert sick_days(item, d("2025-03-01"), d("2025-03-31"), TODAY) == 5
    assert sick_days(item, d("2025-03-01"), d("2025-03-31"), TODAY, weighted=False) == 10
    assert sick_days(spell("2025-03-01", "2025-03-04", 75), d("2025-03-01"), d("2025-03-31"), TODAY) == 3


def test_days_back_at_work_inside_an_episode_are_not_sick_days() -> None:
    (episode,) = episodes(spell("2025-03-01", "2025-03-10"), spell("2025-03-15", "2025-03-24", 50))
    assert sick_days(episode, d("2025-03-01"), d("2025-03-31"), TODAY) == 15
    assert episode_length(episode, TODAY) == 20


def test_short_term_days_are_days_1_to_14_of_the_episode_not_of_each_part() -> None:
    (episode,) = episodes(spell("2025-03-01", "2025-03-10"), spell("2025-03-15", "2025-03-24"))
    assert short_term_days(episode, d("2025-03-01"), d("2025-03-31"), TODAY, RULES) == 14
    assert short_term_days(episode, d("2025-03-15"), d("2025-03-31"), TODAY, RULES) == 4
    for part in episode.segments:  # each part on its own would have been all short-term
        assert short_term_days(part, d("2025-03-01"), d("2025-03-31"), TODAY, RULES) == 10


def test_short_term_days_are_extent_weighted_and_configurable() -> None:
    (episode,) = episodes(spell("2025-03-01", "2025-03-10"), spell("2025-03-15", "2025-03-24", 50))
    assert short_term_days(episode, d("2025-03-01"), d("2025-03-31"), TODAY, RULES) == 12
    long_one = spell("2025-01-20", "2025-03-30")
    assert short_term_days(long_one, d("2025-01-01"), d("2025-01-31"), TODAY, RULES) == 12
    assert short_term_days(long_one, d("2025-02-01"), d("2025-02-28"), TODAY, RULES) == 2
    finnish = replace(RULES, short_term_max_day=10)
    assert short_term_days(long_one, d("2025-01-01"), d("2025-12-31"), TODAY, finnish) == 10


# --- unit months ------------------------------------------------------------------------------------------------------

STAFF_A = [Staffing("A", d(month), 10) for month in ("2025-01-01", "2025-02-01", "2025-03-01")]


def quarter() -> list[UnitMonth]:
    history = episodes(
        spell("2025-01-20", "2025-03-30", employee="p1"),  # 70 days: long; days 1–14 are 20 Jan–2 Feb
        spell("2025-02-10", "2025-02-13", 50, employee="p2"),
    )
    return unit_months(history, STAFF_A, d("2025-01-01"), d("2025-03-01"), TODAY, RULES)


def test_unit_months_count_days_spells_and_ratios() -> None:
    january, february, march = quarter()
    assert (january.unit, january.month, january.employees) == ("A", d("2025-01-01"), 10)
    assert (january.sick_days, january.short_term_days, january.long_spell_days, january.spells) == (12, 12, 12, 1)
    assert january.sick_pct == pytest.approx(1200 / 310)
    assert january.long_share_pct == 100
    assert january.days_per_person_year == pytest.approx(12 * 365 / 310)
    assert (february.sick_days, february.short_term_days, february.long_spell_days, february.spells) == (30, 4, 28, 1)
    assert february.sick_pct == pytest.approx(3000 / 280)
    assert february.short_term_pct == pytest.approx(400 / 280)
    assert february.long_share_pct == pytest.approx(2800 / 30)
    assert (march.sick_days, march.short_term_days, march.long_spell_days, march.spells) == (30, 0, 30, 0)


def test_an_open_episode_turns_long_once_it_passes_sixty_days() -> None:
    history = episodes(spell("2025-05-01", None))
    for today, long_days in ((d("2025-06-28"), 0), (d("2025-06-29"), 31)):  # 59 days, then 60
        (may,) = unit_months(history, [], d("2025-05-01"), d("2025-05-01"), today, RULES)
        assert (may.sick_days, may.long_spell_days) == (31, long_days)


def test_an_empty_month_range_gives_no_rows() -> None:
    assert (
        unit_months(
            episodes(spell("2025-01-06", "2025-01-08")), STAFF_A, d("2025-03-01"), d("2025-01-01"), TODAY, RULES
        )
        == []
    )


def test_unit_months_without_staff_have_no_ratios() -> None:
    (month,) = unit_months(
        episodes(), [Staffing("A", d("2025-01-01"), 0)], d("2025-01-01"), d("2025-01-31"), TODAY, RULES
    )
    assert (month.sick_pct, month.short_term_pct, month.long_share_pct, month.days_per_person_year) == (None,) * 4


def test_days_go_to_the_unit_of_each_segment_and_the_spell_to_the_first() -> None:
    history = episodes(spell("2025-01-10", "2025-01-15", unit="A"), spell("2025-01-16", "2025-01-20", unit="B"))
    a, b = unit_months(history, [], d("2025-01-01"), d("2025-01-01"), TODAY, RULES)
    assert (a.unit, a.sick_days, a.short_term_days, a.spells) == ("A", 6, 6, 1)
    assert (b.unit, b.sick_days, b.short_term_days, b.spells) == ("B", 5, 5, 0)


def test_rollup_adds_descendants_to_parents_and_everything_to_the_organisation() -> None:
    history = episodes(
        spell("2025-01-06", "2025-01-08", employee="a1", unit="A"),
        spell("2025-01-06", "2025-01-11", employee="b1", unit="B"),
        spell("2025-01-06", "2025-01-06", employee="p1", unit="P"),
        spell("2025-01-06", "2025-01-07", employee="c1", unit="C"),
    )
    staff = [Staffing("A", d("2025-01-01"), 10), Staffing("B", d("2025-01-01"), 20), Staffing("P", d("2025-01-01"), 5)]
    staff.append(Staffing("C", d("2025-01-01"), 5))
    rollup = {"A": "P", "B": "P", "P": "G", "G": None, "E": "G"}
    rows = unit_months(history, staff, d("2025-01-01"), d("2025-01-01"), TODAY, RULES, rollup)
    by_unit = {row.unit: (row.employees, row.sick_days, row.spells) for row in rows}
    assert by_unit == {
        "": (40, 12, 4),
        "A": (10, 3, 1),
        "B": (20, 6, 1),
        "C": (5, 2, 1),
        "E": (0, 0, 0),
        "G": (35, 10, 3),
        "P": (35, 10, 3),
    }
    assert next(row for row in rows if row.unit == "").sick_pct == pytest.approx(1200 / (40 * 31))


def test_a_flat_organisation_gets_its_total_from_an_empty_rollup_and_cycles_are_refused() -> None:
    history = episodes(spell("2025-01-06", "2025-01-08"))
    assert [row.unit for row in unit_months(history, STAFF_A, d("2025-01-01"), d("2025-01-01"), TODAY, RULES)] == ["A"]
    assert [row.unit for row in unit_months(history, STAFF_A, d("2025-01-01"), d("2025-01-01"), TODAY, RULES, {})] == [
        "",
        "A",
    ]
    with pytest.raises(ValueError, match="ancestor"):
        unit_months(history, STAFF_A, d("2025-01-01"), d("2025-01-01"), TODAY, RULES, {"A": "B", "B": "A"})


def test_aggregate_sums_the_months_then_takes_ratios() -> None:
    total = aggregate(quarter(), "A", d("2025-01-01"), d("2025-03-31"))
    assert (total.month, total.employees, total.sick_days, total.short_term_days, total.spells) == (
        d("2025-01-01"),
        10,
        72,
        16,
        2,
    )
    assert total.sick_pct == pytest.approx(8.0)
    assert total.long_share_pct == pytest.approx(7000 / 72)
    assert total.days_per_person_year == pytest.approx(29.2)
    empty = aggregate(quarter(), "Z", d("2025-01-01"), d("2025-03-31"))
    assert (empty.employees, empty.sick_days, empty.sick_pct) == (0, 0, None)


# --- unit signals -----------------------------------------------------------------------------------------------------


def month_row(unit: str, month: str, short_term_pct: float | None) -> UnitMonth:
    return UnitMonth(unit, d(month), 10, 0, 0, 0, 0, None, short_term_pct, None, None)


def rules_of(signals: list[UnitSignal]) -> list[tuple[str, str]]:
    return [(s.unit, s.rule) for s in signals]


@pytest.mark.parametrize(("value", "signals"), [(5.0, []), (5.01, [("A", "above_organisation")])])
def test_a_unit_more_than_two_points_above_the_organisation_is_signalled(value: float, signals: list) -> None:
    rows = [month_row("", "2025-04-01", 3.0), month_row("A", "2025-04-01", value)]
    assert rules_of(unit_signals(rows, replace(RULES, unit_absolute_pct=50), d("2025-04-15"))) == signals


@pytest.mark.parametrize(("value", "signals"), [(5.0, []), (5.01, [("A", "above_level")])])
def test_a_unit_above_five_percent_short_term_absence_is_signalled(value: float, signals: list) -> None:
    rows = [month_row("", "2025-04-01", 4.0), month_row("A", "2025-04-01", value)]
    assert rules_of(unit_signals(rows, RULES, d("2025-04-01"))) == signals


def test_the_level_signal_works_on_computed_percentages_at_the_boundary() -> None:
    staff = [Staffing("A", d("2025-04-01"), 10)]  # 300 person-days in April: 15 short-term days are exactly 5 %
    for days, expected in ((5, []), (6, [("A", "above_level")])):
        history = episodes(spell("2025-04-01", "2025-04-10"), spell("2025-04-01", f"2025-04-{days:02d}", employee="p2"))
        rows = unit_months(history, staff, d("2025-04-01"), d("2025-04-01"), TODAY, RULES, {})
        signals = unit_signals(rows, replace(RULES, unit_margin_pct_points=100), d("2025-04-01"))
        assert rules_of(signals) == expected


@pytest.mark.parametrize(
    ("series", "rising"),
    [
        ((1.0, 2.0, 3.0, 4.0), True),
        ((2.0, 2.0, 3.0, 4.0), False),  # only two months of rise
        ((1.0, 2.0, 4.0, 4.0), False),
        ((None, 2.0, 3.0, 4.0), False),  # too little history
    ],
)
def test_a_unit_rising_three_months_in_a_row_is_signalled(series: tuple, rising: bool) -> None:
    months = ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01")
    rows = [month_row("A", month, value) for month, value in zip(months, series, strict=True)]
    signals = unit_signals(rows, RULES, d("2025-04-01"))
    assert [(s.rule, s.value, s.reference) for s in signals] == ([("rising", 4.0, 1.0)] if rising else [])


def test_unit_signals_carry_values_and_references_and_skip_the_organisation() -> None:
    rows = [month_row("", "2025-04-01", 6.0), month_row("A", "2025-04-01", 9.0), month_row("B", "2025-04-01", None)]
    assert unit_signals(rows, RULES, d("2025-04-01")) == [
        UnitSignal("A", "above_organisation", d("2025-04-01"), 9.0, 6.0),
        UnitSignal("A", "above_level", d("2025-04-01"), 9.0, 5.0),
    ]


# --- person signals ---------------------------------------------------------------------------------------------------


def signals(*spells: Spell, rule: str, today: date = TODAY, rules: AbsenceRules = RULES) -> list[PersonSignal]:
    return [s for s in person_signals(merge_episodes(spells, rules), rules, today) if s.rule == rule]


def test_four_spells_in_twelve_months_call_for_a_care_conversation() -> None:
    later = [spell(day, day) for day in ("2024-10-01", "2025-01-10", "2025-05-05")]
    (signal,) = signals(spell("2024-07-01", "2024-07-01"), *later, rule="spells_in_window")
    assert (signal.employee, signal.unit, signal.on, signal.value) == ("p1", "A", d("2025-05-05"), 4)
    assert (
        signal.detail % signal.params
        == "4 sick-leave spells started in the last 12 months: time for a care conversation."
    )
    assert signals(spell("2024-06-30", "2024-06-30"), *later, rule="spells_in_window") == []


def test_three_short_spells_in_four_months_call_for_an_early_support_talk() -> None:
    later = [spell("2025-04-01", "2025-04-02"), spell("2025-05-01", "2025-05-01")]
    (signal,) = signals(spell("2025-03-01", "2025-03-14"), *later, rule="short_spells_fi")
    assert (signal.on, signal.value, signal.params) == (d("2025-05-01"), 3, {"count": 3, "months": 4})
    assert signals(spell("2025-02-28", "2025-03-13"), *later, rule="short_spells_fi") == []
    assert signals(spell("2025-03-01", "2025-03-15"), *later, rule="short_spells_fi") == []  # 15 days is not short


def test_thirty_sick_days_in_twelve_months_call_for_an_early_support_talk() -> None:
    (signal,) = signals(spell("2025-06-01", "2025-06-30", 50), rule="days_fi")
    assert (signal.on, signal.value) == (TODAY, 30)
    assert signals(spell("2025-06-02", "2025-06-30"), rule="days_fi") == []
    assert signals(spell("2024-06-01", "2024-06-30"), spell("2025-06-02", "2025-06-30"), rule="days_fi") == []


def test_bradford_factor_is_spells_squared_times_days() -> None:
    history = episodes(
        spell("2025-01-06", "2025-01-08"), spell("2025-03-03", "2025-03-05"), spell("2025-05-05", "2025-05-08")
    )
    assert bradford_factor(history, TODAY) == 90
    edge = episodes(spell("2024-06-28", "2024-07-03"))  # 52 weeks back from 30 June 2025 starts on 2 July 2024
    assert bradford_factor(history + edge, TODAY) == 4 * 4 * 12
    assert bradford_factor(history, TODAY, weeks=20) == 2 * 2 * 7  # from 10 February 2025
    assert bradford_factor([], TODAY) == 0


def test_a_bradford_factor_of_250_is_signalled() -> None:
    starts = ("2025-01-06", "2025-02-03", "2025-03-03", "2025-04-07", "2025-05-05")
    two_days = [spell(day, (d(day) + timedelta(days=1)).isoformat()) for day in starts]
    (signal,) = signals(*two_days, rule="bradford")
    assert (signal.on, signal.value, signal.params) == (TODAY, 250, {"factor": 250, "weeks": 52})
    assert signals(*two_days[:-1], spell(starts[-1], starts[-1]), rule="bradford") == []  # 5² × 9 = 225


CALENDAR_DAYS = replace(RULES, fi_counting=("calendar_days",) * 3)  # the 30-60-90 points in calendar sick days


def test_finnish_30_60_90_points_in_calendar_days_are_dated_when_reached() -> None:
    history = episodes(spell("2025-01-01", None, 50))
    found = [s for s in person_signals(history, CALENDAR_DAYS, TODAY) if s.rule.startswith("fi_")]
    assert [(s.rule, s.on, s.value) for s in found] == [
        ("fi_30", d("2025-01-30"), 30),
        ("fi_60", d("2025-03-01"), 60),
        ("fi_90", d("2025-03-31"), 90),
    ]
    assert (
        found[0].detail % found[0].params
        == "30 sick days in 24 months, reached on 2025-01-30: notify occupational health."
    )


def test_finnish_points_count_the_last_two_years_only() -> None:
    straddling = spell("2023-06-20", "2023-07-10")  # 10 days from 1 July 2023, when the two years start
    (signal,) = signals(straddling, spell("2025-06-11", "2025-06-30"), rule="fi_30", rules=CALENDAR_DAYS)
    assert signal.on == TODAY
    assert signals(straddling, spell("2025-06-12", "2025-06-30"), rule="fi_30", rules=CALENDAR_DAYS) == []
    one_year = replace(CALENDAR_DAYS, fi_points_months=12)
    assert signals(straddling, spell("2025-06-01", "2025-06-30"), rule="fi_30", rules=one_year)[0].on == TODAY
    assert signals(straddling, spell("2025-06-11", "2025-06-30"), rule="fi_30", rules=one_year) == []


def test_finnish_points_are_configurable_in_any_order() -> None:
    custom = replace(CALENDAR_DAYS, fi_points=(40, 10, 20, 30), fi_counting=("calendar_days",) * 4)
    found = [s for s in person_signals(episodes(spell("2025-05-22", None)), custom, TODAY) if "fi_" in s.rule]
    assert [(s.rule, s.on) for s in found] == [
        ("fi_10", d("2025-05-31")),
        ("fi_20", d("2025-06-10")),
        ("fi_30", d("2025-06-20")),
        ("fi_40", TODAY),
    ]
    assert [s.detail.split(": ")[-1] for s in found[:3]] == [
        "notify occupational health.",
        "the sickness allowance must be applied for.",
        "an OH statement on work ability is due.",
    ]
    assert found[3].detail % found[3].params == "40 sick days in 24 months, reached on 2025-06-30."
    assert hash(found[0]) == hash(replace(found[0], params={}))  # params do not take part in hashing


def test_person_signals_name_the_current_unit_and_ignore_future_spells() -> None:
    history = [spell("2025-05-20", "2025-06-10", unit="A"), spell("2025-06-16", None, unit="B")]  # 22 + 15 days
    (signal,) = signals(*history, spell("2025-07-15", "2025-07-20", unit="C"), rule="fi_30", rules=CALENDAR_DAYS)
    assert (signal.unit, signal.on) == ("B", d("2025-06-23"))


# --- Swedish ratios ---------------------------------------------------------------------------------------------------


def test_age_bands_follow_swedish_reporting() -> None:
    assert AGE_BANDS == ("0-29", "30-49", "50+")
    on = d("2025-06-30")
    assert [age_band(d(born), on) for born in ("1995-07-01", "1995-06-30", "1975-07-01", "1975-06-30")] == [
        "0-29",
        "30-49",
        "30-49",
        "50+",
    ]


def ratio_table(*rows: tuple) -> SpellTable:
    """Spells as (employee, first, last, extent, sex, age band)."""
    columns = list(zip(*rows, strict=True))
    return SpellTable.from_columns(
        columns[0], ["A"] * len(rows), [d(x) for x in columns[1]], [d(x) for x in columns[2]], columns[3], 5,
        sexes=columns[4], bands=columns[5],
    )  # fmt: skip


FEBRUARY = [
    GroupStaffing(group, d("2025-02-01"), employees)
    for group, employees in (("total", 40), ("F", 25), ("M", 15), ("0-29", 12), ("30-49", 20), ("50+", 8))
]


def test_swedish_ratios_by_sex_age_band_with_long_share_and_small_groups_withheld() -> None:
    table = ratio_table(
        ("p1", "2025-02-03", "2025-02-09", 100, "F", "30-49"),  # 7 days
        ("p2", "2025-02-10", "2025-02-11", 50, "M", "50+"),  # 1 day
        ("p3", "2025-01-01", "2025-03-31", 100, "F", "0-29"),  # long: all 28 February days
    )
    ratios = {r.group: r for r in group_ratios(table, FEBRUARY, d("2025-02-01"), d("2025-02-01"), TODAY, RULES)}
    assert ratios["total"].sick_pct == pytest.approx(36 * 100 / (40 * 28))
    assert ratios["total"].long_share_pct == pytest.approx(28 * 100 / 36)
    assert ratios["30-49"].sick_pct == pytest.approx(7 * 100 / (20 * 28))
    assert (ratios["50+"].sick_pct, ratios["50+"].reason) == (None, "few")  # 8 employees: at most 10 are withheld
    # the total minus the two other bands would be the 50+ band: the smaller of them (12) is withheld too
    assert (ratios["0-29"].sick_pct, ratios["0-29"].sick_days, ratios["0-29"].reason) == (None, None, "protects_others")
    # and with the bands given in part, the sexes could be combined with them: withheld as well
    assert {ratios[sex].reason for sex in ("F", "M")} == {"protects_others"}
    assert ratios["M"].employees == pytest.approx(15)
    bands_of_eleven = [replace(row, employees={"0-29": 11, "30-49": 18, "50+": 11}.get(row.group, row.employees))
                       for row in FEBRUARY]  # fmt: skip
    ratios = {r.group: r for r in group_ratios(table, bands_of_eleven, d("2025-02-01"), d("2025-02-01"), TODAY, RULES)}
    assert ratios["F"].sick_pct == pytest.approx(35 * 100 / (25 * 28))
    assert ratios["F"].long_share_pct == pytest.approx(28 * 100 / 35)
    assert ratios["M"].sick_pct == pytest.approx(1 * 100 / (15 * 28))
    assert ratios["0-29"].sick_pct == pytest.approx(100 / 11)
    assert ratios["50+"].sick_pct == pytest.approx(1 * 100 / (11 * 28))


def test_swedish_ratios_are_withheld_when_spells_lack_the_attribute_or_staffing_lacks_a_group() -> None:
    table = ratio_table(
        ("p1", "2025-02-03", "2025-02-09", 100, "F", "30-49"),
        ("p2", "2025-02-10", "2025-02-11", 100, None, "50+"),
    )
    without_50 = [row for row in FEBRUARY if row.group in ("total", "0-29", "30-49")]
    ratios = {r.group: r for r in group_ratios(table, without_50, d("2025-02-01"), d("2025-02-28"), TODAY, RULES)}
    assert (ratios["F"].reason, ratios["M"].reason) == ("unknown", "unknown")  # p2's sex is not known
    assert [ratios[band].reason for band in AGE_BANDS] == ["no_staffing"] * 3  # 32 of 40 employees in the bands
    assert ratios["total"].sick_pct == pytest.approx(9 * 100 / (40 * 28))
    ratios = {r.group: r for r in group_ratios(table, FEBRUARY, d("2025-02-01"), d("2025-02-28"), TODAY, RULES)}
    assert (ratios["30-49"].reason, ratios["30-49"].sick_pct) == ("", pytest.approx(7 * 100 / (20 * 28)))


# --- properties -------------------------------------------------------------------------------------------------------

DAY0 = date(2023, 1, 1)
days_from_day0 = st.integers(min_value=0, max_value=3 * 365)


@st.composite
def spells_st(draw: st.DrawFn) -> Spell:
    first = DAY0 + timedelta(days=draw(days_from_day0))
    length = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=200)))
    last = None if length is None else first + timedelta(days=length)
    employee, unit = draw(st.sampled_from(["p1", "p2", "p3"])), draw(st.sampled_from(["A", "B"]))
    return Spell(employee, unit, first, last, draw(st.sampled_from([25, 50, 75, 100])))


def month_pieces(start: date, end: date) -> list[tuple[date, date]]:
    pieces, first = [], start
    while first <= end:
        next_month = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        pieces.append((first, min(end, next_month - timedelta(days=1))))
        first = next_month
    return pieces


@given(st.lists(spells_st(), max_size=8), days_from_day0, days_from_day0, days_from_day0)
def test_sick_days_over_months_add_up_to_the_whole_range(spells: list[Spell], a: int, b: int, t: int) -> None:
    start, end = sorted((DAY0 + timedelta(days=a), DAY0 + timedelta(days=b)))
    today = DAY0 + timedelta(days=t)
    history = merge_episodes(spells, RULES)
    whole = sum(sick_days(e, start, end, today) for e in history)
    pieces = month_pieces(start, end)
    assert sum(sick_days(e, *piece, today) for e in history for piece in pieces) == pytest.approx(whole)
    short = sum(short_term_days(e, start, end, today, RULES) for e in history)
    assert sum(short_term_days(e, *piece, today, RULES) for e in history for piece in pieces) == pytest.approx(short)
    first_month = start.replace(day=1)
    last_day = month_pieces(end.replace(day=1), end.replace(day=28) + timedelta(days=4))[0][1]  # end of end's month
    rows = unit_months(history, [], first_month, end, today, RULES)
    expected = sum(sick_days(e, first_month, last_day, today) for e in history)
    assert sum(row.sick_days for row in rows) == pytest.approx(expected)


@given(st.lists(spells_st(), max_size=8), days_from_day0)
def test_merging_never_counts_a_day_twice_and_loses_none_without_overlaps(spells: list[Spell], t: int) -> None:
    today = max((s.first_day for s in spells), default=DAY0) + timedelta(days=t)  # no spell starts after today
    history = merge_episodes(spells, RULES)
    for episode in history:
        for earlier, later in pairwise(episode.segments):
            assert earlier.last_day is not None and earlier.last_day < later.first_day
        assert episode.unit == episode.segments[-1].unit
    merged = sum(sick_days(e, DAY0, date.max, today, weighted=False) for e in history)
    days = [(s.employee, s.first_day + timedelta(days=i)) for s in spells for i in range(episode_length(s, today))]
    assert merged <= len(set(days))
    if len(days) == len(set(days)):
        assert merged == len(days)


@given(st.lists(spells_st(), max_size=10), st.integers(min_value=0, max_value=8), days_from_day0)
def test_the_column_table_joins_spells_exactly_as_merge_spells_does(spells: list[Spell], gap: int, t: int) -> None:
    rules = AbsenceRules(continuation_gap_days=gap)
    today = DAY0 + timedelta(days=t)
    by_columns = SpellTable.from_spells(spells, gap)
    by_objects = SpellTable.from_episodes(merge_spells(spells, gap))
    for name in ("employee", "first", "last", "extent", "episode", "starts"):
        assert getattr(by_columns, name).tolist() == getattr(by_objects, name).tolist()
    first, last = DAY0.replace(day=1), today.replace(day=1)
    assert unit_months(by_columns, [], first, last, today, rules) == unit_months(
        by_objects, [], first, last, today, rules
    )
    assert person_signals(by_columns, rules, today) == person_signals(by_objects, rules, today)
