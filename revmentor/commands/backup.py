"""`revmentor export` and `revmentor restore`: a full JSON backup and its restore."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands import common
from revmentor.render.console import say, write_text
from revmentor.render.formats import to_json


def export_command(
    ctx: typer.Context,
    output: Annotated[Path | None, common.output_option("backup.json")] = None,
) -> None:
    """Write the whole program as one JSON document (a backup).

    The backup holds everything, including confidential session notes and
    private attributes: keep it as safe as the database. A file written with
    --output is readable by its owner only.

    Example: revmentor export --output backup.json
    """
    document = common.open_for_reading(ctx).export()
    write_text(to_json(document), output)
    if output is not None:
        rows = sum(len(rows) for rows in document["tables"].values())
        say(f"Wrote a backup of {rows} rows to {output} (it holds confidential notes).")


def restore_command(
    ctx: typer.Context,
    backup: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A backup made by `revmentor export`."),
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
    program = common.open_for_writing(ctx)
    counts = program.restore(backup, replace=replace)
    say(
        f"Restored {counts['participants']} participants, {counts['pairs']} pairs, "
        f"{counts['sessions']} sessions and {counts['checkins']} check-ins into "
        f"{program.path}."
    )
