"""What the matcher knows and says of one pairing: everyone in it (``Pool``),
the rules each pair breaks, the score of every possible pair and its reasons,
and the pairs and unpaired it proposes. Pure: no I/O; numpy is imported inside
the functions that need it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from revmentor.domain.models import (
    DEFAULT_WEIGHTS,
    MENTEE,
    MENTOR,
    MatchingSettings,
    Participant,
)
from revmentor.domain.pairing import matching_settings as require
from revmentor.domain.pairing import reasons as why
from revmentor.domain.pairing.matching_settings import text_key, value_key
from revmentor.domain.pairing.reasons import Reason, ordinal
from revmentor.domain.people.org import walk_up
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
        """The person's organization for comparing; None for the program's own."""
        key = text_key(person.organization)
        return None if key is None or key == text_key(self.home_organization) else key

    def name(self, email: str) -> str:
        """The person's name (runs of spaces made one), else the email."""
        person = self.by_email.get(email)
        return " ".join(person.name.split()) if person and person.name else email

    def above(self, email: str) -> list[str]:
        """Everyone above ``email``: managers followed among the participants,
        within the person's own organization."""
        return walk_up(email, self.boss.get)[0]

    def broken(self, mp: Participant, ep: Participant) -> list[tuple[str, str]]:
        """Every rule this mentor and mentee break, in the matcher's order, told
        for a fixed pair (completing "fixed pair A → B ...") and for a preference
        not met (completing "asked for X, "). They name the rule, never a private
        value."""
        settings = self.settings
        found: list[tuple[str, str]] = []
        low = settings.min_level_gap
        if mp.level is not None and ep.level is not None and ep.level - mp.level < low:
            levels = f"{ep.level - mp.level} ({mp.level} → {ep.level})"
            fixed = f"has a level gap of {levels}, less than the minimum of {low}"
            why = f"but their level gap is below the program's minimum of {low}"
            found.append((fixed, why))
        if mp.email in self.above(ep.email) or ep.email in self.above(mp.email):
            line = "is in the same reporting line"
            found.append((line, f"who {line}"))
        for side, person in ((MENTOR, mp), (MENTEE, ep)):
            name = require.unmet_side(person, getattr(settings.require, side))
            if name is not None:
                rule = f"the rule '{side} {name}'"
                found.append((f"breaks {rule}", f"but the {side} does not meet {rule}"))
        for kind, name in require.pair_rules(settings.require):
            a, b = value_key(mp, name), value_key(ep, name)
            if a is None or b is None:
                why = f"but {name} is not known for both, which a require rule needs"
                found.append((f"breaks no {name} to compare", why))
            elif (a == b) == (kind == "differ"):
                why = f"but the rule '{kind}: {name}' keeps them apart"
                found.append((f"breaks the '{kind}' rule on {name}", why))
        if frozenset((mp.email, ep.email)) in self.avoided:
            found.append(("is on the avoid list", "but the two are on the avoid list"))
        if (mp.email, ep.email) in self.blocked_past:
            past = "was already paired in an earlier round"
            found.append((past, "who was paired with them before"))
        return found


def value_codes(*groups: Iterable[object]) -> list[np.ndarray]:
    """Each group's values as numbers, the same value the same number in every
    group; None (unknown) as -1."""
    import numpy as np

    table: dict[object, int] = {None: -1}
    return [np.array([table.setdefault(v, len(table) - 1) for v in g]) for g in groups]


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
    wanted = [normalize_email(other) for other in person.prefers or ()]
    return wanted.index(email) + 1 if email in wanted else None


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
    organizations or departments, diversity (the share of the program's
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

    def differ(value_of: Callable[[Participant], object]) -> np.ndarray:
        """Where the mentee and the mentor both have a value, and they differ."""
        a, b = value_codes([value_of(p) for p in mentees], map(value_of, mentors))
        b = b[columns]
        return (a[:, None] != b[None, :]) & (a >= 0)[:, None] & (b >= 0)[None, :]

    # -2: the program's own organization, compared like any other.
    cross = differ(lambda p: text_key(p.department))
    cross |= differ(lambda p: pool.organization(p) or -2)
    add_where(w["cross_department"], cross)
    del cross
    attributes = _topics(pool.settings.diversity_attributes, text_key)
    if attributes and w["diversity"]:
        differing = np.zeros(score.shape, dtype=np.uint8)
        for key in attributes:
            differing += differ(partial(value_key, name=key))
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
        home = pool.home_organization or "the program's own organization"
        names = [
            " ".join(str(p.organization).split()) if org else home
            for p, org in zip((mentor, mentee), orgs, strict=True)
        ]
        text = f"from different organizations: {names[0]} and {names[1]}"
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
