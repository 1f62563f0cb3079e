"""Why a pair was made: each reason a sentence with a code and who may read it.

The coordinator reads every reason (``pair --explain``, ``pairs``). The pair
themselves read only the public ones (introductions, reminders): build every
message from ``readable_reasons`` so that rewording a sentence can never leak a
private one. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

FIXED = "fixed"  # the coordinator decided this pair
TOPICS = "topics"  # how many of the mentee's topics the mentor covers
DEPARTMENTS = "departments"  # different departments of one organization
ORGANISATIONS = "organisations"  # people from two organisations
LEVEL_GAP = "level_gap"  # seniority numbers
DIVERSITY = "diversity"  # a different value of a private attribute
PREFERENCE = "preference"  # someone asked for the other
WAITED = "waited"  # left unpaired in an earlier round

# Public: fit to tell the pair. Private: the coordinator's eyes only (seniority
# numbers, private attributes, who asked for whom, who waited).
PUBLIC_CODES = frozenset({FIXED, TOPICS, DEPARTMENTS, ORGANISATIONS})
# A reason stored before codes existed; never shown to the pair.
UNKNOWN = "unknown"
# Why someone is unpaired, when it is a rule on their own values (often a
# private attribute): outputs for leadership count them instead of naming them
# (the `unpaired_now` view matches the same beginnings); `pair --explain` names.
PRIVATE_UNPAIRED = ("does not meet the rule ", "has no ")


def private_unpaired(reason: str) -> bool:
    return reason.startswith(PRIVATE_UNPAIRED)


@dataclass(frozen=True)
class Reason:
    code: str  # who may read it: PUBLIC_CODES
    text: str


def from_stored(texts: Sequence[str], codes: Sequence[str]) -> list[Reason]:
    """Reasons from the two stored lists; a text without a code is private."""
    padded = [*codes, *[UNKNOWN] * len(texts)]
    return [Reason(code, text) for text, code in zip(texts, padded, strict=False)]


def readable_reasons(reasons: Iterable[Reason]) -> list[str]:
    """The reasons a participant may read about their own pair."""
    return [reason.text for reason in reasons if reason.code in PUBLIC_CODES]


def legacy_code(text: str) -> str:
    """The code of a reason stored before codes existed, from its wording."""
    lowered = text.casefold()
    for prefix, code in (
        ("fixed by the coordinator", FIXED),
        ("covers ", TOPICS),
        ("does not cover ", TOPICS),
        ("different departments", DEPARTMENTS),
        ("level gap ", LEVEL_GAP),
        ("brings a different ", DIVERSITY),
    ):
        if lowered.startswith(prefix):
            return code
    return UNKNOWN


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{'th' if 10 <= n % 100 <= 20 else suffix}"
