"""How `intro` and `remind` deliver their messages: the shared options and the
one delivery flow (terminal, files, mail-merge CSV, e-mail drafts, SMTP).

Not a command itself: both message commands use it, so it lives here once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revmentor.domain.messages.messages import Message, unique_names
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, RevmentorError
from revmentor.render.console import warn, write_text


class MessageFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"
    eml = "eml"
    csv = "csv"


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
    typer.Option(
        "--output",
        "-o",
        metavar="DIR",
        help="Write one file per message into this folder (created if missing; "
        "files readable by you only), e.g. --output drafts/. With --format csv, "
        "the mail-merge file to write, e.g. --output merge.csv.",
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
    typer.Option(
        "--dry-run",
        help="Show who would get what, writing, sending and recording nothing.",
    ),
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
    store,
    messages: list[Message],
    choice: Delivery,
    program,
    noun: tuple[str, str],
    *,
    empty: str,
    recorded: str,
) -> None:
    """Show, write or send ``messages`` and record each one that went out.

    ``noun`` is the singular and plural ("introduction", "introductions");
    ``empty`` says why there is nothing to deliver, ``recorded`` what recording
    the messages shown in the terminal means.
    """
    from revmentor.delivery.files import write_files
    from revmentor.domain.messages import mail_settings
    from revmentor.render.messages import file_content, mail_merge_csv, show_letters
    from revmentor.store.messages import record_message

    fmt, output = choice.fmt, choice.output
    if not messages:
        if fmt is MessageFormat.json and output is None:
            write_text("[]\n", None)  # a script reading it still gets a document
        return warn(empty)
    if choice.cc:
        address = mail_settings.coordinator_address(os.environ, program)
        for message in messages:
            message.cc += () if address in message.to + message.cc else (address,)
    settings = mail_settings.smtp_settings(os.environ, program) if choice.send else None
    suffix = {MessageFormat.eml: ".eml", MessageFormat.json: ".json"}.get(fmt, ".md")
    names = unique_names([(m.file_stem, m.pair_id) for m in messages], suffix)
    one_file = fmt is MessageFormat.csv  # a mail merge: one file, or the terminal
    if choice.dry_run:
        return _dry_run(messages, choice, names, by_mail=settings is not None)
    if settings is not None:
        return _send(store, messages, settings, noun)
    on_screen = output is None and not one_file
    if on_screen:
        show_letters(messages, fmt)
    how = "terminal" if on_screen else fmt.replace("text", "markdown")
    # Files are written inside the transaction that records them: a file that
    # cannot be written leaves nothing recorded.
    with store.write():
        for message in messages:
            record_message(store.db, message, how=how)
        if one_file:
            write_text(mail_merge_csv(messages), output)
        elif output is not None:
            sender = None
            if fmt is MessageFormat.eml:
                sender = mail_settings.sender_address(os.environ, program)
            contents = [file_content(m, fmt, sender) for m in messages]
            write_files(output, list(zip(names, contents, strict=True)))
    if on_screen and fmt is MessageFormat.text:
        warn(recorded)
    elif output is not None:
        warn(f"Wrote {plural(len(messages), *noun)} to {output}.")
        for name in names if choice.verbose and not one_file else []:
            warn(f"  {output / name}")


def _dry_run(
    messages: list[Message], choice: Delivery, names: list[str], *, by_mail: bool
) -> None:
    from revmentor.render.messages import show_letters, who_gets_what

    if by_mail or choice.fmt is MessageFormat.csv:
        where = "e-mail" if by_mail else str(choice.output or "standard output")
        who_gets_what(messages, [where] * len(messages))
    elif choice.output is not None:
        who_gets_what(messages, [str(choice.output / name) for name in names])
    else:
        show_letters(messages, choice.fmt)
    warn("Dry run: nothing recorded, written or sent.")


def _send(store, messages: list[Message], settings, noun: tuple[str, str]) -> None:
    from revmentor.delivery.smtp import send_all
    from revmentor.store.messages import record_message

    sent = 0

    def accepted(message: Message, reached: tuple[str, ...]) -> None:
        # Recorded the moment the server took it, in its own transaction, so a
        # failure later in the run can never lose it or send it again.
        nonlocal sent
        with store.write():
            record_message(store.db, message, how="sent", reached=reached)
        sent += 1

    failures = send_all(messages, settings, accepted)
    for message, problem in failures:
        warn(
            f"Not sent: {message.subject!r} to {', '.join(message.recipients)}: {problem}."
        )
    warn(f"Sent {plural(sent, *noun)} through {settings.describe()}.")
    if failures:
        raise RevmentorError(
            f"{len(failures)} of {plural(len(messages), *noun)} could not be sent in "
            "full (listed above); run the same command again to send the ones the "
            "server did not accept."
        )
