"""A plan's comments and the safety representative's co-signature, on the plans blueprint (``services.voices``).

Both post from the case page and come back to it: a comment refused (empty, too long) is shown again on its form; a
case outside the caller's units answers 404 like every plan page.
"""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_login import current_user

from survey_app import clock
from survey_app.access import roles_required
from survey_app.forms import shown_on
from survey_app.models import Role
from survey_app.plans import services
from survey_app.plans.forms import CommentForm, SignForm
from survey_app.plans.views import _case, _case_page, bp

commenters = roles_required(*(Role(role) for role in services.COMMENTERS))


@bp.context_processor
def voice_dates() -> dict:
    """Dates of signatures and comments in the reader's language, for the plan pages."""
    return {"long_date": format_date, "date_time": lambda value: format_datetime(value, "short")}


@bp.post("/<int:case_id>/comments")
@commenters
def add_comment(case_id: int):
    """Comment on a unit's plan (HR, admin, the unit's managers and safety representatives)."""
    case = _case(case_id)
    form = CommentForm()
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.add_comment(current_user, case, form.text.data)
        if outcome.ok:
            flash(_("Your comment has been added."), "success")
            return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="voices"))
    return _case_page(case, comment_form=form)


@bp.post("/<int:case_id>/sign")
@roles_required(Role.SAFETY)
def sign_plan(case_id: int):
    """Co-sign the unit's plan as it stands today, or sign it again after it changed (the unit's safety
    representatives)."""
    case = _case(case_id)
    if SignForm().validate_on_submit():
        services.sign_plan(current_user, case, clock.today())
        flash(_("You have co-signed the plan."), "success")
    return redirect(url_for("plans.case_detail", case_id=case.id, _anchor="voices"))
