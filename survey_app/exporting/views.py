"""Any registered export kind by its name: ``/exports/<kind>.xlsx[?round_id=&unit=&period=]`` (``.pptx`` for a deck).

The pages link to their own areas' export routes; this is the registry's own door, so that every registered kind can
be downloaded as it can be run as a background job and by ``omtanke export``, with no wiring of its own. An unknown
kind, a suffix that is not the kind's, a role the kind is not for, and whatever the kind's writer refuses all answer
404.
"""

from __future__ import annotations

from flask import Blueprint, abort, request
from flask_login import current_user

from survey_app import clock
from survey_app.access import ANY_ROLE, roles_required
from survey_app.exporting.delivery import deliver_export
from survey_app.exporting.kinds import UnknownExportKindError, export_kind

bp = Blueprint("exporting", __name__, url_prefix="/exports")


@bp.get("/<kind>.<any(xlsx, pptx):suffix>")
@roles_required(*ANY_ROLE)
def download(kind: str, suffix: str):
    """The registered kind's file for the caller: at once when small, else its background job's page."""
    try:
        export = export_kind(kind)
    except UnknownExportKindError:
        abort(404)
    if export.suffix != suffix:
        abort(404)
    values = {
        "round_id": request.args.get("round_id", type=int),
        "unit": request.args.get("unit", type=int),
        "period": request.args.get("period"),
    }
    return deliver_export(current_user, export, clock.today(), **values)
