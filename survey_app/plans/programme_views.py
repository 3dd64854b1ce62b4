"""The programme as a whole on the plans blueprint (``plans.programme``, issue 24): every case with its effect, the
totals and the comparison of cases followed up with the others, and its workbook (export kind "programme"). HR and
admin only: the figures span every unit."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from interventions.effect import MEASURES
from survey_app import clock
from survey_app.access import roles_required
from survey_app.exporting.delivery import deliver_export
from survey_app.plans import programme as figures
from survey_app.plans.programme_workbook import PROGRAMME
from survey_app.plans.views import bp


@bp.get("/programme")
@roles_required(*PROGRAMME.roles)
def programme():
    """Every case's effect against comparison units, the totals and how the effect goes with follow-up (HR, admin)."""
    found = figures.programme(current_user, clock.today())
    return render_template(
        "plans/programme.html", programme=found, summary=figures.summary(found), measures=MEASURES, how=figures.HOW
    )


@bp.get("/programme.xlsx")
@roles_required(*PROGRAMME.roles)
def export_programme():
    """The programme as a workbook (HR, admin)."""
    return deliver_export(current_user, PROGRAMME, clock.today())
