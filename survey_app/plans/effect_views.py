"""HR's choice of a case's comparison units, on the plans blueprint (``plans.effect``).

The case page shows the effect against the comparison units (``_effect.html``); its small forms post here and come
back to it: add a unit, take back one left out, or leave one out. Only HR and admin change the choice; a case outside
the caller's units answers 404 like every plan page.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import InputRequired

from survey_app import clock
from survey_app.forms import flashed
from survey_app.plans import effect
from survey_app.plans.views import _case, bp, case_runners

bp.context_processor(effect.template_helpers)


class ComparisonForm(FlaskForm):
    """A unit to add to the comparison units, or to leave out (``effect.ACTIONS``)."""

    unit_id = IntegerField(validators=[InputRequired()])
    action = StringField(validators=[InputRequired()])


@bp.post("/<int:case_id>/comparisons")
@case_runners
def change_comparison(case_id: int):
    """Add a comparison unit to the case's effect or leave one out (HR, admin)."""
    case = _case(case_id)
    form = ComparisonForm()
    if not form.validate_on_submit():
        flash(_("Choose a unit."), "error")
    else:
        with flashed() as outcome:
            effect.change_comparison(current_user, case, form.unit_id.data, form.action.data, clock.today())
        if outcome.ok:
            flash(_("The comparison units have been changed."), "success")
    return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="effect"))
