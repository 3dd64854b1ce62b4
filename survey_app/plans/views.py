"""Plan pages in the order people use them: the overview, a case with its stages, goals and steps, and a step with
its follow-ups and history. Managers reach the steps they owe from the start page, one tap each."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from interventions.indicators import INDICATORS
from interventions.plans import (
    EFFECT_LABELS,
    RESPONSIBLE_ROLES,
    STAGE_LABELS,
    STAGES,
    STATUS_LABELS,
    STEP_STATUSES,
    TRIGGER_LABELS,
    TRIGGERS,
    suggest_next_follow_up,
)
from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required
from survey_app.db import db
from survey_app.exporting.delivery import deliver_export
from survey_app.forms import shown_on
from survey_app.models import InterventionCase, PlanStep, Role
from survey_app.plans import due, services, wording, workbooks
from survey_app.plans.forms import (
    CaseForm,
    CommentForm,
    FollowUpForm,
    GoalForm,
    PeriodsForm,
    SignForm,
    StepForm,
    chosen_responsible,
    responsible_choice,
    responsible_choices,
    stage_form_for,
)

bp = Blueprint("plans", __name__, url_prefix="/plans", template_folder="templates")
case_runners = roles_required(Role.HR, Role.ADMIN)


bp.app_context_processor(wording.template_helpers)  # plan labels on every page, the staff's plan page too


def _case(case_id: int) -> InterventionCase:
    case = db.get_or_404(InterventionCase, case_id)
    if not services.can_see(current_user, case):
        abort(404)
    return case


def _step(step_id: int) -> PlanStep:
    step = db.get_or_404(PlanStep, step_id)
    if not services.can_see(current_user, step.case):
        abort(404)
    return step


def _plannable_case(case_id: int) -> InterventionCase:
    """A case the caller may change; anyone else (occupational health reads only) gets 404 before any form."""
    case = _case(case_id)
    if not services.can_plan(current_user, case):
        abort(404)
    return case


def _plannable_step(step_id: int) -> PlanStep:
    step = _step(step_id)
    if not services.can_plan(current_user, step.case):
        abort(404)
    return step


def _choices(form) -> None:
    """Translated choices for whichever of these fields the form has."""
    if hasattr(form, "trigger"):
        form.trigger.choices = [(key, _(TRIGGER_LABELS[key])) for key in TRIGGERS]
    if hasattr(form, "stage"):
        form.stage.choices = [(key, _(STAGE_LABELS[key])) for key in STAGES]
    if hasattr(form, "status"):
        form.status.choices = [(key, _(STATUS_LABELS[key])) for key in STEP_STATUSES]
    if hasattr(form, "effect"):
        form.effect.choices = [(key, _(EFFECT_LABELS[key])) for key in EFFECT_LABELS]
    if hasattr(form, "indicator"):
        form.indicator.choices = [(key, _(indicator.label)) for key, indicator in INDICATORS.items()]
    if hasattr(form, "responsible_id"):
        form.responsible_id.choices = [(None, _("Not decided"))] + [(u.id, u.name) for u in services.hr_people()]


def _responsible_field(form: StepForm, case: InterventionCase, step: PlanStep | None = None) -> None:
    """The step form's choice of who is responsible: the roles and the accounts that may work on the case's unit."""
    keep = step.responsible_user_id if step is not None else None
    accounts = [(user.id, user.name) for user in services.responsible_accounts(case.unit, keep)]
    roles = [(key, wording.role_label(key)) for key in RESPONSIBLE_ROLES]
    kept = step.responsible_note if step is not None and not (step.responsible_user_id or step.responsible_role) else ""
    form.responsible.choices = responsible_choices(roles, accounts, kept)
    if step is not None and form.responsible.data is None:
        form.responsible.data = responsible_choice(step.responsible_user_id, step.responsible_role, kept)


@bp.get("/")
@roles_required(*ANY_ROLE)
def overview():
    """The action plans: the cases of the units the caller sees and the steps that need attention (every role)."""
    today = clock.today()
    cases = services.visible_cases(current_user, whole_plans=True)
    attention = due.steps_needing_attention(current_user, today)
    return render_template("plans/overview.html", cases=cases, attention=attention, today=today, flags=due.step_flags)


@bp.get("/export.xlsx")
@roles_required(*workbooks.PLANS.roles)
def export_plans():
    """The action plans as a workbook: the caller's units, or one unit and those below it (every role)."""
    return deliver_export(current_user, workbooks.PLANS, clock.today(), unit=request.args.get("unit", type=int))


@bp.route("/new", methods=["GET", "POST"])
@case_runners
def new_case():
    """Open a case; for a unit that already has an active case (the absence page's link, a typed code) that case."""
    form = CaseForm()
    _choices(form)
    if request.method == "GET":
        existing = services.active_case_for_code(current_user, request.args.get("unit", ""))
        if existing is not None:
            return _to_active_case(services.CaseAlreadyOpenError(existing))
        form.unit_code.data = request.args.get("unit", "")
        form.trigger.data = request.args.get("trigger", "manager_request")
        form.trigger_note.data = request.args.get("note", "")
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            case = services.open_case(current_user, _case_input(form), clock.today())
        if isinstance(outcome.error, services.CaseAlreadyOpenError):
            return _to_active_case(outcome.error)  # opened meanwhile: that case, not an error on the form
        if outcome.ok:
            flash(_("The case has been opened."), "success")
            return redirect(url_for("plans.case_detail", case_id=case.id))
    return render_template("plans/case_form.html", form=form)


def _case_input(form: CaseForm) -> services.CaseInput:
    return services.CaseInput(
        form.unit_code.data, form.trigger.data, form.trigger_note.data or "", form.responsible_id.data
    )


def _to_active_case(error: services.CaseAlreadyOpenError):
    flash(str(error.message), "info")
    return redirect(url_for("plans.case_detail", case_id=error.case_id))


def _stage_form(case: InterventionCase, **kwargs):
    """The stage form, asking what becomes of each open step should the case be closed."""
    return stage_form_for([(step.id, step.what) for step in services.open_steps(case)], **kwargs)


def _case_page(case: InterventionCase, **forms):
    today = clock.today()
    stage_form = forms.get("stage_form") or _stage_form(case, formdata=None)
    goal_form = forms.get("goal_form") or GoalForm(formdata=None)
    step_form = forms.get("step_form") or StepForm(formdata=None)
    periods_form = forms.get("periods_form") or PeriodsForm(formdata=None, obj=case)
    for form in (stage_form, goal_form, step_form):
        _choices(form)
    _responsible_field(step_form, case)
    if not forms.get("stage_form"):
        following = STAGES.index(case.stage) + 1 if case.stage in STAGES else 0
        stage_form.stage.data = STAGES[min(following, len(STAGES) - 1)]
    if not forms.get("step_form"):
        step_form.next_follow_up_on.data = suggest_next_follow_up(today)
        wanted = request.args.get("proposal", type=int)
        proposal = next((p for p in services.open_proposals(case) if p.id == wanted), None)
        if proposal is not None:
            step_form.what.data = proposal.text
            step_form.why.data = _("Suggested by the work group")
            step_form.proposal_id.data = str(proposal.id)
    from survey_app.plans.effect import case_effect
    from survey_app.plans.evaluation import case_evaluation, goals_now  # reads results: never from plans.services

    return render_template(
        "plans/case.html",
        case=case,
        today=today,
        flags=due.step_flags,
        can_plan=services.can_plan(current_user, case),
        can_run=services.can_run_case(current_user),
        proposals=services.open_proposals(case),
        open_steps=services.open_steps(case),
        stage_form=stage_form,
        goal_form=goal_form,
        step_form=step_form,
        periods_form=periods_form,
        evaluation=case_evaluation(case, today),
        effect=case_effect(current_user, case, today),
        goals_now=goals_now(current_user, case, today),
        voices=services.plan_voices(case),
        can_comment=services.can_comment(current_user, case),
        can_sign=services.can_sign(current_user, case),
        comment_form=forms.get("comment_form") or CommentForm(formdata=None),
        sign_form=SignForm(formdata=None),
    )


@bp.route("/<int:case_id>", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def case_detail(case_id: int):
    """A case: stages, goals, steps and evaluation (every role that sees the unit; occupational health only reads).
    The step form posts here, so that a refused step comes back at the page's own address."""
    if request.method == "POST":
        return _add_step(_plannable_case(case_id))
    return _case_page(_case(case_id))


@bp.post("/<int:case_id>/stages")
@roles_required(*ANY_ROLE)
def record_stage(case_id: int):
    """Record the stage a case reached; closing it settles every open step (HR, admin, managers of the unit)."""
    case = _plannable_case(case_id)
    form = _stage_form(case)
    _choices(form)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            successor = services.record_stage(
                current_user, case, form.stage.data, form.reached_on.data, form.note.data, clock.today(),
                form.step_outcomes(),
            )  # fmt: skip
        if outcome.ok:
            flash(_("The stage has been recorded."), "success")
            if successor is not None:
                flash(_("The steps you moved continue in the unit's case opened %(date)s.",
                        date=successor.opened_on.isoformat()), "success")  # fmt: skip
            return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="stages"))
    return _case_page(case, stage_form=form)


@bp.post("/<int:case_id>/periods")
@case_runners
def set_periods(case_id: int):
    """Set the case's evaluation periods and their entered figures (HR, admin)."""
    case = _case(case_id)
    form = PeriodsForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.set_periods(
                current_user, case, {name: form[name].data for name in form.data if name != "csrf_token"}
            )
        if outcome.ok:
            flash(_("The periods have been saved."), "success")
            return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="evaluation"))
    return _case_page(case, periods_form=form)


@bp.post("/<int:case_id>/goals")
@roles_required(*ANY_ROLE)
def add_goal(case_id: int):
    """Add a goal to the case's plan (HR, admin, managers of the unit)."""
    case = _plannable_case(case_id)
    form = GoalForm()
    _choices(form)
    if form.validate_on_submit():
        baseline = float(form.baseline.data) if form.baseline.data is not None else None
        target = float(form.target.data) if form.target.data is not None else None
        with shown_on(form) as outcome:
            services.add_goal(
                current_user, case, form.indicator.data, baseline, target, form.target_on.data, form.note.data
            )
        if outcome.ok:
            flash(_("The goal has been added."), "success")
            return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="goals"))
    return _case_page(case, goal_form=form)


def _step_input(form: StepForm, step: PlanStep | None = None) -> services.StepInput:
    proposal = form.proposal_id.data
    user_id, role, keep_note = chosen_responsible(form.responsible.data)
    note = step.responsible_note if keep_note and step is not None else ""
    return services.StepInput(
        what=form.what.data or "",
        why=form.why.data or "",
        responsible=services.Responsible(user_id, role, note or ""),
        due_on=form.due_on.data,
        next_follow_up_on=form.next_follow_up_on.data,
        status=form.status.data,
        proposal_id=int(proposal) if proposal and proposal.isdigit() else None,
    )


@bp.post("/<int:case_id>/steps")
@roles_required(*ANY_ROLE)
def add_step(case_id: int):
    """Add a step to the case's plan, perhaps from a work group's suggestion (HR, admin, managers of the unit)."""
    return _add_step(_plannable_case(case_id))


def _add_step(case: InterventionCase):
    form = StepForm()
    _choices(form)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            step = services.add_step(current_user, case, _step_input(form), clock.today())
        if outcome.ok:
            flash(_("The step has been added."), "success")
            return redirect(url_for("plans.step_detail", step_id=step.id))
    return _case_page(case, step_form=form)


def _step_page(step: PlanStep, follow_up_form=None, edit_form=None):
    today = clock.today()
    follow_up_form = follow_up_form or FollowUpForm(formdata=None)
    edit_form = edit_form or StepForm(formdata=None, obj=step)
    _choices(follow_up_form)
    _choices(edit_form)
    _responsible_field(edit_form, step.case, step)
    if follow_up_form.held_on.data is None and not follow_up_form.errors:
        follow_up_form.held_on.data = today
        follow_up_form.status.data = "in_progress" if step.status == "planned" else step.status
        follow_up_form.effect.data = "none"
        follow_up_form.next_follow_up_on.data = suggest_next_follow_up(today)
    return render_template(
        "plans/step.html",
        step=step,
        case=step.case,
        today=today,
        flags=due.step_flags(step, today),
        can_plan=services.can_plan(current_user, step.case),
        follow_up_form=follow_up_form,
        edit_form=edit_form,
        history=wording.history(step),
    )


@bp.route("/steps/<int:step_id>", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def step_detail(step_id: int):
    """A step with its follow-ups and history (every role that sees the unit; occupational health only reads). The
    follow-up form posts here, so that a refused follow-up comes back at the page's own address."""
    if request.method == "POST":
        return _record_follow_up(_plannable_step(step_id))
    return _step_page(_step(step_id))


@bp.post("/steps/<int:step_id>/follow-ups")
@roles_required(*ANY_ROLE)
def record_follow_up(step_id: int):
    """Record a step's follow-up and when the next one is (HR, admin, managers of the unit)."""
    return _record_follow_up(_plannable_step(step_id))


def _record_follow_up(step: PlanStep):
    form = FollowUpForm()
    _choices(form)
    if form.validate_on_submit():
        data = services.FollowUpInput(
            form.held_on.data, form.done.data or "", form.status.data, form.effect.data, form.next_follow_up_on.data
        )
        with shown_on(form) as outcome:
            services.record_follow_up(current_user, step, data, clock.today())
        if outcome.ok:
            flash(_("The follow-up has been recorded."), "success")
            return redirect(url_for("plans.step_detail", step_id=step.id))
    return _step_page(step, follow_up_form=form)


@bp.post("/steps/<int:step_id>/edit")
@roles_required(*ANY_ROLE)
def edit_step(step_id: int):
    """Save changes to a step, each kept in its history (HR, admin, managers of the unit)."""
    step = _plannable_step(step_id)
    form = StepForm()
    _choices(form)
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.update_step(current_user, step, _step_input(form, step))
        if outcome.ok:
            flash(_("The step has been saved."), "success")
            return redirect(url_for("plans.step_detail", step_id=step.id))
    return _step_page(step, edit_form=form)


# On this blueprint: the comparison units of a case's effect, comments and co-signatures.
from survey_app.plans import effect_views, programme_views, voice_views  # noqa: E402, F401
