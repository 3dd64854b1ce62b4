"""Reading uploaded CSV and XLSX tables: detection, decoding, limits, hostile files, column guessing, streaming."""

from __future__ import annotations

import codecs
import datetime as dt
import io
import random
import time
import warnings
import zipfile
from collections.abc import Callable, Iterator

import openpyxl
import pytest

from exports.reading import LIMITS, ReadError, Table, errors, guess_columns, iter_table, read_table
from tests.spreadsheet import SHEET, rewrite, xlsx

# -- Helpers --------------------------------------------------------------------------------------------------------


def error_of(data: bytes, **limits: int) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_table(data, **limits)
    return caught.value


@pytest.fixture
def no_openpyxl(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if the file ever reaches openpyxl."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl.load_workbook must not be called for this file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


# -- ReadError --------------------------------------------------------------------------------------------------------


def test_read_error_carries_english_message_and_params() -> None:
    error = error_of(b"a,b\n1,2\n3,4\n", max_rows=2)
    assert isinstance(error, ValueError)
    assert error.message == "The file has more than %(max)s rows."
    assert error.params == {"max": 2}
    assert str(error) == "The file has more than 2 rows."


def test_limits_defaults() -> None:
    assert LIMITS == {
        "max_bytes": 20 * 1024 * 1024,
        "max_uncompressed_bytes": 200 * 1024 * 1024,
        "max_rows": 1_100_000,
        "max_columns": 50,
        "max_zip_entries": 200,
    }


# -- CSV --------------------------------------------------------------------------------------------------------------


def test_csv_semicolon_with_decimal_commas() -> None:
    table = read_table(b"Namn;Belopp;Avdelning\nAnna;1,5;Ekonomi\nBo;2,25;IT\n")
    assert table == Table(
        format="csv",
        sheet=None,
        headers=("Namn", "Belopp", "Avdelning"),
        rows=((2, ("Anna", "1,5", "Ekonomi")), (3, ("Bo", "2,25", "IT"))),
    )


def test_csv_comma_with_quoted_values() -> None:
    table = read_table(b'id,name,note\n1,"Smith, John","a; b"\n2,Doe,\n')
    assert table.headers == ("id", "name", "note")
    assert table.rows == ((2, ("1", "Smith, John", "a; b")), (3, ("2", "Doe", None)))


def test_csv_tab() -> None:
    table = read_table(b"id\tname\tcomment\r\n1\tAnna\tHello, world; hi\r\n")
    assert table.headers == ("id", "name", "comment")
    assert table.rows == ((2, ("1", "Anna", "Hello, world; hi")),)


def test_csv_single_column() -> None:
    table = read_table(b"email\nanna@example.org\nbo@example.org\n")
    assert table.headers == ("email",)
    assert [values for _, values in table.rows] == [("anna@example.org",), ("bo@example.org",)]


def test_csv_utf8_bom_is_not_part_of_the_first_header() -> None:
    table = read_table(codecs.BOM_UTF8 + "anställningsnummer;namn\n7;Åsa Öberg\n".encode())
    assert table.headers == ("anställningsnummer", "namn")
    assert table.rows == ((2, ("7", "Åsa Öberg")),)


def test_csv_cp1252_with_swedish_letters() -> None:
    data = "Namn;Ålder;Ort\nÅsa;42;Gävle\nÖrjan;37;Malmö\n".encode("cp1252")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    table = read_table(data)
    assert table.headers == ("Namn", "Ålder", "Ort")
    assert table.rows == ((2, ("Åsa", "42", "Gävle")), (3, ("Örjan", "37", "Malmö")))


def test_csv_utf16_unicode_text_from_excel() -> None:
    table = read_table("nimi\tikä\nMäkinen\t40\n".encode("utf-16"))
    assert table.headers == ("nimi", "ikä")
    assert table.rows == ((2, ("Mäkinen", "40")),)


def test_csv_undecodable_text_is_rejected() -> None:
    error = error_of(b"a;b\n\x81\x8d\x8f;\x90\x9d\n")
    assert error.message == errors.ENCODING


def test_csv_row_numbers_count_skipped_blank_rows() -> None:
    data = b"\n  \n;;\nid;name\n1;Anna\n\n;\n   ;  \n2;Bo\n"
    table = read_table(data)
    assert table.headers == ("id", "name")
    assert table.rows == ((5, ("1", "Anna")), (9, ("2", "Bo")))


def test_csv_values_are_stripped_text_and_empty_cells_none() -> None:
    table = read_table(b"id ; name ; start\n 007 ;  Anna Berg ;  \n")
    assert table.headers == ("id", "name", "start")
    assert table.rows == ((2, ("007", "Anna Berg", None)),)


def test_csv_short_rows_padded_and_extra_values_kept() -> None:
    table = read_table(b"a;b;c\n1\n1;2;3;4\n1;2;3;;\n")
    assert table.rows == ((2, ("1", None, None)), (3, ("1", "2", "3", "4")), (4, ("1", "2", "3")))


def test_csv_quoted_line_break_is_one_row() -> None:
    table = read_table(b'id;comment\n1;"first line\nsecond line"\n2;ok\n')
    assert table.rows == ((2, ("1", "first line\nsecond line")), (3, ("2", "ok")))


def test_csv_control_characters_inside_cells_are_kept_for_the_caller() -> None:
    table = read_table(b"id;comment\n1;a\x0bb\n")
    assert table.rows == ((2, ("1", "a\x0bb")),)


def test_csv_sniffing_and_decoding_beyond_the_first_chunk() -> None:
    lines = ["id;namn;kommentar"] + [f"{i};Ö{i};hej, hej" for i in range(10_000)]
    data = ("\n".join(lines) + "\n").encode()
    assert len(data) > 2 * 64 * 1024
    table = read_table(data)
    assert table.headers == ("id", "namn", "kommentar")
    assert len(table.rows) == 10_000
    assert table.rows[-1] == (10_001, ("9999", "Ö9999", "hej, hej"))


def test_csv_too_many_rows_and_columns() -> None:
    assert error_of(b"a\n1\n2\n3\n", max_rows=3).params == {"max": 3}
    error = error_of(("x;" * 60 + "\n").encode())
    assert error.message == errors.TOO_MANY_COLUMNS
    assert error.params == {"row": 1, "max": 50}
    wide_data_row = b"a;b\n" + (";" * 10 + "1").encode() + b"\n"
    assert error_of(wide_data_row, max_columns=5).params == {"row": 2, "max": 5}


def test_csv_unclosed_quote_swallowing_the_file_is_reported() -> None:
    data = b'id;comment\n1;"oops\n' + b"2;" + b"x" * 200_000 + b"\n"
    error = error_of(data)
    assert error.message == errors.CSV


# -- Rejected files ---------------------------------------------------------------------------------------------------


def test_empty_file() -> None:
    assert error_of(b"").message == "The file is empty."


@pytest.mark.parametrize("data", [b"\n\n", b"  \r\n ; ;\r\n", codecs.BOM_UTF8])
def test_no_header_row(data: bytes) -> None:
    assert error_of(data).message == errors.NO_HEADER


def test_over_max_bytes() -> None:
    error = error_of(b"a;b\n" * 1000, max_bytes=1024)
    assert error.message == errors.TOO_BIG
    assert "larger than" in str(error)


def test_over_default_max_bytes() -> None:
    error = error_of(b"a" * (LIMITS["max_bytes"] + 1))
    assert error.params == {"max_mb": 20}
    assert str(error).startswith("The file is larger than 20 MB.")


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\n",
        b"%PDF-1.4\n1 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
        random.Random(0).randbytes(4096),
        bytes(range(1, 32)) * 20,
        b"<html><body><table><tr><td>1</td></tr></table></body></html>",
        b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
    ],
    ids=["pdf-binary", "pdf-ascii", "png", "jpeg", "gzip", "random", "controls", "html", "xml-2003"],
)
@pytest.mark.parametrize("filename", ["survey.csv", "survey.xlsx"])
def test_renamed_non_spreadsheets_are_rejected(data: bytes, filename: str) -> None:
    with pytest.raises(ReadError) as caught:
        read_table(data, filename)
    assert caught.value.message == errors.NOT_SPREADSHEET


@pytest.mark.parametrize("filename", ["old.xls", "locked.xlsx", "data.csv"])
def test_ole2_is_rejected_as_encrypted_or_old_excel(filename: str) -> None:
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + random.Random(1).randbytes(1024)
    with pytest.raises(ReadError) as caught:
        read_table(data, filename)
    message = str(caught.value)
    assert "encrypted" in message
    assert "old Excel format (.xls)" in message
    assert ".xlsx" in message and "CSV" in message


def test_zip_without_workbook_is_not_a_spreadsheet(no_openpyxl: None) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    assert error_of(buffer.getvalue()).message == errors.NOT_SPREADSHEET


def test_truncated_zip_is_rejected() -> None:
    data = xlsx(["a"], [1])
    assert error_of(data[: len(data) // 2]).message in (errors.NOT_SPREADSHEET, errors.DAMAGED)


def test_damaged_sheet_xml_is_rejected() -> None:
    data = rewrite(xlsx(["a"], [1]), {SHEET: lambda xml: xml.replace(b"</sheetData>", b"<row><c></sheetData>")})
    assert error_of(data).message == errors.DAMAGED


# -- XLSX -------------------------------------------------------------------------------------------------------------


def test_xlsx_types() -> None:
    data = xlsx(
        ["  Anställd ", "Datum", "Tid", "Antal", "Andel", "Klar", "Summa", None, "Tom"],
        [" 007 ", dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30), 3, 0.25, True, "=D2*2", None, "   "],
    )
    table = read_table(data, "svar.xlsx")
    assert table.format == "xlsx"
    assert table.sheet == "Svar"
    assert table.headers == ("Anställd", "Datum", "Tid", "Antal", "Andel", "Klar", "Summa", "", "Tom")
    ((number, values),) = table.rows
    assert number == 2
    assert values == ("007", dt.date(2024, 3, 1), dt.datetime(2024, 3, 1, 8, 30), 3, 0.25, True, None, None, None)
    assert type(values[1]) is dt.date
    assert type(values[3]) is int
    assert type(values[4]) is float


def test_xlsx_row_numbers_count_skipped_blank_rows() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "id"
    sheet["C3"] = "namn"
    sheet["B4"] = 1
    sheet["C4"] = "Anna"
    sheet["B6"] = "   "  # whitespace only: empty
    sheet["B9"] = 2
    sheet["D9"] = "extra"
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.headers == ("", "id", "namn")
    assert table.rows == ((4, (None, 1, "Anna")), (9, (None, 2, None, "extra")))


def test_xlsx_first_visible_sheet() -> None:
    workbook = openpyxl.Workbook()
    hidden = workbook.active
    hidden.title = "Koder"
    hidden.append(["hemlig"])
    hidden.sheet_state = "hidden"
    visible = workbook.create_sheet("Personal")
    visible.append(["id"])
    visible.append([1])
    workbook.create_sheet("Annat").append(["x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue())
    assert table.sheet == "Personal"
    assert table.rows == ((2, (1,)),)


def test_xlsx_without_visible_sheet() -> None:
    data = rewrite(xlsx(["a"]), {"xl/workbook.xml": lambda xml: xml.replace(b'state="visible"', b'state="hidden"')})
    assert error_of(data).message == errors.NO_SHEET


def test_xlsx_wrong_dimension_still_yields_all_rows() -> None:
    rows = [["id", "namn", "datum"]] + [[i, f"Person {i}", dt.date(2024, 1, 1)] for i in range(1, 301)]
    original = xlsx(*rows)
    with zipfile.ZipFile(io.BytesIO(original)) as archive:
        assert b'<dimension ref="A1:C301"' in archive.read(SHEET)
    data = rewrite(original, {SHEET: lambda xml: xml.replace(b'ref="A1:C301"', b'ref="A1:A1"')})

    # The trap is real: openpyxl trusts the tag in read-only mode.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    assert len(list(workbook.active.iter_rows(values_only=True))) == 1
    workbook.close()

    table = read_table(data)
    assert table.headers == ("id", "namn", "datum")
    assert len(table.rows) == 300
    assert table.rows[-1] == (301, (300, "Person 300", dt.date(2024, 1, 1)))


def test_xlsx_too_many_rows_and_columns() -> None:
    assert error_of(xlsx(["a"], [1], [2], [3]), max_rows=3).message == errors.TOO_MANY_ROWS
    error = error_of(xlsx(["a"], [1] + [None] * 55 + [2]))
    assert error.params == {"row": 2, "max": 50}


def test_xlsx_formatted_empty_cells_far_right_are_ignored() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id"])
    sheet.append([1])
    sheet["XFD2"].number_format = "0.00"  # a styled cell without a value in the last column
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert read_table(buffer.getvalue()).rows == ((2, (1,)),)


def test_xlsx_openpyxl_warnings_are_silenced_without_leaking_filters() -> None:
    extension = b'<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"/></extLst></worksheet>'
    data = rewrite(xlsx(["a"], [1]), {SHEET: lambda xml: xml.replace(b"</worksheet>", extension)})
    with pytest.warns(UserWarning, match="extension is not supported"):  # what openpyxl says on its own
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        list(workbook.active.values)
        workbook.close()
    before = list(warnings.filters)
    assert read_table(data).rows == ((2, (1,)),)
    fmt, sheet, headers, rows = iter_table(data)
    assert list(rows) == [(2, (1,))]
    assert warnings.filters == before


def test_detection_ignores_the_file_name() -> None:
    assert read_table(b"a;b\n1;2\n", "export.xlsx").format == "csv"
    assert read_table(xlsx(["a"], [1]), "export.csv").format == "xlsx"


# -- Hostile XLSX -----------------------------------------------------------------------------------------------------

LAUGHS = (
    b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
    b'<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">'
    b'<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">'
    b'<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">'
    b'<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">'
    b'<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">'
    b'<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">]>'
)
EXTERNAL = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def with_doctype(doctype: bytes, encoding: str = "utf-8") -> Callable[[bytes], bytes]:
    """Put an XML declaration and ``doctype`` in front of the part, and use the entity in the first value."""

    def change(xml: bytes) -> bytes:
        text = xml.decode().removeprefix('<?xml version="1.0"?>')
        text = text.replace("<v>", "<v>&lol9;" if b"lol9" in doctype else "<v>&xxe;", 1)
        declaration = f'<?xml version="1.0" encoding="{encoding.upper()}" standalone="yes"?>\n'
        return (declaration + doctype.decode() + text).encode(encoding)

    return change


@pytest.mark.parametrize(
    ("part", "doctype", "encoding"),
    [
        (SHEET, LAUGHS, "utf-8"),
        (SHEET, LAUGHS, "utf-16"),
        (SHEET, EXTERNAL, "utf-8"),
        ("xl/workbook.xml", LAUGHS, "utf-8"),
        ("[Content_Types].xml", EXTERNAL, "utf-8"),
    ],
    ids=["sheet-laughs", "sheet-laughs-utf16", "sheet-external", "workbook", "content-types"],
)
def test_xlsx_with_dtd_is_rejected_before_loading(part: str, doctype: bytes, encoding: str, no_openpyxl: None) -> None:
    data = rewrite(xlsx(["a"], [1], [2]), {part: with_doctype(doctype, encoding)})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if encoding == "utf-8":
            assert b"<!DOCTYPE" in archive.read(part)
        else:
            assert b"<!DOCTYPE" not in archive.read(part)  # a plain byte search would miss it
    error = error_of(data)
    assert error.message == errors.DTD


def test_openpyxl_parses_through_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML is True


def test_xlsx_with_unknown_xml_encoding_is_rejected(no_openpyxl: None) -> None:
    def exotic(xml: bytes) -> bytes:
        return b'<?xml version="1.0" encoding="x-no-such-encoding"?>' + xml

    data = rewrite(xlsx(["a"], [1]), {SHEET: exotic})
    assert error_of(data).message == errors.DAMAGED


@pytest.fixture(scope="module")
def zip_bomb() -> bytes:
    """A real workbook plus 300 MB of zeros, about 300 KB compressed; written in chunks to keep memory low."""
    buffer = io.BytesIO(xlsx(["a"], [1]))
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/image1.png", "w", force_zip64=True) as entry:
            chunk = bytes(1024 * 1024)
            for _ in range(300):
                entry.write(chunk)
    return buffer.getvalue()


def test_zip_bomb_rejected_before_loading(zip_bomb: bytes, no_openpyxl: None) -> None:
    assert len(zip_bomb) < 1024 * 1024
    started = time.perf_counter()
    error = error_of(zip_bomb)
    assert time.perf_counter() - started < 1.0  # read from the ZIP directory, nothing inflated
    assert error.message == errors.UNPACKED_TOO_BIG
    assert error.params == {"max_mb": 200}


def test_uncompressed_limit_is_configurable(no_openpyxl: None) -> None:
    data = rewrite(xlsx(["a"], [1]), {}, extra={"xl/media/zeros.bin": bytes(2 * 1024 * 1024)})
    assert len(data) < 64 * 1024
    error = error_of(data, max_uncompressed_bytes=1024 * 1024)
    assert error.message == errors.UNPACKED_TOO_BIG
    assert str(error).startswith("The workbook unpacks to more than 1 MB.")


def test_too_many_zip_entries(no_openpyxl: None) -> None:
    extra = {f"xl/media/image{i}.png": b"x" for i in range(LIMITS["max_zip_entries"])}
    data = rewrite(xlsx(["a"], [1]), {}, extra=extra)
    error = error_of(data)
    assert error.message == errors.TOO_MANY_PARTS
    assert error.params == {"max": 200}


def test_zip_with_password_is_rejected(no_openpyxl: None) -> None:
    data = bytearray(xlsx(["a"], [1]))
    # Set the "encrypted" flag on every central directory record.
    position = data.find(b"PK\x01\x02")
    while position != -1:
        data[position + 8] |= 0x1
        position = data.find(b"PK\x01\x02", position + 4)
    assert error_of(bytes(data)).message == errors.ZIP_ENCRYPTED


# -- guess_columns ----------------------------------------------------------------------------------------------------

FIELDS = {
    "employee_id": ("employee_id", "anställningsnummer", "henkilönumero", "employee"),
    "email": ("email", "e-post", "sähköposti"),
    "unit": ("unit", "enhet", "yksikkö", "avdelning"),
    "start": ("start_date", "startdatum", "aloituspäivä"),
}


def test_guess_columns_swedish() -> None:
    headers = ["Namn", "Anställnings nummer", "E-post", "Enhet"]
    assert guess_columns(headers, FIELDS) == {"employee_id": 1, "email": 2, "unit": 3, "start": None}


def test_guess_columns_finnish_with_and_without_accents() -> None:
    headers = ["HENKILONUMERO", "Sahkoposti", "  yksikkö ", "Aloitus-päivä"]
    assert guess_columns(headers, FIELDS) == {"employee_id": 0, "email": 1, "unit": 2, "start": 3}


def test_guess_columns_ignores_case_space_underscore_hyphen_and_accents() -> None:
    headers = ["Employee ID", "E_MAIL", "Start-Date", "ANSTÄLLNINGS-NUMMER"]
    assert guess_columns(headers, FIELDS) == {"employee_id": 0, "email": 1, "unit": None, "start": 2}


def test_guess_columns_uses_each_column_once() -> None:
    fields = {"first": ("namn",), "second": ("namn",)}
    assert guess_columns(["Namn"], fields) == {"first": 0, "second": None}
    assert guess_columns(["Namn", "namn"], fields) == {"first": 0, "second": 1}


def test_guess_columns_exact_alias_beats_another_fields_loose_alias() -> None:
    fields = {"name": ("name", "employee"), "employee_id": ("employee", "id")}
    assert guess_columns(["Employee", "Name"], fields) == {"name": 1, "employee_id": 0}


def test_guess_columns_empty_headers_and_aliases_never_match() -> None:
    assert guess_columns(["", " "], {"x": ("", "-"), "y": ("y",)}) == {"x": None, "y": None}
    assert guess_columns([], {"x": ("x",)}) == {"x": None}


# -- Streaming --------------------------------------------------------------------------------------------------------


def big_csv(rows: int, broken_row: int | None = None) -> bytes:
    lines = ["anställningsnummer;enhet;e-post"]
    for i in range(1, rows + 1):
        if i + 1 == broken_row:
            lines.append(";".join(["x"] * 60))
        else:
            lines.append(f"{i};Enhet {i % 40};person{i}@example.org")
    return ("\n".join(lines) + "\n").encode()


def test_iter_table_streams_a_large_csv() -> None:
    fmt, sheet, headers, rows = iter_table(big_csv(50_000), "stora.csv")
    assert (fmt, sheet, headers) == ("csv", None, ("anställningsnummer", "enhet", "e-post"))
    assert isinstance(rows, Iterator)
    assert next(rows) == (2, ("1", "Enhet 1", "person1@example.org"))
    rest = list(rows)
    assert len(rest) == 49_999
    assert rest[-1] == (50_001, ("50000", "Enhet 0", "person50000@example.org"))


def test_iter_table_yields_rows_before_reading_the_rest() -> None:
    # Row 40,000 is too wide: the error appears only when the iterator gets there, so nothing was read ahead.
    fmt, sheet, headers, rows = iter_table(big_csv(50_000, broken_row=40_000))
    first = [next(rows) for _ in range(1000)]
    assert first[0][0] == 2 and first[-1][0] == 1001
    with pytest.raises(ReadError) as caught:
        for _ in rows:
            pass
    assert caught.value.params == {"row": 40_000, "max": 50}
    # read_table reads everything, so it fails at once.
    assert error_of(big_csv(50_000, broken_row=40_000)).params == {"row": 40_000, "max": 50}


def test_iter_table_streams_xlsx() -> None:
    data = xlsx(["id", "namn"], *([i, f"P{i}"] for i in range(1, 5001)))
    fmt, sheet, headers, rows = iter_table(data, max_rows=6000)
    assert (fmt, sheet, headers) == ("xlsx", "Svar", ("id", "namn"))
    assert next(rows) == (2, (1, "P1"))
    remaining = list(rows)
    assert len(remaining) == 4999
    assert remaining[-1] == (5001, (5000, "P5000"))


def test_iter_table_checks_the_whole_file_before_returning(no_openpyxl: None) -> None:
    with pytest.raises(ReadError):
        iter_table(b"")
    with pytest.raises(ReadError):
        iter_table(b"\xd0\xcf\x11\xe0" + bytes(600))
    with pytest.raises(ReadError):
        iter_table(b"\n\n")
