"""A plain grid table drawn straight to segments, for tables with many rows.

Rich's ``Table`` measures and wraps every cell through several layers of
renderables: right for a dozen rows, slow for a thousand (the report's pairs
table took most of the terminal report's time there). This grid measures each
cell line once, folds only the cells that are too wide, and yields each line
as a few segments, drawn like Rich's default table (heavy head, light body).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.cells import cell_len, chop_cells
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.style import Style

# One span of a cell line: its text and a Rich style name ("" for none).
Span = tuple[str, str]
# A cell line as stored: its spans and its width in terminal cells.
_Line = tuple[list[Span], int]


@dataclass
class GridColumn:
    header: str
    justify: str = "left"  # or "right", "center"
    fold: bool = False  # may be narrowed, its lines wrapped, when space is short
    min_width: int = 10
    # Narrowed, it keeps ``share`` times the width of a share-1 column (the
    # reasons of a pair beside two names, say).
    share: int = 1


@dataclass
class GridTable:
    """Rows of cells; a cell is a list of lines, a line a list of spans."""

    title: str | None
    columns: list[GridColumn]
    rows: list[list[list[_Line]]] = field(default_factory=list)
    row_lines: bool = False  # a rule between rows, for cells of several lines
    caption: str | None = None  # a note under the table
    # Headers of the columns a narrow terminal may leave out, in that order,
    # rather than break a word (an email, say); the caption then says which.
    optional: list[str] = field(default_factory=list)
    _minimums: list[int] | None = field(default=None, init=False, repr=False)

    def minimum_width(self) -> int:
        """The narrowest this table can be drawn without breaking a word: a
        foldable column as wide as its longest word, another as its widest line."""
        if self._minimums is None:
            self._minimums = [self._minimum(i) for i in range(len(self.columns))]
        return 3 * len(self.columns) + 1 + sum(self._minimums)

    def _minimum(self, at: int) -> int:
        column = self.columns[at]
        lines = [line for row in self.rows for line in row[at]]
        if not column.fold:
            return max([cell_len(column.header), *(used for _, used in lines)])
        words = {
            word for spans, _ in lines for text, _ in spans for word in text.split(" ")
        }
        words.update(column.header.split(" "))
        return max(_width(word) for word in words)

    def remove_column(self, header: str) -> bool:
        """Leave out the column headed ``header``; False if there is none."""
        at = next((i for i, c in enumerate(self.columns) if c.header == header), None)
        if at is None:
            return False
        del self.columns[at]
        for row in self.rows:
            del row[at]
        if self._minimums is not None:
            del self._minimums[at]
        return True

    def add_row(self, *cells: list[list[Span]]) -> None:
        row = []
        for cell in cells:
            lines = []
            for line in cell:
                spans = [(_clean(text), style) for text, style in line]
                lines.append((spans, sum(_width(t) for t, _ in spans)))
            row.append(lines)
        self.rows.append(row)
        self._minimums = None

    def _widths(self, available: int) -> list[int]:
        widths = [cell_len(c.header) for c in self.columns]
        for row in self.rows:
            for i, cell in enumerate(row):
                for _, width in cell:
                    if width > widths[i]:
                        widths[i] = width
        excess = sum(widths) + 3 * len(widths) + 1 - available
        # Narrow the widest foldable column (for its share) first, down to its
        # minimum; if the table is still too wide, on down to one character.
        for floor in ([c.min_width for c in self.columns], [1] * len(self.columns)):
            excess = _narrow(widths, excess, self.columns, floor)
        return widths

    def _leave_out_to_fit(self, width: int) -> None:
        """Leave out ``optional`` columns until no word has to break."""
        left_out = []
        for header in self.optional:
            if self.minimum_width() <= width:
                break
            if self.remove_column(header):
                left_out.append(header)
        if left_out:
            note = (
                f"Left out to fit the width: {', '.join(left_out)} (see --format csv)."
            )
            self.caption = f"{self.caption}\n{note}" if self.caption else note

    def __rich_console__(self, console, options):
        self._leave_out_to_fit(options.max_width)
        widths = self._widths(options.max_width)
        styles: dict[str, Style] = {"": Style()}
        newline = Segment.line()
        if self.title:
            yield Segment(self.title, Style(bold=True))
            yield newline
        yield Segment("┏" + "┳".join("━" * (w + 2) for w in widths) + "┓\n")
        header = [[([(c.header, "bold")], cell_len(c.header))] for c in self.columns]
        yield from self._lines(header, widths, styles, "┃")
        yield Segment("┡" + "╇".join("━" * (w + 2) for w in widths) + "┩\n")
        rule = Segment("├" + "┼".join("─" * (w + 2) for w in widths) + "┤\n")
        for n, row in enumerate(self.rows):
            if n and self.row_lines:
                yield rule
            yield from self._lines(row, widths, styles, "│")
        yield Segment("└" + "┴".join("─" * (w + 2) for w in widths) + "┘\n")
        if self.caption:
            yield Segment(self.caption, Style(dim=True))
            yield newline

    def _lines(self, row, widths, styles, bar):
        """The text lines of one row, plain runs joined into one segment."""
        cells = [_fold(cell, w) for cell, w in zip(row, widths, strict=True)]
        # The share of a cell's spare room that goes before its text.
        before = [_BEFORE[c.justify] for c in self.columns]
        for n in range(max(len(cell) for cell in cells)):
            plain = [bar]
            for i, cell in enumerate(cells):
                spans, used = cell[n] if n < len(cell) else ([], 0)
                room = widths[i] - used
                ahead = int(room * before[i])
                plain.append(" " * (ahead + 1))
                for text, name in spans:
                    if not name:
                        plain.append(text)
                        continue
                    yield Segment("".join(plain))
                    plain = []
                    style = styles.get(name)
                    if style is None:
                        style = styles[name] = Style.parse(name)
                    yield Segment(text, style)
                plain.append(" " * (room - ahead + 1) + bar)
            plain.append("\n")
            yield Segment("".join(plain))


def _narrow(
    widths: list[int], excess: int, columns: list[GridColumn], floor: list[int]
) -> int:
    """Take up to ``excess`` cells off the foldable ``widths`` (in place), none
    below its ``floor``; returns what is still in excess."""
    while excess > 0:
        foldable = [i for i, c in enumerate(columns) if c.fold and widths[i] > floor[i]]
        if not foldable:
            break
        per_share = {i: widths[i] / columns[i].share for i in foldable}
        widest = max(foldable, key=per_share.__getitem__)
        cut = min(excess, widths[widest] - floor[widest])
        others = [per_share[i] for i in foldable if i != widest]
        if others:
            level = int(max(others) * columns[widest].share)
            cut = min(cut, max(1, widths[widest] - level))
        widths[widest] -= cut
        excess -= cut
    return excess


_BEFORE = {"left": 0.0, "center": 0.5, "right": 1.0}


def text_cell(text: str, style: str = "") -> list[list[Span]]:
    """A cell of one text, a line per line of it."""
    return [[(line, style)] for line in text.split("\n")]


def _clean(text: str) -> str:
    if text.isprintable():  # most text: nothing to strip (and quick to tell)
        return text
    return strip_control_codes(text).replace("\n", " ").replace("\t", " ")


def _width(text: str) -> int:
    """Terminal cells: one per character of printable ASCII, else Rich's count."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def _fold(cell: list[_Line], width: int) -> list[_Line]:
    """Lines no wider than ``width``: a longer line is wrapped at spaces, and a
    word longer than the width is cut into pieces."""
    if all(used <= width for _, used in cell):
        return cell or [([], 0)]
    folded: list[_Line] = []
    for spans, used in cell:
        if used <= width:
            folded.append((spans, used))
            continue
        text = "".join(t for t, _ in spans)
        style = spans[0][1] if len({s for _, s in spans}) == 1 else ""
        folded += [([(piece, style)], cell_len(piece)) for piece in _wrap(text, width)]
    return folded


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if cell_len(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        pieces = chop_cells(word, width) if cell_len(word) > width else [word]
        lines += pieces[:-1]
        current = pieces[-1]
    if current:
        lines.append(current)
    return lines
