"""The report and one person's story, as data."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class ReportsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
