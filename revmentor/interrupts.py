"""Ctrl-C around a commit: once a change is saved, the command finishes.

Python turns SIGINT into KeyboardInterrupt wherever the program happens to
be. Before a commit that is what we want (the transaction rolls back and
nothing is saved); from the moment the commit starts, an interrupt would
only hide that the change was saved. So the store holds SIGINT just before
it commits: a first Ctrl-C is remembered and the command finishes, a second
one stops it as usual.
"""

from __future__ import annotations

import contextlib
import signal

_state: dict = {"committed": False, "interrupted": False, "previous": None}


def _remember(signum, frame) -> None:
    if _state["interrupted"]:
        raise KeyboardInterrupt  # a second Ctrl-C: the user insists
    _state["interrupted"] = True


def hold() -> None:
    """Remember Ctrl-C instead of raising it, until ``end_of_command``. Called
    as a commit starts: from here on something is saved."""
    _state["committed"] = True
    if _state["previous"] is None:
        with contextlib.suppress(ValueError):  # only the main thread takes signals
            previous = signal.signal(signal.SIGINT, _remember)
            _state["previous"] = previous or signal.default_int_handler


def saved_something() -> bool:
    return bool(_state["committed"])


def end_of_command() -> bool:
    """Restore Ctrl-C; return whether Ctrl-C came while it was held."""
    if _state["previous"] is not None:
        signal.signal(signal.SIGINT, _state["previous"])
    interrupted = bool(_state["interrupted"])
    _state.update(committed=False, interrupted=False, previous=None)
    return interrupted
