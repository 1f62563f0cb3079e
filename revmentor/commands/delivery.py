"""How `intro` and `remind` deliver their messages: the shared options and the
one delivery flow (terminal, files, mail-merge CSV, e-mail drafts, SMTP).

Not a command itself: both message commands use it, so it lives here once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from revmentor.domain import messages as kinds
from revmentor.domain.messages import Message, unique_names
from revmentor.domain.text import plural
from revmentor.errors import InvalidInput, RevmentorError


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
DryRunOption = Annotated[
    bool,
    typer.Option(
        "--dry-run",
        help="Show who would get what, writing, sending and recording nothing.",
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


@dataclass(frozen=True)
class Delivery:
    fmt: MessageFormat
    output: Path | None
    send: bool
    dry_run: bool
    verbose: bool

    def check(self) -> None:
        """Refuse contradictory choices before anything is built or written."""
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
    def how(self) -> str:
        if self.send:
            return kinds.HOW_SENT
        if self.fmt is MessageFormat.csv:
            return kinds.HOW_CSV
        if self.output is None:
            return kinds.HOW_TERMINAL
        return {
            MessageFormat.eml: kinds.HOW_EML,
            MessageFormat.json: kinds.HOW_JSON,
        }.get(self.fmt, kinds.HOW_MARKDOWN)


def delivery_options(
    fmt: MessageFormat,
    output: Path | None,
    send: bool,
    dry_run: bool,
    verbose: bool,
) -> Delivery:
    choice = Delivery(fmt, output, send, dry_run, verbose)
    choice.check()
    return choice


def show_no_messages(choice: Delivery) -> None:
    """Nothing to deliver: JSON on the terminal still prints its (empty) list,
    so a script reading it gets a document."""
    if choice.fmt is MessageFormat.json and choice.output is None:
        from revmentor.render.console import write_text

        write_text("[]\n", None)


class NotAllSent(RevmentorError):
    """Some messages could not be sent; they were named above."""


def add_cc(messages: list[Message], program) -> None:
    from revmentor.domain.mail_settings import coordinator_address
    from revmentor.domain.messages import with_cc

    with_cc(messages, coordinator_address(os.environ, program))


def deliver(
    store,
    messages: list[Message],
    choice: Delivery,
    program,
    noun: tuple[str, str],
    after_recording: Callable[[object, list[Message]], None] | None = None,
) -> None:
    """Show, write or send ``messages`` and record each one that went out.

    ``noun`` is the singular and plural ("introduction", "introductions");
    ``after_recording`` runs in the same transaction as each recording.
    """
    from revmentor.render.messages import notice

    if choice.send:
        from revmentor.domain.mail_settings import smtp_settings

        settings = smtp_settings(os.environ, program)  # one sentence if wrong
    if choice.dry_run:
        _dry_run(messages, choice)
        notice("Dry run: nothing recorded, written or sent.")
        return
    if choice.send:
        _send(store, messages, settings, noun, after_recording)
        return
    write = None
    if choice.fmt is MessageFormat.csv:
        write = lambda: _write_csv(messages, choice)  # noqa: E731
    elif choice.output is not None:
        write = lambda: _write_files(messages, choice, program)  # noqa: E731
    else:
        from revmentor.render.messages import show_letters

        show_letters(messages, choice.fmt.value)
    # Files are written inside the transaction that records them: a file that
    # cannot be written leaves nothing recorded.
    _record(store, messages, choice.how, kinds.WRITTEN, after_recording, then=write)
    if choice.output is not None and choice.fmt is not MessageFormat.csv:
        count = len(messages)
        notice(f"Wrote {plural(count, *noun)} to {choice.output}.")
        if choice.verbose:
            for name in unique_names(
                [(m.file_stem, m.pair_id) for m in messages], _suffix(choice.fmt)
            ):
                notice(f"  {choice.output / name}")


def _record(
    store, messages, how, status, after_recording, recipients=None, then=None
) -> None:
    from revmentor.store.messages import record_messages

    with store.write():
        record_messages(
            store.db,
            messages,
            how=how,
            status=status,
            at=datetime.now().astimezone().replace(microsecond=0),
            recipients=recipients,
        )
        if after_recording is not None:
            after_recording(store.db, messages)
        if then is not None:
            then()


def _suffix(fmt: MessageFormat) -> str:
    return {MessageFormat.eml: ".eml", MessageFormat.json: ".json"}.get(fmt, ".md")


def _dry_run(messages: list[Message], choice: Delivery) -> None:
    from revmentor.domain.messages import unique_names
    from revmentor.render.messages import show_letters, who_gets_what

    if choice.send:
        who_gets_what(messages, ["e-mail"] * len(messages))
    elif choice.fmt is MessageFormat.csv:
        where = str(choice.output) if choice.output else "standard output"
        who_gets_what(messages, [where] * len(messages))
    elif choice.output is not None:
        names = unique_names(
            [(m.file_stem, m.pair_id) for m in messages], _suffix(choice.fmt)
        )
        who_gets_what(messages, [str(choice.output / n) for n in names])
    else:
        show_letters(messages, choice.fmt.value)


def _write_files(messages, choice: Delivery, program) -> None:
    from revmentor.delivery.files import check_targets, prepare_folder, write_file
    from revmentor.domain.messages import unique_names
    from revmentor.render import letters

    folder = choice.output
    names = unique_names(
        [(m.file_stem, m.pair_id) for m in messages], _suffix(choice.fmt)
    )
    prepare_folder(folder)
    check_targets(folder, names)
    sender = None
    if choice.fmt is MessageFormat.eml:
        from revmentor.domain.mail_settings import sender_address

        sender = sender_address(os.environ, program)
    for message, name in zip(messages, names, strict=True):
        if choice.fmt is MessageFormat.eml:
            content = letters.eml_bytes(message, sender)
        elif choice.fmt is MessageFormat.json:
            from revmentor.render.formats import to_json

            content = to_json(letters.message_record(message)).encode("utf-8")
        else:
            content = letters.letter_markdown(message.letter).encode("utf-8")
        write_file(folder / name, content)


def _write_csv(messages, choice: Delivery) -> None:
    from revmentor.render.letters import mail_merge_csv
    from revmentor.render.messages import notice

    text = mail_merge_csv(messages)
    if choice.output is None:
        from revmentor.render.console import write_text

        write_text(text, None)
        return
    from revmentor.delivery.files import check_targets, write_file

    target = choice.output
    if target.is_dir():
        raise InvalidInput(
            f"{target} is a folder; --format csv writes one file, e.g. --output merge.csv."
        )
    if not target.parent.exists():
        raise InvalidInput(
            f"Cannot write {target}: the folder {target.parent} does not exist."
        )
    check_targets(target.parent, [target.name])
    write_file(target, text.encode("utf-8"))
    notice(f"Wrote a mail-merge file of {len(messages)} messages to {target}.")


def _send(store, messages, settings, noun, after_recording) -> None:
    from revmentor.delivery.smtp import send_all
    from revmentor.render.letters import email_message
    from revmentor.render.messages import notice

    sent = 0

    def accepted(message: Message, reached: tuple[str, ...]) -> None:
        # Recorded the moment the server took it, in its own transaction, so a
        # failure later in the run can never lose it or send it again.
        nonlocal sent
        _record(
            store,
            [message],
            kinds.HOW_SENT,
            kinds.SENT,
            after_recording,
            recipients={id(message): reached},
        )
        sent += 1

    failures = send_all(
        messages,
        settings,
        lambda message: email_message(message, settings.sender, draft=False),
        accepted,
    )
    for failure in failures:
        notice(
            f"Not sent: {failure.message.subject!r} to "
            f"{', '.join(failure.message.recipients)}: {failure.problem}."
        )
    notice(f"Sent {plural(sent, *noun)} through {settings.describe()}.")
    if failures:
        total = len(messages)
        raise NotAllSent(
            f"{len(failures)} of {plural(total, *noun)} "
            "could not be sent in full (listed above); run the same command again "
            "to send the ones the server did not accept."
        )
