"""The chart layouts drawn by the report's own macros outside a request: the markup the chart tests parse."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from survey_app.results import charts

# Autoescaping as Flask sets it for .html templates; the macros need nothing else from the app.
_MACROS = (
    Environment(loader=PackageLoader("survey_app.results"), autoescape=select_autoescape())
    .get_template("results/charts.html")
    .module
)


def distribution_bar(*args, **kwargs) -> Markup:
    """:func:`charts.distribution_bar`'s layout, drawn as the report page draws it."""
    return _MACROS.chart(charts.distribution_bar(*args, **kwargs))


def score_bars(*args, **kwargs) -> Markup:
    """:func:`charts.score_bars`' layout, drawn as the report page draws it."""
    return _MACROS.chart(charts.score_bars(*args, **kwargs))
