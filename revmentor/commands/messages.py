"""`revmentor messages`: what was written or sent to whom, and when."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.domain.messages.messages import Kind


def messages_command(
    ctx: typer.Context,
    kind: Annotated[
        Kind | None,
        typer.Option(help="Only one kind of message, e.g. --kind remind."),
    ] = None,
    person: Annotated[
        str | None,
        typer.Option(
            metavar="EMAIL",
            help="Only messages to this person (email, or a unique name), "
            "e.g. --person dana@example.com.",
        ),
    ] = None,
    fmt: common.ListingFormatOption = None,
    output: Annotated[Path | None, common.output_option("messages.csv")] = None,
) -> None:
    """List the introductions and reminders written or sent, oldest first.

    Shows when, which kind, the pair or person, the recipients, the subject,
    how it went out (terminal, markdown, json, eml, csv or sent) and whether a
    mail server accepted it. Message bodies are not kept.

    Examples:

      revmentor messages

      revmentor messages --kind remind --format csv --output reminders.csv
    """
    from revmentor.domain.validation import normalize_email
    from revmentor.errors import NotFound
    from revmentor.render.messages import messages_listing
    from revmentor.store.messages import list_messages
    from revmentor.store.people.participants import find_participant

    db = common.open_for_reading(ctx).db
    email = None
    if person is not None:
        # A participant (email, unique name or part of one), or any address
        # messages went to, such as the coordinator's.
        try:
            email = find_participant(db, person).email
        except NotFound:
            email = normalize_email(person)
            if "@" not in email or not list_messages(db, email=email):
                raise
    rows = list_messages(db, kind=kind, email=email)
    messages_listing(rows, fmt, output, kind)
