"""Personal answer codes for many workplaces at once, from a code list: one row per unit and how many codes it needs.

Columns (Swedish and Finnish names work too): ``unit_code, codes``. Every row is checked first — the unit takes part
in the round, 1 to ``MAX_CODES`` codes, each unit once — and if any row is wrong no code is made. Otherwise every
unit's codes are made in one transaction and handed back once, as a workbook (the plain codes are never stored).
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from exports.workbook import Column, Sheet, Table, write_workbook
from survey_app import audit
from survey_app.db import db
from survey_app.importing import RowProblem, batches, nothing_imported, open_rows
from survey_app.models import RoundUnit, SurveyRound, User
from survey_app.surveys import services
from survey_app.surveys.links import code_url

CODE_LIST_FIELDS = {
    "unit_code": ("unit_code", "code", "enhetskod", "enhet", "yksikkökoodi", "yksikkö"),
    "codes": ("codes", "count", "number_of_codes", "antal koder", "antal", "koodien määrä", "koodeja", "määrä"),
}
CODE_LIST_MAX_BYTES = 2 * 1024 * 1024


def check_code_list(survey: SurveyRound, data: bytes, filename: str) -> tuple[list[tuple[RoundUnit, int]], list]:
    """Every row of a code list checked: the taking-part units with how many codes each, and every problem."""
    _, mapping, rows = open_rows(data, filename, CODE_LIST_FIELDS, ("unit_code", "codes"), CODE_LIST_MAX_BYTES)
    taking_part = {round_unit.unit.code.lower(): round_unit for round_unit in survey.units}
    found: list[tuple[RoundUnit, int]] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for batch in batches(rows, 1000):
        for number, values in batch:
            code = str(values[mapping["unit_code"]] or "").strip()
            count = _count(values[mapping["codes"]])
            round_unit = taking_part.get(code.lower())
            if round_unit is None:
                message = _l("%(code)s does not take part in this round", code=code or "–")
                problems.append(RowProblem(number, "unit_code", message))
            elif code.lower() in seen:
                message = _l("the code %(code)s is also on row %(row)d", code=code, row=seen[code.lower()])
                problems.append(RowProblem(number, "unit_code", message))
            if count is None:
                message = _l("ask for 1 to %(n)d codes", n=services.MAX_CODES)
                problems.append(RowProblem(number, "codes", message))
            seen.setdefault(code.lower(), number)
            if round_unit is not None and count is not None:
                found.append((round_unit, count))
    return found, problems


def _count(value) -> int | None:
    try:
        number = float(str(value).replace(",", ".").strip())
    except ValueError:
        return None
    return int(number) if number.is_integer() and 1 <= number <= services.MAX_CODES else None


def create_codes_from_list(
    actor: User, survey: SurveyRound, data: bytes, filename: str, secret: str, today: date, target
) -> int:
    """Every listed unit's codes, or none (``ImportRejectedError``); the codes are written to ``target`` as a
    workbook, sorted by unit, and the number of codes is returned."""
    found, problems = check_code_list(survey, data, filename)
    if problems or not found:
        raise nothing_imported(problems or [RowProblem(1, "unit_code", _l("the file holds no units"))])
    made = [(round_unit, services.new_codes(round_unit, count, secret, today)) for round_unit, count in found]
    audit.record(actor, "survey.codes_created", "survey_round", survey.id,
                 units={round_unit.unit.code: len(codes) for round_unit, codes in made})  # fmt: skip
    url = code_url()
    columns = [
        Column(_("Code"), 14),
        Column(_("Unit code"), 14),
        Column(_("Workplace"), 36),
        Column(_("Answer at"), 40),
    ]
    made.sort(key=lambda pair: pair[0].unit.name.casefold())
    rows = [(code, round_unit.unit.code, round_unit.unit.name, url) for round_unit, codes in made for code in codes]
    intro = [survey.title, _("Each code can be used once. Hand one to each person; the codes are not kept anywhere.")]
    write_workbook(target, [Sheet(_("Codes"), [Table(columns, rows)], intro=intro, freeze_first_column=False)])
    db.session.commit()
    return len(rows)
