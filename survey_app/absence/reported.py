"""Spells a sick report started (``survey_app.person.reports``), seen from the absence import: the import's copy of a
reported spell wins, so a reported spell is never counted twice.

A report starts an open spell without an import id at once; the import that later brings the same spell (same
employee and first day) replaces it where the file covers the spell's unit and period, and this step removes the
report's copy where the file places the spell in another unit (the person moved). It lives with the import it is a
step of; the report itself stays (``SickReport``), keeping the expected length tasks are counted from.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from sqlalchemy import delete, select

from survey_app.db import db
from survey_app.models import AbsenceSpell, SickReport

if TYPE_CHECKING:
    from survey_app.absence.coverage import Coverage


def drop_reported_copies(coverage: Coverage) -> None:
    """An absence import's step, after it replaced the spells its file covers: a spell a report started (no import
    id, a report of the same employee and first day) that the file brings again is the file's now, also when the file
    places it in another unit (the person moved), so the report's copy goes. Only the few report-started spells left
    in the file's period are read, and they are matched against the file's keys by numpy: a million-row import does
    no more work per row. ``coverage`` is the import's ``Coverage`` (its period, employees and key per row)."""
    first, last = coverage.period()
    reported = db.session.execute(
        select(AbsenceSpell.id, AbsenceSpell.employee_id, AbsenceSpell.first_day)
        .join(SickReport, (SickReport.employee_id == AbsenceSpell.employee_id)
              & (SickReport.first_day == AbsenceSpell.first_day))
        .where(AbsenceSpell.import_id.is_(None), AbsenceSpell.first_day.between(first, last))
    ).all()  # fmt: skip
    known = [(spell_id, coverage.key(employee, day)) for spell_id, employee, day in reported
             if employee in coverage.employees]  # fmt: skip
    if not known:
        return
    in_file = np.concatenate([np.asarray(keys, dtype=np.int64) for keys in coverage.keys.values()])
    found = np.isin(np.asarray([key for _, key in known], dtype=np.int64), in_file)
    copies = [spell_id for (spell_id, _), hit in zip(known, found, strict=True) if hit]
    if copies:
        db.session.execute(delete(AbsenceSpell).where(AbsenceSpell.id.in_(copies), AbsenceSpell.import_id.is_(None)))
