"""Pair rules the coordinator sets: ``avoid`` (never pair these two) and
``fixed`` (pair this mentor with this mentee); not the matching settings
(``require``, weights: ``matching_settings``). Pure: the checks a new pair rule
passes, the same whether it comes from a roster or from `revmentor rules add`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from revmentor.domain.models import MENTEE, MENTOR
from revmentor.domain.validation import parse_email
from revmentor.errors import InvalidInput


class PairRuleKind(StrEnum):
    avoid = "avoid"  # never pair the two
    fixed = "fixed"  # pair this mentor with this mentee


AVOID, FIXED = PairRuleKind.avoid, PairRuleKind.fixed
# Where a rule typed at the command line came from (a roster's rules carry its name).
COMMAND_LINE = "rules add"


@dataclass
class PairRule:
    id: int
    kind: str  # avoid | fixed
    first: str  # fixed: the mentor
    second: str  # fixed: the mentee
    source: str


def check_rule_people(
    kind: str, first: str, second: str, roles: Mapping[str, str] | None = None
) -> None:
    """The one rule on a pair rule's two people, from a roster, the command
    line or a backup: two people, and for ``fixed`` a mentor then a mentee
    (checked when ``roles`` is given: email -> role)."""
    if first == second:
        raise InvalidInput(
            f"{first} cannot be kept apart from themselves"
            if kind == AVOID
            else f"{first} cannot be their own mentor"
        )
    for email, want in ((first, MENTOR), (second, MENTEE)):
        if kind == FIXED and roles is not None and roles[email] != want:
            raise InvalidInput(f"{email} is a {roles[email]}, not a {want}")


def check_new_pair_rule(
    kind: str,
    first: str,
    second: str,
    *,
    roles: Mapping[str, str],
    rules: Iterable[PairRule],
) -> tuple[str, str]:
    """The rule's two emails, checked as a roster's ``avoid``/``fixed`` entry is.

    ``roles`` maps every enrolled email to its role; ``rules`` are those stored.
    Raises ``InvalidInput`` with one sentence.
    """
    first, second = parse_email(first), parse_email(second)
    for email in (first, second):
        if email not in roles:
            raise InvalidInput(f"{email} is not enrolled; see `revmentor people`")
    check_rule_people(kind, first, second, roles)
    pair = frozenset((first, second))
    for rule in rules:
        if frozenset((rule.first, rule.second)) == pair:
            if rule.kind == kind:
                raise InvalidInput(f"this {kind} rule exists already (rule {rule.id})")
            raise InvalidInput(
                f"{first} and {second} would be both fixed and avoided "
                f"(rule {rule.id} is a {rule.kind} rule)"
            )
        if kind == FIXED and rule.kind == FIXED and rule.second == second:
            raise InvalidInput(
                f"{second} is already fixed to {rule.first} (rule {rule.id})"
            )
    return first, second
