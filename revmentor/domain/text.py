"""Words and characters: plurals, and making unsafe characters harmless before
they reach a terminal (``validation`` refuses them on the way in)."""

from __future__ import annotations

import re
import unicodedata

# Characters that reorder text on screen (U+202E makes "gpj.exe" read
# "exe.jpg"): never shown as they are.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# C0 controls (ESC, BEL, NUL, ...), DEL, the C1 range and the text-direction
# controls; newline and tab are ordinary.
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + "".join(sorted(BIDI_CONTROLS)) + "]"
)


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 pair', '3 pairs', plural(2, 'person', 'people') -> '2 people'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


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


def folded(text: str) -> str:
    """For matching what was typed: no case, no accents ('chloe' finds Chloé)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
