"""Closing a case: every step still open is done, cancelled for a reason, or moved to a new case of the same unit."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from interventions.i18n import N_
from interventions.plans.errors import PlanError

#: What becomes of a step that is still open when its case closes.
STEP_OUTCOMES: tuple[str, ...] = ("done", "cancelled", "moved")
STEP_OUTCOME_LABELS: Mapping[str, str] = MappingProxyType(
    {"done": N_("Done"), "cancelled": N_("Cancelled, for a reason"), "moved": N_("Moved to a new case")}
)

_MAX_REASON_LENGTH = 500
_QUOTED_LENGTH = 60

_NO_OUTCOME = N_(
    "Say what happens to the open step “%(what)s” before the case is closed: done, cancelled or moved to a new case."
)
_NO_REASON = N_("Give the reason the step “%(what)s” is cancelled.")
_REASON_TOO_LONG = N_("The reason has %(length)d characters; it can have at most %(max_length)d.")


@dataclass(frozen=True)
class StepOutcome:
    """What the person closing a case chose for one of its open steps (one of ``STEP_OUTCOMES``), and why it was
    cancelled."""

    outcome: str
    reason: str = ""


def check_closing(open_steps: Mapping[int, str], outcomes: Mapping[int, StepOutcome]) -> None:
    """Check that a case may close: every step still open (``open_steps``, id → what) has an outcome.

    *Every step is followed up* (Chefsstöd, docs/method.md), so closing a case must not leave a step behind unseen: each
    open step is done, cancelled with a reason (1–500 characters) or moved to a new case of the same unit. The field
    of a missing choice is ``outcome_<id>``, of a missing or too long reason ``reason_<id>``; steps are checked in
    the order given.
    """
    for step_id, what in open_steps.items():
        quoted = what.strip() if len(what.strip()) <= _QUOTED_LENGTH else what.strip()[: _QUOTED_LENGTH - 1] + "…"
        chosen = outcomes.get(step_id)
        if chosen is None or chosen.outcome not in STEP_OUTCOMES:
            raise PlanError(_NO_OUTCOME, f"outcome_{step_id}", {"what": quoted})
        reason = chosen.reason.strip()
        if chosen.outcome == "cancelled" and not reason:
            raise PlanError(_NO_REASON, f"reason_{step_id}", {"what": quoted})
        if len(reason) > _MAX_REASON_LENGTH:
            params = {"length": len(reason), "max_length": _MAX_REASON_LENGTH}
            raise PlanError(_REASON_TOO_LONG, f"reason_{step_id}", params)
