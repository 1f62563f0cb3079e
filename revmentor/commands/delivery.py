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

from revmentor.domain.messages import SENT, WRITTEN, How, Message, unique_names
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, RevmentorError
from revmentor.render.console import warn


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
_SUFFIX = {MessageFormat.eml: ".eml", MessageFormat.json: ".json"}


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

    @property
    def carries_attachments(self) -> bool:
        return self.send or self.fmt is MessageFormat.eml

    @property
    def files(self) -> bool:
        """One file per message into the --output folder."""
        return self.output is not None and self.fmt is not MessageFormat.csv

    @property
    def how(self) -> How:
        if self.send:
            return How.sent
        if self.fmt is MessageFormat.csv:
            return How.csv
        if self.output is None:
            return How.terminal
        return How(self.fmt) if self.fmt in _SUFFIX else How.markdown

    def nothing(self) -> None:
        """Nothing to deliver: JSON on the terminal still prints its (empty)
        list, so a script reading it gets a document."""
        if self.fmt is MessageFormat.json and self.output is None:
            from revmentor.render.console import write_text

            write_text("[]\n", None)


def deliver(
    store, messages: list[Message], choice: Delivery, program, noun: tuple[str, str]
) -> None:
    """Show, write or send ``messages`` and record each one that went out.

    ``noun`` is the singular and plural ("introduction", "introductions").
    """
    from revmentor.domain.mail_settings import coordinator_address, smtp_settings
    from revmentor.render.messages import show_letters, who_gets_what

    if choice.cc:
        address = coordinator_address(os.environ, program)
        for message in messages:
            if address not in message.to + message.cc:
                message.cc += (address,)
    settings = smtp_settings(os.environ, program) if choice.send else None
    names = unique_names(
        [(m.file_stem, m.pair_id) for m in messages], _SUFFIX.get(choice.fmt, ".md")
    )
    if choice.dry_run:
        if choice.send:
            who_gets_what(messages, ["e-mail"] * len(messages))
        elif choice.fmt is MessageFormat.csv:
            who_gets_what(
                messages, [str(choice.output or "standard output")] * len(messages)
            )
        elif choice.output is not None:
            who_gets_what(messages, [str(choice.output / n) for n in names])
        else:
            show_letters(messages, choice.fmt.value)
        warn("Dry run: nothing recorded, written or sent.")
        return
    if settings is not None:
        _send(store, messages, settings, noun)
        return
    if choice.output is None and choice.fmt is not MessageFormat.csv:
        show_letters(messages, choice.fmt.value)
    from revmentor.store.messages import record_message

    # Files are written inside the transaction that records them: a file that
    # cannot be written leaves nothing recorded.
    with store.write():
        for message in messages:
            record_message(store.db, message, how=choice.how, status=WRITTEN)
        _write(messages, names, choice, program)
    if choice.files:
        warn(f"Wrote {plural(len(messages), *noun)} to {choice.output}.")
        for name in names if choice.verbose else []:
            warn(f"  {choice.output / name}")  # type: ignore[operator]


def _write(
    messages: list[Message], names: list[str], choice: Delivery, program
) -> None:
    from revmentor.delivery.files import prepare_folder
    from revmentor.files import check_writable_target, write_file
    from revmentor.render import letters
    from revmentor.render.formats import to_json

    if choice.fmt is MessageFormat.csv:
        text = letters.mail_merge_csv(messages)
        if choice.output is None:
            from revmentor.render.console import write_text

            write_text(text, None)
        else:
            write_file(choice.output, text)
            warn(
                f"Wrote a mail-merge file of {len(messages)} messages to {choice.output}."
            )
        return
    if choice.output is None:
        return
    prepare_folder(choice.output)
    targets = [choice.output / name for name in names]
    for target in targets:  # refuse a link or a protected file before writing any
        check_writable_target(target)
    if choice.fmt is MessageFormat.eml:
        from revmentor.domain.mail_settings import sender_address

        sender = sender_address(os.environ, program)
    for message, target in zip(messages, targets, strict=True):
        if choice.fmt is MessageFormat.eml:
            content = letters.eml_bytes(message, sender)
        elif choice.fmt is MessageFormat.json:
            content = to_json(letters.message_record(message)).encode()
        else:
            content = letters.markdown(message).encode()
        write_file(target, content)


def _send(store, messages: list[Message], settings, noun: tuple[str, str]) -> None:
    from revmentor.delivery.smtp import send_all
    from revmentor.render.letters import email_message
    from revmentor.store.messages import record_message

    sent = 0

    def accepted(message: Message, reached: tuple[str, ...]) -> None:
        # Recorded the moment the server took it, in its own transaction, so a
        # failure later in the run can never lose it or send it again.
        nonlocal sent
        with store.write():
            record_message(
                store.db, message, how=How.sent, status=SENT, reached=reached
            )
        sent += 1

    failures = send_all(
        messages,
        settings,
        lambda message: email_message(message, settings.sender, draft=False),
        accepted,
    )
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
