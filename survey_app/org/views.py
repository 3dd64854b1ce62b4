"""The unit tree and a unit's page, limited to the caller's scope; the page links to what the reader may open
about the unit (``links``)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required, unit_or_404
from survey_app.org import links, queries

bp = Blueprint("org", __name__, url_prefix="/units", template_folder="templates")


@bp.get("/")
@roles_required(*ANY_ROLE)
def units():
    """The unit tree, as far as one may see it (every role)."""
    return render_template("org/units.html", rows=queries.visible_unit_rows(current_user))


@bp.get("/<int:unit_id>")
@roles_required(*ANY_ROLE)
def unit(unit_id: int):
    """A unit's page with its managers and occupational-health contacts, and links to the unit's results, action
    plans, absence figures and interviews that the reader may open (every role, units in their scope)."""
    unit = unit_or_404(current_user, unit_id)
    return render_template(
        "org/unit.html",
        unit=unit,
        managers=queries.responsible_people(unit),
        links=links.unit_links(current_user, unit, clock.today()),
    )
