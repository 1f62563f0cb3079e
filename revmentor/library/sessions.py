"""Sessions, check-ins and goals: recording what pairs did, one by one or from a file."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class SessionsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
