"""What one command holds from its start to its end, in one object.

The CLI starts a ``CommandRun`` for every command (``RevmentorGroup.main``)
and ends it as the command ends; the code that needs it asks for ``current()``.
It holds:

- the files the command reads (``revmentor.files`` never writes over them);
- the database file the command created (announced once the command succeeded,
  removed again if it failed, so a refused command leaves nothing);
- Ctrl-C around the commit. Python turns SIGINT into KeyboardInterrupt wherever
  the program happens to be. Before a commit that is what we want (the
  transaction rolls back and nothing is saved); from the moment the commit
  starts, an interrupt would only hide that the change was saved. So the store
  holds SIGINT just before it commits: a first Ctrl-C is remembered and the
  command finishes, a second one stops it as usual.

Nothing is left over from one command to the next (tests run many commands in
one process). Used from Python rather than the CLI, the files read are still
protected for the whole session, but Ctrl-C is the caller's and a database
created is kept.
"""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any


class CommandRun:
    def __init__(self, *, cli: bool = True) -> None:
        self.cli = cli
        self.protected: set[str] = set()  # real paths of the files read
        self.created: list[Path] = []  # database files (acted on by ``end``)
        self.committed = False
        self.interrupted = False
        self._previous_handler: Any = None

    def hold_interrupts(self) -> None:
        """Remember Ctrl-C instead of raising it, until ``end``. Called as a
        commit starts: from here on something is saved."""
        self.committed = True
        if self.cli and self._previous_handler is None:
            with contextlib.suppress(ValueError):  # only the main thread has signals
                previous = signal.signal(signal.SIGINT, self._remember)
                self._previous_handler = previous or signal.default_int_handler

    def _remember(self, signum, frame) -> None:
        if self.interrupted:
            raise KeyboardInterrupt  # a second Ctrl-C: the user insists
        self.interrupted = True

    def end(self, *, succeeded: bool) -> list[Path]:
        """Restore Ctrl-C; the databases created to announce (removed again,
        and none announced, if the command failed)."""
        if self._previous_handler is not None:
            signal.signal(signal.SIGINT, self._previous_handler)
        if succeeded:
            return self.created
        for path in self.created:
            for leftover in (path, Path(f"{path}-journal")):
                with contextlib.suppress(OSError):
                    leftover.unlink()
        return []


_current: ContextVar[CommandRun | None] = ContextVar("revmentor_run", default=None)


def current() -> CommandRun:
    """The command running now (from Python: one run for the whole session)."""
    if (run := _current.get()) is None:
        _current.set(run := CommandRun(cli=False))
    return run


@contextlib.contextmanager
def command() -> Iterator[CommandRun]:
    """A fresh run for one command of the CLI, from parsing to exit."""
    token = _current.set(run := CommandRun())
    try:
        yield run
    finally:
        _current.reset(token)
