"""Rows of an absence file checked: every problem with its row number, nothing imported while any remains.

The default layout is ``employee_id, unit_code, start_date, end_date, extent`` (optionally ``sex`` and ``age_band``);
Swedish and Finnish header names are accepted too (``FIELDS``). Dates are ISO (2026-03-14) or real date cells; an
empty end date is an open spell; extent is 100, 75, 50 or 25 (a trailing % is fine). Staffing is ``unit_code, month,
employees`` (optionally ``scheduled_hours``); a staffing row with a sex and/or an age band counts that group of the
unit's staff, for the Swedish ratios by sex and age band.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import compress
from typing import NamedTuple

import numpy as np
from flask_babel import lazy_gettext as _l

from survey_app.importing import RowProblem

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
    "sex": SPELL_FIELDS["sex"],
    "age_band": SPELL_FIELDS["age_band"],
}
EXTENTS = (100, 75, 50, 25)
_EMPLOYEE = re.compile(r"[A-Za-z0-9._:-]{1,64}")
_MONTH = re.compile(r"(\d{4})-(\d{2})(?:-\d{2})?")
SEXES = {"f": "F", "k": "F", "kvinna": "F", "nainen": "F", "n": "F", "female": "F", "woman": "F",
         "m": "M", "man": "M", "mies": "M", "male": "M"}  # fmt: skip
#: Accepted spellings of the mandatory Swedish age bands, stored as interventions.absence.AGE_BANDS.
AGE_BANDS = {"-29": "0-29", "0-29": "0-29", "≤29": "0-29", "<30": "0-29", "30-49": "30-49",
             "50-": "50+", "50+": "50+", "≥50": "50+", ">49": "50+"}  # fmt: skip


class SpellRow(NamedTuple):  # only a preview's sample: an import keeps spells as columns (SpellColumns)
    """One checked spell: a pseudonymous employee's absence in a unit, its days (no last day: still open) and extent."""

    employee_id: str
    unit_code: str
    first_day: date
    last_day: date | None
    extent: int
    sex: str | None = None
    age_band: str | None = None


@dataclass(frozen=True)
class StaffingRow:
    """One checked staffing figure: a unit's employees in a month, for all its staff or one sex or age band."""

    unit_code: str
    month: date
    employees: float
    scheduled_hours: float | None = None
    sex: str = ""  # "" = all: a row with a sex or an age band counts one group of the unit's staff
    age_band: str = ""


@dataclass
class Checked:
    """A file's rows after checking: the valid rows, and every problem with its row number."""

    rows: list = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


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


@dataclass
class SpellColumns:
    """A batch's valid spells column by column, in file order, and every problem of the batch. A million-row file
    becomes a hundred of these, never a million row objects: the import writes and counts them column-wise."""

    employee: list[str]
    unit_cell: Sequence  # the unit code as the file writes it
    unit: np.ndarray  # unit ids
    first_day: list[date]
    last_day: list[date | None]
    first: np.ndarray  # the first days' ordinals
    extent: list[int]
    sex: list[str | None]
    age_band: list[str | None]
    problems: list[RowProblem] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.employee)

    def rows(self, limit: int) -> list[SpellRow]:
        """The first ``limit`` spells as rows, for a preview's sample."""
        codes = list(map(_code, self.unit_cell[: max(limit, 0)]))
        columns = (self.employee, codes, self.first_day, self.last_day, self.extent, self.sex, self.age_band)
        return [SpellRow(*values) for values in zip(*(column[: len(codes)] for column in columns), strict=True)]


class SpellCheck:
    """The check of a file's spell rows, batch by batch; ``unit_codes`` maps upper-case unit code → unit id. Rows are
    padded to the header's width (``exports.reading``). An absence file repeats a few hundred dates, units and
    extents, so each batch is read column by column and each distinct value is interpreted once per file; the values
    found wrong are remembered, so a batch of valid rows is checked without looking at any row on its own."""

    def __init__(self, unit_codes: Mapping[str, int], today: date):
        self.unit_codes, self.today = unit_codes, today
        self.memos = {
            "employee_id": Memo(_employee, lambda value: value is None),
            "unit_code": Memo(lambda value: unit_codes.get(_code(value), -1), lambda value: value < 0),
            "start_date": Memo(_day),  # checked with the last day, below
            "end_date": Memo(_end_day, lambda value: value is _INVALID),
            "extent": Memo(_extent, lambda value: value is None),
            "sex": Memo(_sex, lambda value: value is _INVALID),
            "age_band": Memo(_band, lambda value: value is _INVALID),
        }
        self.ordinals = Memo(lambda day: day.toordinal() if isinstance(day, date) else -1)

    def __call__(self, rows: Iterable[tuple[int, tuple]], mapping: Mapping[str, int | None]) -> SpellColumns:
        """One batch of rows checked: its valid spells as columns, and every problem with its row number."""
        rows = list(rows)
        if not rows:
            return SpellColumns([], [], np.zeros(0, np.int64), [], [], np.zeros(0, np.int64), [], [], [])
        numbers, cells = zip(*rows, strict=True)
        by_column = list(zip(*cells, strict=False))  # rows are at least as wide as the header
        n = len(rows)
        raw = {name: by_column[mapping[name]] if mapping.get(name) is not None else (None,) * n for name in self.memos}
        for memo in self.memos.values():
            memo.bound(_MEMO_LIMIT)
        values = {
            name: list(map(memo.__getitem__, raw[name])) if mapping.get(name) is not None else [memo[None]] * n
            for name, memo in self.memos.items()
        }
        first = np.fromiter(map(self.ordinals.__getitem__, values["start_date"]), np.int64, n)
        last = np.fromiter(map(self.ordinals.__getitem__, values["end_date"]), np.int64, n)
        bad = (first < 0) | (first > self.today.toordinal()) | ((last >= 0) & (last < first))
        for name, memo in self.memos.items():
            if memo.wrong:
                bad |= np.fromiter(map(memo.wrong.__contains__, raw[name]), bool, n)
        problems = [problem for i in np.flatnonzero(bad).tolist()
                    for problem in _row_problems(numbers[i], raw, values, i, self.unit_codes, self.today)]  # fmt: skip
        unit_cell = raw["unit_code"]
        if problems:  # every row with a value that is not valid (``_INVALID`` included) goes
            keep = (~bad).tolist()
            values = {name: list(compress(column, keep)) for name, column in values.items()}
            first, unit_cell = first[~bad], list(compress(unit_cell, keep))
        return SpellColumns(values["employee_id"], unit_cell, np.fromiter(values["unit_code"], np.int64, len(first)),
                            values["start_date"], values["end_date"], first, values["extent"], values["sex"],
                            values["age_band"], problems)  # fmt: skip


_MEMO_LIMIT = 200_000  # distinct values kept per column: about the employees of a large organisation


def _row_problems(number, raw, values, i, unit_codes, today) -> list[RowProblem]:
    """The problems of row ``i`` of a batch (its raw cells and interpreted values), each with the row's number."""
    last = values["end_date"][i]
    return _spell_problems(number, values["employee_id"][i], _code(raw["unit_code"][i]), unit_codes,
                           values["start_date"][i], today, raw["end_date"][i], None if last is _INVALID else last,
                           values["extent"][i], values["sex"][i], values["age_band"][i])  # fmt: skip


def _end_day(value):
    """An end date, None when empty (an open spell), ``_INVALID`` when it is not a date."""
    if value in (None, ""):
        return None
    return _day(value) or _INVALID


_INVALID = object()


class Memo(dict):
    """A function's results by argument, for the few distinct values of a column: a hit is a plain dict lookup.
    With ``invalid``, the arguments whose result it calls invalid are kept in ``wrong``."""

    def __init__(self, function, invalid=None):
        super().__init__()
        self.function, self.invalid, self.wrong = function, invalid, set()

    def __missing__(self, value):
        result = self[value] = self.function(value)
        if self.invalid is not None and self.invalid(result):
            self.wrong.add(value)
        return result

    def bound(self, size: int) -> None:
        """Forget the results (not the wrong values) once more than ``size`` are kept."""
        if len(self) > size:
            self.clear()


def _code(value) -> str:
    return str(value or "").strip().upper()


def _employee(value) -> str | None:
    value = str(int(value)) if isinstance(value, float) and value.is_integer() else value
    value = str(value) if isinstance(value, int) else value
    return value.strip() if isinstance(value, str) and _EMPLOYEE.fullmatch(value.strip()) else None


def _sex(value):
    return None if value in (None, "") else SEXES.get(str(value).strip().casefold(), _INVALID)


def _band(value):
    if value in (None, ""):
        return None
    return AGE_BANDS.get(str(value).replace("–", "-").replace(" ", ""), _INVALID)


def _spell_problems(number, employee, code, unit_codes, first, today, raw_last, last, extent, sex, band):
    problems = []
    if employee is None:
        problems.append(
            RowProblem(number, "employee_id", _l("a pseudonymous employee id is needed (letters, digits, . _ : -)"))
        )
    if code not in unit_codes:
        problems.append(
            RowProblem(number, "unit_code", _l("there is no unit with the code %(code)s", code=code or "–"))
        )
    if first is None:
        problems.append(RowProblem(number, "start_date", _l("the first day must be a date such as 2026-03-14")))
    elif first > today:
        problems.append(RowProblem(number, "start_date", _l("the first day is in the future")))
    if raw_last not in (None, "") and last is None:
        problems.append(RowProblem(number, "end_date", _l("the last day must be a date such as 2026-03-20, or empty")))
    elif first is not None and last is not None and last < first:
        problems.append(RowProblem(number, "end_date", _l("the last day is before the first day")))
    if extent is None:
        problems.append(RowProblem(number, "extent", _l("the extent must be 100, 75, 50 or 25")))
    if sex is _INVALID:
        problems.append(RowProblem(number, "sex", _l("sex must be F or M, or empty")))
    if band is _INVALID:
        problems.append(RowProblem(number, "age_band", _l("the age band must be 0-29, 30-49 or 50+, or empty")))
    return problems


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
    """Every staffing row checked: a known unit, a month, zero employees or more, a valid sex and age band."""
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
        sex, band = _sex(_cell(values, mapping, "sex")), _band(_cell(values, mapping, "age_band"))
        if sex is _INVALID:
            checked.problems.append(RowProblem(number, "sex", _l("sex must be F or M, or empty")))
        if band is _INVALID:
            message = _l("the age band must be 0-29, 30-49 or 50+, or empty")
            checked.problems.append(RowProblem(number, "age_band", message))
        if len(checked.problems) == before:
            checked.rows.append(StaffingRow(code.upper(), month, employees, hours, sex or "", band or ""))
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
