"""Pairing: who may mentor whom, the best pairing, and why.

``match`` is a pure function: participants, the program's matching settings and
the pairing history in; proposed pairs (with score and reasons), the people left
unpaired (with why) and warnings out. No I/O.

How it works:

1. Everyone is sorted by email, so the order of the input never changes the result.
2. Fixed pairs (decided by the coordinator) are checked, kept and counted against
   the mentor's capacity; a broken rule becomes a warning, not a refusal.
3. For the active mentees still without a mentor (rows) and the active mentors
   (columns), one ``uint8`` matrix holds a bit per rule each pair breaks (level
   gap, reporting line, avoid list, earlier round). It is built with numpy from
   per-person arrays and index arrays, never with a loop over all pairs.
4. Mentors get one column per free place, but no more places than they have
   eligible mentees; mentees and mentors with no eligible option are left out.
5. The score matrix (topic coverage as a product of topic incidence matrices,
   different department and diversity attributes by broadcasting integer codes)
   is computed straight into that capacity-expanded shape.
6. ``assignment.assign`` solves it (see that module): as many pairs as
   possible first, then the best total score.
7. Everyone left unpaired is told why: the other side's candidates counted under
   the first rule each breaks, or that the eligible ones were needed for others.

numpy and scipy are imported inside the functions that need them, so that
importing this module (and so ``revmentor --help``) stays fast.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from revmentor.domain.models import (
    ACTIVE,
    DEFAULT_WEIGHTS,
    MENTEE,
    MENTOR,
    MatchingSettings,
    Participant,
)
from revmentor.domain.org import managers_through_org
from revmentor.domain.validation import normalize_email, topic_key

if TYPE_CHECKING:
    import numpy as np

    from revmentor.domain.assignment import Eligibility


@dataclass
class ProposedPair:
    mentor: str  # email (lower-case)
    mentee: str  # email (lower-case)
    score: float  # rounded to 3 decimals
    reasons: list[str]  # human sentences
    shared_topics: list[str]  # mentee's learns the mentor teaches, mentee's spelling
    fixed: bool = False


@dataclass
class Unpaired:
    email: str
    role: str  # "mentor" | "mentee"
    reason: str


@dataclass
class MatchResult:
    pairs: list[ProposedPair]  # new pairs only (fixed ones flagged fixed=True)
    unpaired: list[Unpaired]
    warnings: list[str]  # e.g. a fixed pair that breaks a rule


# The rules a (mentee, mentor) cell can break, one bit each. When a person is left
# unpaired, each candidate is counted under the *first* rule it breaks, in this
# order (the lowest bit set).
_LEVEL, _LINE, _AVOID, _PAST = 1, 2, 4, 8
_RULES = (_LEVEL, _LINE, _AVOID, _PAST)

_MENTOR_LABELS = {  # how a mentee's candidate mentors are counted
    _LEVEL: "too senior",
    _LINE: "in the reporting line",
    _AVOID: "on the avoid list",
    _PAST: "paired in an earlier round",
}
_AT_CAPACITY = "at capacity"  # breaks no rule, but has no place left
_MENTEE_LABELS = {  # how a mentor's candidate mentees are counted
    _LEVEL: "too junior",
    _LINE: "in the reporting line",
    _AVOID: "on the avoid list",
    _PAST: "paired in an earlier round",
}

# Above this many shared topic keys the coverage product goes through sparse
# matrices: dense incidence matrices would cost too much memory and time.
_DENSE_TOPIC_LIMIT = 256


# --------------------------------------------------------------------------- scoring


def _text_key(value: object) -> str | None:
    """Departments and attribute values compare case- and space-insensitively."""
    if value is None:
        return None
    key = " ".join(str(value).split()).casefold()
    return key or None


def _unique_topics(topics: Iterable[str] | None) -> list[tuple[str, str]]:
    """(key, spelling) per distinct topic, first spelling kept, blanks dropped."""
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for topic in topics or ():
        spelling = " ".join(str(topic).split())
        key = topic_key(spelling)
        if key and key not in seen:
            seen.add(key)
            result.append((key, spelling))
    return result


def _topic_keys(topics: Iterable[str] | None) -> list[str]:
    """The distinct comparison keys of a topic list (what the matrices need)."""
    keys = (topic_key(str(topic)) for topic in topics or ())
    return list(dict.fromkeys(key for key in keys if key))


def _weights(settings: MatchingSettings) -> dict[str, float]:
    weights = dict(DEFAULT_WEIGHTS)
    weights.update(settings.weights or {})
    return {key: float(value) for key, value in weights.items()}


def _diversity_attributes(settings: MatchingSettings) -> list[tuple[str, str]]:
    """(name as the program spells it, comparison key), repeats and blanks dropped."""
    result: list[tuple[str, str]] = []
    seen: set[str] = set()
    for name in settings.diversity_attributes or ():
        key = _text_key(name)
        if key and key not in seen:
            seen.add(key)
            result.append((" ".join(str(name).split()), key))
    return result


def _attribute(person: Participant, key: str) -> str | None:
    """The person's value for attribute ``key`` (attribute names ignore case)."""
    for name, value in (person.attributes or {}).items():
        if _text_key(name) == key:
            return _text_key(value)
    return None


def _topic_reason(covered: list[str], total: int, who: str) -> str:
    if total == 1:
        if covered:
            return f"covers the one topic {who} wants: {covered[0]}"
        return f"does not cover the one topic {who} wants"
    if not covered:
        return f"covers none of the {total} topics {who} wants"
    return f"covers {len(covered)} of {total} topics {who} wants: " + ", ".join(covered)


def pair_score(
    mentor: Participant, mentee: Participant, settings: MatchingSettings
) -> tuple[float, list[str], list[str]]:
    """Score (rounded to 3 decimals), reasons and shared topics of one pair.

    It does not check eligibility; ``match`` uses it to explain the pairs it makes
    and the fixed ones. The arithmetic is the one the score matrix uses.
    """
    weights = _weights(settings)
    learns = _unique_topics(mentee.learns)
    teaches = {key for key, _ in _unique_topics(mentor.teaches)}
    shared = [spelling for key, spelling in learns if key in teaches]
    name = " ".join((mentee.name or mentee.email).split())

    score = 0.0
    reasons: list[str] = []
    if learns:
        score += len(shared) * (weights["topics"] / len(learns))
        reasons.append(_topic_reason(shared, len(learns), name))
    mentor_dept = _text_key(mentor.department)
    mentee_dept = _text_key(mentee.department)
    if mentor_dept and mentee_dept and mentor_dept != mentee_dept:
        score += weights["cross_department"]
        reasons.append(
            "different departments: "
            f"{' '.join(str(mentor.department).split())} and "
            f"{' '.join(str(mentee.department).split())}"
        )
    if mentor.level is not None and mentee.level is not None:
        reasons.append(
            f"level gap {mentee.level - mentor.level} ({mentor.level} → {mentee.level})"
        )
    attributes = _diversity_attributes(settings)
    if attributes:
        differing = []
        for label, key in attributes:
            a, b = _attribute(mentor, key), _attribute(mentee, key)
            if a is not None and b is not None and a != b:
                differing.append(label)
        if differing:
            score += weights["diversity"] * len(differing) / len(attributes)
        reasons.extend(f"brings a different {label}" for label in differing)
    return round(score, 3), reasons, shared


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


def _chain(email: str, by_email: dict[str, Participant]) -> list[str]:
    """Everyone above ``email``: managers followed among the known participants."""
    chain: list[str] = []
    seen = {email}
    manager = by_email[email].manager
    while manager:
        manager = normalize_email(manager)
        if manager in seen or manager not in by_email:
            break
        seen.add(manager)
        chain.append(manager)
        manager = by_email[manager].manager
    return chain


def _chain_lengths(parent: list[int]) -> list[int]:
    """How many distinct people sit above each person (manager loops included once).

    ``parent[i]`` is the index of i's manager or -1. In a loop of L people each
    has the other L-1 above; someone below a loop has the whole loop above.
    """
    n = len(parent)
    length = [-1] * n
    state = [0] * n  # 0 new, 1 on the current path, 2 done
    for start in range(n):
        if state[start]:
            continue
        path = []
        node = start
        while node >= 0 and state[node] == 0:
            state[node] = 1
            path.append(node)
            node = parent[node]
        if node >= 0 and state[node] == 1:  # a loop: from node to the path's end
            at = path.index(node)
            loop = path[at:]
            for member in loop:
                length[member] = len(loop) - 1
                state[member] = 2
            path = path[:at]
        for member in reversed(path):
            up = parent[member]
            length[member] = 0 if up < 0 else 1 + length[up]
            state[member] = 2
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


def _count_text(counts: list[tuple[int, str]]) -> str:
    ordered = sorted(
        ((n, order, label) for order, (n, label) in enumerate(counts) if n),
        key=lambda item: (-item[0], item[1]),
    )
    return ", ".join(f"{n} {label}" for n, _, label in ordered)


# --------------------------------------------------------------------------- matching


def match(
    participants: Sequence[Participant],
    settings: MatchingSettings,
    *,
    active_pairs: Iterable[tuple[str, str]] = (),
    past_pairs: Iterable[tuple[str, str]] = (),
    fixed: Iterable[tuple[str, str]] = (),
    avoid: Iterable[tuple[str, str]] = (),
    max_memory: int | None = None,
    org: Mapping[str, str | None] | None = None,
) -> MatchResult:
    """Pair every active mentee without a mentor, as many as possible, then best.

    ``active_pairs``: (mentor, mentee) pairs in force; the mentee is taken and the
    pair uses one of the mentor's places. ``past_pairs``: earlier (mentor, mentee)
    pairs, never made again unless ``settings.allow_repeats``. ``fixed``: pairs
    the coordinator decided, kept (a warning for each rule one breaks) and counted
    against capacity. ``avoid``: pairs of emails, in either order, never made.
    ``max_memory``: bytes the pairing may use; a larger one is refused before
    anything is allocated (``InvalidInput``).
    ``org``: the org chart (email -> manager) that reporting lines follow too.
    """
    warnings: list[str] = []
    if org:
        participants = managers_through_org(participants, org)

    # Everyone, sorted by email: the input order must not matter.
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
    emails = [normalize_email(p.email) for p in people]

    active = list(dict.fromkeys(_pairs(active_pairs)))
    active_set = set(active)
    taken: dict[str, str] = {}  # mentee -> mentor of the pair that takes them
    for mentor, mentee in active:
        taken.setdefault(mentee, mentor)
    load = Counter(mentor for mentor, _ in active)
    past = set(_pairs(past_pairs))
    blocked_past = set() if settings.allow_repeats else past
    avoided = {frozenset(pair) for pair in _pairs(avoid) if pair[0] != pair[1]}
    min_gap = settings.min_level_gap

    # ------------------------------------------------------------- fixed pairs
    fixed_pairs: list[ProposedPair] = []
    fixed_mentor: dict[str, str] = {}
    for mentor, mentee in dict.fromkeys(_pairs(fixed)):
        label = f"fixed pair {mentor} → {mentee}"
        missing = [who for who in (mentor, mentee) if who not in by_email]
        if missing:
            verb = "is" if len(missing) == 1 else "are"
            warnings.append(
                f"{label} is skipped: {' and '.join(missing)} {verb} not enrolled"
            )
            continue
        mp, ep = by_email[mentor], by_email[mentee]
        if mp.role != MENTOR or ep.role != MENTEE:
            wrong = mentor if mp.role != MENTOR else mentee
            role = MENTOR if mp.role != MENTOR else MENTEE
            warnings.append(f"{label} is skipped: {wrong} is not a {role}")
            continue
        if mentee in taken:
            if (mentor, mentee) not in active_set:
                warnings.append(
                    f"{label} is skipped: {mentee} already has an active pair "
                    f"with {taken[mentee]}"
                )
            continue  # the same pair already active: nothing to do
        if mentee in fixed_mentor:
            warnings.append(
                f"{label} is skipped: {mentee} is already fixed with "
                f"{fixed_mentor[mentee]}"
            )
            continue
        for who, person in ((mentor, mp), (mentee, ep)):
            if person.status != ACTIVE:
                warnings.append(f"{label} includes {who}, who is {person.status}")
        if (
            mp.level is not None
            and ep.level is not None
            and ep.level - mp.level < min_gap
        ):
            warnings.append(
                f"{label} has a level gap of {ep.level - mp.level} "
                f"({mp.level} → {ep.level}), less than the minimum of {min_gap}"
            )
        if mentor in _chain(mentee, by_email) or mentee in _chain(mentor, by_email):
            warnings.append(f"{label} is in the same reporting line")
        if frozenset((mentor, mentee)) in avoided:
            warnings.append(f"{label} is on the avoid list")
        if (mentor, mentee) in blocked_past:
            warnings.append(f"{label} was already paired in an earlier round")
        if load[mentor] >= mp.capacity:
            warnings.append(
                f"{label} takes {mentor} over capacity ({load[mentor] + 1} mentees "
                f"for a capacity of {mp.capacity})"
            )
        load[mentor] += 1
        fixed_mentor[mentee] = mentor
        score, reasons, shared = pair_score(mp, ep, settings)
        fixed_pairs.append(
            ProposedPair(
                mentor,
                mentee,
                score,
                ["fixed by the coordinator", *reasons],
                shared,
                True,
            )
        )

    # ------------------------------------------------------------- who is in play
    mentor_ix = [
        i for i, p in enumerate(people) if p.role == MENTOR and p.status == ACTIVE
    ]
    active_mentees = [
        i for i, p in enumerate(people) if p.role == MENTEE and p.status == ACTIVE
    ]
    mentee_ix = [
        i
        for i in active_mentees
        if emails[i] not in taken and emails[i] not in fixed_mentor
    ]
    mentors = [people[i] for i in mentor_ix]
    mentees = [people[i] for i in mentee_ix]

    new_pairs: list[tuple[int, int]] = []  # (mentee row, mentor column)
    unpaired: list[Unpaired] = []
    if mentors and mentees:
        new_pairs, unpaired = _solve(
            people,
            emails,
            mentor_ix,
            mentee_ix,
            load,
            blocked_past,
            avoided,
            settings,
            max_memory,
        )
    else:
        if not mentors:
            unpaired.extend(
                Unpaired(emails[i], MENTEE, "no active mentors in the program")
                for i in mentee_ix
            )
        else:
            reason = (
                "every active mentee already has a mentor"
                if active_mentees
                else "no active mentees in the program"
            )
            unpaired.extend(
                Unpaired(emails[i], MENTOR, reason)
                for i in mentor_ix
                if load[emails[i]] == 0
            )

    pairs = list(fixed_pairs)
    for row, col in new_pairs:
        mp, ep = mentors[col], mentees[row]
        score, reasons, shared = pair_score(mp, ep, settings)
        pairs.append(
            ProposedPair(
                emails[mentor_ix[col]], emails[mentee_ix[row]], score, reasons, shared
            )
        )
    pairs.sort(key=lambda pair: (pair.mentor, pair.mentee))
    unpaired.sort(key=lambda u: (u.role != MENTEE, u.email))
    return MatchResult(pairs=pairs, unpaired=unpaired, warnings=warnings)


def _solve(
    people: list[Participant],
    emails: list[str],
    mentor_ix: list[int],
    mentee_ix: list[int],
    load: Counter[str],
    blocked_past: set[tuple[str, str]],
    avoided: set[frozenset[str]],
    settings: MatchingSettings,
    max_memory: int | None = None,
) -> tuple[list[tuple[int, int]], list[Unpaired]]:
    """Optimal new pairs (mentee row, mentor column) and the unpaired with why.

    Matrices are mentees (rows) by mentors (columns). Large temporaries are kept
    few: on a big roster, allocating fresh memory costs more than the arithmetic.
    """
    import numpy as np

    from revmentor.domain.assignment import check_memory, out_of_memory

    mentors = [people[i] for i in mentor_ix]
    mentees = [people[i] for i in mentee_ix]
    capacity = np.array([p.capacity for p in mentors], dtype=np.int64)
    places = capacity - np.array([load[emails[i]] for i in mentor_ix], dtype=np.int64)
    has_place = places > 0
    n_slots = int(np.minimum(np.maximum(places, 0), len(mentees)).sum())
    check_memory(len(mentees), len(mentors), n_slots, max_memory)
    try:
        broken, eligible, pairs = _best_pairs(
            people,
            emails,
            mentor_ix,
            mentee_ix,
            places,
            blocked_past,
            avoided,
            settings,
        )
    except MemoryError:
        raise out_of_memory(len(mentees), len(mentors), n_slots) from None

    paired_rows = np.zeros(len(mentees), dtype=bool)
    paired_cols = np.zeros(len(mentors), dtype=bool)
    for row, col in pairs:
        paired_rows[row] = True
        paired_cols[col] = True
    unpaired = _unpaired_mentees(
        broken, eligible, has_place, np.flatnonzero(~paired_rows), emails, mentee_ix
    )
    lonely_mentors = np.array(
        [
            col
            for col in np.flatnonzero(~paired_cols).tolist()
            if not load[emails[mentor_ix[col]]]  # no active or fixed pair either
        ],
        dtype=np.int64,
    )
    unpaired += _unpaired_mentors(
        broken, has_place, capacity, lonely_mentors, emails, mentor_ix
    )
    return pairs, unpaired


def _best_pairs(
    people: list[Participant],
    emails: list[str],
    mentor_ix: list[int],
    mentee_ix: list[int],
    places: np.ndarray,
    blocked_past: set[tuple[str, str]],
    avoided: set[frozenset[str]],
    settings: MatchingSettings,
) -> tuple[np.ndarray, Eligibility, list[tuple[int, int]]]:
    """The broken-rule bits, the eligible cells and the optimal new pairs."""
    from revmentor.domain.assignment import Eligibility, assign

    mentors = [people[i] for i in mentor_ix]
    mentees = [people[i] for i in mentee_ix]
    broken = _broken_rules(
        people, emails, mentor_ix, mentee_ix, blocked_past, avoided, settings
    )
    eligible = Eligibility.from_rules(broken, places > 0)

    def score_cells(rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        return _score_matrix(
            [mentees[i] for i in rows.tolist()], mentors, columns, settings
        )

    low, high = _score_bounds(settings)
    return broken, eligible, assign(eligible, places, score_cells, low=low, high=high)


def _broken_rules(
    people: list[Participant],
    emails: list[str],
    mentor_ix: list[int],
    mentee_ix: list[int],
    blocked_past: set[tuple[str, str]],
    avoided: set[frozenset[str]],
    settings: MatchingSettings,
) -> np.ndarray:
    """A ``uint8`` mentees x mentors matrix: a bit per rule each pair breaks."""
    import numpy as np

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

    # Level gap: mentee.level - mentor.level >= min_gap where both are known.
    # Unknown levels get sentinels that never fail the comparison. The boolean
    # result, viewed as uint8, starts the matrix of broken-rule bits (_LEVEL = 1).
    big = 2**62
    mentee_level = np.array(
        [big if p.level is None else int(p.level) for p in mentees], dtype=np.int64
    )
    mentor_floor = np.array(
        [
            -big if p.level is None else int(p.level) + settings.min_level_gap
            for p in mentors
        ],
        dtype=np.int64,
    )
    broken = np.less(mentee_level[:, None], mentor_floor[None, :]).view(np.uint8)

    # Reporting line, both ways: (person, someone above) index arrays.
    parent = []
    for person in people:
        manager = normalize_email(person.manager) if person.manager else None
        parent.append(index.get(manager, -1) if manager else -1)
    below, above = _ancestor_pairs(parent)
    hit = (row_of[below] >= 0) & (col_of[above] >= 0)  # mentee below a mentor
    broken[row_of[below[hit]], col_of[above[hit]]] |= _LINE
    hit = (col_of[below] >= 0) & (row_of[above] >= 0)  # mentor below a mentee
    broken[row_of[above[hit]], col_of[below[hit]]] |= _LINE

    def cells(pairs: Iterable[tuple[str, str]]) -> tuple[list[int], list[int]]:
        rows, cols = [], []
        for mentor_email, mentee_email in pairs:
            i, j = index.get(mentee_email, -1), index.get(mentor_email, -1)
            if i >= 0 and j >= 0 and row_of[i] >= 0 and col_of[j] >= 0:
                rows.append(int(row_of[i]))
                cols.append(int(col_of[j]))
        return rows, cols

    both_ways = [
        (a, b) for pair in avoided for a, b in (sorted(pair), sorted(pair)[::-1])
    ]
    broken[cells(both_ways)] |= _AVOID
    broken[cells(blocked_past)] |= _PAST
    return broken


def _score_bounds(settings: MatchingSettings) -> tuple[float, float]:
    """The lowest and highest score any pair can get under these weights."""
    weights = _weights(settings)
    parts = [weights["topics"], weights["cross_department"], weights["diversity"]]
    return sum(min(w, 0.0) for w in parts), sum(max(w, 0.0) for w in parts)


def _first_rules(broken: np.ndarray) -> np.ndarray:
    """The first rule each candidate breaks: the lowest bit set (0 when none)."""
    import numpy as np

    first_rule = np.zeros(16, dtype=np.uint8)
    for bits in range(1, 16):
        first_rule[bits] = bits & -bits
    return first_rule[broken]


def _unpaired_mentees(
    broken: np.ndarray,
    eligible: Eligibility,
    has_place: np.ndarray,
    lonely: np.ndarray,
    emails: list[str],
    mentee_ix: list[int],
) -> list[Unpaired]:
    """Why each mentee row in ``lonely`` got no mentor."""
    import numpy as np

    unpaired: list[Unpaired] = []
    if not lonely.size:
        return unpaired
    firsts = _first_rules(broken[lonely])
    n_eligible = np.count_nonzero(eligible.rows(lonely), axis=1)
    counts = {rule: np.count_nonzero(firsts == rule, axis=1) for rule in _RULES}
    full = np.count_nonzero((firsts == 0) & ~has_place[None, :], axis=1)
    for k, row in enumerate(lonely.tolist()):
        if n_eligible[k] == 1:
            reason = "the only eligible mentor was needed for another mentee"
        elif n_eligible[k]:
            reason = f"all {n_eligible[k]} eligible mentors were needed for others"
        else:
            found = [(int(counts[r][k]), _MENTOR_LABELS[r]) for r in _RULES]
            found.append((int(full[k]), _AT_CAPACITY))
            reason = "no eligible mentor: " + _count_text(found)
        unpaired.append(Unpaired(emails[mentee_ix[row]], MENTEE, reason))
    return unpaired


def _unpaired_mentors(
    broken: np.ndarray,
    has_place: np.ndarray,
    capacity: np.ndarray,
    lonely: np.ndarray,
    emails: list[str],
    mentor_ix: list[int],
) -> list[Unpaired]:
    """Why each mentor column in ``lonely`` got no mentee."""
    import numpy as np

    unpaired: list[Unpaired] = []
    if not lonely.size:
        return unpaired
    firsts = _first_rules(broken[:, lonely])
    n_eligible = np.count_nonzero(firsts == 0, axis=0)
    counts = {rule: np.count_nonzero(firsts == rule, axis=0) for rule in _RULES}
    for k, col in enumerate(lonely.tolist()):
        if not has_place[col]:
            reason = f"has a capacity of {int(capacity[col])}"
        elif n_eligible[k] == 1:
            reason = "the only eligible mentee was paired with another mentor"
        elif n_eligible[k]:
            reason = f"all {n_eligible[k]} eligible mentees were paired with others"
        else:
            found = [(int(counts[r][k]), _MENTEE_LABELS[r]) for r in _RULES]
            reason = "no eligible mentee: " + _count_text(found)
        unpaired.append(Unpaired(emails[mentor_ix[col]], MENTOR, reason))
    return unpaired


def _score_matrix(
    mentees: list[Participant],
    mentors: list[Participant],
    columns: np.ndarray,
    settings: MatchingSettings,
) -> np.ndarray:
    """float64 scores, a row per mentee, a column per ``mentors[columns[k]]``.

    The sums are the ones ``pair_score`` makes, in the same order.
    """
    import numpy as np

    weights = _weights(settings)
    n_rows, n_cols = len(mentees), len(columns)

    # Topic coverage: mentee-by-topic @ topic-by-mentor incidence matrices, over
    # the topic keys that appear on both sides (others cover nothing).
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
    share = weights["topics"] / wanted  # what each covered topic adds, per mentee
    if n_topics == 0:
        score = np.zeros((n_rows, n_cols), dtype=np.float64)
    elif n_topics <= _DENSE_TOPIC_LIMIT:
        # Topics covered = mentee-by-topic @ topic-by-slot incidence matrices, in
        # float32: the counts are whole numbers below 2**24, so float32 holds
        # them exactly, and the float64 product with ``share`` is the very value
        # a float64 product would give. float32 halves the work; bands of rows
        # keep the float32 temporary small.
        learn_m = np.zeros((n_rows, n_topics), dtype=np.float32)
        learn_m[learn_r, learn_t] = 1.0
        teach_m = np.zeros((n_topics, len(mentors)), dtype=np.float32)
        teach_m[teach_t, teach_c] = 1.0
        teach_slots = np.ascontiguousarray(teach_m[:, columns])
        score = np.empty((n_rows, n_cols), dtype=np.float64)
        band = max(1, (1 << 23) // max(n_cols, 1))  # 32 MB of float32 counts
        for start in range(0, n_rows, band):
            stop = start + band
            covered = learn_m[start:stop] @ teach_slots
            np.multiply(covered, share[start:stop, None], out=score[start:stop])
    else:
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

    # Different departments (both known) and diversity (the share of the
    # program's attributes that both have and differ), a band of rows at a time:
    # no full-size temporary beside the score matrix itself.
    table: dict[str, int] = {}
    mentee_dept = _codes([_text_key(p.department) for p in mentees], table)
    mentor_dept = _codes([_text_key(p.department) for p in mentors], table)[columns]
    attributes = _diversity_attributes(settings)
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
    return score


def _differ(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Rows a by columns b: both codes known (not -1) and different."""
    differ = a[:, None] != b[None, :]
    differ &= (a >= 0)[:, None]
    differ &= (b >= 0)[None, :]
    return differ


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
