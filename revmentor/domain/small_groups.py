"""The three-people rule: nothing computed from people's answers is shown for a
group of fewer than three people, so no one's answer can be read off a figure.

Pure functions used by every part of the report that counts or averages what
people said or are: ratings, outcome means, attribute and retention breakdowns.
"""

from __future__ import annotations

from collections.abc import Mapping

# Fewer people than this in a group and a figure could single someone out.
MIN_PEOPLE = 3
# A person without a value for an attribute: a group of its own, never "other".
NOT_GIVEN = "not given"
# The bucket that small groups are merged into.
OTHER_VALUES = "other"
OTHER_OR_NOT_GIVEN = "other or not given"


def enough_people(people: int) -> bool:
    return people >= MIN_PEOPLE


def mean_if_enough(total: float, n: int, people: int, digits: int = 2) -> float | None:
    """The mean of ``n`` answers, or None unless they come from enough people."""
    if not n or not enough_people(people):
        return None
    return round(total / n, digits)


def group_labels(counts: Mapping[str, int]) -> dict[str, str] | None:
    """The group each value is shown under, or None when no breakdown is safe.

    Values held by fewer than three people are merged into one bucket ("other",
    or "other or not given" when it holds people without a value); while that
    bucket is still under three, the smallest remaining group joins it. When the
    groups left cannot all have three people, or only the merged bucket would
    be left (which tells nothing), there is no breakdown.
    """
    present = {value: n for value, n in counts.items() if n > 0}
    # Biggest first, ties by name: the smallest group is at the end of the list.
    big = sorted(
        ((v, n) for v, n in present.items() if n >= MIN_PEOPLE),
        key=lambda kv: (-kv[1], kv[0]),
    )
    merged = [v for v, n in present.items() if n < MIN_PEOPLE]
    merged_total = sum(present[v] for v in merged)
    while merged and merged_total < MIN_PEOPLE and big:
        value, n = big.pop()
        merged.append(value)
        merged_total += n
    if merged and merged_total < MIN_PEOPLE:
        return None
    if not big:
        return None
    bucket = OTHER_OR_NOT_GIVEN if NOT_GIVEN in merged else OTHER_VALUES
    labels = {value: value for value, _ in big}
    labels.update({value: bucket for value in merged})
    return labels


def merged_counts(counts: Mapping[str, int]) -> dict[str, int]:
    """``counts`` regrouped so that every group shown has at least three people,
    biggest first and the merged bucket last; empty when no breakdown is safe."""
    labels = group_labels(counts)
    if labels is None:
        return {}
    out: dict[str, int] = {}
    for value, n in counts.items():
        if n > 0:
            out[labels[value]] = out.get(labels[value], 0) + n
    buckets = (OTHER_VALUES, OTHER_OR_NOT_GIVEN)
    return dict(sorted(out.items(), key=lambda kv: (kv[0] in buckets, -kv[1], kv[0])))


def attribute_value(attributes: Mapping[str, object], attribute: str) -> str:
    """A person's value of ``attribute`` (names compared without case), or
    NOT_GIVEN when they have none."""
    wanted = "".join(attribute.split()).casefold()
    for key, value in attributes.items():
        if "".join(str(key).split()).casefold() == wanted:
            text = " ".join(str(value).split())
            if text:
                return text
    return NOT_GIVEN
