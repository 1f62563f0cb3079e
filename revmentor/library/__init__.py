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

from revmentor.library.backups import BackupsUseCases
from revmentor.library.digest import DigestUseCases
from revmentor.library.messages import MessagesUseCases
from revmentor.library.pairing import PairingUseCases
from revmentor.library.people import PeopleUseCases
from revmentor.library.reports import ReportsUseCases
from revmentor.library.sessions import SessionsUseCases
from revmentor.library.settings import SettingsUseCases


class Program(
    SettingsUseCases,
    PeopleUseCases,
    PairingUseCases,
    SessionsUseCases,
    MessagesUseCases,
    DigestUseCases,
    ReportsUseCases,
    BackupsUseCases,
):
    """One reverse-mentoring program, opened from its SQLite file."""


__all__ = ["Program"]
