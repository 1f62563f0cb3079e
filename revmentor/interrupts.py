"""Ctrl-C around a commit: once a change is saved, the command finishes.

Python turns SIGINT into KeyboardInterrupt wherever the program happens to
be. Before a commit that is what we want (the transaction rolls back and
nothing is saved); from the moment the commit starts, an interrupt would
only hide that the change was saved. So the store holds SIGINT just before
it commits: a first Ctrl-C is remembered and the command finishes, a second
one stops it as usual.
"""

from __future__ import annotations

import signal
import threading

_state: dict = {
    "committed": False,
    "interrupted": False,
    "held": False,
    "previous": None,
}


def _remember(signum, frame) -> None:
    if _state["interrupted"]:
        raise KeyboardInterrupt  # a second Ctrl-C: the user insists
    _state["interrupted"] = True


def hold() -> None:
    """Remember Ctrl-C instead of raising it, until ``end_of_command``."""
    if _state["held"] or threading.current_thread() is not threading.main_thread():
        return
    _state["previous"] = signal.signal(signal.SIGINT, _remember)
    _state["held"] = True


def committed() -> None:
    _state["committed"] = True


def saved_something() -> bool:
    return bool(_state["committed"])


def end_of_command() -> tuple[bool, bool]:
    """Restore Ctrl-C; return (a change was saved, Ctrl-C came while held)."""
    if _state["held"]:
        signal.signal(signal.SIGINT, _state["previous"] or signal.default_int_handler)
    result = (bool(_state["committed"]), bool(_state["interrupted"]))
    _state.update(committed=False, interrupted=False, held=False, previous=None)
    return result
