"""Words and characters: plurals, and making unsafe characters harmless before
they reach a terminal (``validation`` refuses them on the way in)."""

from __future__ import annotations

import unicodedata

# Characters that reorder text on screen (U+202E makes "gpj.exe" read
# "exe.jpg"): never shown as they are.
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

# C0 controls (ESC, BEL, NUL, ...) as their Unicode "control picture" (␛ for
# ESC), DEL as ␡, C1 controls (no picture) as �; text-direction controls
# dropped. Newline and tab are ordinary.
_VISIBLE = {
    **{code: chr(0x2400 + code) for code in range(0x20) if chr(code) not in "\t\n"},
    0x7F: "\u2421",
    **dict.fromkeys(range(0x80, 0xA0), "\ufffd"),
    **dict.fromkeys(map(ord, BIDI_CONTROLS), ""),
}


def pair_label(pair) -> str:
    """ "Mentor Name → Mentee Name": anything with both people's names."""
    return f"{pair.mentor_name} → {pair.mentee_name}"


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 pair', '3 pairs', plural(2, 'person', 'people') -> '2 people'."""
    return f"{n} {word if n == 1 else (many or word + 's')}"


def printable(text: str) -> str:
    """``text`` safe to write to a terminal: control characters shown as
    symbols (ESC as ␛), text-direction overrides removed, a carriage return
    before a newline dropped. Newlines and tabs stay."""
    return text.replace("\r\n", "\n").translate(_VISIBLE)


def folded(text: str) -> str:
    """For matching what was typed: no case, no accents ('chloe' finds Chloé)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(text.split()).casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))
