"""Export the whole program, and restore it into an empty one."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class BackupsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
