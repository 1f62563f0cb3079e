"""People: enrolment, rosters, the org chart, finding and changing one person."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class PeopleUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
