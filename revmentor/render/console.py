"""Rich consoles for stdout and stderr, and writing a listing in any format."""

from __future__ import annotations

import os
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from revmentor.errors import StoreError


class ListFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


# `--output people.csv` is enough to get CSV (and report.html to get HTML).
FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def infer_format(fmt: ListFormat, output: Path | None) -> ListFormat:
    """`-o people.csv` means CSV: a table is only the default, so a file's
    extension decides when no other format was asked for."""
    if fmt is ListFormat.table and output is not None:
        named = FORMAT_BY_SUFFIX.get(output.suffix.lower())
        if named in ListFormat.__members__:
            return ListFormat(named)
    return fmt


def stdout_console(*, file=None):
    from rich.console import Console

    return Console(file=file, highlight=False, soft_wrap=False)


def stderr_console():
    from rich.console import Console

    # soft_wrap: confirmations stay one line each in logs and narrow terminals.
    return Console(stderr=True, highlight=False, soft_wrap=True)


def warn(message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def write_text(text: str, output: Path | None) -> None:
    """Print to stdout, or write to ``output`` (owner-only: it may hold private data)."""
    if output is None:
        import sys

        sys.stdout.write(text)
        return
    try:
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        if output.is_file():
            os.fchmod(fd, 0o600)  # an existing file keeps its mode otherwise
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
    except OSError as error:
        raise StoreError(f"Cannot write {output}: {error.strerror}.") from None


def render_table_text(table, output: Path | None) -> None:
    """Show a Rich renderable in the terminal, or save it as plain text."""
    if output is None:
        stdout_console().print(table)
        return
    import io

    from rich.console import Console

    buffer = io.StringIO()
    Console(file=buffer, width=120, no_color=True, highlight=False).print(table)
    write_text(buffer.getvalue(), output)


def emit_listing(
    *,
    rows: Sequence[dict],
    json_data: object,
    columns: Sequence[str],
    headers: Sequence[str],
    fmt: ListFormat,
    output: Path | None,
    title: str | None = None,
    empty: str = "Nothing to show.",
) -> None:
    """Render one listing as a table, JSON, CSV or Markdown."""
    from revmentor.render import formats

    fmt = infer_format(fmt, output)
    if fmt is ListFormat.json:
        write_text(formats.to_json(json_data), output)
    elif fmt is ListFormat.csv:
        write_text(formats.to_csv(rows, columns), output)
    elif fmt is ListFormat.markdown:
        write_text(formats.to_markdown(rows, columns, headers), output)
    else:
        if not rows:
            if output is None:
                warn(empty)
            else:
                write_text(empty + "\n", output)
            return
        from rich.table import Table

        table = Table(title=title, header_style="bold", show_lines=False)
        for header in headers:
            table.add_column(header, overflow="fold")
        for row in rows:
            table.add_row(*(_escape(formats.flat(row.get(c))) for c in columns))
        render_table_text(table, output)


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def emit_record(
    *,
    data: dict,
    fields: Sequence[tuple[str, object]],
    title: str,
    fmt: ListFormat,
    output: Path | None,
) -> None:
    """Render one thing (a person, the program) as field/value pairs.

    ``data`` is the JSON document; ``fields`` the flat (name, value) pairs
    shown in the table, CSV and Markdown views.
    """
    from revmentor.render import formats

    rows = [{"field": name, "value": value} for name, value in fields]
    fmt = infer_format(fmt, output)
    if fmt is ListFormat.json:
        write_text(formats.to_json(data), output)
    elif fmt is ListFormat.csv:
        write_text(formats.to_csv(rows, ["field", "value"]), output)
    elif fmt is ListFormat.markdown:
        write_text(
            formats.to_markdown(rows, ["field", "value"], ["Field", "Value"]), output
        )
    else:
        from rich.table import Table

        table = Table(title=_escape(title), show_header=False, box=None)
        table.add_column(style="bold")
        table.add_column(overflow="fold")
        for row in rows:
            table.add_row(
                row["field"].replace("_", " "), _escape(formats.flat(row["value"]))
            )
        render_table_text(table, output)
