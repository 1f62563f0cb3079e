"""The three-people rule: nothing computed from people's answers is shown for a
group of fewer than three people, so no one's answer can be read off a figure.

Used by every part of the report that counts or averages what people said or
are: ratings, outcome means, attribute and retention breakdowns, goal totals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from revmentor.domain.validation import topic_key

# Fewer people than this in a group and a figure could single someone out.
MIN_PEOPLE = 3
# A person without a value for an attribute: a group of its own, never "other".
NOT_GIVEN = "not given"
# The buckets that small groups are merged into.
OTHER_VALUES = "other"
OTHER_OR_NOT_GIVEN = "other or not given"


def mean_if_enough(total: float, n: int, people: int) -> float | None:
    """The mean of ``n`` answers to 2 places, or None unless they come from
    enough people."""
    return round(total / n, 2) if n and people >= MIN_PEOPLE else None


def group_labels(counts: Mapping[str, int]) -> dict[str, str] | None:
    """The group each value is shown under, or None when no breakdown is safe.

    Values held by fewer than three people are merged into one bucket ("other",
    or "other or not given" when it holds people without a value); while that
    bucket is still under three, the smallest remaining group joins it. When the
    bucket cannot reach three, or it would be the only group left (which tells
    nothing), there is no breakdown.
    """
    present = {value: n for value, n in counts.items() if n > 0}
    # Biggest first, ties by name: the smallest group is at the end of the list.
    big = sorted(
        (v for v, n in present.items() if n >= MIN_PEOPLE),
        key=lambda v: (-present[v], v),
    )
    merged = [v for v, n in present.items() if n < MIN_PEOPLE]
    while merged and sum(present[v] for v in merged) < MIN_PEOPLE and big:
        merged.append(big.pop())
    if not big or (merged and sum(present[v] for v in merged) < MIN_PEOPLE):
        return None
    bucket = OTHER_OR_NOT_GIVEN if NOT_GIVEN in merged else OTHER_VALUES
    return {value: value for value in big} | dict.fromkeys(merged, bucket)


def value_counts(people: Iterable, attribute: str) -> dict[str, int]:
    """How many of ``people`` have each value of ``attribute``, regrouped so
    that every group shown has at least three people, biggest first and the
    merged bucket last; empty when no breakdown is safe."""
    counts = Counter(attribute_value(p.attributes, attribute) for p in people)
    out: Counter[str] = Counter()
    for value, label in (group_labels(counts) or {}).items():
        out[label] += counts[value]
    buckets = (OTHER_VALUES, OTHER_OR_NOT_GIVEN)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] in buckets, -kv[1], kv[0])))


def attribute_value(attributes: Mapping[str, object], attribute: str) -> str:
    """A person's value of ``attribute`` (names compared as topics are: without
    case or spaces), or NOT_GIVEN when they have none."""
    wanted = topic_key(attribute)
    for key, value in attributes.items():
        if topic_key(str(key)) == wanted and str(value).strip():
            return " ".join(str(value).split())
    return NOT_GIVEN
