"""Shared answer labels of agree5 and yes/no items (value -> language -> text): those items carry none of their own."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from interventions.instruments.instrument import LANGUAGES


def _labels(table: dict[int, tuple[str, str, str]]) -> Mapping[int, Mapping[str, str]]:
    return MappingProxyType(
        {value: MappingProxyType(dict(zip(LANGUAGES, texts, strict=True))) for value, texts in table.items()}
    )


AGREE5_LABELS: Mapping[int, Mapping[str, str]] = _labels(
    {
        1: ("Stämmer mycket dåligt", "Pitää erittäin huonosti paikkansa", "Strongly disagree"),
        2: ("Stämmer ganska dåligt", "Pitää melko huonosti paikkansa", "Disagree"),
        3: ("Stämmer delvis", "Pitää osittain paikkansa", "Neither agree nor disagree"),
        4: ("Stämmer ganska bra", "Pitää melko hyvin paikkansa", "Agree"),
        5: ("Stämmer mycket bra", "Pitää erittäin hyvin paikkansa", "Strongly agree"),
    }
)
YESNO_LABELS: Mapping[int, Mapping[str, str]] = _labels(
    {
        1: ("Ja", "Kyllä", "Yes"),
        0: ("Nej", "Ei", "No"),
    }
)
