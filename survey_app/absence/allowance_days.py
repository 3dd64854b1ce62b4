"""The Finnish public holidays that are not sickness-allowance days, for the 30-60-90 rule's 90 point.

Kela pays the sickness allowance for *arkipäivät*: Monday to Saturday except church holidays, Independence Day,
Christmas Eve, Midsummer Eve, May Day and Easter Saturday (the Health Insurance Act 1224/2004; docs/absence-rules.md).
The well-kept ``holidays`` package knows every one of them but Easter Saturday, which is added here as the day before
Easter Sunday. The core (``interventions.absence.person_signal_rules``) takes the result as a plain set of dates.
"""

from __future__ import annotations

from datetime import date, timedelta

_EASTER_SUNDAY = "Pääsiäispäivä"
YEARS_BACK = 10  # an open sick period that began this long ago still has its waiting period counted right


def finnish_holidays(today: date) -> frozenset[date]:
    """Every Finnish public holiday from ``YEARS_BACK`` years before ``today``'s year to the end of it, and each
    year's Easter Saturday."""
    import holidays  # every country's calendar module: loaded when a date is first counted, not by every process

    public = holidays.Finland(years=range(today.year - YEARS_BACK, today.year + 1), language="fi")
    easter_saturdays = {day - timedelta(days=1) for day, name in public.items() if _EASTER_SUNDAY in name}
    return frozenset(public) | easter_saturdays
