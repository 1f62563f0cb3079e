"""revmentor: run a reverse-mentoring program from the command line, or from Python
(``from revmentor import Program``: see ``revmentor.library``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from revmentor.library import Program


def __getattr__(name: str):
    # ``revmentor --help`` imports this package first: loading the library (and
    # sqlite-utils, pydantic) only when ``Program`` is asked for keeps it fast.
    if name == "Program":
        from revmentor.library import Program

        return Program
    raise AttributeError(f"module 'revmentor' has no attribute {name!r}")


__all__ = ["Program", "__version__"]
