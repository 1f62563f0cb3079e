"""Pairing: who may mentor whom, the best pairing, and why.

``match`` is a pure function: participants, the program's matching settings and
the pairing history in; proposed pairs (with score and coded reasons), the
people left unpaired (with why), preferences that could not be met and warnings
out. No I/O.

How it works:

1. Everyone is sorted by email, so the order of the input never changes the result.
2. Fixed pairs (decided by the coordinator) are checked, kept and counted against
   the mentor's capacity; a broken rule becomes a warning, not a refusal.
3. For the active mentees still without a mentor (rows) and the active mentors
   (columns), one ``uint8`` matrix holds a bit per rule each pair breaks (level
   gap, reporting line within one organisation, the program's ``require`` rules
   on each side and on the pair, avoid list, earlier pair). It is built with
   numpy from per-person arrays and index arrays, never with a loop over all
   pairs.
4. Mentors get one column per free place, but no more places than they have
   eligible mentees; mentees and mentors with no eligible option are left out.
5. The score matrix (topic coverage as a product of topic incidence matrices,
   different department or organisation and diversity attributes by
   broadcasting integer codes, preferences by rank and time waited as sparse
   additions) is computed straight into that capacity-expanded shape.
6. ``assignment.assign`` solves it (see that module): as many pairs as
   possible first, then the best total score.
7. Everyone left unpaired is told why, and every preference not met is
   explained (``domain.unpaired``).

numpy and scipy are imported inside the functions that need them, so that
importing this module (and so ``revmentor --help``) stays fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from revmentor.domain import reasons as why
from revmentor.domain.chains import walk_all, walk_up
from revmentor.domain.matching_rules import (
    pair_rule_failed,
    side_rule_failed,
    text_key,
    value_key,
)
from revmentor.domain.models import (
    ACTIVE,
    DEFAULT_WEIGHTS,
    MENTEE,
    MENTOR,
    MatchingSettings,
    Participant,
)
from revmentor.domain.org import managers_through_org
from revmentor.domain.reasons import Reason
from revmentor.domain.validation import normalize_email, topic_key

if TYPE_CHECKING:
    import numpy as np

    from revmentor.domain.assignment import Eligibility


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


# Above this many shared topic keys the coverage product goes through sparse
# matrices: dense incidence matrices would cost too much memory and time.
_DENSE_TOPIC_LIMIT = 256


@dataclass
class Pool:
    """Everyone the matcher sees, in email order, and what the rules need."""

    people: list[Participant]
    emails: list[str]
    by_email: dict[str, Participant]
    settings: MatchingSettings
    waited: dict[str, int]  # email -> round since which they waited
    home_organization: str | None
    avoided: set[frozenset[str]]
    blocked_past: set[tuple[str, str]]
    load: Counter[str]  # mentor -> places already used (active and fixed pairs)

    def organization(self, person: Participant) -> str | None:
        return organization_key(person, self.home_organization)


def organization_key(person: Participant, home: str | None) -> str | None:
    """The person's organisation for comparing; None for the program's own."""
    key = text_key(person.organization)
    return None if key is None or key == text_key(home) else key


def _organization_name(person: Participant, home: str | None) -> str:
    if organization_key(person, home) is None:
        return home or "the program's own organisation"
    return " ".join(str(person.organization).split())


# --------------------------------------------------------------------------- scoring


def _weights(settings: MatchingSettings) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(settings.weights or {})
    return {key: float(value) for key, value in weights.items()}


def _rank(person: Participant, email: str) -> int | None:
    """Where ``email`` stands in the person's preferences (1 = first choice)."""
    for at, wanted in enumerate(person.prefers or (), start=1):
        if normalize_email(wanted) == email:
            return at
    return None


def _name(person: Participant) -> str:
    return " ".join((person.name or person.email).split())


def pair_score(
    mentor: Participant,
    mentee: Participant,
    settings: MatchingSettings,
    *,
    waited: Mapping[str, int] | None = None,
    home_organization: str | None = None,
) -> tuple[float, list[Reason], list[str]]:
    """Score (rounded to 3 decimals), coded reasons and shared topics of one pair.

    It does not check eligibility; ``match`` uses it to explain the pairs it makes
    and the fixed ones. The arithmetic is the one the score matrix uses, in the
    same order: topics, department or organisation, diversity, preferences,
    waiting (the level gap is a reason only).
    """
    learns = _unique_topics(mentee.learns)
    teaches = {key for key, _ in _unique_topics(mentor.teaches)}
    shared = [spelling for key, spelling in learns if key in teaches]
    facts = _PairFacts(
        mentor, mentee, _weights(settings), settings, waited or {}, home_organization
    )
    score = 0.0
    reasons: list[Reason] = []
    if learns:
        score += len(shared) * (facts.weights["topics"] / len(learns))
        reasons.append(
            Reason(why.TOPICS, _topic_reason(shared, len(learns), _name(mentee)))
        )
    for part in (_cross_part, _level_part, _diversity_part, _preference_part):
        score = part(facts, score, reasons)
    score = _waited_part(facts, score, reasons)
    return round(score, 3), reasons, shared


@dataclass
class _PairFacts:
    mentor: Participant
    mentee: Participant
    weights: dict[str, float]
    settings: MatchingSettings
    waited: Mapping[str, int]
    home: str | None


def _cross_part(facts: _PairFacts, score: float, reasons: list[Reason]) -> float:
    """Different organisations, else different departments of one."""
    mentor, mentee, home = facts.mentor, facts.mentee, facts.home
    if organization_key(mentor, home) != organization_key(mentee, home):
        reasons.append(
            Reason(
                why.ORGANISATIONS,
                "from different organisations: "
                f"{_organization_name(mentor, home)} and "
                f"{_organization_name(mentee, home)}",
            )
        )
        return score + facts.weights["cross_department"]
    mentor_dept = text_key(mentor.department)
    mentee_dept = text_key(mentee.department)
    if mentor_dept and mentee_dept and mentor_dept != mentee_dept:
        reasons.append(
            Reason(
                why.DEPARTMENTS,
                "different departments: "
                f"{' '.join(str(mentor.department).split())} and "
                f"{' '.join(str(mentee.department).split())}",
            )
        )
        return score + facts.weights["cross_department"]
    return score


def _level_part(facts: _PairFacts, score: float, reasons: list[Reason]) -> float:
    mentor, mentee = facts.mentor, facts.mentee
    if mentor.level is not None and mentee.level is not None:
        gap = mentee.level - mentor.level
        reasons.append(
            Reason(why.LEVEL_GAP, f"level gap {gap} ({mentor.level} → {mentee.level})")
        )
    return score


def _diversity_part(facts: _PairFacts, score: float, reasons: list[Reason]) -> float:
    attributes = _diversity_attributes(facts.settings)
    differing = []
    for label, key in attributes:
        a, b = _attribute(facts.mentor, key), _attribute(facts.mentee, key)
        if a is not None and b is not None and a != b:
            differing.append(label)
    if differing:
        score += facts.weights["diversity"] * len(differing) / len(attributes)
    reasons.extend(
        Reason(why.DIVERSITY, f"brings a different {label}") for label in differing
    )
    return score


def _preference_part(facts: _PairFacts, score: float, reasons: list[Reason]) -> float:
    """``weight / rank`` for each side that named the other, mentee's first."""
    mentor, mentee = facts.mentor, facts.mentee
    mentee_rank = _rank(mentee, normalize_email(mentor.email))
    mentor_rank = _rank(mentor, normalize_email(mentee.email))
    for rank in (mentee_rank, mentor_rank):
        if rank is not None:
            score += facts.weights["preference"] / rank
    chosen = why.preference_reason(
        _name(mentor), mentor_rank, _name(mentee), mentee_rank
    )
    if chosen is not None:
        reasons.append(chosen)
    return score


def _waited_part(facts: _PairFacts, score: float, reasons: list[Reason]) -> float:
    waiting = [
        (_name(person), facts.waited[email])
        for person in (facts.mentee, facts.mentor)
        if (email := normalize_email(person.email)) in facts.waited
    ]
    for _ in waiting:  # once per person, as the score matrix adds it
        score += facts.weights["waited"]
    if waiting:
        reasons.append(why.waited_reason(waiting))
    return score


def _score_bounds(settings: MatchingSettings) -> tuple[float, float]:
    """The lowest and highest score any pair can get under these weights.

    Preferences and waiting count once per side of the pair.
    """
    weights = _weights(settings)
    parts = [weights["topics"], weights["cross_department"], weights["diversity"]]
    parts += [weights["preference"], weights["waited"]] * 2
    return sum(min(w, 0.0) for w in parts), sum(max(w, 0.0) for w in parts)


def _attribute(person: Participant, key: str) -> str | None:
    """The person's value for attribute ``key`` (attribute names ignore case)."""
    for name, value in (person.attributes or {}).items():
        if text_key(name) == key:
            return text_key(value)
    return None


def _unique_topics(topics: Iterable[str] | None) -> list[tuple[str, str]]:
    """(key, spelling) per distinct topic, first spelling kept, blanks dropped."""
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for topic in topics or ():
        key, spelling = _topic_spelling(str(topic))
        if key and key not in seen:
            seen.add(key)
            result.append((key, spelling))
    return result


@lru_cache(maxsize=4096)  # the same few dozen topics, person after person
def _topic_spelling(topic: str) -> tuple[str, str]:
    """(comparison key, spelling with runs of spaces made one) of a topic."""
    spelling = " ".join(topic.split())
    return topic_key(spelling), spelling


def _topic_keys(topics: Iterable[str] | None) -> list[str]:
    """The distinct comparison keys of a topic list (what the matrices need)."""
    keys = (topic_key(str(topic)) for topic in topics or ())
    return list(dict.fromkeys(key for key in keys if key))


def _diversity_attributes(settings: MatchingSettings) -> list[tuple[str, str]]:
    """(name as the program spells it, comparison key), repeats and blanks dropped."""
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in settings.diversity_attributes or ():
        key = text_key(name)
        if key and key not in seen:
            seen.add(key)
            result.append((" ".join(str(name).split()), key))
    return result


def _topic_reason(covered: list[str], total: int, who: str) -> str:
    if total == 1:
        if covered:
            return f"covers the one topic {who} wants: {covered[0]}"
        return f"does not cover the one topic {who} wants"
    if not covered:
        return f"covers none of the {total} topics {who} wants"
    return f"covers {len(covered)} of {total} topics {who} wants: " + ", ".join(covered)


# --------------------------------------------------------------------------- helpers


def _pairs(items: Iterable[Iterable[str]]) -> list[tuple[str, str]]:
    """Normalise (a, b) pairs of emails; anything that is not two emails is ignored.

    A mapping with ``mentor`` and ``mentee`` keys (the roster's ``fixed`` entry
    shape) is read as (mentor, mentee) rather than as its two keys.
    """
    result = []
    for item in items or ():
        if isinstance(item, Mapping):
            values = [item.get("mentor"), item.get("mentee")]
        else:
            values = list(item)
        if len(values) == 2 and all(isinstance(v, str) for v in values):
            result.append((normalize_email(values[0]), normalize_email(values[1])))
    return result


def _chain_lengths(parent: list[int]) -> list[int]:
    """How many distinct people sit above each person (manager loops included once).

    ``parent[i]`` is the index of i's manager or -1. In a loop of L people each
    has the other L-1 above; someone below a loop has the whole loop above.
    """

    def manager_index(i: int) -> int | None:
        return parent[i] if parent[i] >= 0 else None

    length = [-1] * len(parent)
    for walk in walk_all(range(len(parent)), manager_index):
        for member in walk.loop:
            length[member] = len(walk.loop) - 1
        below_loop = walk.path[: len(walk.path) - len(walk.loop)]
        for member in reversed(below_loop):
            up = parent[member]
            length[member] = 0 if up < 0 else 1 + length[up]
    return length


def _ancestor_pairs(parent: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Index arrays (person, someone above them), one level of the chart per step."""
    import numpy as np

    up = np.asarray(parent, dtype=np.int64)
    limit = np.asarray(_chain_lengths(parent), dtype=np.int64)
    people = np.flatnonzero(limit > 0)
    above = up[people]
    found_people, found_above = [], []
    step = 1
    while people.size:
        found_people.append(people)
        found_above.append(above)
        keep = limit[people] > step
        people = people[keep]
        above = up[above[keep]]
        step += 1
    if not found_people:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(found_people), np.concatenate(found_above)


def _codes(values: Sequence[str | None], table: dict[str, int]) -> np.ndarray:
    """Integer codes for text keys (-1 for unknown), sharing ``table`` across sides."""
    import numpy as np

    out = np.full(len(values), -1, dtype=np.int64)
    for i, value in enumerate(values):
        if value is not None:
            out[i] = table.setdefault(value, len(table))
    return out


# --------------------------------------------------------------------------- matching


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
    from revmentor.domain import unpaired as explain

    if org:
        participants = managers_through_org(participants, org)

    pool, warnings = _pool(
        participants, settings, past_pairs, avoid, waited, home_organization
    )
    active = list(dict.fromkeys(_pairs(active_pairs)))
    taken: dict[str, str] = {}  # mentee -> mentor of the pair that takes them
    for mentor, mentee in active:
        taken.setdefault(mentee, mentor)
    pool.load.update(mentor for mentor, _ in active)
    fixed_pairs = _fixed_pairs(pool, _pairs(fixed), taken, set(active), warnings)
    fixed_mentor = {pair.mentee: pair.mentor for pair in fixed_pairs}

    play = _in_play(pool, taken, fixed_mentor)
    new_pairs: list[tuple[int, int]] = []  # (mentee row, mentor column)
    if play.mentors and play.mentees:
        new_pairs, unpaired = _solve(pool, play.mentors, play.mentees, max_memory)
    else:
        unpaired = explain.nobody_to_pair(
            pool, play.mentors, play.mentees, play.active_mentees
        )
    pairs = [*fixed_pairs, *_proposed(pool, play, new_pairs, home_organization)]
    pairs.sort(key=lambda pair: (pair.mentor, pair.mentee))
    unpaired.sort(key=lambda u: (u.role != MENTEE, u.email))
    emails = pool.emails
    asking = [emails[i] for i in play.mentees] + list(fixed_mentor)
    asking += sorted(play.with_places)
    unmet = explain.unmet_preferences(pool, asking, pairs, active)
    return MatchResult(
        pairs=pairs, unpaired=unpaired, warnings=warnings, unmet_preferences=unmet
    )


@dataclass
class _InPlay:
    """Who a pairing run may pair, as indexes into ``pool.people``."""

    mentors: list[int]  # active mentors
    mentees: list[int]  # active mentees with no pair yet
    active_mentees: list[int]
    with_places: set[str]  # emails of mentors with a free place


def _in_play(pool: Pool, taken: Mapping[str, str], fixed_mentor) -> _InPlay:
    people, emails = pool.people, pool.emails
    mentors = [
        i for i, p in enumerate(people) if p.role == MENTOR and p.status == ACTIVE
    ]
    active_mentees = [
        i for i, p in enumerate(people) if p.role == MENTEE and p.status == ACTIVE
    ]
    mentees = [
        i
        for i in active_mentees
        if emails[i] not in taken and emails[i] not in fixed_mentor
    ]
    with_places = {
        emails[i] for i in mentors if pool.load[emails[i]] < people[i].capacity
    }
    return _InPlay(mentors, mentees, active_mentees, with_places)


def _proposed(
    pool: Pool,
    play: _InPlay,
    new_pairs: list[tuple[int, int]],
    home_organization: str | None,
) -> list[ProposedPair]:
    """The solver's (mentee row, mentor column) pairs, scored and explained."""
    people, emails = pool.people, pool.emails
    proposed = []
    for row, col in new_pairs:
        mentor, mentee = play.mentors[col], play.mentees[row]
        score, reasons, shared = pair_score(
            people[mentor],
            people[mentee],
            pool.settings,
            waited=pool.waited,
            home_organization=home_organization,
        )
        proposed.append(
            ProposedPair(emails[mentor], emails[mentee], score, reasons, shared)
        )
    return proposed


def _pool(
    participants: Sequence[Participant],
    settings: MatchingSettings,
    past_pairs: Iterable[tuple[str, str]],
    avoid: Iterable[tuple[str, str]],
    waited: Mapping[str, int] | None,
    home_organization: str | None,
) -> tuple[Pool, list[str]]:
    """Everyone, sorted by email (the input order must not matter), once each."""
    warnings: list[str] = []
    people: list[Participant] = []
    by_email: dict[str, Participant] = {}
    ordered = sorted(
        participants,
        key=lambda p: (normalize_email(p.email), p.role or "", p.name or ""),
    )
    for person in ordered:
        email = normalize_email(person.email)
        if email in by_email:
            warnings.append(
                f"{email} appears more than once; only the first entry is used"
            )
            continue
        by_email[email] = person
        people.append(person)
    past = set(_pairs(past_pairs))
    pool = Pool(
        people=people,
        emails=[normalize_email(p.email) for p in people],
        by_email=by_email,
        settings=settings,
        waited={normalize_email(k): int(v) for k, v in (waited or {}).items()},
        home_organization=home_organization,
        avoided={frozenset(pair) for pair in _pairs(avoid) if pair[0] != pair[1]},
        blocked_past=set() if settings.allow_repeats else past,
        load=Counter(),
    )
    return pool, warnings


def _fixed_pairs(
    pool: Pool,
    fixed: list[tuple[str, str]],
    taken: dict[str, str],
    active: set[tuple[str, str]],
    warnings: list[str],
) -> list[ProposedPair]:
    """Keep the coordinator's pairs: each broken rule is a warning, not a refusal.

    Each kept pair uses one of the mentor's places (``pool.load``).
    """
    result: list[ProposedPair] = []
    fixed_mentor: dict[str, str] = {}
    for mentor, mentee in dict.fromkeys(fixed):
        label = f"fixed pair {mentor} → {mentee}"
        skipped = _fixed_skip(pool, mentor, mentee, taken, active, fixed_mentor)
        if skipped == "":
            continue  # the same pair already active: nothing to do
        if skipped is not None:
            warnings.append(f"{label} is skipped: {skipped}")
            continue
        mp, ep = pool.by_email[mentor], pool.by_email[mentee]
        warnings.extend(
            f"{label} {problem}" for problem in _fixed_problems(pool, mp, ep)
        )
        pool.load[mentor] += 1
        fixed_mentor[mentee] = mentor
        score, reasons, shared = pair_score(
            mp,
            ep,
            pool.settings,
            waited=pool.waited,
            home_organization=pool.home_organization,
        )
        result.append(
            ProposedPair(
                mentor,
                mentee,
                score,
                [Reason(why.FIXED, "fixed by the coordinator"), *reasons],
                shared,
                True,
            )
        )
    return result


def _fixed_skip(
    pool: Pool,
    mentor: str,
    mentee: str,
    taken: dict[str, str],
    active: set[tuple[str, str]],
    fixed_mentor: dict[str, str],
) -> str | None:
    """Why a fixed pair cannot be made at all (None: it can; "": already is)."""
    missing = [who for who in (mentor, mentee) if who not in pool.by_email]
    if missing:
        verb = "is" if len(missing) == 1 else "are"
        return f"{' and '.join(missing)} {verb} not enrolled"
    mp, ep = pool.by_email[mentor], pool.by_email[mentee]
    if mp.role != MENTOR or ep.role != MENTEE:
        wrong = mentor if mp.role != MENTOR else mentee
        return f"{wrong} is not a {MENTOR if mp.role != MENTOR else MENTEE}"
    if mentee in taken:
        if (mentor, mentee) in active:
            return ""
        return f"{mentee} already has an active pair with {taken[mentee]}"
    if mentee in fixed_mentor:
        return f"{mentee} is already fixed with {fixed_mentor[mentee]}"
    return None


def _fixed_problems(pool: Pool, mp: Participant, ep: Participant) -> list[str]:
    """Every rule a fixed pair breaks, each completing "fixed pair A → B ..."."""
    mentor, mentee = normalize_email(mp.email), normalize_email(ep.email)
    min_gap = pool.settings.min_level_gap
    problems = [
        f"includes {who}, who is {person.status}"
        for who, person in ((mentor, mp), (mentee, ep))
        if person.status != ACTIVE
    ]
    if mp.level is not None and ep.level is not None and ep.level - mp.level < min_gap:
        problems.append(
            f"has a level gap of {ep.level - mp.level} ({mp.level} → {ep.level}), "
            f"less than the minimum of {min_gap}"
        )
    if same_line(pool, mentor, mentee):
        problems.append("is in the same reporting line")
    rules = pool.settings.require
    for side, person in ((MENTOR, mp), (MENTEE, ep)):
        failed = side_rule_failed(person, getattr(rules, side))
        if failed is not None:
            problems.append(f"breaks the rule '{side} {failed}'")
    broken = pair_rule_failed(mp, ep, rules)
    if broken is not None:
        kind, name = broken
        what = (
            f"no {name} to compare"
            if kind == "unknown"
            else f"the '{kind}' rule on {name}"
        )
        problems.append(f"breaks {what}")
    if frozenset((mentor, mentee)) in pool.avoided:
        problems.append("is on the avoid list")
    if (mentor, mentee) in pool.blocked_past:
        problems.append("was already paired in an earlier round")
    if pool.load[mentor] >= mp.capacity:
        problems.append(
            f"takes {mentor} over capacity ({pool.load[mentor] + 1} mentees "
            f"for a capacity of {mp.capacity})"
        )
    return problems


def _chain(pool: Pool, email: str) -> list[str]:
    """Everyone above ``email``: managers followed among the known participants,
    within the person's own organisation."""
    organization = pool.organization(pool.by_email[email])

    def manager_in_organization(current: str) -> str | None:
        manager = pool.by_email[current].manager
        boss = pool.by_email.get(normalize_email(manager)) if manager else None
        if boss is None or pool.organization(boss) != organization:
            return None
        return normalize_email(manager)

    return walk_up(email, manager_in_organization).above


def same_line(pool: Pool, mentor: str, mentee: str) -> bool:
    return mentor in _chain(pool, mentee) or mentee in _chain(pool, mentor)


# The rules a (mentee, mentor) cell can break, one bit each. When a person is left
# unpaired, each candidate is counted under the *first* rule it breaks, in this
# order (the lowest bit set).
LEVEL, LINE, SIDE, PAIR, AVOID, PAST = 1, 2, 4, 8, 16, 32
RULES = (LEVEL, LINE, SIDE, PAIR, AVOID, PAST)


@dataclass
class Grid:
    """The mentees (rows) x mentors (columns) of one run and the rules they break.

    ``mentor_side``/``mentee_side``: per column/row, the index of the first
    ``require.mentor``/``require.mentee`` rule the person fails (-1: none).
    ``pair_rules``: (kind, name, row codes, column codes) per ``differ``/``same``
    rule, codes -1 where the value is unknown.
    """

    mentor_ix: list[int]
    mentee_ix: list[int]
    broken: np.ndarray
    eligible: Eligibility
    has_place: np.ndarray
    capacity: np.ndarray
    mentor_side: np.ndarray
    mentee_side: np.ndarray
    pair_rules: list[tuple[str, str, np.ndarray, np.ndarray]]
    require_names: dict[str, list[str]]  # "mentor"/"mentee" -> the side's rule names


def _solve(
    pool: Pool, mentor_ix: list[int], mentee_ix: list[int], max_memory: int | None
) -> tuple[list[tuple[int, int]], list[Unpaired]]:
    """Optimal new pairs (mentee row, mentor column) and the unpaired with why.

    Matrices are mentees (rows) by mentors (columns). Large temporaries are kept
    few: on a big roster, allocating fresh memory costs more than the arithmetic.
    """
    import numpy as np

    from revmentor.domain import unpaired as explain
    from revmentor.domain.assignment import check_memory, out_of_memory

    emails = pool.emails
    capacity = np.array([pool.people[i].capacity for i in mentor_ix], dtype=np.int64)
    places = capacity - np.array(
        [pool.load[emails[i]] for i in mentor_ix], dtype=np.int64
    )
    n_slots = int(np.minimum(np.maximum(places, 0), len(mentee_ix)).sum())
    check_memory(len(mentee_ix), len(mentor_ix), n_slots, max_memory)
    try:
        grid, pairs = _best_pairs(pool, mentor_ix, mentee_ix, places)
    except MemoryError:
        raise out_of_memory(len(mentee_ix), len(mentor_ix), n_slots) from None

    paired_rows = np.zeros(len(mentee_ix), dtype=bool)
    paired_cols = np.zeros(len(mentor_ix), dtype=bool)
    for row, col in pairs:
        paired_rows[row] = True
        paired_cols[col] = True
    unpaired = explain.unpaired_mentees(pool, grid, np.flatnonzero(~paired_rows))
    lonely_mentors = np.array(
        [
            col
            for col in np.flatnonzero(~paired_cols).tolist()
            if not pool.load[emails[mentor_ix[col]]]  # no active or fixed pair
        ],
        dtype=np.int64,
    )
    unpaired += explain.unpaired_mentors(pool, grid, lonely_mentors)
    return pairs, unpaired


def _best_pairs(
    pool: Pool, mentor_ix: list[int], mentee_ix: list[int], places: np.ndarray
) -> tuple[Grid, list[tuple[int, int]]]:
    """The rules each cell breaks, and the optimal new pairs."""
    from revmentor.domain.assignment import assign

    mentors = [pool.people[i] for i in mentor_ix]
    mentees = [pool.people[i] for i in mentee_ix]
    grid = _grid(pool, mentor_ix, mentee_ix)

    def score_cells(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return _score_matrix(
            [mentees[i] for i in rows.tolist()], mentors, columns, pool
        )

    low, high = _score_bounds(pool.settings)
    pairs = assign(grid.eligible, places, score_cells, low=low, high=high)
    return grid, pairs


def _grid(pool: Pool, mentor_ix: list[int], mentee_ix: list[int]) -> Grid:
    import numpy as np

    from revmentor.domain.assignment import Eligibility

    mentors = [pool.people[i] for i in mentor_ix]
    mentees = [pool.people[i] for i in mentee_ix]
    rules = pool.settings.require
    mentor_rules, mentee_rules = list(rules.mentor), list(rules.mentee)
    mentor_side = _side_codes(mentors, rules.mentor, mentor_rules)
    mentee_side = _side_codes(mentees, rules.mentee, mentee_rules)
    pair_rules = []
    for kind, names in (("differ", rules.differ), ("same", rules.same)):
        for name in names:
            table: dict[str, int] = {}
            rows = _codes([value_key(p, name) for p in mentees], table)
            cols = _codes([value_key(p, name) for p in mentors], table)
            pair_rules.append((kind, name, rows, cols))
    broken = _broken_rules(pool, mentor_ix, mentee_ix)
    broken[mentee_side >= 0, :] |= SIDE
    broken[:, mentor_side >= 0] |= SIDE
    band = max(1, (1 << 20) // max(len(mentors), 1))  # no full-size temporary
    for kind, _, rows, cols in pair_rules:
        for start in range(0, len(mentees), band):
            block = broken[start : start + band]
            fails = pair_rule_fails(kind, rows[start : start + band], cols)
            np.bitwise_or(block, PAIR, out=block, where=fails)
    capacity = np.array([p.capacity for p in mentors], dtype=np.int64)
    has_place = capacity > np.array(
        [pool.load[pool.emails[i]] for i in mentor_ix], dtype=np.int64
    )
    eligible = Eligibility.from_rules(broken, has_place)
    return Grid(
        mentor_ix,
        mentee_ix,
        broken,
        eligible,
        has_place,
        capacity,
        mentor_side,
        mentee_side,
        pair_rules,
        {MENTOR: mentor_rules, MENTEE: mentee_rules},
    )


def _side_codes(
    people: list[Participant], side_rules: dict[str, list[str]], names: list[str]
) -> np.ndarray:
    """Per person, the index in ``names`` of the first side rule failed (-1: none)."""
    import numpy as np

    out = np.full(len(people), -1, dtype=np.int64)
    if side_rules:
        for i, person in enumerate(people):
            failed = side_rule_failed(person, side_rules)
            if failed is not None:
                out[i] = names.index(failed)
    return out


def pair_rule_fails(kind: str, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Where a ``differ``/``same`` rule rules a cell out (unknown values too)."""
    import numpy as np

    if kind == "differ":
        fails = np.equal(rows[:, None], cols[None, :])
    else:
        fails = np.not_equal(rows[:, None], cols[None, :])
    fails[rows < 0, :] = True
    fails[:, cols < 0] = True
    return fails


def _level_gap_broken(
    mentees: list[Participant], mentors: list[Participant], min_gap: int
) -> np.ndarray:
    """The matrix of broken-rule bits, started with the level gap (LEVEL = 1):
    mentee.level - mentor.level >= min_gap where both are known. Unknown levels
    get sentinels that never fail the comparison."""
    import numpy as np

    big = 2**62
    mentee_level = np.array(
        [big if p.level is None else int(p.level) for p in mentees], dtype=np.int64
    )
    mentor_floor = np.array(
        [-big if p.level is None else int(p.level) + min_gap for p in mentors],
        dtype=np.int64,
    )
    return np.less(mentee_level[:, None], mentor_floor[None, :]).view(np.uint8)


def _parents(pool: Pool, index: Mapping[str, int]) -> list[int]:
    """Each person's manager as an index into ``pool.people`` (-1: none known).
    A manager link counts only within one organisation."""
    people = pool.people
    parent = []
    for person in people:
        manager = normalize_email(person.manager) if person.manager else None
        up = index.get(manager, -1) if manager else -1
        if up >= 0 and pool.organization(people[up]) != pool.organization(person):
            up = -1
        parent.append(up)
    return parent


def _broken_rules(pool: Pool, mentor_ix: list[int], mentee_ix: list[int]) -> np.ndarray:
    """A ``uint8`` mentees x mentors matrix: a bit per rule each pair breaks
    (level gap, reporting line, avoid list, earlier pair; ``_grid`` adds the
    ``require`` rules)."""
    import numpy as np

    people, emails, settings = pool.people, pool.emails, pool.settings
    n_people = len(people)
    mentors = [people[i] for i in mentor_ix]
    mentees = [people[i] for i in mentee_ix]
    n_rows, n_cols = len(mentees), len(mentors)

    # Where each person sits in the matrix (-1: not a row / not a column).
    row_of = np.full(n_people, -1, dtype=np.int64)
    row_of[mentee_ix] = np.arange(n_rows)
    col_of = np.full(n_people, -1, dtype=np.int64)
    col_of[mentor_ix] = np.arange(n_cols)
    index = {email: i for i, email in enumerate(emails)}

    broken = _level_gap_broken(mentees, mentors, settings.min_level_gap)
    # Reporting line, both ways: (person, someone above) index arrays.
    below, above = _ancestor_pairs(_parents(pool, index))
    hit = (row_of[below] >= 0) & (col_of[above] >= 0)  # mentee below a mentor
    broken[row_of[below[hit]], col_of[above[hit]]] |= LINE
    hit = (col_of[below] >= 0) & (row_of[above] >= 0)  # mentor below a mentee
    broken[row_of[above[hit]], col_of[below[hit]]] |= LINE

    def cells(pairs: Iterable[tuple[str, str]]) -> tuple[list[int], list[int]]:
        rows, cols = [], []
        for mentor_email, mentee_email in pairs:
            i, j = index.get(mentee_email, -1), index.get(mentor_email, -1)
            if i >= 0 and j >= 0 and row_of[i] >= 0 and col_of[j] >= 0:
                rows.append(int(row_of[i]))
                cols.append(int(col_of[j]))
        return rows, cols

    both_ways = [
        (a, b) for pair in pool.avoided for a, b in (sorted(pair), sorted(pair)[::-1])
    ]
    broken[cells(both_ways)] |= AVOID
    broken[cells(pool.blocked_past)] |= PAST
    return broken


def _score_matrix(
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    pool: Pool,
) -> np.ndarray:
    """float64 scores, a row per mentee, a column per ``mentors[columns[k]]``.

    The sums are the ones ``pair_score`` makes, in the same order.
    """
    weights = _weights(pool.settings)
    score = _topic_scores(mentees, mentors, columns, weights["topics"])
    _add_views(score, mentees, mentors, columns, pool)
    _add_preferences(score, mentees, mentors, columns, weights["preference"])
    _add_waited(score, mentees, mentors, columns, pool.waited, weights["waited"])
    return score


def _topic_scores(
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    weight: float,
) -> np.ndarray:
    """The topics part of each score: ``weight`` times the share of the mentee's
    topics the mentor covers. Counted as mentee-by-topic @ topic-by-mentor
    incidence matrices, over the topic keys that appear on both sides (others
    cover nothing)."""
    import numpy as np

    n_rows, n_cols = len(mentees), len(columns)
    learns = [_topic_keys(p.learns) for p in mentees]
    teaches = [_topic_keys(p.teaches) for p in mentors]
    taught = {key for keys in teaches for key in keys}
    vocabulary: dict[str, int] = {}
    learn_r, learn_t, teach_c, teach_t = [], [], [], []
    for i, keys in enumerate(learns):
        for key in keys:
            if key in taught:
                learn_r.append(i)
                learn_t.append(vocabulary.setdefault(key, len(vocabulary)))
    for j, keys in enumerate(teaches):
        for key in keys:
            if key in vocabulary:
                teach_c.append(j)
                teach_t.append(vocabulary[key])
    n_topics = len(vocabulary)
    wanted = np.array([max(len(keys), 1) for keys in learns], dtype=np.float64)
    share = weight / wanted  # what each covered topic adds, per mentee
    if n_topics == 0:
        return np.zeros((n_rows, n_cols), dtype=np.float64)
    if n_topics > _DENSE_TOPIC_LIMIT:
        from scipy.sparse import csr_matrix

        learn_m = csr_matrix(
            (np.ones(len(learn_r)), (learn_r, learn_t)), shape=(n_rows, n_topics)
        )
        teach_m = csr_matrix(
            (np.ones(len(teach_c)), (teach_t, teach_c)),
            shape=(n_topics, len(mentors)),
        )
        score = (learn_m @ teach_m[:, columns]).toarray()
        score *= share[:, None]
        return score
    # float32 incidence matrices: the counts are whole numbers below 2**24, so
    # float32 holds them exactly, and the float64 product with ``share`` is the
    # very value a float64 product would give. float32 halves the work; bands
    # of rows keep the float32 temporary small.
    learn_m = np.zeros((n_rows, n_topics), dtype=np.float32)
    learn_m[learn_r, learn_t] = 1.0
    teach_m = np.zeros((n_topics, len(mentors)), dtype=np.float32)
    teach_m[teach_t, teach_c] = 1.0
    teach_slots = np.ascontiguousarray(teach_m[:, columns])
    score = np.empty((n_rows, n_cols), dtype=np.float64)
    band = max(1, (1 << 23) // max(n_cols, 1))  # 32 MB of float32 counts
    # One buffer for every band: a fresh 32 MB array per band costs more in
    # page faults than the product itself.
    counts = np.empty((min(band, n_rows), n_cols), dtype=np.float32)
    for start in range(0, n_rows, band):
        stop = min(start + band, n_rows)
        covered = np.matmul(
            learn_m[start:stop], teach_slots, out=counts[: stop - start]
        )
        np.multiply(covered, share[start:stop, None], out=score[start:stop])
    return score


def _add_views(
    score: np.ndarray,
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    pool: Pool,
) -> None:
    """Different departments (both known) within one organisation, or two
    organisations; then diversity (the share of the program's attributes that
    both have and differ). A band of rows at a time: no full-size temporary
    beside the score matrix itself."""
    import numpy as np

    weights = _weights(pool.settings)
    n_rows, n_cols = score.shape
    table: dict[str, int] = {}
    mentee_dept = _codes([text_key(p.department) for p in mentees], table)
    mentor_dept = _codes([text_key(p.department) for p in mentors], table)[columns]
    organizations = None
    mentee_org = [pool.organization(p) for p in mentees]
    mentor_org = [pool.organization(p) for p in mentors]
    if any(mentee_org) or any(mentor_org):
        table = {}
        # -1: the program's own organisation, compared like any other.
        organizations = (
            _codes(mentee_org, table),
            _codes(mentor_org, table)[columns],
        )
    attributes = _diversity_attributes(pool.settings)
    codes = []
    for _, key in attributes:
        table = {}
        a = _codes([_attribute(p, key) for p in mentees], table)
        b = _codes([_attribute(p, key) for p in mentors], table)[columns]
        if (a >= 0).any() and (b >= 0).any():
            codes.append((a, b))
    band = max(1, (1 << 20) // max(n_cols, 1))
    for start in range(0, n_rows, band):
        stop = start + band
        block = score[start:stop]
        differ = _differ(mentee_dept[start:stop], mentor_dept)
        if organizations is not None:
            a, b = organizations
            differ |= a[start:stop, None] != b[None, :]
        _add_where(block, weights["cross_department"], differ)
        if len(attributes) == 1 and codes:
            a, b = codes[0]
            _add_where(block, weights["diversity"], _differ(a[start:stop], b))
        elif codes:
            differing = np.zeros(block.shape, dtype=np.uint8)
            for a, b in codes:
                differing += _differ(a[start:stop], b)
            for n in range(1, len(attributes) + 1):
                bonus = weights["diversity"] * n / len(attributes)
                _add_where(block, bonus, differing == n)


def _differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows a by columns b: both codes known (not -1) and different."""
    differ = a[:, None] != b[None, :]
    differ &= (a >= 0)[:, None]
    differ &= (b >= 0)[None, :]
    return differ


def _add_preferences(
    score: np.ndarray,
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    weight: float,
) -> None:
    """``weight / rank`` for each side that named the other, mentee's first.

    Preferences are few (at most a handful per person), so they are added cell
    by cell rather than as a matrix.
    """
    import numpy as np

    if not weight:
        return
    slots: dict[int, list[int]] = {}
    for k, j in enumerate(columns.tolist()):
        slots.setdefault(j, []).append(k)
    mentor_at = {normalize_email(m.email): j for j, m in enumerate(mentors)}
    mentee_at = {normalize_email(e.email): i for i, e in enumerate(mentees)}
    rows: list[int] = []
    cells: list[int] = []
    values: list[float] = []
    for i, person in enumerate(mentees):
        for rank, email in enumerate(person.prefers or (), start=1):
            for k in slots.get(mentor_at.get(normalize_email(email), -1), ()):
                rows.append(i)
                cells.append(k)
                values.append(weight / rank)
    for j, person in enumerate(mentors):
        if not person.prefers or j not in slots:
            continue
        for rank, email in enumerate(person.prefers, start=1):
            i = mentee_at.get(normalize_email(email))
            if i is not None:
                for k in slots[j]:
                    rows.append(i)
                    cells.append(k)
                    values.append(weight / rank)
    if rows:
        np.add.at(score, (np.array(rows), np.array(cells)), np.array(values))


def _add_waited(
    score: np.ndarray,
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    waited: dict[str, int],
    weight: float,
) -> None:
    """``weight`` for each side of the pair left unpaired in an earlier round."""
    import numpy as np

    if not (weight and waited):
        return
    row_bonus = np.array(
        [weight if normalize_email(p.email) in waited else 0.0 for p in mentees]
    )
    col_bonus = np.array(
        [weight if normalize_email(p.email) in waited else 0.0 for p in mentors]
    )[columns]
    score += row_bonus[:, None]
    score += col_bonus[None, :]


def _add_where(out: np.ndarray, value: float, mask: np.ndarray) -> None:
    """``out[mask] += value`` with the same result as ``np.add(..., where=mask)``.

    A masked ufunc goes element by element; adding ``mask * value`` (where
    ``x + 0.0`` is exactly ``x``) a band of rows at a time is about three times
    faster and needs no full-size temporary.
    """
    import math

    import numpy as np

    if value == 0.0:
        return
    if not math.isfinite(value):  # inf * False would be nan
        np.add(out, value, out=out, where=mask)
        return
    band = max(1, (1 << 20) // max(out.shape[1], 1))
    for start in range(0, out.shape[0], band):
        block = out[start : start + band]
        block += mask[start : start + band] * value
