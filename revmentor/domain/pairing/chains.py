"""Reporting lines: following who is whose manager, safely when the links loop.

Every check and count that climbs a reporting line uses ``walk_up``; a line is
given as ``manager_of(person) -> manager or None`` (``None`` ends it), so people
can be emails or list indexes alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import TypeVar

Person = TypeVar("Person", bound=Hashable)


def walk_up(
    start: Person, manager_of: Callable[[Person], Person | None]
) -> tuple[list[Person], Person | None]:
    """The people above ``start`` until the line ends or reaches someone twice:
    everyone above, nearest first, each once; and who the line came back to (a
    loop), None when it ended."""
    above: list[Person] = []
    seen = {start}
    current = manager_of(start)
    while current is not None:
        if current in seen:
            return above, current
        seen.add(current)
        above.append(current)
        current = manager_of(current)
    return above, None


def find_loops(
    starts: Iterable[Person], manager_of: Callable[[Person], Person | None]
) -> list[list[Person]]:
    """Each loop the starts' lines run into, once, in the order first reached."""
    loops: dict[frozenset, list[Person]] = {}
    for start in starts:
        above, repeat = walk_up(start, manager_of)
        if repeat is not None:
            path = [start, *above]
            loop = path[path.index(repeat) :]
            loops.setdefault(frozenset(loop), loop)
    return list(loops.values())
