"""Reporting lines: following who is whose manager, safely when the links loop.

Every check and count that climbs a reporting line uses these two walkers:

- ``walk_up`` follows one person's line and says whether it came back on itself;
- ``walk_all`` follows the lines of many people, each person once, and finds the
  loops (``find_loops``).

A line is given as ``manager_of(person) -> manager or None``; ``None`` ends it, so
people can be emails or list indexes alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from dataclasses import dataclass
from typing import Generic, TypeVar

Person = TypeVar("Person", bound=Hashable)


@dataclass(frozen=True)
class Line(Generic[Person]):
    above: list[Person]  # everyone above the start, nearest first, each once
    repeat: Person | None  # who the line came back to (a loop), None when it ended


def walk_up(start: Person, manager_of: Callable[[Person], Person | None]) -> Line:
    """The people above ``start`` until the line ends or reaches someone twice."""
    above: list[Person] = []
    seen = {start}
    current = manager_of(start)
    while current is not None:
        if current in seen:
            return Line(above, current)
        seen.add(current)
        above.append(current)
        current = manager_of(current)
    return Line(above, None)


@dataclass(frozen=True)
class Walk(Generic[Person]):
    path: list[Person]  # people reached for the first time, from the start up
    end: Person | None  # None when the line ended, else someone already walked
    loop: list[Person]  # the part of path that comes back to ``end``, or []


def walk_all(
    starts: Iterable[Person], manager_of: Callable[[Person], Person | None]
) -> Iterator[Walk]:
    """One walk up from each start not yet walked, in order. A walk stops where
    the line ends or at someone already walked: an earlier walk's (their line is
    known) or this one's (a loop). Each person is walked once, so a whole chart
    costs one pass however its lines merge."""
    done: set[Person] = set()
    for start in starts:
        if start in done:
            continue
        path: list[Person] = []
        position: dict[Person, int] = {}
        person: Person | None = start
        while person is not None and person not in done and person not in position:
            position[person] = len(path)
            path.append(person)
            person = manager_of(person)
        loop = path[position[person] :] if person in position else []
        done.update(path)
        yield Walk(path, person, loop)


def find_loops(
    starts: Iterable[Person], manager_of: Callable[[Person], Person | None]
) -> list[list[Person]]:
    """Each loop the starts' lines run into, once, beginning where a walk first
    came back on itself."""
    return [walk.loop for walk in walk_all(starts, manager_of) if walk.loop]
