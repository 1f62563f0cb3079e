"""Words and characters: plurals, and which characters are unsafe to show.

Pure functions used on the way in (refusing control characters in a field)
and on the way out (making them harmless before they reach a terminal).
"""

from __future__ import annotations

import re

# Characters that reorder text on screen (U+202E makes "gpj.exe" read
# "exe.jpg"): never shown as they are.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# C0 controls (ESC, BEL, NUL, ...), DEL and the C1 range; newline and tab are
# ordinary in notes.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"
)
_UNSAFE_ONE_LINE = re.compile(
    r"[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 pair', '3 pairs', plural(2, 'person', 'people') -> '2 people'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def unsafe_characters(text: str, *, multiline: bool = False) -> list[str]:
    """The control and text-direction characters in ``text`` (for refusing
    them in a field); ``multiline`` allows newlines and tabs (notes)."""
    pattern = _UNSAFE if multiline else _UNSAFE_ONE_LINE
    return pattern.findall(text)


def _visible(match: re.Match) -> str:
    char = match.group()
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # the Unicode "control picture": ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    if char in BIDI_CONTROLS:
        return ""
    return "\ufffd"  # C1 controls have no picture


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: control characters shown as
    symbols (ESC as ␛), text-direction overrides removed, a carriage return
    before a newline dropped. Newlines and tabs stay."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(_visible, text.replace("\r\n", "\n"))
