"""Interactive questions, behind a small interface the commands receive.

``QuestionaryPrompter`` asks through questionary (imported only when a prompt
is actually shown). Ctrl-C raises KeyboardInterrupt, which the CLI turns into
exit 130 before anything is saved.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence

from revmentor.domain.text import folded, pair_label, plural
from revmentor.domain.validation import parse_topics
from revmentor.errors import InvalidInput, RevmentorError, as_sentence

OPTIONAL = {"instruction": "(optional)"}


class QuestionaryPrompter:
    """The real thing. ``unsafe_ask`` lets Ctrl-C propagate instead of returning
    None. Options not named here (default, validate, instruction, multiline)
    go to questionary as they are."""

    def __init__(self) -> None:
        import questionary

        self.q = questionary

    def _ask(self, kind: str, message: str, **options):
        answer = getattr(self.q, kind)(message, **options).unsafe_ask()
        if answer is None:  # questionary returns None on EOF in some versions
            raise KeyboardInterrupt
        return answer

    def text(self, message: str, **options) -> str:
        return self._ask("text", message, **options)

    def select(self, message: str, choices, default=None) -> str:
        options = [self.q.Choice(title=title, value=value) for value, title in choices]
        return self._ask("select", message, choices=options, default=default)

    def checkbox(self, message: str, choices: list[str]) -> list[str]:
        instruction = "(space to tick, enter when done)"
        return self._ask("checkbox", message, choices=choices, instruction=instruction)

    def autocomplete(self, message: str, choices, *, instruction=None, **options):
        if not choices:
            return self.text(message, instruction=instruction, **options)
        if instruction:  # questionary's autocomplete has no instruction of its own
            message = f"{message} {instruction}"
        # questionary's defaults: case ignored, a part found anywhere in a choice.
        return self._ask("autocomplete", message, choices=list(choices), **options)

    def topics(self, question: str, catalogue: list[str], **options) -> list[str]:
        """Topics ticked in ``catalogue`` (when there is one), then others typed."""
        picked = self.checkbox(question, catalogue) if catalogue else []
        other = "Other topics" if catalogue else question.rstrip(":")
        extra = self.text(f"{other} (comma-separated):", **OPTIONAL, **options)
        return parse_topics(picked + parse_topics(extra))

    def confirm(self, message: str, default: bool = True) -> bool:
        return bool(self._ask("confirm", message, default=default))


def validator(parse: Callable[[str], object]) -> Callable[[str], bool | str]:
    """Turn a ``parse_*`` function into a questionary validator that shows its reason."""

    def check(text: str) -> bool | str:
        try:
            parse(text)
        except RevmentorError as error:
            return as_sentence(str(error))
        return True

    return check


# ---------------------------------------------------------------- choosing by name


def pair_labels(pairs: Sequence) -> dict[str, object]:
    """A label for each pair, made unique with emails where names repeat."""
    counts = Counter(pair_label(p) for p in pairs)
    labels = {}
    for p in pairs:
        label = pair_label(p)
        if counts[label] > 1:
            label += f" ({p.mentor} → {p.mentee})"
        labels[label] = p
    return labels


def match_label(text: str, labels: Sequence[str], what: str = "pair") -> str:
    """The one label ``text`` names: typed in full, or a part found in only one."""
    typed = folded(text)
    if not typed:
        raise InvalidInput(f"type part of a name to choose a {what}")
    for label in labels:
        if folded(label) == typed:
            return label
    found = [label for label in labels if typed in folded(label)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise InvalidInput(f"no {what} matches {text.strip()!r}")
    many = plural(len(found), what, "people" if what == "person" else None)
    raise InvalidInput(f"{many} match {text.strip()!r}; type more of the name")
