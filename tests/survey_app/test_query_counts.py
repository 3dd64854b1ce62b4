"""Pages over the unit tree cost the same number of queries for 5 units as for 60, and task lists the same for 2
people as for 9: no query inside a loop."""

from __future__ import annotations

from datetime import timedelta

import pytest

from survey_app.db import db
from survey_app.models import Employee
from tests.clock import TODAY


def _grow_tree(make, root, areas: int, units_per_area: int) -> None:
    top = make.unit("Förvaltning", parent=root, code=f"F{areas}")
    for a in range(areas):
        area = make.unit(f"Område {a}", parent=top, code=f"F{areas}-{a}")
        for u in range(units_per_area):
            make.unit(f"Enhet {a}.{u}", parent=area, code=f"F{areas}-{a}-{u}")


@pytest.mark.parametrize(
    "path, role", [("/admin/units", "admin"), ("/units/", "hr"), ("/admin/users", "admin"), ("/", "manager")]
)
def test_tree_pages_do_not_query_per_unit(app, login, make, count_queries, path, role):
    root = make.unit("Kommun", code="ROOT")
    user = make.user(role, units=(root,) if role == "manager" else ())
    client = login(app.test_client(), user)

    def queries_for_page() -> int:
        with count_queries() as counter:
            assert client.get(path).status_code == 200
        return counter.count

    _grow_tree(make, root, areas=1, units_per_area=2)
    small = queries_for_page()
    for n in range(3):
        make.user("manager", units=(make.unit(f"Extra {n}", parent=root),))
    _grow_tree(make, root, areas=5, units_per_area=10)
    assert queries_for_page() == small


@pytest.mark.parametrize("path", ["/people/tasks", "/"])
@pytest.mark.parametrize("role", ["manager", "hr"])
def test_task_lists_name_people_without_a_query_per_person(app, login, make, count_queries, path, role):
    unit = make.unit("Hemtjänst Norr", code="HN")
    client = login(app.test_client(), make.user(role, units=(unit,) if role == "manager" else ()))

    def add_people(first: int, last: int) -> None:
        for n in range(first, last):
            make.spell(f"EMP-{n}", unit, TODAY - timedelta(days=10 + n), None)
            db.session.add(Employee(employee_id=f"EMP-{n}", name=f"Person Nummer{n}", unit_id=unit.id))
        db.session.commit()

    def queries_for_page() -> int:
        with count_queries() as counter:
            page = client.get(path).get_data(as_text=True)
        assert "Person Nummer" in page
        return counter.count

    add_people(0, 2)
    small = queries_for_page()
    add_people(2, 9)
    assert queries_for_page() == small
