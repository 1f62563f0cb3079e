"""The org chart around the program: people who are not enrolled, kept only so
that reporting lines can be followed through them. Pure: no I/O.

They are never paired, counted or shown in reports. The one rule set for an org
person's fields is ``participant_record.OrgRecord``, used by rosters (``org:``),
spreadsheets, `revmentor org import` and restore alike.

Every check and count that climbs a reporting line uses ``walk_up``; a line is
given as ``manager_of(person) -> manager or None`` (``None`` ends it), so people
can be emails or list indexes alike.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import TypeVar

from revmentor.domain.models import LEFT, Participant
from revmentor.domain.validation import normalize_email

ORG_KEYS = ("email", "name", "manager", "title", "level", "department")


@dataclass
class OrgPerson:
    """Someone in the organization who is not in the program."""

    email: str
    name: str | None = None
    manager: str | None = None
    title: str | None = None
    level: int | None = None
    department: str | None = None


# ------------------------------------------------------------- reporting lines

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


def managers_through_org(
    participants: Sequence[Participant], org: Mapping[str, str | None]
) -> list[Participant]:
    """The participants with each manager replaced by the nearest *enrolled*
    person above them, following the org chart through people who are not.

    ``org`` maps an org person's email to their manager's. A participant's own
    manager wins; one without a manager takes the org chart's, when it lists
    them. Chains that leave both, or loop, end there. The matcher then follows
    reporting lines among participants only, and a mentor three levels below a
    mentee through two managers outside the program is still in their line.
    """
    enrolled = {normalize_email(p.email) for p in participants}
    result = []
    for person in participants:
        # Up the line to the first enrolled person; a loop stops the walk, and
        # gives a manager only when it comes back to someone enrolled.
        email = normalize_email(person.email)
        seen, up = {email}, person.manager or org.get(email)
        while up and (up := normalize_email(up)) not in enrolled and up not in seen:
            seen.add(up)
            up = org.get(up)
        manager = up if up in enrolled else None
        result.append(
            person if manager == person.manager else replace(person, manager=manager)
        )
    return result


def unknown_manager_count(participants: Iterable, org: Mapping[str, str | None]) -> int:
    """How many people still in the program (participants, or the facts a report
    holds about them: email, status, manager) have a manager nobody knows: not
    enrolled and not in the org chart. Someone with no manager is at the top
    of their line, not unknown."""
    people = [p for p in participants if p.status != LEFT]
    known = {normalize_email(p.email) for p in people} | set(org)
    return sum(
        normalize_email(manager) not in known
        for p in people
        if (manager := p.manager or org.get(normalize_email(p.email)))
    )


def unchecked_lines_note(participants: Iterable, org: Mapping) -> str | None:
    """Without an org chart, the sentence naming how many participants have no
    manager and manage nobody in the program: nothing tells their line."""
    if org:
        return None
    people = [p for p in participants if p.status != LEFT]
    bosses = {normalize_email(p.manager) for p in people if p.manager}
    alone = sum(
        not p.manager and normalize_email(p.email) not in bosses for p in people
    )
    if not alone:
        return None
    who = "1 participant has" if alone == 1 else f"{alone} participants have"
    return (
        f"{who} no manager and no org chart was imported: their reporting lines "
        "cannot be checked (give their managers, or import the org chart with "
        "`revmentor org import FILE`)"
    )


def unknown_manager_note(count: int) -> str | None:
    """The one sentence that says so (None when everyone's line can be checked)."""
    if not count:
        return None
    who = "1 person has" if count == 1 else f"{count} people have"
    return (
        f"{who} a manager who is not known: their reporting line above that "
        "point cannot be checked (enroll the managers, or import the org chart "
        "with `revmentor org import FILE`)"
    )


def org_summary(
    org: Mapping[str, str | None], participants: Iterable[Participant] = ()
) -> dict[str, int]:
    """How many people the org chart holds (not enrolled) and how deep the
    management goes, participants and org chart together: ``people`` (in the
    chart, not enrolled), ``depth`` (levels of the longest chain), ``top``
    (people with no known manager), ``unknown_managers`` (participants whose
    manager nobody knows)."""
    enrolled = {normalize_email(p.email): p for p in participants}
    mine = {email: p.manager or org.get(email) for email, p in enrolled.items()}
    managers = {**org, **mine}

    def listed_manager(email: str) -> str | None:
        manager = normalize_email(managers.get(email) or "")
        return manager if manager in managers else None  # else past the top

    lines = [walk_up(email, listed_manager)[0] for email in managers]
    return {
        "people": sum(1 for email in org if email not in enrolled),
        "depth": max((1 + len(above) for above in lines), default=0),
        "top": sum(1 for above in lines if not above),
        "unknown_managers": unknown_manager_count(enrolled.values(), org),
    }


def chart(
    org_people: Iterable[OrgPerson], participants: Iterable[Participant]
) -> list[dict[str, object]]:
    """Everyone in the org chart, participants too (their role; their own
    manager, else the chart's), each right under their manager: from the top
    down, depth first, by name. People in a loop come last."""
    people = {p.email: asdict(p) | {"role": None} for p in org_people}
    for p in participants:
        row = {k: getattr(p, k) for k in ORG_KEYS} | {"role": p.role}
        row["manager"] = p.manager or people.get(p.email, row)["manager"]
        people[p.email] = row

    def up(email: str) -> str | None:
        return manager if (manager := people[email]["manager"]) in people else None

    def by_name(email: str) -> str:
        return str(people[email]["name"] or email).casefold()

    below: dict[str | None, list[str]] = {}
    for email in people:
        below.setdefault(up(email), []).append(email)
    order: dict[str, dict[str, object]] = {}
    for start in [*sorted(below.get(None, []), key=by_name), *sorted(people)]:
        # Whoever is left is in a loop or under one: start at the loop.
        stack = [start if start in order else walk_up(start, up)[1] or start]
        while stack:  # not recursive: a chart may be deeper than Python's stack
            email = stack.pop()
            if email not in order:
                order[email] = people[email]
                stack += sorted(below.get(email, []), key=by_name, reverse=True)
    return list(order.values())


def manager_loops(org: Mapping[str, str | None]) -> list[list[str]]:
    """Each loop in the org chart's manager links, once, starting at its first
    email in sorted order."""
    loops = []
    for loop in find_loops(sorted(org), org.get):
        first = loop.index(min(loop))
        loops.append(loop[first:] + loop[:first])
    return loops
