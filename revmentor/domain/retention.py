"""Mentor retention as of a day: do the young mentors stay?

Out of the mentors enrolled by the day: how many are still in the program, and
how many are still in the organisation (someone who left the program may still
work there). Paused mentors are not lost. Both figures are split by each
diversity attribute when every group shown has at least three people.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from revmentor.domain.models import LEFT, MENTOR
from revmentor.domain.small_groups import attribute_value, group_labels


@dataclass(frozen=True)
class RetentionGroup:
    value: str
    enrolled: int
    in_program: int
    # None when the program does not record who left the organisation
    in_organisation: int | None

    def as_dict(self) -> dict:
        return {
            "value": self.value,
            "enrolled": self.enrolled,
            "in_program": self.in_program,
            "in_organisation": self.in_organisation,
        }


@dataclass(frozen=True)
class Retention:
    enrolled: int
    in_program: int
    in_organisation: int | None
    # attribute -> groups; an attribute is absent when no breakdown is safe
    by_attribute: dict[str, list[RetentionGroup]] = field(default_factory=dict)

    @property
    def program_rate(self) -> float | None:
        return _ratio(self.in_program, self.enrolled)

    @property
    def organisation_rate(self) -> float | None:
        if self.in_organisation is None:
            return None
        return _ratio(self.in_organisation, self.enrolled)

    def as_dict(self) -> dict:
        return {
            "mentors_enrolled": self.enrolled,
            "in_program": self.in_program,
            "in_program_rate": self.program_rate,
            "in_organisation": self.in_organisation,
            "in_organisation_rate": self.organisation_rate,
            "by_attribute": {
                attribute: [g.as_dict() for g in groups]
                for attribute, groups in self.by_attribute.items()
            },
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


@dataclass(frozen=True)
class _Mentor:
    attributes: dict
    in_program: bool
    in_organisation: bool


def _mentors_then(people: Sequence, as_of: date) -> list[_Mentor]:
    mentors = []
    for person in people:
        if person.role != MENTOR:
            continue
        if person.enrolled_on is not None and person.enrolled_on > as_of:
            continue
        gone = person.status == LEFT and (
            person.left_on is None or person.left_on <= as_of
        )
        mentors.append(
            _Mentor(
                attributes=dict(person.attributes),
                in_program=not gone,
                in_organisation=not (gone and bool(person.left_organisation)),
            )
        )
    return mentors


def _groups(
    mentors: list[_Mentor], attribute: str, recorded: bool
) -> list[RetentionGroup] | None:
    values = [attribute_value(m.attributes, attribute) for m in mentors]
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    labels = group_labels(counts)
    if labels is None:
        return None
    tallies: dict[str, list[int]] = {}
    for mentor, value in zip(mentors, values, strict=True):
        tally = tallies.setdefault(labels[value], [0, 0, 0])
        tally[0] += 1
        tally[1] += mentor.in_program
        tally[2] += mentor.in_organisation
    groups = [
        RetentionGroup(
            value=label,
            enrolled=enrolled,
            in_program=in_program,
            in_organisation=in_org if recorded else None,
        )
        for label, (enrolled, in_program, in_org) in tallies.items()
    ]
    groups.sort(key=lambda g: (g.value.startswith("other"), -g.enrolled, g.value))
    return groups


def build_retention(
    people: Sequence,
    *,
    as_of: date,
    attributes: Sequence[str],
    organisation_recorded: bool,
) -> Retention:
    """Retention of the mentors among ``people`` (PersonFacts) on ``as_of``."""
    mentors = _mentors_then(people, as_of)
    by_attribute = {}
    for attribute in attributes:
        groups = _groups(mentors, attribute, organisation_recorded)
        if groups is not None:
            by_attribute[attribute] = groups
    return Retention(
        enrolled=len(mentors),
        in_program=sum(m.in_program for m in mentors),
        in_organisation=sum(m.in_organisation for m in mentors)
        if organisation_recorded
        else None,
        by_attribute=by_attribute,
    )
