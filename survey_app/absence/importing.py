"""Rows of an absence file checked one by one: every problem with its row number, nothing imported while any remains.

The default layout is ``employee_id, unit_code, start_date, end_date, extent`` (optionally ``sex`` and ``age_band``);
Swedish and Finnish header names are accepted too (``FIELDS``). Dates are ISO (2026-03-14) or real date cells; an
empty end date is an open spell; extent is 100, 75, 50 or 25 (a trailing % is fine).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

SPELL_FIELDS: Mapping[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "employee", "anställningsnummer", "anstallningsid", "medarbetar-id", "henkilönumero",
                    "työntekijä", "henkilö-id", "pseudonym"),
    "unit_code": ("unit_code", "unit", "enhetskod", "enhet", "yksikkö", "yksikkökoodi", "kostnadsställe"),
    "start_date": ("start_date", "first_day", "from", "startdatum", "från", "första dag", "alkupäivä", "alkaen"),
    "end_date": ("end_date", "last_day", "to", "slutdatum", "till", "sista dag", "loppupäivä", "päättyen"),
    "extent": ("extent", "omfattning", "sjukskrivningsgrad", "laajuus", "osuus", "percent"),
    "sex": ("sex", "gender", "kön", "sukupuoli"),
    "age_band": ("age_band", "age", "åldersgrupp", "ålder", "ikäryhmä", "ikä"),
}  # fmt: skip
REQUIRED_SPELL_FIELDS = ("employee_id", "unit_code", "start_date", "extent")
STAFFING_FIELDS: Mapping[str, tuple[str, ...]] = {
    "unit_code": SPELL_FIELDS["unit_code"],
    "month": ("month", "period", "månad", "kuukausi"),
    "employees": ("employees", "headcount", "fte", "antal anställda", "årsarbetare", "henkilöstö", "htv"),
    "scheduled_hours": ("scheduled_hours", "hours", "schemalagd tid", "arbetstimmar", "työtunnit"),
}
EXTENTS = (100, 75, 50, 25)
_EMPLOYEE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
SEXES = {"f": "F", "k": "F", "kvinna": "F", "nainen": "F", "n": "F", "female": "F", "woman": "F",
         "m": "M", "man": "M", "mies": "M", "male": "M"}  # fmt: skip
#: Accepted spellings of the mandatory Swedish age bands, stored as interventions.absence.AGE_BANDS.
AGE_BANDS = {"-29": "0-29", "0-29": "0-29", "≤29": "0-29", "<30": "0-29", "30-49": "30-49",
             "50-": "50+", "50+": "50+", "≥50": "50+", ">49": "50+"}  # fmt: skip


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    message: object  # a lazy translatable string


@dataclass(frozen=True)
class SpellRow:
    employee_id: str
    unit_code: str
    first_day: date
    last_day: date | None
    extent: int
    sex: str | None = None
    age_band: str | None = None


@dataclass(frozen=True)
class StaffingRow:
    unit_code: str
    month: date
    employees: float
    scheduled_hours: float | None = None


@dataclass
class Checked:
    rows: list = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def missing_columns(mapping: Mapping[str, int | None], required: Iterable[str]) -> list[str]:
    return [name for name in required if mapping.get(name) is None]


def _cell(values: tuple, mapping: Mapping[str, int | None], name: str):
    index = mapping.get(name)
    if index is None or index >= len(values):
        return None
    value = values[index]
    return value.strip() if isinstance(value, str) else value


def _day(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def check_spells(
    rows: Iterable[tuple[int, tuple]], mapping: Mapping[str, int | None], unit_codes: Mapping[str, int], today: date
) -> Checked:
    """Every row checked; ``unit_codes`` maps upper-case unit code → unit id."""
    checked = Checked()
    problems = checked.problems
    columns = {name: mapping.get(name) for name in SPELL_FIELDS}

    def cell(values: tuple, name: str):
        index = columns[name]
        if index is None or index >= len(values):
            return None
        value = values[index]
        return value.strip() if isinstance(value, str) else value

    for number, values in rows:
        employee = cell(values, "employee_id")
        employee = str(int(employee)) if isinstance(employee, float) and employee.is_integer() else employee
        employee = str(employee) if isinstance(employee, int) else employee
        if not employee or not _EMPLOYEE.fullmatch(employee):
            problems.append(
                RowProblem(number, "employee_id", _l("a pseudonymous employee id is needed (letters, digits, . _ : -)"))
            )
        code = str(cell(values, "unit_code") or "")
        if code.upper() not in unit_codes:
            problems.append(
                RowProblem(number, "unit_code", _l("there is no unit with the code %(code)s", code=code or "–"))
            )
        first = _day(cell(values, "start_date"))
        raw_last = cell(values, "end_date")
        last = _day(raw_last)
        if first is None:
            problems.append(RowProblem(number, "start_date", _l("the first day must be a date such as 2026-03-14")))
        elif first > today:
            problems.append(RowProblem(number, "start_date", _l("the first day is in the future")))
        if raw_last not in (None, "") and last is None:
            problems.append(
                RowProblem(number, "end_date", _l("the last day must be a date such as 2026-03-20, or empty"))
            )
        elif first is not None and last is not None and last < first:
            problems.append(RowProblem(number, "end_date", _l("the last day is before the first day")))
        extent = _extent(cell(values, "extent"))
        if extent is None:
            problems.append(RowProblem(number, "extent", _l("the extent must be 100, 75, 50 or 25")))
        sex = cell(values, "sex")
        sex_code = SEXES.get(str(sex).casefold()) if sex not in (None, "") else None
        if sex not in (None, "") and sex_code is None:
            problems.append(RowProblem(number, "sex", _l("sex must be F or M, or empty")))
        band = cell(values, "age_band")
        band = str(band).replace("–", "-").replace(" ", "") if band not in (None, "") else None
        if band is not None and band not in AGE_BANDS:
            problems.append(RowProblem(number, "age_band", _l("the age band must be 0-29, 30-49 or 50+, or empty")))
        band = AGE_BANDS.get(band) if band else None
        if not problems or problems[-1].row != number:
            checked.rows.append(SpellRow(employee, code.upper(), first, last, extent, sex_code, band))
    return checked


_EXTENT_TEXT = {str(extent): extent for extent in EXTENTS}


def _extent(value) -> int | None:
    if isinstance(value, str) and value in _EXTENT_TEXT:
        return _EXTENT_TEXT[value]
    if isinstance(value, str):
        value = value.replace("%", "").strip().replace(",", ".")
        try:
            value = float(value)
        except ValueError:
            return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value) * (100 if 0 < float(value) <= 1 else 1)
        if number.is_integer() and int(number) in EXTENTS:
            return int(number)
    return None


def check_staffing(
    rows: Iterable[tuple[int, tuple]], mapping: Mapping[str, int | None], unit_codes: Mapping[str, int]
) -> Checked:
    checked = Checked()
    for number, values in rows:
        before = len(checked.problems)
        code = str(_cell(values, mapping, "unit_code") or "")
        if code.upper() not in unit_codes:
            checked.problems.append(
                RowProblem(number, "unit_code", _l("there is no unit with the code %(code)s", code=code or "–"))
            )
        month = _month(_cell(values, mapping, "month"))
        if month is None:
            checked.problems.append(RowProblem(number, "month", _l("the month must look like 2026-03")))
        employees = _number(_cell(values, mapping, "employees"))
        if employees is None or employees < 0:
            checked.problems.append(RowProblem(number, "employees", _l("the number of employees must be 0 or more")))
        hours = _number(_cell(values, mapping, "scheduled_hours"))
        if len(checked.problems) == before:
            checked.rows.append(StaffingRow(code.upper(), month, employees, hours))
    return checked


def _month(value) -> date | None:
    if isinstance(value, datetime | date):
        return date(value.year, value.month, 1)
    match = _MONTH.fullmatch(str(value or "").strip())
    if match and 1 <= int(match.group(2)) <= 12:
        return date(int(match.group(1)), int(match.group(2)), 1)
    return None


def _number(value) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and value:
        try:
            return float(value.replace(",", ".").replace(" ", ""))
        except ValueError:
            return None
    return None
