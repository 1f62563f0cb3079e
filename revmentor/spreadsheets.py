"""Read a CSV or Excel (.xlsx) file into a ``Table`` of cells.

CSV files saved by Excel often start with a byte-order mark and, in many
locales, separate cells with ';': both are handled. openpyxl is imported only
when an .xlsx file is read (it costs a noticeable part of a second to import).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

from revmentor.domain.tables import Table
from revmentor.domain.validation import shown
from revmentor.errors import InvalidInput, RosterError
from revmentor.inputs import MAX_INPUT_BYTES, read_bytes, read_text

TABLE_SUFFIXES = (".csv", ".xlsx")
_DELIMITERS = ",;\t"
# Bounds on a workbook, far beyond a roster or a form's answers: the rows and
# columns read from a sheet (its zip unpacks to at most MAX_INPUT_BYTES).
MAX_ROWS = 100_000
MAX_COLUMNS = 1_000
MAX_CELLS = 2_000_000
# A merged range in a sheet's XML (openpyxl's read-only mode does not read them).
_MERGED = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]*)"')


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
    if suffix == ".csv":
        return _as_table(str(path), _csv_rows(path, read_text(path, "spreadsheet")))
    data = read_bytes(path, "spreadsheet")
    from openpyxl.utils import get_column_letter  # columns A, B, … as Excel names them

    rows, title, names = _xlsx_rows(path, data, sheet)
    # Which sheet was read, when it was the first of several by default.
    others = [name for name in names if name != title] if sheet is None else []
    table = _as_table(
        f"{path}, sheet {title!r}" if others else str(path), rows, get_column_letter
    )
    table.other_sheets = others
    if others:
        table.note = (
            f"Reading sheet {title!r} of {path} (its first visible sheet; --sheet "
            "chooses another)."
        )
    return table


def _as_table(
    source: str, rows: list[list], column_name: Callable[[int], str] = str
) -> Table:
    """``column_name``: a column as the user sees it, from its 1-based number."""
    first = rows[0] if rows else []
    header = ["" if c is None else " ".join(str(c).split()) for c in first]
    while header and not header[-1]:
        header.pop()
    if not header:  # an empty file, or an empty first row
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


def _csv_rows(path: Path, text: str) -> list[list]:
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=False
    )
    try:
        return [[cell or None for cell in row] for row in reader]
    except csv.Error as error:
        raise InvalidInput(f"{path} is not a readable CSV file ({error}).") from None


def _delimiter(sample: str) -> str:
    """',' unless the header line holds more ';' or tabs (Excel in many locales)."""
    first = sample.split("\n", 1)[0]
    return max(_DELIMITERS, key=lambda d: (first.count(d), d == ","))


def _xlsx_rows(
    path: Path, data: bytes, sheet: str | None
) -> tuple[list[list], str, list[str]]:
    """The rows of the sheet read, its name, and the names of all the sheets."""
    import zipfile

    import openpyxl

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # The sizes a zip declares bound what it unpacks to (zipfile stops there).
        if sum(member.file_size for member in archive.infolist()) > MAX_INPUT_BYTES:
            raise InvalidInput(
                f"{path} unpacks to more than {MAX_INPUT_BYTES // 2**20} MB, the most "
                "revmentor reads from a workbook; save the roster sheet on its own."
            )
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            worksheet = _sheet(path, book, sheet)
            if merged := _MERGED.search(archive.read(worksheet._worksheet_path)):
                cells = merged[1].decode("ascii", "replace")
                raise InvalidInput(
                    f"{path}, sheet {worksheet.title!r}: cells {cells} are merged, "
                    "so only the first holds the value; unmerge them and fill every cell."
                )
            return _bounded_rows(path, worksheet), worksheet.title, book.sheetnames
        finally:
            book.close()
    except InvalidInput:
        raise
    except Exception:  # a hostile zip or XML breaks the parser in many ways
        raise InvalidInput(
            f"{path} is not an Excel .xlsx workbook (or it is damaged)."
        ) from None


def _sheet(path: Path, book, sheet: str | None):
    """The sheet named by --sheet, else the first visible one (the caller says
    which when the workbook has several, so a hidden one is never read unnoticed)."""
    if sheet is not None:
        if sheet not in book.sheetnames:
            names = ", ".join(repr(n) for n in book.sheetnames)
            raise InvalidInput(
                f"{path} has no sheet {sheet!r}; its sheets are {names}."
            )
        return book[sheet]
    # Excel keeps a sheet visible: a workbook without one is damaged (IndexError).
    return [ws for ws in book.worksheets if ws.sheet_state == "visible"][0]


def _bounded_rows(path: Path, worksheet) -> list[list]:
    """At most MAX_ROWS rows, MAX_COLUMNS columns and MAX_CELLS cells, whatever
    the sheet's dimension tag claims (it is the file's word: a million rows)."""
    worksheet.reset_dimensions()  # so blank rows come only up to a written one
    rows: list[list] = []
    cells = 0
    for number, found in enumerate(worksheet.iter_rows(values_only=True), start=1):
        row = list(found[:MAX_COLUMNS])
        # Formatting can reach far right without a value: only values count.
        wide = found[MAX_COLUMNS:].count(None) < len(found) - len(row)
        while row and row[-1] is None:
            row.pop()
        cells += len(row)
        for what, most, over in (
            ("columns", MAX_COLUMNS, wide),
            ("rows", MAX_ROWS, number > MAX_ROWS),
            ("cells", MAX_CELLS, cells > MAX_CELLS),
        ):
            if over:
                raise InvalidInput(
                    f"{path}, row {number}: the sheet has more than {most:,} "
                    f"{what}, the most revmentor reads."
                )
        rows.append(row)
    return rows
