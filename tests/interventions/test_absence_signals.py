"""Person signals: the two Swedish levels (warning, omtankesamtal) and the Finnish 30-60-90 points as counted in law."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interventions.absence import AbsenceRules, PersonSignal, Spell, merge_episodes, person_signals

RULES = AbsenceRules()

# Finnish public holidays of 2027 that are not Sundays, as the Health Insurance Act leaves them out of allowance days
# (church holidays, Independence Day, Christmas and Midsummer Eve, May Day and Easter Saturday).
HOLIDAYS_2027 = frozenset(
    date.fromisoformat(day)
    for day in (
        "2027-01-01", "2027-01-06", "2027-03-26", "2027-03-27", "2027-03-29", "2027-05-01", "2027-05-06",
        "2027-06-25", "2027-06-26", "2027-11-06", "2027-12-06", "2027-12-24", "2027-12-25",
    )
)  # fmt: skip


def d(text: str) -> date:
    return date.fromisoformat(text)


def spell(first: str, last: str | None = None, employee: str = "p1", extent: int = 100) -> Spell:
    return Spell(employee, "A", d(first), d(last) if last else None, extent)


def found(*spells: Spell, today: date, rules: AbsenceRules = RULES, holidays=frozenset()) -> list[PersonSignal]:
    return person_signals(merge_episodes(spells, rules), rules, today, holidays)


def rules_of(signals: list[PersonSignal]) -> list[str]:
    return [s.rule for s in signals]


# --- the two Swedish levels -------------------------------------------------------------------------------------------

TODAY = date(2026, 6, 30)
ONE_DAY_SPELLS = ["2025-09-01", "2025-12-01", "2026-03-02", "2026-06-01"]


def test_three_spells_in_twelve_months_are_a_warning_that_asks_for_no_talk() -> None:
    (warning,) = [s for s in found(*(spell(day, day) for day in ONE_DAY_SPELLS[:3]), today=TODAY)]
    assert (warning.rule, warning.on, warning.value, warning.talk) == ("spells_warning", d("2026-03-02"), 3, False)
    assert warning.detail % warning.params == (
        "3 sick-leave spells started in the last 12 months: a warning signal; follow the absence."
    )
    assert (
        found(spell("2025-06-30", "2025-06-30"), *(spell(day, day) for day in ONE_DAY_SPELLS[1:3]), today=TODAY) == []
    )


def test_the_fourth_spell_calls_for_an_omtankesamtal_instead_of_the_warning() -> None:
    signals = found(*(spell(day, day) for day in ONE_DAY_SPELLS), today=TODAY)
    assert [(s.rule, s.value, s.talk) for s in signals] == [("spells_in_window", 4, True)]


def test_either_swedish_level_can_be_turned_off_or_moved() -> None:
    four = [spell(day, day) for day in ONE_DAY_SPELLS]
    assert rules_of(found(*four, today=TODAY, rules=replace(RULES, spells_in_window=0))) == ["spells_warning"]
    assert rules_of(found(*four, today=TODAY, rules=replace(RULES, spells_in_window=None))) == ["spells_warning"]
    assert found(*four[:3], today=TODAY, rules=replace(RULES, warning_spells=0)) == []
    assert found(*four[:3], today=TODAY, rules=replace(RULES, warning_spells=None, spells_in_window=None)) == []
    assert rules_of(found(*four[:2], today=TODAY, rules=replace(RULES, warning_spells=2))) == ["spells_warning"]
    six_months = replace(RULES, warning_window_months=6)
    assert found(*four[:3], today=TODAY, rules=six_months) == []  # only the March spell is in the last 6 months


def test_a_threshold_of_zero_turns_any_signal_off_rather_than_signalling_everyone() -> None:
    off = replace(RULES, warning_spells=0, spells_in_window=0, short_spells_fi=0, days_fi=0, bradford_threshold=0)
    off = replace(off, fi_points=(), fi_counting=())
    assert found(spell("2026-06-01", "2026-06-02"), today=TODAY, rules=off) == []


# --- the Finnish 30-60-90 points --------------------------------------------------------------------------------------


def fi_points(*spells: Spell, today: date, rules: AbsenceRules = RULES, holidays=HOLIDAYS_2027) -> list[tuple]:
    return [
        (s.rule, s.on, s.counting)
        for s in found(*spells, today=today, rules=rules, holidays=holidays)
        if s.rule.startswith("fi_")
    ]


def test_the_90_point_counts_kela_allowance_days_after_the_waiting_period() -> None:
    # Ill from Monday 4 January 2027. Waiting period: the day of falling ill and the next 9 allowance days — 5, 7, 8, 9,
    # 11, 12, 13, 14, 15 January (the 6th is Epiphany, the 10th a Sunday) — so Kela pays from Saturday 16 January.
    # Allowance days: 16 Jan = 1; the six-day weeks to Saturday 20 March make 1 + 9 × 6 = 55; 22–25 March make 59
    # (Good Friday 26 and Easter Saturday 27 March are not allowance days, Easter Monday 29 March neither); 30 March –
    # 3 April make 64; to 24 April 82; 26–30 April 87 (May Day 1 May is a holiday); 3, 4, 5 May make 88, 89, 90.
    points = fi_points(spell("2027-01-04"), today=d("2027-06-30"))
    assert points == [
        ("fi_30", d("2027-02-04"), "months"),  # one month after the first sick day
        ("fi_60", d("2027-03-04"), "months"),  # two months: the allowance must be applied for by then
        ("fi_90", d("2027-05-05"), "allowance_days"),
    ]
    assert fi_points(spell("2027-01-04"), today=d("2027-05-04"))[-1][0] == "fi_60"  # 89 allowance days: not yet


def test_the_calendar_count_reached_90_more_than_a_month_earlier() -> None:
    calendar = replace(RULES, fi_counting=("calendar_days",) * 3)
    (*_, ninety) = fi_points(spell("2027-01-04"), today=d("2027-06-30"), rules=calendar)
    assert ninety == ("fi_90", d("2027-04-03"), "calendar_days")  # 4 January + 89 days


def test_month_points_at_month_ends_fall_on_the_last_day_of_a_shorter_month() -> None:
    assert [on for _, on, _ in fi_points(spell("2027-01-31"), today=d("2027-04-30"))[:2]] == [
        d("2027-02-28"),
        d("2027-03-31"),
    ]
    assert [on for _, on, _ in fi_points(spell("2027-12-31"), today=d("2028-04-30"))[:2]] == [
        d("2028-01-31"),
        d("2028-02-29"),  # a leap year
    ]


def test_a_month_point_needs_the_sick_period_to_last_until_it() -> None:
    assert fi_points(spell("2027-01-04", "2027-02-03"), today=d("2027-06-30")) == []
    assert [rule for rule, _, _ in fi_points(spell("2027-01-04", "2027-02-04"), today=d("2027-06-30"))] == ["fi_30"]


def test_allowance_days_add_up_over_sick_periods_each_with_its_own_waiting_period() -> None:
    # Two three-week periods: each pays from its 11th allowance day (Sundays left out): 2 × 8 = 16 allowance days.
    first, second = spell("2027-08-02", "2027-08-22"), spell("2027-09-06", "2027-09-26")
    rules = replace(RULES, fi_points=(16,), fi_counting=("allowance_days",))
    assert fi_points(first, second, today=d("2027-12-31"), rules=rules) == [
        ("fi_16", d("2027-09-25"), "allowance_days")
    ]
    assert fi_points(first, replace(second, last_day=d("2027-09-24")), today=d("2027-12-31"), rules=rules) == []
    no_waiting = replace(rules, fi_waiting_days=0)  # every allowance day counts, from the first
    assert fi_points(first, today=d("2027-12-31"), rules=no_waiting) == [("fi_16", d("2027-08-19"), "allowance_days")]


def test_the_counting_of_each_point_is_configurable() -> None:
    rules = replace(RULES, fi_counting=("calendar_days", "allowance_days", "months"))
    assert fi_points(spell("2027-01-04"), today=d("2027-06-30"), rules=rules) == [
        ("fi_30", d("2027-02-02"), "calendar_days"),
        ("fi_60", d("2027-03-30"), "allowance_days"),  # 59 on 25 March, then the Easter holidays, see above
        ("fi_90", d("2027-04-04"), "months"),
    ]
    with pytest.raises(ValueError, match="fi_counting"):
        replace(RULES, fi_counting=("months", "months"))
    with pytest.raises(ValueError, match="fi_counting"):
        replace(RULES, fi_counting=("months", "months", "weeks"))
    with pytest.raises(ValueError, match="multiple of 30"):
        replace(RULES, fi_points=(45,), fi_counting=("months",))


def test_rules_are_read_from_plain_values_and_name_a_wrong_field() -> None:
    rules = AbsenceRules.from_mapping({"warning_spells": None, "fi_points": [30], "fi_counting": ["calendar_days"]})
    assert (rules.warning_spells, rules.fi_points, rules.fi_counting) == (None, (30,), ("calendar_days",))
    assert AbsenceRules.from_mapping({"unit_absolute_pct": 4}).unit_absolute_pct == 4.0
    with pytest.raises(ValueError, match="unknown field 'spells_per_year'"):
        AbsenceRules.from_mapping({"spells_per_year": 3})
    with pytest.raises(ValueError, match="spells_in_window: expected int"):
        AbsenceRules.from_mapping({"spells_in_window": "4"})
    with pytest.raises(ValueError, match="spells_in_window: expected int"):
        AbsenceRules.from_mapping({"spells_in_window": True})
    with pytest.raises(ValueError, match="fi_points: expected a list of int"):
        AbsenceRules.from_mapping({"fi_points": 90})


# --- the vectorised count against a day-by-day one --------------------------------------------------------------------

DAY0 = date(2026, 1, 1)


def _allowance_day(day: date, holidays) -> bool:
    return day.weekday() != 6 and day not in holidays


def _day_by_day(spells: list[Spell], rules: AbsenceRules, point: int, today: date, holidays) -> dict[str, date]:
    """The day each employee's ``point``-th paid allowance day in the last ``fi_points_months`` fell, counted one day
    at a time through each sick period: the first day and the next ``fi_waiting_days`` allowance days are waiting."""
    years = today.year - rules.fi_points_months // 12
    start = (date(years, 2, 28) if (today.month, today.day) == (2, 29) else today.replace(year=years)) + timedelta(1)
    reached: dict[str, date] = {}
    counts: dict[str, int] = {}
    for episode in merge_episodes(spells, rules):
        if episode.first_day > today:
            continue
        waiting = rules.fi_waiting_days
        days = [
            s.first_day + timedelta(days=i)
            for s in episode.segments
            for i in range(((s.last_day or today) - s.first_day).days + 1)
        ]
        for number, day in enumerate(day for day in days if day <= today):
            allowance = _allowance_day(day, holidays)
            if number == 0 and waiting:
                continue  # the day of falling ill
            if allowance and waiting:
                waiting -= 1
                continue
            if allowance and day >= start:
                counts[episode.employee] = counts.get(episode.employee, 0) + 1
                if counts[episode.employee] == point:
                    reached[episode.employee] = day
    return reached


@st.composite
def spells_st(draw) -> Spell:
    first = DAY0 + timedelta(days=draw(st.integers(0, 500)))
    length = draw(st.one_of(st.none(), st.integers(0, 60)))
    last = None if length is None else first + timedelta(days=length)
    return Spell(draw(st.sampled_from(["p1", "p2"])), "A", first, last, 100)


@settings(max_examples=150, deadline=None)
@given(st.lists(spells_st(), max_size=8), st.integers(0, 600), st.sampled_from([0, 9]), st.sampled_from([5, 20, 90]))
def test_allowance_days_are_counted_as_a_day_by_day_count_does(spells, t, waiting, point) -> None:
    today = DAY0 + timedelta(days=t)
    rules = replace(RULES, fi_points=(point,), fi_counting=("allowance_days",), fi_waiting_days=waiting)
    holidays = HOLIDAYS_2027 | {date(2026, 12, 24), date(2026, 6, 19), date(2026, 4, 4)}
    signals = person_signals(merge_episodes(spells, rules), rules, today, holidays)
    vectorised = {s.employee: s.on for s in signals if s.rule == f"fi_{point}"}
    assert vectorised == _day_by_day(spells, rules, point, today, holidays)
