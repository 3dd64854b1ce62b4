"""Names for a whole list at once: the same rule as for one person (HR and the employee's own manager see the name),
whatever mix of registered, moved and unknown people the list holds."""

from __future__ import annotations

from datetime import timedelta

from survey_app.db import db
from survey_app.models import Employee
from survey_app.person.register import display_name, display_names
from tests.clock import TODAY


def test_a_list_of_people_is_named_as_each_would_be_alone(app, make):
    north, school = make.unit("Hemtjänst Norr", code="HT-1"), make.unit("Ängsskolan", code="BUF-1")
    readers = {
        "hr": make.user("hr"),
        "manager": make.user("manager", units=(north,)),
        "other": make.user("manager", units=(school,)),
        "ohs": make.user("ohs", units=(north,)),
    }
    db.session.add_all(
        [
            Employee(employee_id="E-1", name="Anna Andersson", unit_id=north.id),
            Employee(employee_id="E-2", name="Bo Berg", unit_id=school.id),  # moved since: the latest spell is north
            Employee(employee_id="E-4", name="Dan Dahl", unit_id=school.id),
        ]
    )
    make.spell("E-2", north, TODAY - timedelta(days=3), None)
    make.spell("E-3", north, TODAY - timedelta(days=90), TODAY - timedelta(days=80))  # unregistered, moved to school:
    make.spell("E-3", school, TODAY - timedelta(days=5), None)  # only the latest spell's unit counts
    people = ["E-1", "E-2", "E-3", "E-4", "E-404"]
    expected = {
        "hr": {"E-1": "Anna Andersson", "E-2": "Bo Berg", "E-3": "E-3", "E-4": "Dan Dahl", "E-404": "E-404"},
        "manager": {"E-1": "Anna Andersson", "E-2": "Bo Berg", "E-3": "E-3", "E-4": "E-4", "E-404": "E-404"},
        "other": {"E-1": "E-1", "E-2": "Bo Berg", "E-3": "E-3", "E-4": "Dan Dahl", "E-404": "E-404"},
        "ohs": {person: person for person in people},
    }
    for reader, names in expected.items():
        with app.test_request_context():
            actor = db.session.merge(readers[reader])
            assert display_names(actor, people) == names, reader
            assert {person: display_name(actor, person) for person in people} == names, reader


def test_an_empty_list_asks_the_database_nothing(app, make, count_queries):
    with app.test_request_context():
        manager = db.session.merge(make.user("manager", units=(make.unit("Hemtjänst Norr", code="HT-1"),)))
        with count_queries() as counter:
            assert display_names(manager, []) == {}
    assert counter.count == 0
