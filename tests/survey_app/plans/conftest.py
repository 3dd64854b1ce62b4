"""The plan pages' fixtures: a unit with a case HR has opened, and adding a step through the case's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from survey_app.db import db
from survey_app.models import InterventionCase
from tests.clock import TODAY
from tests.helpers import post_form
from tests.survey_app.plans.effect_history import EMPLOYEES, absence, effect_months


@pytest.fixture
def world(make, client, login):
    """Hemtjänst Centrum (in Vård och omsorg) with a case HR has opened from an absence signal, HR logged in on
    ``client``; its manager, another unit's manager and occupational health invited to the area."""
    area = make.unit("Vård och omsorg", code="VO")
    unit = make.unit("Hemtjänst Centrum", parent=area, code="HT-C", headcount=31)
    other = make.unit("Förskolan Solrosen", code="BUF-1")
    people = {
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(unit,)),
        "other_manager": make.user("manager", units=(other,)),
        "ohs": make.user("ohs", units=(area,)),
    }
    login(client, people["hr"])
    response = post_form(
        client, "/plans/new", {"unit_code": "ht-c", "trigger": "absence_signal", "trigger_note": "7,9 %"}
    )
    assert response.status_code == 302
    case = db.session.scalar(select(InterventionCase))
    assert case.unit_id == unit.id and [s.stage for s in case.stages] == ["identified"]
    return {"unit": unit, "other": other, "case": case, **people}


@pytest.fixture
def add_step():
    """``add_step(client, case, **fields)``: the step form on the case's page, sent; a planned step due in 30 days
    with its first follow-up in 14 unless ``fields`` say otherwise."""

    def add(client, case, **fields):
        data = {
            "what": "Fasta larmtider för nattpatrullen",
            "why": "Förslag från arbetsgruppen",
            "responsible": "role-unit_manager",
            "due_on": (TODAY + timedelta(days=30)).isoformat(),
            "next_follow_up_on": (TODAY + timedelta(days=14)).isoformat(),
            "status": "planned",
            **fields,
        }
        return post_form(client, f"/plans/{case.id}", data, action=f"/plans/{case.id}/steps")

    return add


@pytest.fixture
def effect_world(make):
    """Six home-care units with 18 months of absence; the first has a case whose follow-up started 6 months ago and
    one spell fewer a month since (about −2.4 short-term days per employee and year), the others none."""
    months = effect_months()
    start = months[-6]
    units = [make.unit(f"Hemtjänst {n}", code=f"HT-{n}", headcount=EMPLOYEES) for n in range(6)]
    for n, unit in enumerate(units):
        unit.kind = "home_care"
        absence(make, unit, months, start, fewer=1 if n == 0 else 0, seed=n)
    db.session.commit()
    case = make.case(units[0], opened_on=start - timedelta(days=40), follow_up_start=start)
    people = {
        "hr": make.user("hr", locale="en"),
        "manager": make.user("manager", units=(units[0],), locale="en"),
        "other_manager": make.user("manager", units=(units[1],), locale="en"),
    }
    return {"units": units, "case": case, "start": start, "months": months, **people}
