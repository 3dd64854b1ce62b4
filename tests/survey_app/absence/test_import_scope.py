"""What an absence import replaces: per unit in the file, that unit's spells in the file's period for that unit, and
the spells of units the file does not name only when HR says the file is the whole organisation."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from sqlalchemy import delete, select

from survey_app.absence.commands import absence_cli
from survey_app.absence.services import person_signals_for
from survey_app.db import db
from survey_app.models import AbsenceImport, AbsenceSpell, AuditEvent, Unit
from tests.clock import TODAY
from tests.helpers import form_token


def _day(days_ago: int) -> str:
    return (TODAY - timedelta(days=days_ago)).isoformat()


@pytest.fixture
def org(make):
    care = make.unit("Vård och omsorg", code="VO")
    school = make.unit("Barn och utbildning", code="BUF")
    units = {
        "HT-C": make.unit("Hemtjänst Centrum", parent=care, code="HT-C", headcount=20),
        "HT-V": make.unit("Hemtjänst Väster", parent=care, code="HT-V", headcount=20),
        "BUF-1": make.unit("Ängsskolan", parent=school, code="BUF-1", headcount=20),
    }
    return {"units": units, "hr": make.user("hr")}


def _csv(rows: list[tuple]) -> bytes:
    lines = ["employee_id;unit_code;start_date;end_date;extent"]
    lines += [";".join(str(value) for value in row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _stored() -> list[tuple]:
    """Every stored spell as the file would give it, sorted: a multiset, so duplicates would show."""
    rows = db.session.execute(
        select(
            AbsenceSpell.employee_id, Unit.code, AbsenceSpell.first_day, AbsenceSpell.last_day, AbsenceSpell.extent
        ).join(Unit, Unit.id == AbsenceSpell.unit_id)
    ).all()
    return sorted((employee, code, first, last, extent) for employee, code, first, last, extent in rows)


def _import_command(app, tmp_path, rows: list[tuple], *options: str):
    path = tmp_path / f"spells-{len(list(tmp_path.iterdir()))}.csv"
    path.write_bytes(_csv(rows))
    result = app.test_cli_runner().invoke(absence_cli, ["import", str(path), *options])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def _preview_page(client, rows: list[tuple]) -> str:
    token = form_token(client, "/absence/import")
    data = {"csrf_token": token, "action": "preview", "spells": (io.BytesIO(_csv(rows)), "spells.csv")}
    return client.post("/absence/import", data=data, content_type="multipart/form-data").get_data(as_text=True)


def _import_page(client, rows: list[tuple], whole_organisation: bool = False):
    page = _preview_page(client, rows)
    form = next((f for f in re.findall(r"<form.*?</form>", page, re.S) if 'value="import"' in f), None)
    assert form is not None, page[:3000]
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    if whole_organisation:
        fields["whole_organisation"] = "1"
    response = client.post("/absence/import", data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    db.session.expire_all()
    return response


# Unit B (BUF-1): four spells of E3 in a year, a person signal, in the same dates as unit A's (HT-C) spells.
SCHOOL = [("E3", "BUF-1", _day(d), _day(d - 2), 100) for d in (300, 200, 120, 40)]
HOME = [("E1", "HT-C", _day(d), _day(d - 3), 100) for d in (310, 190, 100, 30)]


def test_a_file_of_one_unit_keeps_the_other_units_spells_and_signals(app, org, client, login, tmp_path):
    login(client, org["hr"])
    _import_page(client, SCHOOL + HOME)
    school_before = [row for row in _stored() if row[1] == "BUF-1"]
    signals_before = {(s.employee, s.rule) for s, _ in person_signals_for(org["hr"], TODAY) if s.employee == "E3"}
    assert len(school_before) == 4 and signals_before

    corrected = [("E1", "HT-C", _day(d), _day(d - 1), 50) for d in (310, 190, 100, 30)]
    _import_page(client, corrected)
    _import_command(app, tmp_path, corrected)

    assert [row for row in _stored() if row[1] == "BUF-1"] == school_before
    assert [row[4] for row in _stored() if row[1] == "HT-C"] == [50] * 4  # unit A's spells were replaced
    signals_after = {(s.employee, s.rule) for s, _ in person_signals_for(org["hr"], TODAY) if s.employee == "E3"}
    assert signals_after == signals_before


CARE_FILE = [  # the care administration's export: two units, dates interleaved with the school's
    ("E1", "HT-C", _day(300), _day(296), 100),
    ("E1", "HT-C", _day(150), "", 50),
    ("E2", "HT-V", _day(210), _day(209), 100),
    ("E2", "HT-V", _day(20), _day(18), 75),
]
SCHOOL_FILE = [
    ("E3", "BUF-1", _day(330), _day(320), 100),
    ("E3", "BUF-1", _day(200), _day(199), 25),
    ("E4", "BUF-1", _day(100), _day(90), 100),
    ("E4", "BUF-1", _day(10), "", 100),
]


@pytest.mark.parametrize("order", ["care first", "school first"])
def test_per_administration_files_in_either_order_give_the_same_database_as_one_combined_file(
    app, org, tmp_path, order
):
    _import_command(app, tmp_path, CARE_FILE + SCHOOL_FILE)
    combined = _stored()
    assert len(combined) == 8
    db.session.execute(delete(AbsenceSpell))
    db.session.execute(delete(AbsenceImport))
    db.session.commit()

    files = [CARE_FILE, SCHOOL_FILE] if order == "care first" else [SCHOOL_FILE, CARE_FILE]
    for rows in files:
        _import_command(app, tmp_path, rows)
    assert _stored() == combined
    for rows in files:  # and importing them again changes nothing
        _import_command(app, tmp_path, rows)
    assert _stored() == combined


STORED = [
    ("E1", "HT-C", _day(100), _day(95), 100),  # in the file again (with a new last day): replaced
    ("E2", "HT-C", _day(80), _day(79), 100),  # in HT-C's period of the file but not in it: removed
    ("E4", "HT-C", _day(300), _day(299), 100),  # before HT-C's period of the file: kept
    ("E3", "BUF-1", _day(90), _day(85), 100),  # a unit the file does not name, in the file's period
    ("E5", "BUF-1", _day(200), _day(199), 50),  # a unit the file does not name, before the file's period
]
NEW_FILE = [
    ("E6", "HT-C", _day(120), _day(119), 100),  # HT-C's period: 120 to 50 days ago
    ("E1", "HT-C", _day(100), _day(90), 100),
    ("E7", "HT-C", _day(50), "", 100),
    ("E8", "HT-V", _day(60), _day(58), 75),  # HT-V's period: that one day; nothing stored there
]


def _changes(found) -> dict[str, tuple[int, int, int, int]]:
    return {c.unit: (c.added, c.replaced, c.removed, c.removed_if_whole_organisation) for c in found.changes}


def test_the_preview_counts_what_each_unit_gains_and_loses_before_anything_is_written(
    app, org, client, login, tmp_path
):
    from survey_app.absence import imports

    _import_command(app, tmp_path, STORED)
    before = _stored()
    found = imports.preview(_csv(NEW_FILE), "spells.csv", None, "", TODAY)
    assert _changes(found) == {
        "HT-C": (2, 1, 1, 1),  # HT-C's whole-file period (120 to 50 days ago) holds nothing more
        "HT-V": (1, 0, 0, 0),
        "BUF-1": (0, 0, 0, 1),  # only if the file is the whole organisation: E3's spell, not E5's
    }
    assert [c.unit for c in found.changes if c.named] == ["HT-C", "HT-V"]
    ht_c = next(c for c in found.changes if c.unit == "HT-C")
    assert (ht_c.period_start.isoformat(), ht_c.period_end.isoformat()) == (_day(120), _day(50))

    login(client, org["hr"])
    page = _preview_page(client, NEW_FILE)
    cells = '</th><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td>'
    assert re.search(r"Hemtjänst Centrum \(HT-C\)" + cells.format(2, 1, 1, 1), page), page
    assert re.search(r"Ängsskolan \(BUF-1\)" + cells.format(0, 0, 0, 1), page)
    assert 'name="whole_organisation"' in page
    assert _stored() == before  # the preview wrote nothing
    printed = _import_command(app, tmp_path, NEW_FILE, "--preview", "--whole-organisation").output
    assert f"HT-C: 2 added, 1 replaced, 1 removed ({_day(120)}–{_day(50)})" in printed
    assert "BUF-1: 0 added, 0 replaced, 1 removed (not in the file)" in printed
    assert _stored() == before  # nor did the command's

    result = imports.import_absence(org["hr"], _csv(NEW_FILE), "spells.csv", None, "", TODAY)
    assert (result.spells, result.added, result.replaced, result.removed) == (4, 3, 1, 1)
    db.session.expire_all()
    expected = [row for row in STORED if row[0] in ("E4", "E3", "E5")] + NEW_FILE
    assert _stored() == sorted(_typed(expected))


def _typed(rows: list[tuple]) -> list[tuple]:
    from datetime import date

    return [
        (employee, code, date.fromisoformat(first), date.fromisoformat(last) if last else None, extent)
        for employee, code, first, last, extent in rows
    ]


def test_the_spells_of_units_the_file_does_not_name_are_removed_only_when_chosen(app, org, client, login, tmp_path):
    login(client, org["hr"])
    _import_page(client, STORED)
    _import_page(client, NEW_FILE)  # not chosen: BUF-1 keeps both spells
    assert [row[0] for row in _stored() if row[1] == "BUF-1"] == ["E3", "E5"]
    assert not db.session.scalar(select(AuditEvent).where(AuditEvent.action == "absence.whole_organisation_replaced"))

    _import_page(client, NEW_FILE, whole_organisation=True)
    assert [row[0] for row in _stored() if row[1] == "BUF-1"] == ["E5"]  # E3's spell was in the file's period
    assert [row[0] for row in _stored() if row[1] == "HT-C"] == ["E1", "E4", "E6", "E7"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "absence.whole_organisation_replaced"))
    assert event is not None and event.actor_id == org["hr"].id and event.details["removed"] == {"BUF-1": 1}

    _import_command(app, tmp_path, STORED)  # back to the start, then the same choice from the command line
    _import_command(app, tmp_path, NEW_FILE)
    assert [row[0] for row in _stored() if row[1] == "BUF-1"] == ["E3", "E5"]
    result = _import_command(app, tmp_path, NEW_FILE, "--whole-organisation")
    assert [row[0] for row in _stored() if row[1] == "BUF-1"] == ["E5"]
    assert "BUF-1" in result.output
