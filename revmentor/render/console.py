"""Terminal output and written listings.

Everything revmentor prints goes through the consoles made here. Text given to
them is shown as typed: no Rich markup or emoji codes are read in it, and no
control character reaches the terminal (a name holding ``ESC[2J`` would clear
the user's screen): such characters are shown as symbols (``␛``) and
text-direction overrides are removed. Files are written by ``revmentor.files``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from revmentor.domain.text import plural, printable
from revmentor.files import write_file
from revmentor.render import formats
from revmentor.render.formats import Format, column_header, flat, pick_format

# Width of a table written to a file.
FILE_WIDTH = 120

# On a narrow terminal, listing columns are left out in this order (when the
# listing has them) until no word has to break: first any column a filter made
# the same in every row, then these. Names, statuses, a check-in's topic and
# score stay; an email goes last (the name is there).
LOW_PRIORITY_COLUMNS = "attributes title department level shared_topics topics"
LOW_PRIORITY_COLUMNS += " paired_on round role id ended email"


@cache
def _safe_console_class():
    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        """A Rich console that shows control characters as symbols."""

        def render(self, renderable, options=None):
            # Clean every segment, whatever made it (most are printable, which
            # is quick to tell).
            for segment in super().render(renderable, options):
                text = segment.text
                if segment.control is None and not text.isprintable():
                    segment = Segment(printable(text), segment.style)
                yield segment

    return SafeConsole


def make_console(stderr: bool = False, **kwargs):
    """A Rich console for revmentor (stdout unless ``stderr`` or ``file``)."""
    # soft_wrap on stderr: confirmations stay one line each in logs and narrow terminals.
    kwargs |= {"stderr": stderr, "soft_wrap": stderr}
    return _safe_console_class()(highlight=False, emoji=False, **kwargs)


def say(message: str) -> None:
    """A line for the user (a confirmation, a warning), as typed, on stderr so
    stdout stays data. Plain text needs no Rich (a tenth of `goals add`)."""
    sys.stderr.write(printable(message) + "\n")


def warn_about(problem: str) -> None:
    """``Warning: <problem>.`` on stderr: how every command warns."""
    say(f"Warning: {problem.rstrip('.')}.")


def write_text(text: str, output: Path | None) -> None:
    """Print to stdout, or write ``output`` safely (see ``revmentor.files``)."""
    if output is None:
        sys.stdout.write(printable(text))
    else:
        write_file(output, text)


def show(renderable, output: Path | None = None, *, page: bool | None = None) -> None:
    """Print ``renderable``, or save it as plain text to ``output``.

    Output longer than the screen goes through the pager when ``page`` (by
    default: when stdout is a terminal), as plain text: less, the usual pager,
    shows colour codes as stray characters unless told otherwise.
    """
    if output is not None:
        import io

        buffer = io.StringIO()
        # Plain text (no colour) for a file.
        make_console(file=buffer, width=FILE_WIDTH, no_color=True).print(renderable)
        write_text(buffer.getvalue(), output)
        return
    console = make_console()
    page = sys.stdout.isatty() if page is None else page
    # A listing of more rows than the screen has lines is long: no need to
    # draw it twice to tell.
    long = page and (
        len(getattr(renderable, "rows", ())) >= console.height
        or len(console.render_lines(renderable, pad=False)) > console.height
    )
    if not long:
        console.print(renderable)
        return
    with console.pager(styles=False):
        console.print(renderable)
    say("Tip: --format csv gives the whole listing for a spreadsheet.")


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


@dataclass
class _Column:
    at: int  # in the rows
    header: str
    word: int  # its widest word: narrower would break one
    width: int  # its widest line, then the width it is drawn at
    wraps: bool  # any cell of several words (else none may wrap)
    numeric: bool  # right-justified
    share: int  # how much of the room it takes when narrowed


@dataclass
class Listing:
    """A table fitted to the width it is drawn at.

    Rather than break a word (an email, a date, a name), the columns headed
    ``optional`` are left out in that order until the rest fit, and the caption
    says which; with ``repeated_first``, a column the same in every row (a
    filter made it so) goes before them, its value in the caption. A column of
    single words never wraps; the widest of the others (for its share: the
    ``wide`` one counts three) is narrowed first. Every cell is plain text (a
    ``str``) or a ``rich.text.Text``: never markup.
    """

    title: str | None
    headers: Sequence[str]
    rows: list[list]  # of cells
    optional: Sequence[str] = ()
    repeated_first: bool = False
    caption: str | None = None
    wide: str | None = None
    whole: Sequence[str] = ()  # headers of columns that never wrap
    table: dict = field(default_factory=dict)  # more settings of the Rich table

    def _columns(self, rows: list) -> list[_Column]:
        from rich.cells import cell_len

        columns = []
        for at, header in enumerate(self.headers):
            texts = [row[at].plain for row in rows]
            lines = [line for text in [header, *texts] for line in text.split("\n")]
            wraps = header not in self.whole and any(" " in x for x in lines[1:])
            words = [w for line in lines for w in line.split()] if wraps else lines
            numeric = any(texts) and all(_NUMBER.fullmatch(t) for t in texts if t)
            share = 3 if header == self.wide else 1
            widths = max(map(cell_len, words)), max(map(cell_len, lines))
            columns.append(_Column(at, header, *widths, wraps, numeric, share))
        return columns

    def __rich_console__(self, console, options):
        from rich.table import Table
        from rich.text import Text

        rows = [[Text(c) if isinstance(c, str) else c for c in r] for r in self.rows]
        columns, left_out, same = self._columns(rows), [], {}
        for c in columns if self.repeated_first and len(rows) > 1 else ():
            if len(values := {row[c.at].plain for row in rows}) == 1:
                same[c.header] = f" ({values.pop() or 'empty'} in every row)"
        for header in [*same, *self.optional]:
            if sum(c.word + 3 for c in columns) + 1 <= options.max_width:
                break
            if header in (c.header for c in columns):
                left_out.append(header + same.get(header, ""))
                columns = [c for c in columns if c.header != header]
        room = options.max_width - 3 * len(columns) - 1  # the box and padding
        # Too wide: narrow the widest column (for its share) a cell at a time,
        # down to its widest word (a cell of up to ten stays on one line). When
        # that cannot fit, a long word may break down to the column's share of
        # the room (ten cells at least: short words stay whole); then anything goes.
        floors = {c.at: max(c.word, min(c.width, 10)) for c in columns}
        if sum(floors.values()) > room:
            fixed = sum(c.width for c in columns if not c.wraps)
            each = (room - fixed) // max(1, sum(c.share for c in columns if c.wraps))
            floors = {c.at: min(c.word, max(each * c.share, 10)) for c in columns}
        for floor in (floors, {}):
            while sum(c.width for c in columns) > room:
                narrowed = [
                    c for c in columns if c.wraps and c.width > floor.get(c.at, 1)
                ]
                if not narrowed:
                    break
                max(narrowed, key=lambda c: c.width / c.share).width -= 1
        caption = [self.caption] if self.caption else []
        if left_out:
            note = ", ".join(left_out)
            caption.append(f"Left out to fit the width: {note} (see --format csv).")
        table = Table(
            title=Text(self.title, style="bold") if self.title else None,
            title_justify="default",
            caption=Text("\n".join(caption), style="dim") if caption else None,
            caption_justify="default",
            **self.table,
        )
        for c in columns:
            justify = "right" if c.numeric else "left"
            table.add_column(
                c.header,
                justify=justify,
                no_wrap=not c.wraps,
                width=c.width,
                overflow="fold",
            )
        for row in rows:
            table.add_row(*(row[c.at] for c in columns))
        yield table


def emit_listing(
    *,
    rows: Sequence[dict],
    json_data: object = None,
    columns: Sequence[str],
    fmt: str | None,
    output: Path | None,
    headers: Sequence[str] = (),
    title: str | None = None,
    empty: str = "Nothing to show.",
    table=None,
    written: str | None = None,
) -> None:
    """Render one listing as a table (``table``, by default a ``Listing`` of
    the rows), JSON, CSV or Markdown. Headers are made from the ``columns``
    (keys) unless given (``column_header``). A file written is
    announced as ``written`` (by default its number of rows and format).
    JSON is ``json_data``, by default the rows."""
    fmt = pick_format(fmt, output)
    headers = headers or [column_header(c) for c in columns]
    if fmt is Format.json:
        write_text(formats.to_json(rows if json_data is None else json_data), output)
    elif fmt is Format.csv:
        write_text(formats.to_csv(rows, columns), output)
    elif fmt is Format.markdown:
        write_text(formats.to_markdown(rows, columns, headers), output)
    elif not rows and output is None:
        say(empty)
    elif not rows:
        write_text(empty + "\n", output)
    else:
        if table is None:
            named = dict(zip(columns, headers, strict=True))
            optional = [named[c] for c in LOW_PRIORITY_COLUMNS.split() if c in named]
            texts = [[flat(row.get(c)) for c in columns] for row in rows]
            table = Listing(title, headers, texts, optional, repeated_first=True)
        show(table, output)
    if output is not None:
        kind = "a text table" if fmt is Format.table else fmt.value.upper()
        written = written or f"{plural(len(rows), 'row')} as {kind}"
        say(f"Wrote {written} to {output}.")  # a file nobody is told of is lost


def emit_record(
    *,
    data: dict,
    fields: Sequence[tuple[str, object]],
    title: str,
    fmt: str | None,
    output: Path | None,
) -> None:
    """Render one thing (a person, the program) as field/value pairs.

    ``data`` is the JSON document; ``fields`` the flat (name, value) pairs
    shown in the table, CSV and Markdown views.
    """
    emit_listing(
        rows=[{"field": name, "value": value} for name, value in fields],
        json_data=data,
        columns=["field", "value"],
        fmt=fmt,
        output=output,
        table=fields_table(title, fields),
        written=title,
    )


def fields_table(title: str, fields: Sequence[tuple[str, object]]):
    """A Rich table of (field, value) pairs, both shown as typed."""
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(title), show_header=False, box=None)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    for name, value in fields:
        table.add_row(Text(name.replace("_", " ")), Text(flat(value)))
    return table
