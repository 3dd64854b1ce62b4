"""The indicators table laid out from plain values: which value a period shows, and what a row says about it."""

from __future__ import annotations

from datetime import date

from interventions.indicators import INDICATORS
from survey_app.indicators.table import Entered, Target, cell, row

QUARTER = (date(2026, 1, 1), date(2026, 3, 31))
JANUARY, FEBRUARY = (date(2026, 1, 1), date(2026, 1, 31)), (date(2026, 2, 1), date(2026, 2, 28))


def test_a_computed_value_wins_over_an_entered_one():
    absence = INDICATORS["sick_absence_pct"]
    entered = [Entered(*JANUARY, 7.0)]
    assert cell(absence, JANUARY, {date(2026, 1, 1): 6.0}, entered).value == 6.0
    assert cell(absence, JANUARY, {}, entered).source == "entered"


def test_a_quarter_adds_up_counts_and_takes_the_latest_rate():
    entered = [Entered(*JANUARY, 1.0), Entered(*FEBRUARY, 2.0)]
    assert cell(INDICATORS["accidents"], QUARTER, {}, entered).value == 3.0
    assert cell(INDICATORS["sick_absence_pct"], QUARTER, {}, entered).value == 2.0
    assert cell(INDICATORS["accidents"], QUARTER, {}, [*entered, Entered(*QUARTER, 5.0)]).value == 5.0


def test_no_talk_logged_is_zero_talks_but_no_entry_is_no_value():
    assert cell(INDICATORS["early_support_talks"], JANUARY, {}, []).value == 0.0
    assert cell(INDICATORS["accidents"], JANUARY, {}, []).value is None


def test_a_row_gives_the_latest_value_the_one_before_and_progress_towards_the_target():
    absence = INDICATORS["sick_absence_pct"]
    entered = [Entered(*JANUARY, 8.0), Entered(*FEBRUARY, 6.5)]
    cells = (cell(absence, JANUARY, {}, entered), cell(absence, FEBRUARY, {}, entered))
    found = row(absence, cells, Target(5.0, date(2026, 12, 31), organisation=True))
    assert (found.latest.value, found.previous, found.met, found.progress) == (6.5, 8.0, False, 0.5)
    assert row(absence, cells, None).met is None and row(absence, cells[:1], None).previous is None
