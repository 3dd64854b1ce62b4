"""Workbooks in tests: made by hand for the upload tests (``xlsx``, ``rewrite``), and read back by LibreOffice, the
real client for exported workbooks (every sheet converted to CSV headless).

On a laptop without LibreOffice the tests that read back skip with the reason; with ``REQUIRE_LIBREOFFICE=1`` (CI)
they fail.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

#: The first worksheet's part in an .xlsx file.
SHEET = "xl/worksheets/sheet1.xml"


def xlsx(*rows: list[object], title: str = "Svar") -> bytes:
    """A workbook of one sheet, ``title``, holding ``rows``, as openpyxl writes it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite(data: bytes, changes: dict[str, Callable[[bytes], bytes | None]], extra: dict[str, bytes] | None = None):
    """Copy a ZIP, passing the named entries through a function (None drops the entry), and add ``extra`` ones."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename in changes:
                content = changes[info.filename](content)
                if content is None:
                    continue
            target.writestr(info.filename, content)
        for name, content in (extra or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def soffice() -> str:
    path = shutil.which("soffice") or shutil.which("libreoffice")
    if path:
        return path
    if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
        pytest.fail("REQUIRE_LIBREOFFICE=1 but LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    pytest.skip("LibreOffice is not installed: apt-get install libreoffice-calc-nogui (CI installs it)")


def sheets_as_csv(workbook: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice computes and shows it (formulas evaluated), as rows, by sheet name."""
    out = workbook.parent / f"{workbook.stem}-csv"
    out.mkdir(exist_ok=True)
    profile = workbook.parent / "lo-profile"
    # comma, double quote, UTF-8, row 1, …, values as shown (formatted), -1: one <stem>-<sheet>.csv per sheet
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1", "--outdir", str(out),
         str(workbook)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    sheets = {file.stem[len(workbook.stem) + 1 :]: _read(file) for file in out.glob(f"{workbook.stem}-*.csv")}
    assert sheets, f"LibreOffice wrote no CSV for {workbook.name}"
    return sheets


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))
