"""Terminal output and written listings.

Everything revmentor prints goes through the consoles made here, which never
let a control character reach the terminal (a name holding ``ESC[2J`` would
clear the user's screen): such characters are shown as symbols (``␛``) and
text-direction overrides are removed. Files are written by ``revmentor.files``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from revmentor.domain.text import plural, printable
from revmentor.render.formats import (
    FORMAT_BY_SUFFIX,
    Format,
    pick_format,
)

__all__ = [
    "FORMAT_BY_SUFFIX",
    "Format",
    "emit_listing",
    "emit_record",
    "escape_markup",
    "say",
    "stderr_console",
    "stdout_console",
    "warn",
    "write_text",
]

# Width of a table written to a file.
FILE_WIDTH = 120

# On a narrow terminal, listing columns are left out in this order (when the
# listing has them) until the table fits; names, emails and statuses stay.
LOW_PRIORITY_COLUMNS = (
    "attributes",
    "title",
    "department",
    "level",
    "shared_topics",
    "topics",
    "topic",
    "paired_on",
    "score",
    "round",
    "role",
    "id",
    "ended",
)


@cache
def _safe_console_class():
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Rich console that shows control characters as symbols."""

        def render_str(self, text, **kwargs):
            return super().render_str(printable(text), **kwargs)

        def render(self, renderable, options=None):
            # Text objects built elsewhere skip render_str: clean every segment.
            for segment in super().render(renderable, options):
                if segment.control is None and printable(segment.text) != segment.text:
                    segment = Segment(printable(segment.text), segment.style)
                yield segment

    return SafeConsole


def make_console(**kwargs):
    """A Rich console for revmentor (stdout unless ``stderr=True`` or ``file``)."""
    kwargs.setdefault("highlight", False)
    return _safe_console_class()(**kwargs)


def stdout_console(*, file=None):
    return make_console(file=file, soft_wrap=False)


def stderr_console():
    # soft_wrap: confirmations stay one line each in logs and narrow terminals.
    return make_console(stderr=True, soft_wrap=True)


def file_console(buffer):
    """A console that renders plain text (no colour) for a file."""
    return make_console(file=buffer, width=FILE_WIDTH, no_color=True)


def escape_markup(text: object) -> str:
    """A value shown inside Rich markup exactly as typed (``[bold]`` stays text)."""
    from rich.markup import escape

    return escape(str(text))


def say(message: str) -> None:
    """A confirmation for the user (Rich markup), on stderr so stdout stays data."""
    stderr_console().print(message)


def warn(message: str) -> None:
    """A plain line on stderr."""
    print(printable(message), file=sys.stderr)


def warn_about(problem: str) -> None:
    """``Warning: <problem>.`` on stderr: how every command warns."""
    warn(f"Warning: {problem.rstrip('.')}.")


def write_text(text: str, output: Path | None) -> None:
    """Print to stdout, or write ``output`` safely (see ``revmentor.files``)."""
    if output is None:
        sys.stdout.write(printable(text))
        return
    from revmentor.files import write_file

    write_file(output, text)


def announce_written(output: Path, what: str) -> None:
    """Say what was written where: a file nobody is told about is easy to lose."""
    say(f"Wrote {escape_markup(what)} to {escape_markup(output)}.")


def render_table_text(table, output: Path | None) -> None:
    """Show a table (Rich's, or a ``GridTable``) in the terminal, or save it as
    plain text."""
    if output is None:
        stdout_console().print(table)
        return
    import io

    buffer = io.StringIO()
    file_console(buffer).print(table)
    write_text(buffer.getvalue(), output)


def _single_words(texts: Sequence[str]) -> bool:
    """Emails, dates, numbers: values that must never be broken over lines."""
    return all(" " not in text for text in texts)


def emit_listing(
    *,
    rows: Sequence[dict],
    json_data: object,
    columns: Sequence[str],
    headers: Sequence[str],
    fmt: Format | None,
    output: Path | None,
    title: str | None = None,
    empty: str = "Nothing to show.",
    optional: Sequence[str] | None = None,
) -> None:
    """Render one listing as a table, JSON, CSV or Markdown.

    ``optional`` are the columns (keys) a narrow terminal may leave out, in
    order; by default those of ``LOW_PRIORITY_COLUMNS`` the listing has.
    """
    from revmentor.render import formats

    fmt = pick_format(fmt, output)
    if fmt is Format.json:
        text = formats.to_json(json_data)
    elif fmt is Format.csv:
        text = formats.to_csv(rows, columns)
    elif fmt is Format.markdown:
        text = formats.to_markdown(rows, columns, headers)
    elif not rows:
        if output is None:
            warn(empty)
            return
        text = empty + "\n"
    else:
        # A grid drawn line by line (see render/grid.py): 10,000 people show in
        # a fraction of a second, where a Rich table took several.
        from revmentor.render.grid import GridColumn, GridTable, text_cell

        texts = [[formats.flat(row.get(c)) for c in columns] for row in rows]
        if optional is None:
            optional = [c for c in LOW_PRIORITY_COLUMNS if c in columns]
        header_of = dict(zip(columns, headers, strict=True))
        table = GridTable(
            title=title,
            columns=[
                GridColumn(header, fold=not _single_words([t[i] for t in texts]))
                for i, header in enumerate(headers)
            ],
            optional=[header_of[c] for c in optional],
        )
        for row_texts in texts:
            table.add_row(*(text_cell(text) for text in row_texts))
        render_table_text(table, output)
        if output is not None:
            announce_written(output, f"{plural(len(rows), 'row')} as a text table")
        return
    write_text(text, output)
    if output is not None:
        announce_written(output, f"{plural(len(rows), 'row')} as {fmt.value.upper()}")


def emit_record(
    *,
    data: dict,
    fields: Sequence[tuple[str, object]],
    title: str,
    fmt: Format | None,
    output: Path | None,
) -> None:
    """Render one thing (a person, the program) as field/value pairs.

    ``data`` is the JSON document; ``fields`` the flat (name, value) pairs
    shown in the table, CSV and Markdown views.
    """
    from revmentor.render import formats

    rows = [{"field": name, "value": value} for name, value in fields]
    fmt = pick_format(fmt, output)
    if fmt is Format.json:
        write_text(formats.to_json(data), output)
    elif fmt is Format.csv:
        write_text(formats.to_csv(rows, ["field", "value"]), output)
    elif fmt is Format.markdown:
        write_text(
            formats.to_markdown(rows, ["field", "value"], ["Field", "Value"]), output
        )
    else:
        from rich.table import Table

        table = Table(title=escape_markup(title), show_header=False, box=None)
        table.add_column(style="bold", no_wrap=True)
        table.add_column(overflow="fold")
        for row in rows:
            table.add_row(
                row["field"].replace("_", " "),
                escape_markup(formats.flat(row["value"])),
            )
        render_table_text(table, output)
    if output is not None:
        announce_written(output, title)
