"""revmentor as a Python library: ``Program`` is one program's database, opened,
with a method for each thing a coordinator does.

    from revmentor import Program

    with Program.open("revmentor.db") as program:
        ...

Methods return the domain's typed data, raise ``revmentor.errors.RevmentorError``
(one family), print nothing and ask nothing; the command line is a thin shell
over them. Each method that changes something is one transaction.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from revmentor.library.base import ProgramBase

# Each room of the library (``revmentor.library.<room>``, class ``<Room>UseCases``)
# and its public methods. A room's module, and what it imports, loads when one
# of its methods is first looked up: a command uses one or two rooms, and
# `revmentor people show` need not load the digest's HTTP client or the backup
# checks' models. tests/test_library.py checks this table against the rooms.
ROOMS = {
    "settings": "set_up change_settings settings_as_dict",
    "people": "people story refuse_enrolled enroll update_person pause resume leave"
    " import_roster org org_chart import_org",
    "pairing": "open_to_pair pair pairs end_pair record_fit pair_rules add_pair_rule"
    " remove_pair_rule",
    "sessions": "pairs_to_log session_context log_session log_sessions_from sessions"
    " session edit_session delete_session goals add_goal add_goals_from goal"
    " reach_goal drop_goal people_to_check_in checkin_context record_checkins"
    " record_checkins_from checkins",
    "messages": "introductions reminders record_drafts send_messages messages"
    " write_calendars",
    "digest": "digest post_digest",
    "reports": "report",
    "backups": "export restore",
}


class _RoomMethod:
    """A stand-in for a method of ``Program``: when first looked up, it imports
    the method's room and puts the room's own methods in place on ``Program``."""

    def __init__(self, room: str, name: str):
        self.room, self.name = room, name

    def __get__(self, instance: object, owner: type | None = None):
        module = importlib.import_module(f"revmentor.library.{self.room}")
        room = getattr(module, f"{self.room.title()}UseCases")
        for name, method in vars(room).items():
            if not name.startswith("__"):
                setattr(Program, name, method)
        return vars(Program)[self.name].__get__(instance, owner)


if TYPE_CHECKING:  # what mypy and editors see: every room's methods
    from revmentor.library.backups import BackupsUseCases
    from revmentor.library.digest import DigestUseCases
    from revmentor.library.messages import MessagesUseCases
    from revmentor.library.pairing import PairingUseCases
    from revmentor.library.people import PeopleUseCases
    from revmentor.library.reports import ReportsUseCases
    from revmentor.library.sessions import SessionsUseCases
    from revmentor.library.settings import SettingsUseCases

    class _Rooms(
        SettingsUseCases,
        PeopleUseCases,
        PairingUseCases,
        SessionsUseCases,
        MessagesUseCases,
        DigestUseCases,
        ReportsUseCases,
        BackupsUseCases,
    ):
        """Every room's methods, for mypy; at run time they load room by room."""

else:
    _Rooms = ProgramBase


class Program(_Rooms):
    """One reverse-mentoring program, opened from its SQLite file."""


for room, names in ROOMS.items():
    for name in names.split():
        setattr(Program, name, _RoomMethod(room, name))


__all__ = ["Program"]
