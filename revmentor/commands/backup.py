"""`revmentor export` and `revmentor restore`: a full JSON backup and its restore."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import OutputOption, open_for_reading, open_for_writing
from revmentor.errors import Conflict, InvalidInput
from revmentor.render.people import tell


def export_command(ctx: typer.Context, output: OutputOption = None) -> None:
    """Write the whole program as one JSON document (a backup).

    The backup holds everything, including confidential session notes and
    private attributes: keep it as safe as the database. A file written with
    --output is readable by its owner only.

    Example: revmentor export --output backup.json
    """
    from revmentor import __version__
    from revmentor.render.console import write_text
    from revmentor.render.formats import to_json
    from revmentor.store.backup import export_backup

    store = open_for_reading(ctx)
    document = export_backup(store.db, __version__)
    write_text(to_json(document), output)
    if output is not None:
        rows = sum(len(rows) for rows in document["tables"].values())
        tell(
            f"Wrote a backup of {rows} rows to {output} (it holds confidential notes)."
        )


def restore_command(
    ctx: typer.Context,
    backup: Annotated[
        Path,
        typer.Argument(
            metavar="FILE", help="A backup made by `revmentor export`.", dir_okay=False
        ),
    ],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace", help="Replace a database that already holds a program."
        ),
    ] = False,
) -> None:
    """Load a backup into an empty or new database.

    A database that already holds people, pairs or sessions is refused unless
    --replace is given; then its contents are replaced in one transaction.

    Examples:

      revmentor --db restored.db restore backup.json

      revmentor restore backup.json --replace
    """
    from revmentor.store.backup import is_empty, restore_backup

    document = read_backup(backup)
    store = open_for_writing(ctx)
    with store.write():
        if not replace and not is_empty(store.db):
            raise Conflict(
                f"{store.path} already holds a program; restore into a new file with "
                "--db, or add --replace to overwrite it."
            )
        counts = restore_backup(store.db, document, str(backup))
    tell(
        f"Restored {counts['participants']} participants, {counts['pairs']} pairs, "
        f"{counts['sessions']} sessions and {counts['checkins']} check-ins into {store.path}."
    )


def read_backup(path: Path) -> object:
    """The backup's JSON document, or one sentence saying why it cannot be read."""
    from revmentor.inputs import read_text

    text = read_text(path, "backup")
    try:
        return json.loads(text)
    except RecursionError:
        raise InvalidInput(
            f"{path} is not a revmentor backup: its data nests too deeply."
        ) from None
    except json.JSONDecodeError as error:
        raise InvalidInput(
            f"{path} is not a revmentor backup: {error.msg} (line {error.lineno})."
        ) from None
