"""Drive questionary prompts through prompt_toolkit pipe input, as keys typed."""

from __future__ import annotations

import contextlib

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

ENTER = "\r"
DOWN = "\x1b[B"
SPACE = " "
BACKSPACE = "\x7f"
CTRL_C = "\x03"


@contextlib.contextmanager
def typed(monkeypatch, *keys: str):
    """Pretend stdin is a terminal and feed ``keys`` to the prompts that follow."""
    import revmentor.commands.common as common

    monkeypatch.setattr(common, "stdin_is_interactive", lambda: True)
    with create_pipe_input() as pipe:
        # Trailing Ctrl-Cs turn a prompt that is still waiting (a test that typed
        # too few keys) into a failure with exit 130 instead of a hang.
        pipe.send_text("".join(keys) + CTRL_C * 3)
        with create_app_session(input=pipe, output=DummyOutput()):
            yield
