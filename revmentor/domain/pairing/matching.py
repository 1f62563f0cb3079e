"""Pairing: who may mentor whom, the best pairing, and why.

``match`` is a pure function: participants, the program's matching settings and
the pairing history in; proposed pairs (with score and coded reasons), the
people left unpaired (with why), preferences that could not be met and warnings
out. No I/O.

How it works:

1. Everyone is sorted by email: the input order never changes the result.
2. Fixed pairs (decided by the coordinator) are kept and counted against the
   mentor's capacity; a broken rule becomes a warning, not a refusal.
3. For the active mentees still without a mentor (rows) and the active mentors
   (columns), a matrix holds the first rule each cell breaks (``domain.assignment``).
4. The score matrix (``pool.score_matrix``) is built for the mentees with an eligible
   mentor and one column per usable place of each mentor, and scipy's
   ``linear_sum_assignment`` finds as many pairs as possible, then the best total.
5. Everyone left unpaired is told why (``domain.assignment``), and every
   preference not met is explained (``domain.unpaired``).

Ties: scipy's solver is deterministic, and the matrix it sees is always built in
the same order (mentees and mentors sorted by email, a mentor's places side by
side), so the same roster and history always give the same pairs.

numpy and scipy are imported inside the functions that need them, so that
importing this module (and so ``revmentor --help``) stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from revmentor.domain.models import (
    ACTIVE,
    MENTEE,
    MENTOR,
    MatchingSettings,
    Participant,
)
from revmentor.domain.pairing import unpaired as explain
from revmentor.domain.pairing.assignment import solve
from revmentor.domain.pairing.pool import Pool, ProposedPair, UnmetPreference, Unpaired
from revmentor.domain.people.org import managers_through_org
from revmentor.domain.validation import normalize_email


@dataclass
class MatchResult:
    pairs: list[ProposedPair]  # new pairs only (fixed ones flagged fixed=True)
    unpaired: list[Unpaired]
    warnings: list[str]  # e.g. a fixed pair that breaks a rule
    unmet_preferences: list[UnmetPreference] = field(default_factory=list)


@dataclass(kw_only=True)
class PairingOutcome(MatchResult):
    """What one `revmentor pair` run made (or would make), and why."""

    round: int
    ended: int  # active pairs the run ended (new round, rematch)
    paired_on: date
    names: dict[str, str]  # email -> name, for everyone in the program


# --------------------------------------------------------------------------- matching


def _pairs(items: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """(a, b) pairs of emails, lower-cased."""
    return [(normalize_email(a), normalize_email(b)) for a, b in items]


def match(
    participants: Sequence[Participant],
    settings: MatchingSettings,
    *,
    active_pairs: Iterable[tuple[str, str]] = (),
    past_pairs: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
    avoid: Iterable[tuple[str, str]] = (),
    waited: Mapping[str, int] | None = None,
    home_organization: str | None = None,
    max_memory: int | None = None,
    org: Mapping[str, str | None] | None = None,
) -> MatchResult:
    """Pair every active mentee without a mentor, as many as possible, then best.

    ``active_pairs``: (mentor, mentee) pairs in force; the mentee is taken and the
    pair uses one of the mentor's places. ``past_pairs``: earlier (mentor, mentee)
    pairs, never made again unless ``settings.allow_repeats``. ``fixed``: pairs
    the coordinator decided (each once, none of them active), kept (a warning for
    each rule one breaks) and counted against capacity. ``avoid``: pairs of emails, in either order, never made.
    ``waited``: email -> the round since which that person has been left
    unpaired (``weights.waited`` gives them priority). ``home_organization``: the
    name of the program's own organization (people without one belong to it).
    ``max_memory``: bytes the pairing may use; a larger one is refused before
    anything is allocated (``InvalidInput``).
    ``org``: the org chart (email -> manager) that reporting lines follow too.
    """
    if org:
        participants = managers_through_org(participants, org)
    pool = Pool(
        settings=settings,
        waited={normalize_email(k): int(v) for k, v in (waited or {}).items()},
        home_organization=home_organization,
        avoided={frozenset(pair) for pair in _pairs(avoid) if pair[0] != pair[1]},
        blocked_past=set() if settings.allow_repeats else set(_pairs(past_pairs)),
    )
    # Everyone sorted by email (the input order must not matter), emails
    # lower-cased (one entry each: the participants table keeps emails unique),
    # and each one's manager among them.
    for person in sorted(participants, key=lambda p: normalize_email(p.email)):
        email = normalize_email(person.email)
        pool.by_email[email] = replace(person, email=email)
    for email, person in pool.by_email.items():
        manager = pool.by_email.get(normalize_email(person.manager or ""))
        if manager and pool.organization(manager) == pool.organization(person):
            pool.boss[email] = manager.email
    active = list(dict.fromkeys(_pairs(active_pairs)))
    taken = {mentee: mentor for mentor, mentee in reversed(active)}  # the first wins
    pool.load.update(mentor for mentor, _ in active)
    warnings: list[str] = []  # a fixed pair that breaks a rule
    fixed_pairs = explain.fixed_pairs(pool, _pairs(fixed), taken, warnings)
    fixed_mentor = {pair.mentee: pair.mentor for pair in fixed_pairs}

    people = [p for p in pool.by_email.values() if p.status == ACTIVE]
    mentors = [p for p in people if p.role == MENTOR]
    active_mentees = [p for p in people if p.role == MENTEE]
    paired = {**taken, **fixed_mentor}
    mentees = [p for p in active_mentees if p.email not in paired]
    new_pairs: list[ProposedPair] = []
    if mentors and mentees:
        new_pairs, unpaired = solve(pool, mentors, mentees, max_memory)
    elif not mentors:
        reason = "no active mentors in the program"
        unpaired = [Unpaired(p.email, MENTEE, reason) for p in mentees]
    else:
        reason = "every active mentee already has a mentor"
        reason = reason if active_mentees else "no active mentees in the program"
        unpaired = [
            Unpaired(p.email, MENTOR, reason) for p in mentors if not pool.load[p.email]
        ]
    pairs = sorted([*fixed_pairs, *new_pairs], key=lambda p: (p.mentor, p.mentee))
    unpaired.sort(key=lambda u: (u.role != MENTEE, u.email))
    with_places = (p.email for p in mentors if pool.load[p.email] < p.capacity)
    asking = [*(p.email for p in mentees), *fixed_mentor, *with_places]
    unmet = explain.unmet_preferences(pool, asking, pairs, active)
    return MatchResult(pairs, unpaired, warnings, unmet)
