"""Read a CSV or Excel (.xlsx) file into a ``Table`` of cells.

CSV files saved by Excel often start with a byte-order mark and, in many
locales, separate cells with ';': both are handled. openpyxl is imported only
when an .xlsx file is read (it costs a noticeable part of a second to import).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from revmentor.domain.tables import Table
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput, RosterError
from revmentor.inputs import read_bytes

TABLE_SUFFIXES = (".csv", ".xlsx")
_DELIMITERS = ",;\t"


def is_table(path: Path) -> bool:
    return path.suffix.lower() in TABLE_SUFFIXES


def read_table(path: Path, *, sheet: str | None = None) -> Table:
    """The header row and non-blank rows of a .csv file or an .xlsx sheet.

    Raises ``InvalidInput`` with one sentence when the file cannot be read.
    """
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise InvalidInput(
            f"{path} is not a .csv or .xlsx file; those are the spreadsheets "
            "revmentor reads."
        )
    if suffix == ".csv" and sheet is not None:
        raise InvalidInput(
            f"--sheet applies to .xlsx files only; {path} is a CSV file."
        )
    data = read_bytes(path, "spreadsheet")
    if suffix == ".csv":
        return _as_table(str(path), _csv_rows(path, data))
    from openpyxl.utils import get_column_letter  # columns A, B, … as Excel names them

    rows, names = _xlsx_rows(path, data, sheet)
    # Which sheet was read, when it was the first of several by default.
    source = f"{path}, sheet {names[0]!r}" if sheet is None and names[1:] else str(path)
    table = _as_table(source, rows, get_column_letter)
    table.other_sheets = names[1:] if sheet is None else []
    return table


def _as_table(
    source: str, rows: list[list], column_name: Callable[[int], str] = str
) -> Table:
    """``column_name``: a column as the user sees it, from its 1-based number."""
    if not rows:
        raise InvalidInput(
            f"{source} is empty: the first row must name the columns "
            "(e.g. name, email, role)."
        )
    header = ["" if c is None else " ".join(str(c).split()) for c in rows[0]]
    while header and not header[-1]:
        header.pop()
    if not any(header):
        raise InvalidInput(
            f"{source}, row 1: the first row must name the columns "
            "(e.g. name, email, role), but it is empty."
        )
    table = Table(source=source, headers=header)
    beyond: list[str] = []
    for number, cells in enumerate(rows[1:], start=2):
        filled = [c is not None and str(c).strip() != "" for c in cells]
        if any(filled):
            table.rows.append((number, tuple(cells)))
        # A value under no header would be dropped without a word: refuse it.
        extra = [i for i in range(len(header), len(cells)) if filled[i]]
        if extra:
            beyond.append(
                f"{source}, row {number}, column {column_name(extra[0] + 1)}: "
                f"{shown(cells[extra[0]])} is in a column with no header; name "
                "the column in the first row, or clear the cell"
            )
    if beyond:
        raise RosterError(beyond)
    return table


def _csv_rows(path: Path, data: bytes) -> list[list]:
    try:
        text = data.decode("utf-8-sig")
        reader = csv.reader(
            io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False
        )
        return [[cell if cell != "" else None for cell in row] for row in reader]
    except UnicodeDecodeError:
        raise InvalidInput(
            f'{path} is not UTF-8 text; in Excel save it as "CSV UTF-8".'
        ) from None
    except csv.Error as error:
        raise InvalidInput(f"{path} is not a readable CSV file ({error}).") from None


def _delimiter(sample: str) -> str:
    """',' unless the header line holds more ';' or tabs (Excel in many locales)."""
    first = sample.split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _xlsx_rows(path: Path, data: bytes, sheet: str | None) -> tuple[list[list], list]:
    """The rows of the sheet, and the names of all the workbook's sheets."""
    import zipfile

    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise InvalidInput(
            f"{path} is not an Excel .xlsx workbook (or it is damaged)."
        ) from None
    try:
        if sheet is None:
            worksheet = book.worksheets[0] if book.worksheets else None
        elif sheet in book.sheetnames:
            worksheet = book[sheet]
        else:
            names = ", ".join(repr(n) for n in book.sheetnames)
            raise InvalidInput(
                f"{path} has no sheet {sheet!r}; its sheets are {names}."
            )
        if worksheet is None:
            raise InvalidInput(f"{path} has no sheets.")
        rows = [list(row) for row in worksheet.iter_rows(values_only=True)]
        return rows, book.sheetnames
    finally:
        book.close()
