"""A form's questions as Markdown, and its empty CSV template."""

from __future__ import annotations

from revmentor.domain.messages.forms import Form
from revmentor.render.formats import markdown_text, to_csv

_MICROSOFT = (
    'Microsoft Forms exports add columns of their own: import with --map "ID='
    'response_id" --map "Start time=-" --map "Completion time=-" --map "Email=-" '
    '--map "Name=-" (and --map "Last modified time=-" where it appears).'
)


def form_markdown(form: Form, command: str) -> str:
    """The questions to build the form with, then the header its export has."""
    lines = [f"# {form.name}", ""]
    for number, question in enumerate(form.questions, start=1):
        required = " (required)" if question.required else ""
        lines.append(
            f"{number}. **{markdown_text(question.title)}**{required}: "
            f"{markdown_text(question.ask)} *{question.kind}*"
        )
        lines += [f"   - {markdown_text(choice)}" for choice in question.choices]
    lines += [
        "",
        "Use each title exactly as written: it becomes the export's column.",
        "",
        "Export header:",
        "",
        "    " + template_csv(form),
        f"Import with `{command}` (Google Forms: as it is, adding --date-format "
        f"MM/DD/YYYY or the form's own date layout when its dates are not "
        f"YYYY-MM-DD). {_MICROSOFT}",
        "",
    ]
    return "\n".join(lines)


def template_csv(form: Form) -> str:
    """An empty sheet with the export's header, to fill in by hand."""
    # Google Forms adds Timestamp first; the importer keeps it as the answer's id.
    return to_csv([], ["Timestamp", *(q.title for q in form.questions)])
