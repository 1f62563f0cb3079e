"""How a participant looks in the terminal."""

from __future__ import annotations

from revmentor.domain.models import MENTOR, Participant


def tell(message: str) -> None:
    """A confirmation on stderr, printed as plain text (no markup in names)."""
    from revmentor.render.console import stderr_console

    stderr_console().print(message, markup=False)


def participant_summary(person: Participant) -> None:
    """The answers of a new participant, shown before asking to save them."""
    from rich.table import Table

    from revmentor.render.console import escape_markup, stderr_console
    from revmentor.render.formats import flat

    table = Table(show_header=False, box=None, title="New participant")
    table.add_column(style="bold")
    table.add_column()
    for key in (
        "name",
        "email",
        "role",
        "title",
        "level",
        "department",
        "manager",
        "teaches" if person.role == MENTOR else "learns",
        "goals",
        "capacity" if person.role == MENTOR else None,
        "timezone",
        "organization",
        "prefers",
    ):
        if key:
            table.add_row(key, escape_markup(flat(getattr(person, key))))
    stderr_console().print(table)
