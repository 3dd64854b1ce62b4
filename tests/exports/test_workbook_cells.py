"""Every kind of cell the export writes as text into the sheet reads back as the reader expects, in openpyxl and in
LibreOffice, wherever its table sits on the sheet."""

from __future__ import annotations

from datetime import date, datetime

from openpyxl import load_workbook

from exports.workbook import Column, Sheet, Table, Typed, write_workbook
from tests.spreadsheet import sheets_as_csv

COLUMNS = [Column("Unit", 20), Column("Answers", 8, "integer"), Column("When", 12, "date"), Column("Comment", 40)]


def test_numbers_dates_and_text_read_back_with_their_formats(tmp_path):
    rows = [
        ("Förskola Åkern", 5, date(2026, 3, 2), "  spaces kept  "),
        ("Päiväkoti Myyrä", 4.5, datetime(2026, 3, 2, 14, 30), "a & b < c > d\r\nnext line 👩‍⚕️"),
        ("Unit 3", float("nan"), Typed(12.5, "percent"), "#N/A"),
        ("Unit 4", 9_007_199_254_740_991, None, Typed(7, "text")),
    ]
    path = tmp_path / "cells.xlsx"
    write_workbook(str(path), [Sheet("Cells", [Table(COLUMNS, rows)])])
    sheet = load_workbook(path).active
    read = [[(cell.value, cell.number_format) for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert read[0] == [("Förskola Åkern", "General"), (5, "General"), (datetime(2026, 3, 2), "yyyy-mm-dd"),
                       ("  spaces kept  ", "General")]  # fmt: skip
    assert read[1][1:] == [(4.5, "0"), (datetime(2026, 3, 2, 14, 30), "yyyy-mm-dd h:mm:ss"),
                           ("a & b < c > d\r\nnext line 👩‍⚕️", "General")]  # fmt: skip
    assert read[2][1][0] is None and (read[2][2][0], read[2][2][1]) == (0.125, "0.0%") and read[2][3][0] == "#N/A"
    assert sheet["D4"].data_type == "s"  # an answer reading "#N/A" is text, never a spreadsheet error
    assert read[3][1] == (9_007_199_254_740_991, "General") and read[3][2][0] is None and read[3][3][0] == "7"
    (shown,) = sheets_as_csv(path).values()  # LibreOffice opens the file and shows the same
    assert shown[1] == ["Förskola Åkern", "5", "2026-03-02", "  spaces kept  "]
    assert shown[2][3] == "a & b < c > d\nnext line 👩‍⚕️" and shown[3][1:3] == ["", "12.5%"]


def test_tables_under_each_other_keep_their_rows_in_place(tmp_path):
    first = Table(COLUMNS, ((f"Unit {i}", i, date(2026, 1, 1 + i), "=1+1" if i == 2 else "") for i in range(3)))
    second = Table([Column("Item"), Column("Score", kind="number")], [("Workload", 3.25)], title="Items")
    path = tmp_path / "tables.xlsx"
    written = write_workbook(str(path), [Sheet("Two", [first, second], intro=["Spring round"]), Sheet("Empty", [])])
    assert written == 4
    sheets = sheets_as_csv(path)
    assert sheets["Two"] == [
        ["Spring round", "", "", ""],
        ["", "", "", ""],
        ["Unit", "Answers", "When", "Comment"],
        ["Unit 0", "0", "2026-01-01", ""],
        ["Unit 1", "1", "2026-01-02", ""],
        ["Unit 2", "2", "2026-01-03", "=1+1"],
        ["", "", "", ""],
        ["Items", "", "", ""],
        ["Item", "Score", "", ""],
        ["Workload", "3.3", "", ""],
    ]
