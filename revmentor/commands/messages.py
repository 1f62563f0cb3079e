"""`revmentor messages`: what was written or sent to whom, and when."""

from __future__ import annotations

from typing import Annotated

import typer

from revmentor.commands.common import FormatOption, OutputOption, open_for_reading
from revmentor.render.formats import Format


def messages_command(
    ctx: typer.Context,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            help="Only one kind: intro, remind or checkin-reminder, e.g. --kind remind.",
        ),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            "--person",
            metavar="EMAIL",
            help="Only messages to this person (email, or a unique name), "
            "e.g. --person dana@example.com.",
        ),
    ] = None,
    fmt: FormatOption = Format.table,
    output: OutputOption = None,
) -> None:
    """List the introductions and reminders written or sent, oldest first.

    Shows when, which kind, the pair or person, the recipients, the subject,
    how it went out (terminal, markdown, json, eml, csv or sent) and whether a
    mail server accepted it. Message bodies are not kept.

    Examples:

      revmentor messages

      revmentor messages --kind remind --format csv --output reminders.csv
    """
    from revmentor.domain.messages import KINDS
    from revmentor.errors import InvalidInput
    from revmentor.render.messages import messages_listing
    from revmentor.store.messages import list_messages

    if kind is not None and kind not in KINDS:
        raise InvalidInput(f"--kind must be one of {', '.join(KINDS)}, not {kind!r}.")
    store = open_for_reading(ctx)
    email = _recipient(store.db, person) if person is not None else None
    messages_listing(list_messages(store.db, kind=kind, email=email), fmt, output)


def _recipient(db, text: str) -> str:
    """The address --person names: a participant's (email, unique name or part
    of one), or any address messages went to, such as the coordinator's."""
    from revmentor.domain.validation import normalize_email
    from revmentor.errors import NotFound
    from revmentor.store.messages import list_messages
    from revmentor.store.participants import find_participant

    try:
        return find_participant(db, text).email
    except NotFound:
        address = normalize_email(text)
        if "@" in address and list_messages(db, email=address):
            return address
        raise
