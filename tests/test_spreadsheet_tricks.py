"""Workbooks built to trick the importer: each is refused in one sentence,
quickly and in little memory, or read the way its author sees it."""

from __future__ import annotations

import resource
import time
import zipfile
from pathlib import Path

import pytest

from tests.test_roster_tables import people, write_xlsx

HEADER = ["name", "email", "role"]
ANA = ["Ana Ruiz", "ana@example.com", "mentor"]


# Each entity ten times the one before: a billion copies if expanded.
LAUGHS = (
    b'<!DOCTYPE worksheet [<!ENTITY e0 "lol">'
    + b"".join(
        b'<!ENTITY e%d "%s">' % (n, b"&e%d;" % (n - 1) * 10) for n in range(1, 9)
    )
    + b"]>"
)


def rewrite(book: Path, member: str, change) -> Path:
    """``book`` with one zip member replaced by ``change(old_bytes)``."""
    with zipfile.ZipFile(book) as source:
        contents = {name: source.read(name) for name in source.namelist()}
    contents[member] = change(contents[member])
    with zipfile.ZipFile(book, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in contents.items():
            target.writestr(name, data)
    return book


def refused(cli, book: Path, *words: str) -> str:
    started = time.monotonic()
    result = cli("import", str(book))
    assert result.exit_code == 1, result.output
    assert "Unexpected" not in result.stderr and "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for word in words:
        assert word in result.stderr
    assert time.monotonic() - started < 10
    if cli.db_path.exists():
        assert cli.rows("SELECT * FROM participants") == []
    return result.stderr


def test_a_claimed_million_rows_and_a_far_cell_are_refused_in_little_memory(
    cli, tmp_path
):
    book = write_xlsx(tmp_path / "people.xlsx", {"Roster": [HEADER, ANA]})
    far = b'<row r="200000"><c r="XFD200000" t="inlineStr"><is><t>x</t></is></c></row>'
    rewrite(
        book,
        "xl/worksheets/sheet1.xml",
        lambda xml: xml.replace(b'ref="A1:C2"', b'ref="A1:XFD1048576"').replace(
            b"</sheetData>", far + b"</sheetData>"
        ),
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    refused(cli, book, "people.xlsx, row", "the most revmentor reads")
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    assert grown_kb < 200_000


@pytest.mark.parametrize(
    "cell, sentence",
    [("A500000", "more than 100,000 rows"), ("ALN2", "more than 1,000 columns")],
)
def test_a_value_beyond_the_bounds_is_refused(cli, tmp_path, cell, sentence):
    book = write_xlsx(tmp_path / "people.xlsx", {"Roster": [HEADER, ANA]})
    value = b'<c r="%s" t="inlineStr"><is><t>x</t></is></c>' % cell.encode()
    # In Ana's row, or in a row of its own.
    end = b"</c></row></sheetData>" if cell == "ALN2" else b"</sheetData>"
    into = (
        b"</c>" + value + b"</row>"
        if cell == "ALN2"
        else b'<row r="500000">' + value + b"</row>"
    )

    def change(xml: bytes) -> bytes:
        return xml.replace(end, into + b"</sheetData>")

    rewrite(book, "xl/worksheets/sheet1.xml", change)
    refused(cli, book, sentence)


def test_a_zip_that_unpacks_to_gigabytes_is_refused_before_unpacking(cli, tmp_path):
    book = write_xlsx(tmp_path / "people.xlsx", {"Roster": [HEADER, ANA]})
    padding = b" " * (70 * 2**20)
    rewrite(book, "xl/worksheets/sheet1.xml", lambda xml: xml + padding)
    assert book.stat().st_size < 2**20
    refused(cli, book, "unpacks to more than 64 MB")


@pytest.mark.parametrize(
    "member, change",
    [
        ("xl/worksheets/sheet1.xml", lambda xml: xml.replace(b"</row>", b"</rw>", 1)),
        (
            "xl/worksheets/sheet1.xml",
            lambda xml: xml.replace(
                b'<c r="A2" t="inlineStr">', b'<c r="A2" t="s">'
            ).replace(b"<is><t>Ana Ruiz</t></is>", b"<v>99</v>"),
        ),
        ("xl/worksheets/sheet1.xml", lambda xml: LAUGHS + xml.replace(b"Ana", b"&e8;")),
    ],
    ids=["bad-xml", "bad-shared-string", "entity-expansion"],
)
def test_a_damaged_workbook_is_refused_in_one_sentence(cli, tmp_path, member, change):
    book = write_xlsx(tmp_path / "people.xlsx", {"Roster": [HEADER, ANA]})
    book = rewrite(book, member, change)
    refused(cli, book, "people.xlsx", "damaged")


def test_the_first_visible_sheet_is_read_and_named(cli, tmp_path):
    book = tmp_path / "people.xlsx"
    import openpyxl

    workbook = openpyxl.Workbook()
    old = workbook.active
    old.title = "Old"
    old.append(HEADER)
    old.append(["Bo Chen", "bo@example.com", "mentor"])
    old.sheet_state = "hidden"
    roster = workbook.create_sheet("Roster")
    roster.append(HEADER)
    roster.append(ANA)
    workbook.save(book)
    result = cli("import", str(book))
    assert result.exit_code == 0, result.output
    assert "Reading sheet 'Roster'" in result.stderr
    assert set(people(cli)) == {"ana@example.com"}


def test_merged_cells_are_refused_naming_the_range(cli, tmp_path):
    import openpyxl

    book = tmp_path / "people.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in (
        [*HEADER, "manager"],
        [*ANA, "boss@example.com"],
        ["Dana Lee", "dana@example.com", "mentee", None],
    ):
        sheet.append(row)
    sheet.merge_cells("D2:D3")
    workbook.save(book)
    refused(cli, book, "D2:D3", "merged")


def test_headers_that_differ_only_in_case_are_refused(cli, tmp_path):
    roster = tmp_path / "people.csv"
    roster.write_text(
        "name,email,role,attributes.gender,Attributes.Gender\n"
        "Ana Ruiz,ana@example.com,mentor,female,\n"
    )
    result = cli("import", str(roster))
    assert result.exit_code == 1
    assert "column 'Attributes.Gender'" in result.stderr
    assert "again" in result.stderr
