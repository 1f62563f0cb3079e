"""`revmentor forms`: the session and check-in form questions, and their headers."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from revmentor.commands.common import open_for_reading
from revmentor.errors import InvalidInput


def forms_command(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Write each form's questions (Markdown) and an empty CSV template "
            "with its header into this folder, e.g. --output forms/.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Show the questions of a session form and a check-in form to build in
    Google or Microsoft Forms, with the program's topics as choices, and the
    header their export has, so `log --from` and `checkin --from` read it with
    no --map.

    Examples:

    \b
      revmentor forms
      revmentor forms --output forms/
    """
    from revmentor.domain.forms import checkin_form, session_form
    from revmentor.render.console import warn, write_text
    from revmentor.render.forms import form_markdown, template_csv
    from revmentor.store.program import load_program

    topics = load_program(open_for_reading(ctx).db).topics
    forms = (
        (session_form(topics), "log", "session-form.md", "sessions-template.csv"),
        (checkin_form(topics), "checkin", "checkin-form.md", "checkins-template.csv"),
    )
    if output is None:
        text = "\n".join(
            form_markdown(f, f"revmentor {c} --from FILE") for f, c, *_ in forms
        )
        write_text(text, None)
        return
    try:
        output.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InvalidInput(
            f"Cannot create the folder {output}: {error.strerror}."
        ) from None
    for form, command, questions, template in forms:
        write_text(
            form_markdown(form, f"revmentor {command} --from FILE"), output / questions
        )
        write_text(template_csv(form), output / template)
    names = ", ".join(
        name for *_, questions, template in forms for name in (questions, template)
    )
    warn(f"Wrote {names} into {output}.")
