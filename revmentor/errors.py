"""The one exception family of revmentor.

Every refusal the user should see is a ``RevmentorError``; the CLI edge
(``revmentor.cli``) turns it into one sentence on stderr and exit code 1.
"""

import contextlib
import os
from collections.abc import Iterator


class RevmentorError(Exception):
    """A refused action or bad data: shown to the user as one sentence."""

    exit_code = 1


class InvalidInput(RevmentorError):
    """A value given on the command line or at a prompt is not acceptable
    (``key``: the field or column it is about, when the message alone does
    not place it)."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


class NotFound(RevmentorError):
    """A person, pair or session that the command names does not exist."""


class Conflict(RevmentorError):
    """The action clashes with what is already stored (e.g. a duplicate email)."""


class RosterError(RevmentorError):
    """A roster or program file has one or more problems.

    ``problems`` holds every sentence found, so the user can fix them all at once.
    """

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        listed = "\n".join(f"  {p}" for p in self.problems)
        many = f"{len(self.problems)} problems found:\n{listed}"
        super().__init__(many if len(self.problems) > 1 else self.problems[0])


class StoreError(RevmentorError):
    """The database file cannot be opened, read or written."""


class UsageProblem(RevmentorError):
    """The command was called the wrong way (e.g. a required flag is missing)."""

    exit_code = 2


@contextlib.contextmanager
def refusing(what: str) -> Iterator[None]:
    """A rule's refusal as one sentence: "Cannot log the session: <why>."."""
    try:
        yield
    except InvalidInput as error:
        raise InvalidInput(f"{what}: {error}.") from None


def as_sentence(message: str) -> str:
    """Capital first letter and a full stop, unless the text starts with a value
    (an email, a path, a file's name) or spans several lines (a list of problems)."""
    first_word = message.split(" ", 1)[0]
    if (
        message[:1].islower()
        and not any(c in first_word for c in "@/.'\"-_0123456789")
        and not os.path.lexists(first_word.rstrip(",:;"))
    ):
        message = message[0].upper() + message[1:]
    if "\n" not in message and not message.endswith((".", "!", "?")):
        message += "."
    return message
