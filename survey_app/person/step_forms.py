"""Forms of a person's steps and follow-ups: the fields of a unit plan's step and follow-up forms (the same labels),
trimmed to what a person's plan keeps.

They validate input and never write. The fields' rules (what is required, the 300 characters, the work trial's
schedule) are the service's (``case_steps``), so that one place says them; the forms only turn text into values. They
do not subclass ``plans.forms``: the person area must not import the plans area (the areas' import graph stays
without circles, tests/test_code_shape.py).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import Optional

from interventions.plans import EFFECT_LABELS, EFFECTS, STATUS_LABELS, STEP_STATUSES
from survey_app.models import PARTICIPANT_ROLES
from survey_app.models.person_cases import SHORT_TEXT
from survey_app.person.case_labels import role_label
from survey_app.person.case_steps import PersonFollowUpInput, PersonStepInput

NOTHING_ABOUT_HEALTH = _l(
    "At most %(n)d characters, about the work. Nothing about health or a diagnosis.", n=SHORT_TEXT
)


class PersonStepForm(FlaskForm):
    """A step of a person's plan: what, the responsible role, due date, status, next follow-up and, in a work trial,
    the share of hours from the due date."""

    what = TextAreaField(_l("What will be done"), validators=[Optional()], description=NOTHING_ABOUT_HEALTH)
    responsible_role = SelectField(_l("Responsible"), validate_choice=False)
    due_on = DateField(_l("Due date"), validators=[Optional()])
    hours_percent = IntegerField(
        _l("Share of the usual hours from the due date, per cent"),
        validators=[Optional()],
        description=_l("Work trials only: the hours step up, within the trial's period. Empty: no change of hours."),
    )
    status = SelectField(_l("Status"), validate_choice=False)
    next_follow_up_on = DateField(
        _l("Next follow-up"),
        validators=[Optional()],
        description=_l("Leave empty only when the step is done or dropped."),
    )


class PersonFollowUpForm(FlaskForm):
    """A follow-up of a person's step: when, a short note on what was done, status, effect and the next date."""

    held_on = DateField(_l("Date of the follow-up"), validators=[Optional()])
    done = TextAreaField(_l("What has been done"), validators=[Optional()], description=NOTHING_ABOUT_HEALTH)
    status = SelectField(_l("Status now"), validate_choice=False)
    effect = SelectField(_l("Effect so far"), validate_choice=False)
    next_follow_up_on = DateField(
        _l("Next follow-up"),
        validators=[Optional()],
        description=_l("Leave empty only when the step is done or dropped."),
    )


def step_form(work_trial: bool, **kwargs) -> PersonStepForm:
    """The step form with its choices; the hours field only for a work trial."""
    form = PersonStepForm(**kwargs)
    if not work_trial:
        del form.hours_percent
    form.responsible_role.choices = [(role, role_label(role)) for role in PARTICIPANT_ROLES]
    form.status.choices = [(key, _l(STATUS_LABELS[key])) for key in STEP_STATUSES]
    return form


def follow_up_form(**kwargs) -> PersonFollowUpForm:
    """The follow-up form with its choices."""
    form = PersonFollowUpForm(**kwargs)
    form.status.choices = [(key, _l(STATUS_LABELS[key])) for key in STEP_STATUSES]
    form.effect.choices = [(key, _l(EFFECT_LABELS[key])) for key in EFFECTS]
    return form


def step_input(form: PersonStepForm) -> PersonStepInput:
    """What the step form says, for the service."""
    hours = form.hours_percent.data if "hours_percent" in form else None
    return PersonStepInput(
        what=form.what.data or "",
        responsible_role=form.responsible_role.data or "",
        due_on=form.due_on.data,
        next_follow_up_on=form.next_follow_up_on.data,
        status=form.status.data or "",
        hours_percent=hours,
    )


def follow_up_input(form: PersonFollowUpForm) -> PersonFollowUpInput:
    """What the follow-up form says, for the service."""
    return PersonFollowUpInput(
        held_on=form.held_on.data,
        note=form.done.data or "",
        status=form.status.data or "",
        effect=form.effect.data or "",
        next_follow_up_on=form.next_follow_up_on.data,
    )
