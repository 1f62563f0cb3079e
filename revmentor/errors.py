"""The one exception family of revmentor.

Every refusal the user should see is a ``RevmentorError``; the CLI edge
(``revmentor.cli``) turns it into one sentence on stderr and exit code 1.
"""


class RevmentorError(Exception):
    """A refused action or bad data: shown to the user as one sentence."""

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(RevmentorError):
    """A value given on the command line or at a prompt is not acceptable."""


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
        if len(self.problems) == 1:
            message = self.problems[0]
        else:
            message = f"{len(self.problems)} problems found:\n" + "\n".join(
                f"  {p}" for p in self.problems
            )
        super().__init__(message)


class StoreError(RevmentorError):
    """The database file cannot be opened, read or written."""


class UsageProblem(RevmentorError):
    """The command was called the wrong way (e.g. a required flag is missing)."""

    exit_code = 2
