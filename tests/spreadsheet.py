"""Workbooks in tests: made by hand for the upload tests (``xlsx``, ``rewrite``), and read back by LibreOffice, the
real client for exported workbooks (every sheet converted to CSV headless) and decks (converted to PDF).

On a laptop without LibreOffice the tests that read back skip with the reason; with ``REQUIRE_LIBREOFFICE=1`` (CI)
they fail.
"""

from __future__ import annotations

import csv
import io
import os
import re
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


def pdf_pages(document: Path) -> int:
    """Convert a document (a deck: .pptx) to PDF headless, as LibreOffice Impress opens and prints it, and return the
    PDF's number of pages. Without Impress (Calc alone) the test skips, or fails under REQUIRE_LIBREOFFICE=1."""
    out = document.parent / f"{document.stem}-pdf"
    profile = document.parent / "lo-profile"
    subprocess.run(
        [soffice(), f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf", "--outdir",
         str(out), str(document)],
        check=False, capture_output=True, timeout=120,
    )  # fmt: skip
    pdf = out / f"{document.stem}.pdf"
    if not pdf.exists():
        if os.environ.get("REQUIRE_LIBREOFFICE") == "1":
            pytest.fail(f"LibreOffice wrote no PDF for {document.name} (is libreoffice-impress-nogui installed?)")
        pytest.skip("LibreOffice Impress is not installed: apt-get install libreoffice-impress-nogui (CI installs it)")
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf.read_bytes()))


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


def deck_text(data: bytes) -> str:
    """Every text a deck holds, one per line: its slides' text boxes and tables, the categories of its charts, and the
    speaker notes (what a reader of the file could find in it)."""
    from pptx import Presentation

    found: list[str] = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                found.append(shape.text_frame.text)
            if shape.has_table:
                found += [cell.text for row in shape.table.rows for cell in row.cells]
            if shape.has_chart:
                found += [str(label) for plot in shape.chart.plots for label in plot.categories]
        if slide.has_notes_slide:
            found.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(text for text in found if text)
