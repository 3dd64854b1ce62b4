"""The indicators page: every indicator of a unit (or the whole organisation) per month, quarter or year, with its
target, whether it is met, and where the figure comes from; HR and admin enter values and set targets on it."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from interventions.indicators import INDICATORS
from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required, unit_or_404
from survey_app.exporting.delivery import deliver_export
from survey_app.forms import shown_on
from survey_app.i18n import NO_NUMBER, percent
from survey_app.indicators import services, workbooks
from survey_app.indicators.forms import SelectionForm, TargetForm, ValueForm
from survey_app.indicators.person_figures import explanations
from survey_app.indicators.table import SUMMED_UNITS
from survey_app.models import Role

bp = Blueprint("indicators", __name__, url_prefix="/indicators", template_folder="templates")
entering = roles_required(Role.HR, Role.ADMIN)

KIND_LABELS = {"month": _l("Months"), "quarter": _l("Quarters"), "year": _l("Years")}
SOURCE_LABELS = {"computed": _l("computed"), "entered": _l("entered")}
VALUE_FORMATS = {"rate": "#,##0.##"}  # spells per employee: 0.15 in a month


def shown(value: float | None, unit: str) -> str:
    """A value with its unit in the reader's language; "–" when there is none."""
    if unit == "percent":
        return percent(value, 1)
    if value is None:
        return NO_NUMBER
    text = format_decimal(value, format=VALUE_FORMATS.get(unit, "#,##0" if unit in SUMMED_UNITS else "#,##0.#"))
    if unit == "days":
        return _("%(number)s days", number=text)
    return text


def _kind() -> str:
    kind = request.args.get("kind", "month")
    return kind if kind in services.RECENT_PERIODS else "month"


def _unit_id(units) -> int | None:
    raw = request.args.get("unit", "")
    if not raw:
        return services.default_unit_id(current_user, units)
    if not raw.isdigit() or len(raw) > 9:
        abort(404)
    return unit_or_404(current_user, int(raw)).id


def _fill(form, units, indicators) -> None:
    form.indicator.choices = [(key, _(INDICATORS[key].label)) for key in indicators]
    form.unit_id.choices = [(None, _("Whole organisation"))] + [(unit.id, unit.name) for unit in units]


def _selection(units, unit_id: int | None, kind: str) -> SelectionForm:
    form = SelectionForm(formdata=None, unit="" if unit_id is None else str(unit_id), kind=kind)
    organisation = [("", _("Whole organisation"))] if services.can_view(current_user, None) else []
    form.unit.choices = organisation + [(str(unit.id), unit.name) for unit in units]
    form.kind.choices = [(key, str(label)) for key, label in KIND_LABELS.items()]
    return form


def _page(value_form: ValueForm | None = None, target_form: TargetForm | None = None):
    units = services.visible_units(current_user)
    kind, unit_id = _kind(), _unit_id(units)
    rows = None  # a manager without units sees the page with nothing to show
    if services.can_view(current_user, unit_id):
        today = clock.today()
        first, last = services.recent_range(kind, today)
        rows = services.indicator_table(current_user, unit_id, first, last, today, kind)
    value_form = value_form or ValueForm(formdata=None, prefix="entry", unit_id=unit_id)
    target_form = target_form or TargetForm(formdata=None, prefix="target", unit_id=unit_id)
    _fill(value_form, units, [key for key, found in INDICATORS.items() if found.source in services.ENTERED_SOURCES])
    _fill(target_form, units, list(INDICATORS))
    unit_name = next((unit.name for unit in units if unit.id == unit_id), None)
    return render_template(
        "indicators/overview.html",
        rows=rows,
        unit_id=unit_id,
        unit_name=unit_name or _("Whole organisation"),
        kind=kind,
        selection=_selection(units, unit_id, kind),
        value_form=value_form,
        target_form=target_form,
        can_enter=services.can_enter(current_user),
        shown=shown,
        explanations=explanations(),
        label=lambda text: _(text),
        source_label=lambda key: SOURCE_LABELS.get(key, key),
    )


def _back(unit_id: int | None):
    return redirect(url_for("indicators.overview", unit=unit_id, kind=_kind()))


@bp.get("/")
@roles_required(*ANY_ROLE)
def overview():
    """Every indicator of a unit, or of the whole organisation, per period with its target and source (every role)."""
    return _page()


@bp.get("/export.xlsx")
@roles_required(*workbooks.INDICATORS.roles)
def export_indicators():
    """The indicators as a workbook: the caller's units, or one unit and those below it (every role)."""
    unit = request.args.get("unit", type=int)
    return deliver_export(current_user, workbooks.INDICATORS, clock.today(), unit=unit, period=_kind())


@bp.post("/values")
@entering
def enter_value():
    """Enter an indicator's value for a unit and period, replacing one entered before (HR, admin)."""
    form = ValueForm(prefix="entry")
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.enter_value(
                current_user, form.indicator.data, form.unit_id.data, form.period.data, form.value.data
            )
        if outcome.ok:
            flash(_("The value has been saved."), "success")
            return _back(form.unit_id.data)
    return _page(value_form=form)


@bp.post("/targets")
@entering
def set_target():
    """Set an indicator's target for a unit, replacing the one set before (HR, admin)."""
    form = TargetForm(prefix="target")
    if form.validate_on_submit():
        with shown_on(form) as outcome:
            services.set_target(
                current_user, form.indicator.data, form.unit_id.data, form.target.data, form.target_on.data
            )
        if outcome.ok:
            flash(_("The target has been saved."), "success")
            return _back(form.unit_id.data)
    return _page(target_form=form)
