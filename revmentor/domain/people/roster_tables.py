"""Rosters and org charts from spreadsheets (CSV or Excel): one person per row.

Each row passes the very same rules as a YAML entry; messages name the row and
the column instead of the line and field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from revmentor.domain.people.org import ORG_KEYS, OrgPerson
from revmentor.domain.people.people import parse_attribute_flags
from revmentor.domain.people.roster import PARTICIPANT_KEYS, Roster, _label, _Reader
from revmentor.domain.tables import Columns, Table, cell_text, match_headers, split_list
from revmentor.errors import InvalidInput


def parse_roster_table(
    table: Table, mapping: Mapping[str, str] | None = None
) -> Roster:
    """A roster from a spreadsheet (CSV or Excel): one participant per row.

    Each row passes the very same rules as a YAML entry; messages name the row
    and the column instead of the line and field. Raises ``RosterError``.
    """
    required = ("name", "email", "role")
    columns = match_headers(
        table, PARTICIPANT_KEYS, mapping, prefixed="attributes", required=required
    )
    reader = _Reader(table.source, "row", dict(columns.header))
    roster = Roster(unit="row", columns=dict(columns.header), note=table.note)
    for index, (number, cells) in enumerate(table.rows, start=1):
        values = _row(reader, columns, cells, number)
        if values is not None:
            who = _label(f"participant {index}", values)
            reader.add_participant(index, values, _at(number), who, roster)
    reader.raise_if_any()
    return roster


def parse_org_table(
    table: Table, mapping: Mapping[str, str] | None = None
) -> list[OrgPerson]:
    """The org chart from a spreadsheet: one person per row, read like the
    entries of a roster's ``org:`` section. Raises ``RosterError``."""
    columns = match_headers(table, ORG_KEYS, mapping, required=("email",))
    reader = _Reader(table.source, "row", dict(columns.header))
    roster = Roster(unit="row", columns=dict(columns.header), note=table.note)
    for index, (number, cells) in enumerate(table.rows, start=1):
        values = _row(reader, columns, cells, number)
        if values is not None:
            reader.add_org_person(index, values, number, roster)
    reader.org_loops(roster)
    reader.raise_if_any()
    return roster.org


def _at(row: int) -> Callable[[tuple], int]:
    return lambda _loc: row


def _row(
    reader: _Reader, columns: Columns, cells: tuple[object, ...], number: int
) -> dict[str, object] | None:
    """One spreadsheet row as the plain values of a roster entry."""
    values: dict[str, object] = {}
    attributes: dict[str, str] = {}
    for key in columns.index:
        try:
            text = cell_text(columns.cell(cells, key))
            if text is None:
                continue  # an empty cell: not given
            if key.startswith("attributes."):
                attributes[key.split(".", 1)[1]] = text
            elif key == "attributes":
                attributes.update(parse_attribute_flags(split_list(text)) or {})
            else:
                split = key in ("teaches", "learns")
                values[key] = split_list(text) if split else text
        except InvalidInput as error:
            reader.problem(number, columns.where(key), str(error))
            return None
    if attributes:
        values["attributes"] = attributes
    return values
