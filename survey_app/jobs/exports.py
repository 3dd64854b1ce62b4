"""The exports a job can prepare: the same workbook functions, file names and rules as the download routes.

Each kind calls its area's ``workbooks.py`` with the job's owner as the actor, so role, unit scope, anonymity and
audit logging are exactly those of the direct download: this module only turns a job's stored parameters (plain JSON
values) back into the arguments the workbook function takes. Something the owner may not see — or that no longer
exists — raises ``NotAllowedError``, as in the route.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from flask_babel import lazy_gettext as _l

from exports.workbook import OnSheet
from survey_app.absence.workbooks import absence_workbook
from survey_app.access import NotAllowedError
from survey_app.db import db
from survey_app.downloads import download_name
from survey_app.indicators.workbooks import indicators_workbook
from survey_app.interviews.workbooks import interviews_workbook
from survey_app.models import InterviewRound, SurveyRound, User
from survey_app.plans.workbooks import plans_workbook
from survey_app.results.workbooks import comments_workbook, results_workbook

#: (actor, parameters, target, today, on_sheet) → rows written
Writer = Callable[[User, dict[str, Any], IO[bytes], date, OnSheet], int]


@dataclass(frozen=True)
class Export:
    label: Any  # a lazy translated string: what the job page calls it
    write: Writer
    #: The file name from the parameters and the day it was asked for, as the direct route names it (download_name).
    filename: Callable[[dict[str, Any], date], str]


def _survey(parameters: dict[str, Any]) -> SurveyRound:
    survey = db.session.get(SurveyRound, parameters.get("round_id"))
    if survey is None:
        raise NotAllowedError
    return survey


def _interview(parameters: dict[str, Any]) -> InterviewRound:
    interview = db.session.get(InterviewRound, parameters.get("round_id"))
    if interview is None:
        raise NotAllowedError
    return interview


EXPORTS: dict[str, Export] = {
    "results": Export(
        _l("Survey results"),
        lambda actor, p, target, today, on_sheet: results_workbook(
            actor, _survey(p), target, today, p.get("unit"), on_sheet=on_sheet
        ),
        lambda p, today: download_name("results", today, of_round=_survey(p), unit_id=p.get("unit")),
    ),
    "comments": Export(
        _l("Free-text answers"),
        lambda actor, p, target, today, on_sheet: comments_workbook(
            actor, _survey(p), target, today, p.get("unit"), on_sheet=on_sheet
        ),
        lambda p, today: download_name("free-text", today, of_round=_survey(p), unit_id=p.get("unit")),
    ),
    "interviews": Export(
        _l("Interview compilation"),
        lambda actor, p, target, today, on_sheet: interviews_workbook(
            actor, _interview(p), target, today, on_sheet=on_sheet
        ),
        lambda p, today: download_name("interviews", today, of_round=_interview(p)),
    ),
    "plans": Export(
        _l("Action plans"),
        lambda actor, p, target, today, on_sheet: plans_workbook(actor, target, today, p.get("unit"), on_sheet),
        lambda p, today: download_name("action-plans", today, unit_id=p.get("unit")),
    ),
    "indicators": Export(
        _l("Indicators"),
        lambda actor, p, target, today, on_sheet: indicators_workbook(
            actor, target, today, p.get("unit"), p.get("period", "month"), on_sheet
        ),
        lambda p, today: download_name(
            "indicators", today, unit_id=p.get("unit"), detail=f"by-{p.get('period', 'month')}"
        ),
    ),
    "absence": Export(
        _l("Sickness absence statistics and signals"),
        lambda actor, p, target, today, on_sheet: absence_workbook(actor, target, today, p.get("unit"), on_sheet),
        lambda p, today: download_name("absence", today, unit_id=p.get("unit")),
    ),
}
