"""Forms of the plan pages: they validate input and never write."""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, HiddenField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from interventions.plans import STEP_OUTCOME_LABELS, STEP_OUTCOMES, StepOutcome


def _int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class CaseForm(FlaskForm):
    """Opening a case: the unit by its code, what triggered the case and the responsible HR specialist."""

    unit_code = StringField(_l("Code of the unit"), validators=[InputRequired(), Length(max=50)])
    trigger = SelectField(_l("What triggered the case"))
    trigger_note = TextAreaField(_l("The trigger in a sentence"), validators=[Optional(), Length(max=2000)])
    responsible_id = SelectField(_l("Responsible HR specialist"), coerce=_int_or_none, validate_choice=False)


class StageForm(FlaskForm):
    """A stage the case reached, when, and what happened (``stage_form_for`` adds the closing questions)."""

    stage = SelectField(_l("Stage reached"))
    reached_on = DateField(_l("Date"), validators=[Optional()])
    note = TextAreaField(_l("What happened"), validators=[Optional(), Length(max=2000)])

    def step_outcomes(self) -> dict[int, StepOutcome]:
        """What was chosen for each open step (the fields ``stage_form_for`` adds), by step id."""
        outcomes = {}
        for name, field in self._fields.items():
            if name.startswith("outcome_"):
                step_id = name.removeprefix("outcome_")
                outcomes[int(step_id)] = StepOutcome(field.data or "", self[f"reason_{step_id}"].data or "")
        return outcomes


def stage_form_for(open_steps: Iterable[tuple[int, str]], **kwargs) -> StageForm:
    """The stage form with, for each open step (id, what), what becomes of it if the case is closed: one of
    ``STEP_OUTCOMES`` (``outcome_<id>``) and, for a cancelled step, why (``reason_<id>``). Whether every step has
    its answer is the service's rule (``check_closing``), so the form accepts them empty."""

    class ClosingStageForm(StageForm):
        pass

    names = []
    for step_id, what in open_steps:
        setattr(ClosingStageForm, f"outcome_{step_id}", RadioField(what, validate_choice=False))
        reason = StringField(_l("Why it is cancelled"), validators=[Optional(), Length(max=500)])
        setattr(ClosingStageForm, f"reason_{step_id}", reason)
        names.append(f"outcome_{step_id}")
    form = ClosingStageForm(**kwargs)
    for name in names:  # set on the bound fields, as the views set every other form's choices
        form[name].choices = [(key, _l(STEP_OUTCOME_LABELS[key])) for key in STEP_OUTCOMES]
    return form


class PeriodsForm(FlaskForm):
    """The evaluation's reference and follow-up periods, with figures to enter where Omtanke holds no absence data, and
    the case's own cost of a sick day."""

    reference_start = DateField(_l("Reference period: first day"), validators=[Optional()])
    reference_end = DateField(_l("Reference period: last day"), validators=[Optional()])
    follow_up_start = DateField(_l("Follow-up period: first day"), validators=[Optional()])
    follow_up_end = DateField(_l("Follow-up period: last day"), validators=[Optional()])
    reference_employees = DecimalField(_l("Employees in the reference period"), validators=[Optional()], places=None)
    reference_sick_days = DecimalField(_l("Sick days in the reference period"), validators=[Optional()], places=None)
    reference_short_term_days = DecimalField(
        _l("Short-term sick days (days 1–14) in the reference period"), validators=[Optional()], places=None
    )
    follow_up_employees = DecimalField(_l("Employees in the follow-up period"), validators=[Optional()], places=None)
    follow_up_sick_days = DecimalField(_l("Sick days in the follow-up period"), validators=[Optional()], places=None)
    follow_up_short_term_days = DecimalField(
        _l("Short-term sick days (days 1–14) in the follow-up period"), validators=[Optional()], places=None
    )
    daily_cost = DecimalField(
        _l("Cost of one sick day"),
        validators=[Optional()],
        places=None,
        description=_l("Empty: the organisation's default."),
    )


class GoalForm(FlaskForm):
    """A goal of the plan: an indicator, its baseline, the target and when it should be reached."""

    indicator = SelectField(_l("Indicator"))
    baseline = DecimalField(_l("Where it stands now (baseline)"), validators=[Optional()], places=None)
    target = DecimalField(_l("Target"), validators=[Optional()], places=None)
    target_on = DateField(_l("Target date"), validators=[Optional()])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=2000)])


class StepForm(FlaskForm):
    """A step of the plan, new or edited: what, why, who is responsible, its status, due date and next follow-up."""

    what = TextAreaField(_l("What will be done"), validators=[Optional(), Length(max=1000)])
    why = TextAreaField(_l("Why: the finding or theme it answers"), validators=[Optional(), Length(max=2000)])
    responsible = SelectField(
        _l("Responsible"),
        validate_choice=False,  # the service says in words who may be chosen (``responsible_accounts``)
        description=_l("A person who works on this unit's plan, or a role."),
    )
    due_on = DateField(_l("Due date"), validators=[Optional()])
    next_follow_up_on = DateField(_l("Next follow-up"), validators=[Optional()])
    status = SelectField(_l("Status"))
    proposal_id = HiddenField()


NOTE_CHOICE = "note"


def responsible_choices(
    roles: Iterable[tuple[str, str]], accounts: Iterable[tuple[int, str]], note: str = ""
) -> dict[str, list[tuple[str, str]]]:
    """The responsible select's options, grouped: the named roles (key, label), the accounts that may work on the
    unit (id, name) and, for a step from before accounts and roles, its old words to keep (``NOTE_CHOICE``)."""
    groups = {}
    if note:
        groups[str(_l("As written before"))] = [(NOTE_CHOICE, note)]
    groups[str(_l("Roles"))] = [(f"role-{key}", label) for key, label in roles]
    groups[str(_l("People"))] = [(f"user-{user_id}", name) for user_id, name in accounts]
    return groups


def responsible_choice(user_id: int | None, role: str | None, note: str = "") -> str | None:
    """The option of the responsible select that stands for who is responsible now."""
    if user_id is not None:
        return f"user-{user_id}"
    if role:
        return f"role-{role}"
    return NOTE_CHOICE if note else None


def chosen_responsible(value: str | None) -> tuple[int | None, str | None, bool]:
    """What the responsible select says: (account id, role, keep the old words); nothing of the three for anything
    else, which the service refuses in words."""
    value = value or ""
    if value.startswith("user-") and value[5:].isdigit() and len(value) < 15:
        return int(value[5:]), None, False
    if value.startswith("role-"):
        return None, value[5:], False
    return None, None, value == NOTE_CHOICE


class FollowUpForm(FlaskForm):
    """A step's follow-up: when it was held, what has been done, the step's status and effect, the next follow-up."""

    held_on = DateField(_l("Date of the follow-up"), validators=[Optional()])
    done = TextAreaField(_l("What has been done"), validators=[Optional(), Length(max=2000)])
    status = SelectField(_l("Status now"))
    effect = SelectField(_l("Effect so far"))
    next_follow_up_on = DateField(
        _l("Next follow-up"),
        validators=[Optional()],
        description=_l("Leave empty only when the step is done or dropped."),
    )


class CommentForm(FlaskForm):
    """A comment on a unit's plan (``services.add_comment`` checks its length)."""

    text = TextAreaField(
        _l("Your comment"),
        validators=[Optional()],
        description=_l("At most 2000 characters. Names, phone numbers and e-mail addresses are hidden when shown."),
    )


class SignForm(FlaskForm):
    """The safety representative's co-signature: the button carries only the CSRF token."""
