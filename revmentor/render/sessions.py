"""How sessions, check-ins and goals look: confirmations, summaries, tables."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from revmentor.domain.models import FIT_LABELS, Fit
from revmentor.domain.text import pair_label, plural
from revmentor.render.console import (
    Listing,
    emit_listing,
    fields_table,
    make_console,
    say,
)
from revmentor.render.formats import Format, column_header, flat, pick_format

if TYPE_CHECKING:  # the records load pydantic, which `revmentor --help` need not
    from revmentor.domain.sessions.goals import StoredGoal
    from revmentor.domain.sessions.sessions import (
        LoggedSession,
        SessionEntry,
        SessionLogged,
    )

# The JSON keys of a session, in order; notes only when asked for.
SESSION_KEYS = ["id", "mentor", "mentee", "date", "minutes", "topics"]
SESSION_KEYS += ["mentor_rating", "mentee_rating"]
# A goal's keys: every field (JSON, CSV, Markdown); a terminal is narrow: the
# pair by name, one status, one closing day. Headers are made from the keys
# but for these.
GOAL_KEYS = ["id", "code", "pair_id", "mentor", "mentee", "status", "due", "overdue"]
GOAL_KEYS += ["created_on", "done_on", "dropped_on"]
GOAL_TABLE = ["id", "code", "pair", "status", "due", "created_on", "closed_on"]
GOAL_HEADERS = dict(pair_id="Pair ID", created_on="Set on", done_on="Reached on")


def session_summary(label: str, entry: SessionEntry, fit: str | None) -> None:
    """The answers of a new session, shown before asking to save it."""
    notes = f"{len(entry.notes)} characters (private)" if entry.notes else ""
    answers = entry.model_dump() | {"notes": notes}  # in the form's order
    fields = [("pair", label), *answers.items(), ("fit", FIT_LABELS.get(fit or "", ""))]
    make_console(stderr=True).print(fields_table("New session", fields))


def session_logged(logged: SessionLogged, label: str, fit: str | None) -> None:
    """What `log` saved and did, as the pair's ``label`` names it."""
    session_id, entry, same_day = logged.session_id, logged.entry, logged.same_day
    say(
        f"Logged session #{session_id}: {label} on {entry.date}, "
        f"{entry.minutes} minutes ({plural(logged.held, 'session')} so far)."
    )
    if same_day:
        say(
            f"Note: session #{same_day[0]} was already logged for this pair on "
            f"{entry.date}; `revmentor sessions delete {session_id}` removes this "
            "one if it was a mistake."
        )
    if fit is not None:
        say(f"Recorded the pairing's fit: {FIT_LABELS[fit]}.")
        if fit == Fit.poor:
            say("`revmentor pair --rematch` ends it and pairs both people again.")
    if logged.reached:
        numbers = ", ".join(f"#{n}" for n in logged.reached)
        say(f"Marked {plural(len(logged.reached), 'goal')} reached: {numbers}.")
    if logged.added_goal is not None:
        say(
            f"Added goal #{logged.added_goal}; `revmentor goals` lists the pair's goals."
        )


def checkin_summary(
    name: str, phase: str, day: date, rows: Sequence[tuple[str, int, str]]
) -> None:
    """(topic, score, what it replaces) for each score about to be saved."""
    from rich.text import Text

    replacing = any(replaces for _, _, replaces in rows)
    headers = ["Topic", "Score", *(["Replaces"] if replacing else [])]
    cells = [
        [topic, str(score), replaces][: len(headers)] for topic, score, replaces in rows
    ]
    title = Text(f"{phase.capitalize()} check-in of {name} on {day}", style="bold")
    table = Listing(None, headers, cells, table={"box": None, "padding": (0, 2)})
    make_console(stderr=True).print(title, table)


def show_sessions(
    found: Sequence[LoggedSession],
    *,
    include_notes: bool,
    fmt: str | None,
    output: Path | None,
) -> None:
    """The sessions listing in any format (notes only with ``include_notes``)."""
    notes = ["Notes"] if include_notes else []
    columns = [*SESSION_KEYS, *(["notes"] if notes else [])]
    fmt = pick_format(fmt, output)
    names = ("mentor", "mentee") if fmt is Format.markdown else ()  # people read it
    records = [
        {key: getattr(s, f"{key}_name" if key in names else key) for key in columns}
        for s in found
    ]
    title = f"Sessions ({len(found)}, {sum(s.minutes for s in found)} minutes)"
    # The table: short columns never wrap (a date broken over two lines is hard
    # to read), both ratings share one column, and names rather than emails.
    headers = ["ID", "Date", "Mentor", "Mentee", "Min", "Topics", "Ratings", *notes]
    cells = [
        [str(s.id), str(s.date), s.mentor_name, s.mentee_name, str(s.minutes)]
        + [flat(s.topics), _ratings(s), *([s.notes or ""] if notes else [])]
        for s in found
    ]
    caption = "Ratings: mentor / mentee, 1-5."
    table = Listing(title, headers, cells, optional=["Topics", "Min"], caption=caption)
    emit_listing(
        rows=records,
        columns=columns,
        fmt=fmt,
        output=output,
        title=title,
        empty="No sessions match; record one with `revmentor log`.",
        table=table,
    )


def _ratings(session: LoggedSession) -> str:
    ratings = (session.mentor_rating, session.mentee_rating)  # 1-5 each, or None
    return " / ".join(str(r or "-") for r in ratings) if any(ratings) else ""


def show_goals(
    goals: Sequence[StoredGoal],
    *,
    include_notes: bool,
    fmt: str | None,
    output: Path | None,
) -> None:
    """`revmentor goals` (overdue: as of today): a narrow table in the terminal,
    every field elsewhere; the goals' words only with ``include_notes``."""
    fmt = pick_format(fmt, output)
    text = ["text"] if include_notes else []
    records, rows = [], []
    for goal in goals:
        stored = goal.model_dump(mode="json")
        stored |= {"status": goal.status, "overdue": goal.overdue(date.today())}
        records.append({key: stored[key] for key in [*GOAL_KEYS, *text]})
        closed_on = stored["done_on"] or stored["dropped_on"]
        shown = {"status": "open, overdue" if stored["overdue"] else goal.status}
        rows.append(stored | shown | {"pair": pair_label(goal), "closed_on": closed_on})
    columns = [*(GOAL_TABLE if fmt is Format.table else GOAL_KEYS), *text]
    headers = GOAL_HEADERS | {"text": "Goal"}
    emit_listing(
        rows=rows if fmt is Format.table else records,
        json_data=records,
        columns=columns,
        headers=[headers.get(c) or column_header(c) for c in columns],
        fmt=fmt,
        output=output,
        title=f"Goals ({len(records)})",
        empty="No goals match; add one with `revmentor goals add PAIR TEXT`.",
    )
