"""Public addresses of a round: the unit's answer link, the code page, and code lists for HR's own tools."""

from __future__ import annotations

import csv
import io

from flask import current_app, has_request_context, url_for

from survey_app.config import DEFAULT_BASE_URL
from survey_app.models import RoundUnit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


DEFAULT_BASE = DEFAULT_BASE_URL


def _external(endpoint: str, **values) -> str:
    """OMTANKE_BASE_URL + path when configured (always for the CLI), else the address the request came to."""
    base = current_app.config.get("OMTANKE_BASE_URL")
    if has_request_context() and not base:
        return url_for(endpoint, _external=True, **values)
    with current_app.test_request_context("/"):  # url_for needs a request to build a path
        path = url_for(endpoint, **values)
    return (base or DEFAULT_BASE).rstrip("/") + path


def answer_url(round_unit: RoundUnit) -> str:
    """The workplace's answer link for the round, as a full address."""
    return _external("respond.landing", token=round_unit.link_token)


def short_url() -> str:
    """The short address where a workplace's short code is typed (``respond/short_address.py``), without its scheme:
    what a person types."""
    return _external("short.enter").split("://", 1)[-1].rstrip("/")


def code_url() -> str:
    """The full address of the page where a personal code is typed."""
    return _external("respond.code")


def spreadsheet_safe(text: str) -> str:
    """A cell value that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def codes_csv(round_unit: RoundUnit, codes: list[str]) -> str:
    """A workplace's new codes as CSV, each with the code page's address; no cell can run as a formula."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["code", "unit_code", "unit_name", "answer_url"])
    url = code_url()
    for code in codes:
        writer.writerow([code, spreadsheet_safe(round_unit.unit.code), spreadsheet_safe(round_unit.unit.name), url])
    return out.getvalue()
