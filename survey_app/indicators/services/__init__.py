"""Indicator values and targets per unit and period: enter them, compute them, and lay them out for the page.

Where Omtanke holds the data, a value is computed, never typed in (``indicators.computed``: talks and meetings
logged, survey indices through the results gate, absence from the absence statistics wherever spells and
staffing are imported). HR may still enter absence values for units and periods Omtanke holds no absence data for;
the other indicators are always entered. For the same unit and period a computed value wins over an entered one.

A computed figure of a unit covers the unit and every unit below it, like survey results; an entered figure is what
was entered for exactly that unit (or for the whole organisation).

Who may do what: HR and admin enter values, set targets and see every unit and the whole organisation; managers and
occupational health see the units in their scope (``access.unit_scope``). Nothing here reads the request.

``scope`` holds who may do what, ``entering`` the values and targets HR enters, ``values`` the page's table; every
public name is importable from here.
"""

from survey_app.indicators.services.entering import ENTERED_SOURCES, LARGEST, enter_value, set_target
from survey_app.indicators.services.scope import (
    ORGANISATION_WIDE,
    can_enter,
    can_view,
    default_unit_id,
    visible_units,
)
from survey_app.indicators.services.values import RECENT_PERIODS, indicator_table, indicator_tables, recent_range

__all__ = [
    "ENTERED_SOURCES",
    "LARGEST",
    "ORGANISATION_WIDE",
    "RECENT_PERIODS",
    "can_enter",
    "can_view",
    "default_unit_id",
    "enter_value",
    "indicator_table",
    "indicator_tables",
    "recent_range",
    "set_target",
    "visible_units",
]
