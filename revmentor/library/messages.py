"""Messages out: introductions, reminders, calendars, and the record of what went."""

from __future__ import annotations

from revmentor.library.base import ProgramBase


class MessagesUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""
