"""Calendar months as absence counts them, and the rolling windows the person signals look back over."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from interventions.absence.months import add_months, month_end, month_of, months_spanned, window_start


def test_a_twelve_month_window_starts_the_day_after_the_same_date_a_year_ago():
    assert window_start(date(2026, 5, 15), 12) == date(2025, 5, 16)
    assert window_start(date(2026, 5, 15), 4) == date(2026, 1, 16)


def test_a_window_from_a_shorter_month_starts_after_its_last_day():
    assert window_start(date(2026, 3, 31), 1) == date(2026, 3, 1)  # 28 February 2026, the day after
    assert window_start(date(2028, 2, 29), 12) == date(2027, 3, 1)


@given(st.dates(min_value=date(1901, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=1, max_value=36))
def test_a_window_of_n_months_holds_between_28_and_31_days_per_month(today, months):
    days = (today - window_start(today, months)).days + 1
    assert 28 * months <= days <= 31 * months


def test_month_helpers():
    assert month_of(date(2026, 2, 17)) == date(2026, 2, 1)
    assert month_end(date(2028, 2, 3)) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 31), -2) == date(2025, 11, 30)
    assert months_spanned(date(2025, 11, 30), date(2026, 2, 1)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
