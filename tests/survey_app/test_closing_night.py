"""A round's closing night (issue 19, finding 6): every page that shows survey figures and the answer link agree on
when the closing day has ended, in the organisation's time zone (``OMTANKE_TIMEZONE``), whatever UTC says.

Before that moment a round still takes answers and no figure of it is shown anywhere (results page, API, workbook,
indicators, a case's evaluation, an interview compilation); from that moment answering is refused and figures
show. The suite's pinned day (``OMTANKE_TODAY``) is switched off and the wall clock itself is frozen at moments
either side of midnight, so a page that took its day from UTC or from the server's own zone would disagree.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from survey_app import clock
from tests.clock import TODAY
from tests.factories import HME_ITEMS
from tests.helpers import page_text

SECTIONS = ("hme/motivation", "hme/leadership", "hme/steering")
TITLE = "Höstenkät"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _local(zone: str, day_offset: int, hour: int, minute: int) -> datetime:
    return datetime.combine(TODAY + timedelta(days=day_offset), time(hour, minute), ZoneInfo(zone))


#: (the organisation's zone, the wall clock's moment, whether the round has closed there). The round closes TODAY.
MOMENTS = [
    # 23:30 UTC on the closing day is 01:30 the next day in Helsinki: closed there, while UTC is still on it.
    pytest.param("Europe/Helsinki", datetime.combine(TODAY, time(23, 30), UTC), True, id="helsinki-2330-utc"),
    # The last half hour of the closing day in Stockholm (22:30 UTC in winter): still open.
    pytest.param("Europe/Stockholm", _local("Europe/Stockholm", 0, 23, 30), False, id="stockholm-2330"),
    # Half an hour into the next day in Stockholm, still the closing day in UTC: closed.
    pytest.param("Europe/Stockholm", _local("Europe/Stockholm", 1, 0, 30), True, id="stockholm-0030"),
    # West of UTC (Greenland) 23:30 is already the next day in UTC: still open there.
    pytest.param("America/Nuuk", _local("America/Nuuk", 0, 23, 30), False, id="nuuk-2330"),
]


class _FrozenClock(datetime):
    """``datetime`` with ``now()`` stopped at ``moment``: the wall clock as ``survey_app.clock`` reads it."""

    moment: datetime

    @classmethod
    def now(cls, tz=None):
        return cls.moment.astimezone(tz)


@pytest.fixture
def closing_night(app, make, monkeypatch):
    """``closing_night(zone, moment)``: the organisation in ``zone``, the wall clock stopped at ``moment``."""

    def stop(zone: str, moment: datetime) -> None:
        app.config["OMTANKE_TODAY"] = None
        app.config["BABEL_DEFAULT_TIMEZONE"] = zone
        monkeypatch.setattr(clock, "datetime", type("FrozenClock", (_FrozenClock,), {"moment": moment}))

    return stop


@pytest.fixture
def world(make):
    """Hemtjänst Norr (40 staff), 8 of whom answered every HME item 4 (index 75) in a round closing TODAY; an
    action-plan case and an interview round for the unit; HR."""
    unit = make.unit("Hemtjänst Norr", code="HT-N", headcount=40)
    survey = make.survey_round(
        None, sections=SECTIONS, opens_on=TODAY - timedelta(days=14), closes_on=TODAY, title=TITLE
    )
    make.responses(survey, unit, dict.fromkeys(HME_ITEMS, 4), count=8)
    return {
        "unit": unit,
        "survey": survey,
        "case": make.case(unit),
        "interview": make.interview(unit),
        "hr": make.user("hr", email="hr@example.org"),
    }


def _figures_shown(client, world, token: str) -> dict[str, bool]:
    """Whether each place that shows survey figures shows this round's."""
    survey_id, unit = world["survey"].id, world["unit"]
    results_page = client.get(f"/results/{survey_id}").get_data(as_text=True)
    indicators = client.get(f"/indicators/?unit={unit.id}").get_data(as_text=True)
    hme_row = re.search(r'<tr id="indicator-hme_total">(.*?)</tr>', indicators, flags=re.S).group(1)
    api = client.get(f"/api/v1/rounds/{survey_id}/results", headers={"Authorization": f"Bearer {token}"})
    return {
        "results page": "Results are shown when the round has closed" not in results_page,
        "API": api.status_code == 200,
        "workbook": client.get(f"/results/{survey_id}/results.xlsx").content_type == XLSX,
        "indicators": ">75<" in hme_row.replace(" ", ""),
        "plan evaluation": f"{TITLE} 75" in page_text(client.get(f"/plans/{world['case'].id}")),
        "interview compilation": TITLE
        in client.get(f"/interviews/{world['interview'].id}/compilation").get_data(as_text=True),
    }


@pytest.mark.parametrize("zone, moment, closed", MOMENTS)
def test_figures_show_exactly_when_answering_stops_in_the_organisations_time_zone(
    app, client, login, api_token, world, closing_night, zone, moment, closed
):
    token = api_token("hr@example.org")
    login(client, world["hr"])
    closing_night(zone, moment)
    link = world["survey"].units[0].link_token
    answering = app.test_client().get(f"/s/{link}").status_code
    assert answering == (403 if closed else 200)
    shown = _figures_shown(client, world, token)
    assert shown == dict.fromkeys(shown, closed)
