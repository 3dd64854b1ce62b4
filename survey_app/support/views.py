"""Early-support pages in the order people use them: the quick guide every role reads, the model HR edits, and the
log of early-support talks and network meetings (dates and roles only, never names or health details)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required
from survey_app.db import db
from survey_app.forms import shown_on
from survey_app.models import Role, SupportEvent
from survey_app.support import services
from survey_app.support.defaults import MODEL_ROLES, STAGE_KEYS
from survey_app.support.forms import KIND_LABELS, MODEL_ROLE_LABELS, PRESENT_LABELS, STAGE_LABELS, EventForm, ModelForm

bp = Blueprint("support", __name__, url_prefix="/support", template_folder="templates")
model_editors = roles_required(Role.HR, Role.ADMIN)


@bp.context_processor
def labels() -> dict:
    """Stage, role, event and roles-present labels in the reader's language, for the early-support pages."""
    return {
        "stage_label": lambda key: STAGE_LABELS.get(key, key),
        "model_role_label": lambda key: MODEL_ROLE_LABELS.get(key, key),
        "kind_label": lambda key: KIND_LABELS.get(key, key),
        "present_label": lambda key: PRESENT_LABELS.get(key, key),
    }


@bp.get("/")
@roles_required(*ANY_ROLE)
def quick_guide():
    """The quick guide: what a manager does at each stage of early support, and whom to contact (every role)."""
    model = services.current_model(str(get_locale()))
    return render_template(
        "support/quick_guide.html",
        model=model,
        model_roles=MODEL_ROLES,
        contacts_for=services.contacts_for,
        contacts=services.reachable_contacts(model),
        customised=services.saved_model() is not None,
        can_edit=services.can_edit_model(current_user),
    )


@bp.route("/model", methods=["GET", "POST"])
@model_editors
def edit_model():
    """Edit the organisation's early-support model, starting from the one in use (HR, admin)."""
    form = ModelForm()
    if request.method == "GET":
        form.fill(services.current_model(str(get_locale())))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.save_model(current_user, form.content())
        if outcome.ok:
            flash(_("The early-support model has been saved."), "success")
            return redirect(url_for("support.quick_guide"))
    return render_template("support/model_form.html", form=form, stage_keys=STAGE_KEYS, model_roles=MODEL_ROLES)


@bp.route("/events", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def events():
    """Log a talk or network meeting; the latest logged and the counts per month beside it (every role, its units)."""
    today = clock.today()
    form = EventForm()
    units = [(unit.id, unit.name) for unit in services.units_for(current_user)]
    form.unit_id.choices = units if len(units) == 1 else [(None, _("Choose the unit")), *units]
    if request.method == "GET":
        form.held_on.data = today
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.log_event(
                current_user, form.unit_id.data, form.kind.data, form.held_on.data, form.roles_present.data, today
            )
        if outcome.ok:
            flash(_("The talk or meeting has been logged."), "success")
            return redirect(url_for("support.events"))
    return render_template(
        "support/events.html",
        form=form,
        events=services.events_for(current_user),
        counts=services.monthly_counts(current_user, today),
        can_delete=lambda event: services.can_delete_event(current_user, event),
    )


@bp.post("/events/<int:event_id>/delete")
@roles_required(*ANY_ROLE)
def delete_event(event_id: int):
    """Delete a logged talk or meeting (whoever logged it, HR, admin); another unit's entry is 404."""
    event = db.get_or_404(SupportEvent, event_id)
    if not services.can_see_event(current_user, event):
        abort(404)
    services.delete_event(current_user, event)
    flash(_("The entry has been deleted."), "success")
    return redirect(url_for("support.events"))
