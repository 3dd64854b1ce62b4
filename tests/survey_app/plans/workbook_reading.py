"""Reading the plans workbook a page sends: download it, turn its sheets into rows, and find a table in a sheet.
Shared by the plans' workbook tests and the safety representative's (a helper module, not a test module)."""

from __future__ import annotations

from pathlib import Path

from tests.spreadsheet import sheets_as_csv

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(client, url: str, tmp_path: Path) -> dict[str, list[list[str]]]:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX and "attachment" in response.headers["Content-Disposition"]
    path = tmp_path / "plans.xlsx"
    path.write_bytes(response.data)
    return sheets_as_csv(path)


def _table(rows: list[list[str]], title: str = "") -> list[dict[str, str]]:
    """The rows of the table under ``title`` (else the sheet's first), as {heading: value}, up to a blank row."""
    begin = next(index for index, row in enumerate(rows) if row[0] == title) if title else 0
    start = next(index for index, row in enumerate(rows) if index >= begin and row[:2] == ["Unit", "Code"])
    found = []
    for row in rows[start + 1 :]:
        if not any(row):
            break
        found.append(dict(zip(rows[start], row, strict=True)))
    return found
