"""Why an upload cannot be read: ``ReadError`` and its messages, in English, marked for translation.

A message's ``%(name)s`` placeholders are filled from ``ReadError.params``; the web layer translates the message and
fills it in at display time.
"""

from __future__ import annotations


def N_(text: str) -> str:  # noqa: N802 - the conventional gettext marker name
    """Mark ``text`` for extraction by ``pybabel extract -k N_`` and return it unchanged."""
    return text


EMPTY = N_("The file is empty.")
TOO_BIG = N_("The file is larger than %(max_mb)s MB. Split it into smaller files or remove unused data.")
NOT_SPREADSHEET = N_("The file is not an Excel workbook (.xlsx) or a CSV file. Save it as .xlsx or CSV and try again.")
OLE2 = N_(
    "The file is password-protected (encrypted) or saved in the old Excel format (.xls). Remove the password, "
    "or open it in Excel and save it as an Excel workbook (.xlsx) or CSV, and try again."
)
ZIP_ENCRYPTED = N_(
    "The workbook is password-protected (encrypted). Remove the password, save it as .xlsx or CSV, and try again."
)
UNPACKED_TOO_BIG = N_(
    "The workbook unpacks to more than %(max_mb)s MB. Remove unused sheets, images or formatting, or save the data "
    "as CSV."
)
TOO_MANY_PARTS = N_(
    "The workbook has too many internal parts (more than %(max)s). Copy the data into a new workbook or save it as CSV."
)
DTD = N_(
    "The workbook contains a document type declaration (DTD), which is not allowed for security reasons. Open it "
    "in Excel and save it again as .xlsx, or save it as CSV."
)
DAMAGED = N_("The workbook could not be read; it may be damaged. Open it in Excel and save it again as .xlsx or CSV.")
NO_SHEET = N_("The workbook has no visible worksheet.")
TOO_MANY_ROWS = N_("The file has more than %(max)s rows.")
TOO_MANY_COLUMNS = N_("Row %(row)s has more than %(max)s columns.")
NO_HEADER = N_("The file has no header row: the first non-empty row must hold the column names.")
ENCODING = N_("The text encoding of the file could not be recognised. Save it as CSV UTF-8 and try again.")
CSV = N_("Row %(row)s of the CSV file could not be read (is a closing quotation mark missing?).")


class ReadError(ValueError):
    """An upload that cannot be read. ``message`` is English (marked with ``N_``), ``params`` fills it in."""

    def __init__(self, message: str, **params: object) -> None:
        self.message = message
        self.params = params
        super().__init__(message % params if params else message)
