"""How `intro` and `remind` deliver their messages: the shared options and the
one delivery flow (terminal, files, mail-merge CSV, e-mail drafts, SMTP).

Not a command itself: both message commands use it, so it lives here once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from revmentor.commands.common import dry_run_option, folder_option
from revmentor.delivery.files import Data
from revmentor.domain.messages import mail_settings
from revmentor.domain.messages.messages import Message, unique_names
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, RevmentorError
from revmentor.render.console import say, write_text
from revmentor.render.messages import (
    file_content,
    mail_merge_csv,
    show_letters,
    who_gets_what,
)

if TYPE_CHECKING:  # `revmentor --help` loads this module, not the library
    from revmentor.library import Program
    from revmentor.library.messages import Outgoing


MessageFormat = StrEnum("MessageFormat", "text markdown json eml csv")

FormatOption = Annotated[
    MessageFormat,
    typer.Option(
        "--format",
        "-f",
        help="text (shown in the terminal), markdown, json, eml (e-mail drafts a "
        "mail client opens; needs --output DIR) or csv (a mail-merge file: to, cc, "
        "subject, body), e.g. --format eml --output drafts/.",
    ),
]
OutputOption = Annotated[
    Path | None,
    folder_option(
        "Write one file per message into this folder (created if missing; "
        "files readable by you only), e.g. --output drafts/. With --format csv, "
        "the mail-merge file to write, e.g. --output merge.csv."
    ),
]
SendOption = Annotated[
    bool,
    typer.Option(
        "--send",
        help="Send by e-mail through the SMTP server in REVMENTOR_SMTP_HOST "
        "(or the program's smtp_host), e.g. --send --cc-coordinator.",
    ),
]
CcOption = Annotated[
    bool,
    typer.Option(
        "--cc-coordinator",
        help="Copy the coordinator (the program's coordinator_email, else the "
        "From address) on every message, e.g. --send --cc-coordinator.",
    ),
]
DryRunOption = Annotated[
    bool,
    dry_run_option("Show who would get what, writing, sending and recording nothing."),
]


@dataclass(frozen=True)
class Delivery:
    """The choices of a message command: checked before anything is built."""

    fmt: MessageFormat
    output: Path | None
    send: bool
    cc: bool
    dry_run: bool
    verbose: bool

    def __post_init__(self) -> None:
        if self.send and self.output is not None:
            raise InvalidInput("Choose --send or --output, not both.")
        if self.send and self.fmt not in (MessageFormat.text, MessageFormat.eml):
            raise InvalidInput(
                f"--send sends e-mail; --format {self.fmt} cannot go with it."
            )
        if self.fmt is MessageFormat.eml and self.output is None and not self.send:
            raise InvalidInput(
                "--format eml writes one draft per message: add --output DIR."
            )


def deliver(
    program: Program,
    outgoing: Outgoing,
    choice: Delivery,
    noun: str,
    *,
    empty: str,
    recorded: str,
) -> None:
    """Show, write or send the ``outgoing`` messages, recorded by ``program``.

    ``noun`` names one message ("introduction");
    ``empty`` says why there is nothing to deliver, ``recorded`` what recording
    the messages shown in the terminal means.
    """
    fmt, output, messages = choice.fmt, choice.output, outgoing.messages
    if not messages:
        if fmt is MessageFormat.json and output is None:
            write_text("[]\n", None)  # a script reading it still gets a document
        return say(empty)
    settings = program.settings
    if choice.cc:
        address = mail_settings.coordinator_address(os.environ, settings)
        for message in messages:
            message.cc += () if address in message.to + message.cc else (address,)
    smtp = mail_settings.smtp_settings(os.environ, settings) if choice.send else None
    suffix = {MessageFormat.eml: ".eml", MessageFormat.json: ".json"}.get(fmt, ".md")
    names = unique_names([(m.file_stem, m.pair_id) for m in messages], suffix)
    one_file = fmt is MessageFormat.csv  # a mail merge: one file, or the terminal
    if choice.dry_run:
        return _dry_run(messages, choice, names)
    if smtp is not None:
        return _send(program, outgoing, smtp, noun)
    on_screen = output is None and not one_file
    how = "terminal" if on_screen else fmt.replace("text", "markdown")
    folder: Path | None = None
    contents: list[tuple[str | Path, Data]] = []
    if on_screen:
        show_letters(messages, fmt)
    elif output is None:  # the mail merge on standard output
        write_text(mail_merge_csv(messages), None)
    elif one_file:
        contents = [(output, mail_merge_csv(messages))]
    else:
        eml = fmt is MessageFormat.eml
        sender = mail_settings.sender_address(os.environ, settings) if eml else None
        drafts = [file_content(m, fmt, sender) for m in messages]
        folder, contents = output, list(zip(names, drafts, strict=True))
    program.record_drafts(messages, how=how, folder=folder, contents=contents)
    if on_screen and fmt is MessageFormat.text:
        say(recorded)
    elif output is not None:
        say(f"Wrote {plural(len(messages), noun)} to {output}.")
        for name in names if choice.verbose and not one_file else []:
            say(f"  {output / name}")


def _dry_run(messages: list[Message], choice: Delivery, names: list[str]) -> None:
    if choice.send or choice.fmt is MessageFormat.csv:
        where = "e-mail" if choice.send else str(choice.output or "standard output")
        who_gets_what(messages, [where] * len(messages))
    elif choice.output is not None:
        who_gets_what(messages, [str(choice.output / name) for name in names])
    else:
        show_letters(messages, choice.fmt)
    say("Dry run: nothing recorded, written or sent.")


def _send(program: Program, outgoing: Outgoing, smtp, noun: str) -> None:
    result = program.send_messages(outgoing, smtp)
    for message, problem in result.problems:
        say(
            f"Not sent: {message.subject!r} to {', '.join(message.recipients)}: {problem}."
        )
    counts, total = result.counts, len(outgoing.messages)
    if result.stopped:
        left = total - sum(counts.values())
        say(f"{result.stopped}: {plural(left, noun)} not sent.")
    say(
        f"Sent {plural(counts['sent'], noun)} through {smtp.describe()}; refused "
        f"{counts['refused']}, failed {counts['failed']}, skipped {counts['skipped']}"
        + (" (another run sent them)." if counts["skipped"] else ".")
    )
    unsent = total - counts["sent"] - counts["skipped"]
    again = "sent (listed above); run the same command again to send them."
    partly = "sent to every address (listed above); they are recorded as sent."
    if unsent or result.problems:
        what = f"{unsent or len(result.problems)} of {plural(total, noun)}"
        raise RevmentorError(f"{what} could not be {again if unsent else partly}")
