"""Goals in bulk, from a spreadsheet (`goals add --from`): pure.

Each row names its pair as a sessions file does (a pair number, the mentor
and/or the mentee, or a participant) and the goal's words, with an optional
due date and day set; each goal passes the one rule set of `goals add`
(``new_goal``). A goal the pair already has, in the same words, is counted
rather than added again, so a file can be imported twice.
"""

from __future__ import annotations

from revmentor.domain.models import PAIR_ACTIVE
from revmentor.domain.sessions.bulk import (
    BulkRows,
    Context,
    _checked,
    _InColumn,
    _Row,
    _which_pair,
)
from revmentor.domain.sessions.goals import GoalEntry, new_goal
from revmentor.domain.tables import Table, cell_date, match_headers
from revmentor.errors import InvalidInput

GOAL_COLUMNS = ("pair", "mentor", "mentee", "participant", "goal", "due", "date")
# The goal's fields, by the column that gives them.
_COLUMN_OF = {"text": "goal", "created_on": "date"}


def goal_rows(table: Table, context: Context) -> BulkRows:
    """Every row of a goals file, checked: new (pair id, goal)s, goals the
    pair has already, bad rows. ``context.stored``: (pair id, casefolded
    words) of the goals stored."""
    match_headers(table, GOAL_COLUMNS, context.mapping, required=("goal",))
    needs = (("pair",), ("mentor",), ("mentee",), ("participant",))
    return _checked(table, GOAL_COLUMNS, needs, _goal, context)


def _goal(row: _Row, context: Context) -> tuple[int, GoalEntry] | None:
    pair = _which_pair(row, context)
    if pair.status != PAIR_ACTIVE:
        raise InvalidInput(
            f"the pair {pair.mentor_name} → {pair.mentee_name} has ended; "
            "goals are set by active pairs"
        )
    values = {
        "text": row.text("goal") or "",
        "due": cell_date(row.columns.cell(row.cells, "due"), row.pattern),
        "created_on": cell_date(row.columns.cell(row.cells, "date"), row.pattern),
    }
    try:
        goal = new_goal(values, paired_on=pair.paired_on, today=context.today)
    except InvalidInput as error:
        key = getattr(error, "key", "goal")
        raise _InColumn(error.message, _COLUMN_OF.get(key, key)) from None
    if (pair.id, goal.text.casefold()) in context.stored:
        return None
    context.stored.add((pair.id, goal.text.casefold()))
    return pair.id, goal
