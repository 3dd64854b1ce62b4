"""The form that marks a manager's task done: the day and a structured outcome, never free text (a person's
sickness is health data; the outcome says only whether the call reached them or a talk was booked)."""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, RadioField
from wtforms.validators import InputRequired

from survey_app.person.tasks import OUTCOME_LABELS, outcomes_for


class TaskDoneForm(FlaskForm):
    """When the task was done (today unless told) and how it ended (the outcomes its kind offers)."""

    done_on = DateField(_l("Date done"), validators=[InputRequired()])
    outcome = RadioField(_l("Outcome"), validators=[InputRequired(message=_l("Choose how the task ended."))])


def task_done_form(kind: str, today: date) -> TaskDoneForm:
    """The form for a task of ``kind``: its outcomes to choose from, the date today; a kind with one outcome has it
    chosen already."""
    choices = outcomes_for(kind)
    form = TaskDoneForm(done_on=today, outcome=choices[0] if len(choices) == 1 else None)
    form.outcome.choices = [(value, OUTCOME_LABELS[value]) for value in choices]
    return form
