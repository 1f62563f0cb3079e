"""One program's database, opened: what every use case of the library starts from."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path
from typing import Self

from revmentor.domain.models import Participant, Settings
from revmentor.errors import StoreError
from revmentor.files import resolve_db_path
from revmentor.store import Store, open_store
from revmentor.store.connection import describe_sqlite_error
from revmentor.store.people.participants import find_participant
from revmentor.store.program import load_program

# For the command line's edge (cli.py), which reaches the database only through
# the library: SQLite's errors in one sentence.
__all__ = ["ProgramBase", "describe_sqlite_error"]


class ProgramBase:
    """An open program file. Use cases are methods of ``revmentor.Program``;
    each one that changes something is one transaction (``transaction``)."""

    def __init__(self, store: Store):
        self._store = store
        self.db = store.db
        self.path = store.path

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = False) -> Self:
        """Open the program at ``path`` (default ``$REVMENTOR_DB``, else
        ``./revmentor.db``); with ``create``, an empty one is made if missing."""
        where = resolve_db_path(path)
        try:
            return cls(open_store(where, create=create))
        except sqlite3.Error as error:  # e.g. a file that is not SQLite: one sentence
            raise StoreError(describe_sqlite_error(error, where)) from None

    def transaction(
        self, *, dry_run: bool = False
    ) -> contextlib.AbstractContextManager:
        """All of a change or none of it; ``dry_run`` computes it, then rolls back."""
        return self._store.write(dry_run=dry_run)

    def find_person(self, text: str) -> Participant:
        """The person ``text`` names: an email, a unique name or a part of one
        (NotFound with "did you mean ...?"; InvalidInput when it names several)."""
        return find_participant(self.db, text)

    @property
    def settings(self) -> Settings:
        """The program's settings (topics, cadence, matching rules, ...)."""
        return load_program(self.db)

    def close(self) -> None:
        self._store.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
