"""What the absence rules' keys are called on the pages and in the workbooks: one place, so both say the same."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

#: person signals (``PersonSignal.rule``)
SIGNAL_LABELS = {
    "spells_warning": _l("Warning signal: repeated spells, follow the absence (no talk yet)"),
    "spells_in_window": _l("Repeated spells: time for an omtankesamtal"),
    "short_spells_fi": _l("Repeated short absences: early-support talk"),
    "days_fi": _l("Many sick days in 12 months: early-support talk"),
    "bradford": _l("High Bradford factor"),
    "fi_30": _l("30-day point: notify occupational health"),
    "fi_60": _l("60-day point: the sickness allowance must be applied for"),
    "fi_90": _l("90-day point: occupational health statement on work ability due"),
}

#: where a person signal stands (``signal_list.STATUSES``)
STATUS_LABELS = {
    "awaiting_talk": _l("Awaiting a talk"),
    "talk_held": _l("Talk held"),
    "to_follow": _l("Warning: follow the absence"),
}

#: how a Finnish 30-60-90 point's date was counted (``PersonSignal.counting``)
COUNTING_LABELS = {
    "calendar_days": _l("counted in calendar sick days"),
    "months": _l("counted in months from the first sick day"),
    "allowance_days": _l("counted in Kela allowance days (Monday–Saturday, not public holidays)"),
}

#: unit signals (``UnitSignal.rule``)
UNIT_SIGNAL_LABELS = {
    "above_organisation": _l("Above the organisation"),
    "above_level": _l("Above the set level"),
    "rising": _l("Rising"),
}

#: the Swedish ratios' reporting groups (``GroupRatio.group``)
GROUP_LABELS = {
    "total": _l("All employees"),
    "F": _l("Women"),
    "M": _l("Men"),
    "0-29": _l("29 years or younger"),
    "30-49": _l("30–49 years"),
    "50+": _l("50 years or older"),
}

#: why a group's ratio is not given (``GroupRatio.reason``)
WITHHELD_REASONS = {
    "few": _l("Not shown: ten employees or fewer."),
    "few_in_a_month": _l("Not shown: ten employees or fewer in one of the months."),
    "protects_others": _l("Not shown: with the figures shown it would give away those of ten employees or fewer."),
    "unknown": _l("Not available: some spells in the period lack this information in the spell file."),
    "no_staffing": _l("Not available: import staffing broken down by sex and age band for every unit."),
}


def label(labels: dict, key: str) -> str:
    """The label of ``key`` in the reader's language, or the key itself for one the labels do not know."""
    return str(labels.get(key, key))
