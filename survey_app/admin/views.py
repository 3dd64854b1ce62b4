"""Administration pages: units, accounts, audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy import select

from survey_app import unit_kinds as kinds
from survey_app.access import roles_required
from survey_app.admin import importing, queries, services
from survey_app.admin.forms import ConfirmForm, NewUserForm, PasswordSetForm, UnitForm, UserForm
from survey_app.db import db
from survey_app.forms import caught, flashed, shown_on
from survey_app.importing import ImportRejectedError
from survey_app.models import Role, Unit, User

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")
admin_only = roles_required(Role.ADMIN)
# The kind of workplace in every unit list: globals, since org/tree.html's macro is imported without the context.
bp.add_app_template_global(kinds.kind_label, "unit_kind_label")
bp.add_app_template_global(kinds.kind_choices, "unit_kind_choices")


def _unit_input(form: UnitForm) -> services.UnitInput:
    return services.UnitInput(
        form.name.data, form.code.data, form.parent_code.data or "", form.headcount.data, form.kind.data or ""
    )


def _unit_form(**kwargs) -> UnitForm:
    """The unit form with its kinds of workplace in the reader's language, a unit's own kind selected."""
    form = UnitForm(**kwargs)
    form.kind.choices = kinds.kind_choices()
    unit = kwargs.get("obj")
    if unit is not None and not form.is_submitted():
        form.kind.data = unit.kind or ""
    return form


def _user_input(form: UserForm) -> services.UserInput:
    codes = tuple((form.unit_codes.data or "").replace(";", ",").split(","))
    return services.UserInput(form.email.data, form.name.data, form.role.data, codes, form.active.data)


@bp.get("/units")
@admin_only
def units():
    """The organisation's units as an indented tree (administrators)."""
    return render_template("admin/units.html", rows=queries.unit_rows(), confirm=ConfirmForm())


@bp.route("/units/import", methods=["GET", "POST"])
@admin_only
def import_units():
    """Import units and managers from a file: every row or none, a refused file listing each problem
    (administrators)."""
    if request.method == "GET":
        return render_template("admin/units_import.html")
    upload = request.files.get("units")
    data = upload.read(importing.UNIT_FILE_MAX_BYTES + 1) if upload and upload.filename else None
    if data is None:
        return render_template("admin/units_import.html", error=_("Choose a file of units to import."), problems=[])
    with caught(ImportRejectedError) as outcome:
        result = importing.import_units(current_user, data, upload.filename)
    if not outcome.ok:
        refused = outcome.error
        return render_template("admin/units_import.html", error=refused.message, problems=refused.problems), 422
    flash(
        _("Units created: %(created)d, updated: %(updated)d. Manager accounts created: %(managers)d.",
          created=result.created, updated=result.updated, managers=result.managers_created),
        "success",
    )  # fmt: skip
    return redirect(url_for("admin.units"))


@bp.route("/units/new", methods=["GET", "POST"])
@admin_only
def new_unit():
    """Create a unit; ``?parent=`` fills in the unit above (administrators)."""
    form = _unit_form(parent_code=request.args.get("parent", ""))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            unit = services.create_unit(current_user, _unit_input(form))
        if outcome.ok:
            flash(_("The unit %(name)s has been created.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=None)


@bp.route("/units/<int:unit_id>", methods=["GET", "POST"])
@admin_only
def edit_unit(unit_id: int):
    """A unit's name, code, place in the tree, headcount and kind, with deactivation and deletion (administrators)."""
    unit = db.get_or_404(Unit, unit_id)
    form = _unit_form(obj=unit, parent_code=unit.parent.code if unit.parent else "")
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.update_unit(current_user, unit, _unit_input(form))
        if outcome.ok:
            flash(_("The unit %(name)s has been saved.", name=unit.name), "success")
            return redirect(url_for("admin.units"))
    return render_template("admin/unit_form.html", form=form, unit=unit, confirm=ConfirmForm())


@bp.post("/units/<int:unit_id>/<any(activate, deactivate):action>")
@admin_only
def set_unit_active(unit_id: int, action: str):
    """Deactivate a unit with its whole subtree, or reactivate one unit (administrators)."""
    unit = db.get_or_404(Unit, unit_id)
    if ConfirmForm().validate_on_submit():
        with flashed() as outcome:
            changed = services.set_unit_active(current_user, unit, action == "activate")
        if outcome.ok:
            flash(ngettext("%(num)d unit has been updated.", "%(num)d units have been updated.", changed), "success")
    return redirect(url_for("admin.edit_unit", unit_id=unit_id))


@bp.post("/units/<int:unit_id>/delete")
@admin_only
def delete_unit(unit_id: int):
    """Delete a unit nothing refers to; one with sub-units or data is refused (administrators)."""
    unit = db.get_or_404(Unit, unit_id)
    if ConfirmForm().validate_on_submit():
        with flashed() as outcome:
            services.delete_unit(current_user, unit)
        if not outcome.ok:
            return redirect(url_for("admin.edit_unit", unit_id=unit_id))
        flash(_("The unit has been deleted."), "success")
    return redirect(url_for("admin.units"))


@bp.get("/users")
@admin_only
def users():
    """Every account with its role and units (administrators)."""
    accounts = db.session.scalars(select(User).order_by(User.role, User.email)).all()
    return render_template("admin/users.html", users=accounts, codes=queries.assigned_codes())


@bp.route("/users/new", methods=["GET", "POST"])
@admin_only
def new_user():
    """Create an account with its initial password (administrators)."""
    form = NewUserForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            user = services.create_user(current_user, _user_input(form), form.password.data)
        if outcome.ok:
            flash(_("The account %(email)s has been created.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int):
    """An account's address, name, role, units and state, and its new password (administrators)."""
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user, unit_codes=", ".join(unit.code for unit in user.assigned_units))
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.update_user(current_user, user, _user_input(form))
        if outcome.ok:
            flash(_("The account %(email)s has been saved.", email=user.email), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user, password_form=PasswordSetForm())


@bp.post("/users/<int:user_id>/password")
@admin_only
def set_password(user_id: int):
    """Set an account's password, ending its sessions (administrators)."""
    user = db.get_or_404(User, user_id)
    form = PasswordSetForm()
    if not form.validate_on_submit():
        abort(400)
    with flashed() as outcome:
        services.set_user_password(current_user, user, form.password.data)
    if outcome.ok:
        flash(_("The password of %(email)s has been set.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/unlock")
@admin_only
def unlock_user(user_id: int):
    """Let a locked account log in again (administrators)."""
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        services.unlock_user(current_user, user)
        flash(_("%(email)s can log in again.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.post("/users/<int:user_id>/two-step/reset")
@admin_only
def reset_two_step(user_id: int):
    """Forget an account's two-step login; it is set up again at the next login (administrators)."""
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        services.reset_two_step(current_user, user)
        flash(_("The two-step login of %(email)s has been reset.", email=user.email), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.get("/audit")
@admin_only
def audit_log():
    """The audit log, newest first, filtered by action and actor (administrators)."""
    page = queries.audit_page(
        action=request.args.get("action", "")[:80],
        actor=request.args.get("actor", "")[:254],
        page=request.args.get("page", 1, type=int),
    )
    return render_template(
        "admin/audit.html", page=page, action=request.args.get("action", ""), actor=request.args.get("actor", "")
    )
