"""The program's settings: create the program, read and change its settings."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class SettingsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
