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
4. The score matrix (``score_matrix``) is built for the mentees with an eligible
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

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from revmentor.domain.models import (
    ACTIVE,
    DEFAULT_WEIGHTS,
    MENTEE,
    MENTOR,
    MatchingSettings,
    Participant,
)
from revmentor.domain.pairing import matching_settings as require
from revmentor.domain.pairing import reasons as why
from revmentor.domain.pairing.chains import walk_up
from revmentor.domain.pairing.matching_settings import text_key, value_key
from revmentor.domain.pairing.reasons import Reason, ordinal
from revmentor.domain.people.org import managers_through_org
from revmentor.domain.validation import normalize_email, topic_key

if TYPE_CHECKING:
    import numpy as np


@dataclass
class ProposedPair:
    mentor: str  # email (lower-case)
    mentee: str  # email (lower-case)
    score: float  # rounded to 3 decimals
    reasons: list[Reason]  # coded sentences (domain.reasons)
    shared_topics: list[str]  # mentee's learns the mentor teaches, mentee's spelling
    fixed: bool = False


@dataclass
class Unpaired:
    email: str
    role: str  # "mentor" | "mentee"
    reason: str


@dataclass
class UnmetPreference:
    email: str  # who asked
    asked_for: str  # the email they named
    reason: str  # for the coordinator: "asked for Ana Ruiz, who is ..."


@dataclass
class MatchResult:
    pairs: list[ProposedPair]  # new pairs only (fixed ones flagged fixed=True)
    unpaired: list[Unpaired]
    warnings: list[str]  # e.g. a fixed pair that breaks a rule
    unmet_preferences: list[UnmetPreference] = field(default_factory=list)


@dataclass
class Pool:
    """Everyone the matcher sees, in email order (emails lower-cased), and what
    the rules need."""

    settings: MatchingSettings
    waited: dict[str, int]  # email -> round since which they waited
    home_organization: str | None
    avoided: set[frozenset[str]]
    blocked_past: set[tuple[str, str]]
    by_email: dict[str, Participant] = field(default_factory=dict)
    # mentor -> places already used (active and fixed pairs)
    load: Counter[str] = field(default_factory=Counter)
    boss: dict[str, str] = field(default_factory=dict)  # manager in the program

    def organization(self, person: Participant) -> str | None:
        """The person's organisation for comparing; None for the program's own."""
        key = text_key(person.organization)
        return None if key is None or key == text_key(self.home_organization) else key

    def name(self, email: str) -> str:
        """The person's name (runs of spaces made one), else the email."""
        person = self.by_email.get(email)
        return " ".join(person.name.split()) if person and person.name else email

    def above(self, email: str) -> list[str]:
        """Everyone above ``email``: managers followed among the participants,
        within the person's own organisation."""
        return walk_up(email, self.boss.get)[0]

    def broken(
        self, mp: Participant, ep: Participant
    ) -> list[tuple[str, str, str | None]]:
        """Every rule this mentor and mentee break, in the matcher's order, told
        for a fixed pair (completing "fixed pair A → B ...") and for a preference
        not met (completing "asked for X, "), with the side whose own rule it is
        (the second then completes "but they do / the other does "). They name
        the rule, never a private value."""
        settings = self.settings
        found: list[tuple[str, str, str | None]] = []
        low = settings.min_level_gap
        if mp.level is not None and ep.level is not None and ep.level - mp.level < low:
            levels = f"{ep.level - mp.level} ({mp.level} → {ep.level})"
            fixed = f"has a level gap of {levels}, less than the minimum of {low}"
            why = f"but their level gap is below the program's minimum of {low}"
            found.append((fixed, why, None))
        if mp.email in self.above(ep.email) or ep.email in self.above(mp.email):
            line = "is in the same reporting line"
            found.append((line, f"who {line}", None))
        for side, person in ((MENTOR, mp), (MENTEE, ep)):
            name = require.unmet_side(person, getattr(settings.require, side))
            if name is not None:
                rule = f"the rule '{side} {name}'"
                found.append((f"breaks {rule}", f"not meet {rule}", side))
        kind, name = require.unmet_pair(mp, ep, settings.require) or ("", "")
        if kind == "unknown":
            why = f"but {name} is not known for both, which a require rule needs"
            found.append((f"breaks no {name} to compare", why, None))
        elif kind:
            why = f"but the rule '{kind}: {name}' keeps them apart"
            found.append((f"breaks the '{kind}' rule on {name}", why, None))
        if frozenset((mp.email, ep.email)) in self.avoided:
            found.append(
                ("is on the avoid list", "but the two are on the avoid list", None)
            )
        if (mp.email, ep.email) in self.blocked_past:
            past = "was already paired in an earlier round"
            found.append((past, "who was paired with them before", None))
        return found


def _topics(topics: Iterable[str] | None, key=topic_key) -> dict[str, str]:
    """Comparison key -> spelling (runs of spaces made one) per distinct value,
    blanks dropped: the person's topics, or (with ``text_key``) the program's
    diversity attributes."""
    found: dict[str, str] = {}
    for topic in topics or ():
        spelling = " ".join(str(topic).split())
        found.setdefault(key(spelling) or "", spelling)
    found.pop("", None)
    return found


def _rank(person: Participant, email: str) -> int | None:
    """Where ``email`` stands in the person's preferences (1 = first choice)."""
    for at, wanted in enumerate(person.prefers or (), start=1):
        if normalize_email(wanted) == email:
            return at
    return None


# --------------------------------------------------------------------------- the score


def score_matrix(
    mentees: Sequence[Participant],
    mentors: Sequence[Participant],
    columns: np.ndarray,
    pool: Pool,
) -> np.ndarray:
    """float64 scores, a row per mentee, a column per ``mentors[columns[k]]``.

    The one score: a fixed pair's is this matrix for that one pair. The parts, in
    order: topics (the share of the mentee's topics the mentor covers), different
    organisations or departments, diversity (the share of the program's
    attributes both have and differ on), preferences (``weight / rank`` for each
    side that named the other), time waited (per person).
    """
    import numpy as np

    w = {k: float(v) for k, v in {**DEFAULT_WEIGHTS, **pool.settings.weights}.items()}
    learns = [_topics(p.learns) for p in mentees]
    teaches = [_topics(p.teaches) for p in mentors]
    known = dict.fromkeys(key for keys in teaches for key in keys)
    vocabulary = {key: index for index, key in enumerate(known)}
    learn_m = np.zeros((len(mentees), len(vocabulary)))
    for i, keys in enumerate(learns):
        learn_m[i, [vocabulary[k] for k in keys if k in vocabulary]] = 1.0
    teach_m = np.zeros((len(vocabulary), len(mentors)))
    for j, keys in enumerate(teaches):
        teach_m[[vocabulary[k] for k in keys], j] = 1.0
    score = learn_m @ teach_m[:, columns]  # topics covered, the one full-size array
    share = np.array([w["topics"] / max(len(keys), 1) for keys in learns])
    score *= share[:, None]

    def add_where(value: float, mask: np.ndarray) -> None:
        if value:
            np.add(score, value, out=score, where=mask)

    table: dict[object, int] = {None: -1}  # a code per value; unknown: -1

    def codes(values: Iterable[object], cols: bool = False) -> np.ndarray:
        found = np.array([table.setdefault(v, len(table) - 1) for v in values])
        return found[columns] if cols else found

    def differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (a[:, None] != b[None, :]) & (a >= 0)[:, None] & (b >= 0)[None, :]

    # -2: the program's own organisation, compared like any other.
    org = [codes(pool.organization(p) or -2 for p in mentees)]
    org.append(codes((pool.organization(p) or -2 for p in mentors), cols=True))
    dept = codes(text_key(p.department) for p in mentees)
    cross = differ(dept, codes((text_key(p.department) for p in mentors), cols=True))
    cross |= org[0][:, None] != org[1][None, :]
    add_where(w["cross_department"], cross)
    del cross
    attributes = _topics(pool.settings.diversity_attributes, text_key)
    if attributes and w["diversity"]:
        differing = np.zeros(score.shape, dtype=np.uint8)
        for key in attributes:
            a = codes(value_key(p, key) for p in mentees)
            differing += differ(a, codes((value_key(p, key) for p in mentors), True))
        for n in range(1, len(attributes) + 1):
            add_where(w["diversity"] * n / len(attributes), differing == n)
    _add_preferences(score, mentees, mentors, columns, w["preference"])
    if w["waited"] and pool.waited:
        waited = [[p.email in pool.waited for p in side] for side in (mentees, mentors)]
        score += w["waited"] * np.array(waited[0], float)[:, None]
        score += w["waited"] * np.array(waited[1], float)[columns]
    return score


def _add_preferences(score, mentees, mentors, columns, weight: float) -> None:
    """``weight / rank`` for each side that named the other, mentee's first.
    Preferences are few, so they are added cell by cell."""
    import numpy as np

    slots: dict[int, list[int]] = {}
    for k, j in enumerate(columns.tolist()):
        slots.setdefault(j, []).append(k)
    col_of = {m.email: j for j, m in enumerate(mentors)}
    row_of = {e.email: i for i, e in enumerate(mentees)}
    cells = [
        (i, k, weight / rank)
        for i, e in enumerate(mentees)
        for rank, wanted in enumerate(e.prefers or (), start=1)
        for k in slots.get(col_of.get(normalize_email(wanted), -1), ())
    ]
    cells += [
        (row_of[asked], k, weight / rank)
        for j, m in enumerate(mentors)
        for rank, wanted in enumerate(m.prefers or (), start=1)
        if (asked := normalize_email(wanted)) in row_of
        for k in slots.get(j, ())
    ]
    if cells and weight:
        rows, cols, values = zip(*cells, strict=True)
        np.add.at(score, (np.array(rows), np.array(cols)), np.array(values))


def pair_reasons(
    pool: Pool, mentor: Participant, mentee: Participant
) -> tuple[list[Reason], list[str]]:
    """Why a pair scores as it does, in the order of the score's parts (the
    level gap is a reason only), and the topics they share."""
    learns, teaches = _topics(mentee.learns), _topics(mentor.teaches)
    shared = [spelling for key, spelling in learns.items() if key in teaches]
    who, reasons = pool.name(mentee.email), []
    if len(learns) == 1:
        text = f"covers the one topic {who} wants: {shared[0]}" if shared else ""
        text = text or f"does not cover the one topic {who} wants"
    elif learns and shared:
        text = f"covers {len(shared)} of {len(learns)} topics {who} wants: "
        text += ", ".join(shared)
    else:
        text = f"covers none of the {len(learns)} topics {who} wants"
    if learns:
        reasons.append(Reason(why.TOPICS, text))
    orgs = [pool.organization(p) for p in (mentor, mentee)]
    depts = [text_key(p.department) for p in (mentor, mentee)]
    if orgs[0] != orgs[1]:
        names = [
            " ".join(str(p.organization).split())
            if org
            else pool.home_organization or "the program's own organisation"
            for p, org in zip((mentor, mentee), orgs, strict=True)
        ]
        text = f"from different organisations: {names[0]} and {names[1]}"
        reasons.append(Reason(why.ORGANISATIONS, text))
    elif all(depts) and depts[0] != depts[1]:
        names = [" ".join(str(p.department).split()) for p in (mentor, mentee)]
        text = f"different departments: {names[0]} and {names[1]}"
        reasons.append(Reason(why.DEPARTMENTS, text))
    if mentor.level is not None and mentee.level is not None:
        gap = f"{mentee.level - mentor.level} ({mentor.level} → {mentee.level})"
        reasons.append(Reason(why.LEVEL_GAP, f"level gap {gap}"))
    for key, label in _topics(pool.settings.diversity_attributes, text_key).items():
        a, b = value_key(mentor, key), value_key(mentee, key)
        if a is not None and b is not None and a != b:
            reasons.append(Reason(why.DIVERSITY, f"brings a different {label}"))
    mentee_rank, mentor_rank = _rank(mentee, mentor.email), _rank(mentor, mentee.email)
    ranked = ((mentee, mentee_rank), (mentor, mentor_rank))
    if mentor_rank is not None and mentor_rank == mentee_rank:
        chose = [f"each other's {ordinal(mentor_rank)} choice"]
    else:
        chose = [f"{pool.name(p.email)}'s {ordinal(n)} choice" for p, n in ranked if n]
    reasons += [Reason(why.PREFERENCE, " and ".join(chose))] if chose else []
    waiting = [
        f"{pool.name(p.email)} waited since round {pool.waited[p.email]}"
        for p in (mentee, mentor)
        if p.email in pool.waited
    ]
    reasons += [Reason(why.WAITED, " and ".join(waiting))] if waiting else []
    return reasons, shared


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
    the coordinator decided, kept (a warning for each rule one breaks) and counted
    against capacity. ``avoid``: pairs of emails, in either order, never made.
    ``waited``: email -> the round since which that person has been left
    unpaired (``weights.waited`` gives them priority). ``home_organization``: the
    name of the program's own organisation (people without one belong to it).
    ``max_memory``: bytes the pairing may use; a larger one is refused before
    anything is allocated (``InvalidInput``).
    ``org``: the org chart (email -> manager) that reporting lines follow too.
    """
    from revmentor.domain.pairing import unpaired as explain
    from revmentor.domain.pairing.assignment import solve

    if org:
        participants = managers_through_org(participants, org)
    pool = Pool(
        settings=settings,
        waited={normalize_email(k): int(v) for k, v in (waited or {}).items()},
        home_organization=home_organization,
        avoided={frozenset(pair) for pair in _pairs(avoid) if pair[0] != pair[1]},
        blocked_past=set() if settings.allow_repeats else set(_pairs(past_pairs)),
    )
    # Everyone sorted by email (the input order must not matter), once each,
    # emails lower-cased, and each one's manager among them.
    warnings: list[str] = []
    keyed = [
        (normalize_email(p.email), p.role or "", p.name or "", p) for p in participants
    ]
    for email, _, _, person in sorted(keyed, key=lambda item: item[:3]):
        if email in pool.by_email:
            warnings.append(
                f"{email} appears more than once; only the first entry is used"
            )
        else:
            pool.by_email[email] = replace(person, email=email)
    for email, person in pool.by_email.items():
        manager = pool.by_email.get(normalize_email(person.manager or ""))
        if manager and pool.organization(manager) == pool.organization(person):
            pool.boss[email] = manager.email
    active = list(dict.fromkeys(_pairs(active_pairs)))
    taken = {mentee: mentor for mentor, mentee in reversed(active)}  # the first wins
    pool.load.update(mentor for mentor, _ in active)
    fixed_pairs = explain.fixed_pairs(pool, _pairs(fixed), taken, set(active), warnings)
    fixed_mentor = {pair.mentee: pair.mentor for pair in fixed_pairs}

    people = [p for p in pool.by_email.values() if p.status == ACTIVE]
    mentors = [p for p in people if p.role == MENTOR]
    active_mentees = [p for p in people if p.role == MENTEE]
    paired = {**taken, **fixed_mentor}
    mentees = [p for p in active_mentees if p.email not in paired]
    with_places = [p.email for p in mentors if pool.load[p.email] < p.capacity]
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
    asking = [*(p.email for p in mentees), *fixed_mentor, *sorted(with_places)]
    unmet = explain.unmet_preferences(pool, asking, pairs, active)
    return MatchResult(pairs, unpaired, warnings, unmet)
