"""``PlanError``, the error every check of a plan raises, and the message several checks share."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from interventions.i18n import N_

IN_FUTURE = N_("The date cannot be in the future.")


class PlanError(ValueError):
    """A stage, step, follow-up or goal that breaks a rule of the plan.

    ``message`` is the untranslated English text (marked with ``N_``), ``field`` the form field it belongs to,
    ``params`` the values for the message's ``%(name)s`` placeholders. ``str(error)`` is the English message with
    the values filled in.
    """

    def __init__(self, message: str, field: str | None = None, params: Mapping[str, Any] | None = None) -> None:
        self.message = message
        self.field = field
        self.params: dict[str, Any] = dict(params or {})
        super().__init__(message % self.params if self.params else message)
