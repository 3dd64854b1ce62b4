"""The person's notification settings, and the administrators' outbox (issue 22).

Everyone chooses which reminders they get, for their own account only. Administrators read every recorded message:
the list shows its record, a message's page its text with any secret link masked; reading one is audited.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from jinja2 import TemplateNotFound

from survey_app import audit
from survey_app.access import ANY_ROLE, roles_required
from survey_app.db import db, utcnow
from survey_app.forms import flashed
from survey_app.i18n import LANGUAGE_NAMES
from survey_app.mail import forms, kinds, queries, render, services
from survey_app.mail.outbox import language_of
from survey_app.models import MAIL_STATUSES, OutgoingMail, Role

bp = Blueprint("mail", __name__, template_folder="templates")
admin_only = roles_required(Role.ADMIN)


def _smtp_configured() -> bool:
    return bool(current_app.config.get("OMTANKE_SMTP_URL"))


@bp.route("/account/notifications", methods=["GET", "POST"])
@roles_required(*ANY_ROLE)
def settings():
    """Which reminders the person gets, kind by kind, and in which language (every role, their own account)."""
    mine = kinds.kinds_for(current_user.role)
    optional = [mail_kind for mail_kind in mine if mail_kind.optional]
    form = forms.choices_form(optional, queries.choices(current_user))
    if form.validate_on_submit():
        services.save_choices(current_user, forms.wanted(form, optional))
        flash(_("Your notification settings have been saved."), "success")
        return redirect(url_for("mail.settings"))
    language = language_of(current_user)
    return render_template(
        "mail/pages/settings.html",
        form=form,
        optional=optional,
        always=[mail_kind for mail_kind in mine if not mail_kind.optional],
        language=language,
        language_name=LANGUAGE_NAMES.get(language, language),
        chosen=bool(current_user.locale),
    )


@bp.get("/admin/mail")
@admin_only
def outbox():
    """Every recorded message, newest first, filtered by status and kind (administrators)."""
    filters = queries.OutboxFilter.from_args(request.args)
    return render_template(
        "mail/pages/outbox.html",
        page=queries.outbox_page(filters, request.args.get("page", 1, type=int)),
        filters=filters,
        counts=queries.status_counts(),
        statuses=MAIL_STATUSES,
        kinds=kinds.KINDS.values(),
        queries=queries,
        smtp_configured=_smtp_configured(),
    )


@bp.get("/admin/mail/<int:mail_id>")
@admin_only
def message(mail_id: int):
    """One message as its recipient reads it, any secret link masked; the reading is audited (administrators)."""
    mail = db.get_or_404(OutgoingMail, mail_id)
    try:
        rendered = render.render(mail, masked=True)
    except TemplateNotFound:  # a kind whose templates are gone: the record is still worth reading
        rendered = None
    audit.record_read(current_user, "admin.mail_read", "mail", mail.id)
    return render_template(
        "mail/pages/message.html",
        mail=mail,
        rendered=rendered,
        queries=queries,
        can_send_again=services.can_send_again(mail),
        form=forms.SendAgainForm(),
        smtp_configured=_smtp_configured(),
    )


@bp.post("/admin/mail/<int:mail_id>/send-again")
@admin_only
def send_again(mail_id: int):
    """Put a failed message without a secret back in the queue (administrators)."""
    mail = db.get_or_404(OutgoingMail, mail_id)
    if forms.SendAgainForm().validate_on_submit():
        with flashed() as outcome:
            services.send_again(current_user, mail, utcnow())
        if outcome.ok:
            flash(_("The message is waiting to be sent again: it goes with the next sending run."), "success")
    return redirect(url_for("mail.message", mail_id=mail_id))
