"""Why people are left unpaired, and why a preference was not met.

The coordinator reads these (``pair --explain``, the report): they name the rule
that kept people apart, never a private value. Each candidate on the other side
is counted under the first rule it breaks, in the order of ``matching.RULES``.
Pure: no I/O; numpy is imported inside the functions that need it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from revmentor.domain.matching import (
    AVOID,
    LEVEL,
    LINE,
    PAIR,
    PAST,
    RULES,
    SIDE,
    Grid,
    Pool,
    ProposedPair,
    UnmetPreference,
    Unpaired,
    pair_rule_fails,
    same_line,
)
from revmentor.domain.matching_rules import pair_rule_failed, side_rule_failed
from revmentor.domain.models import ACTIVE, MENTEE, MENTOR, Participant
from revmentor.domain.reasons import ordinal
from revmentor.domain.validation import normalize_email

if TYPE_CHECKING:
    import numpy as np

Label = tuple[str, str]  # (with one candidate, with several)

_MENTOR_LABELS: dict[int, Label] = {  # how a mentee's candidate mentors are counted
    LEVEL: ("is too senior", "are too senior"),
    LINE: ("is in their reporting line", "are in their reporting line"),
    AVOID: ("is on the avoid list with them", "are on the avoid list with them"),
    PAST: ("was paired with them before", "were paired with them before"),
}
_MENTEE_LABELS: dict[int, Label] = {  # how a mentor's candidate mentees are counted
    **_MENTOR_LABELS,
    LEVEL: ("is too junior", "are too junior"),
}
_AT_CAPACITY: Label = ("is at capacity", "are at capacity")


def _side_label(side: str, name: str) -> Label:
    return (f"fails '{side} {name}'", f"fail '{side} {name}'")


def _pair_label(kind: str, name: str) -> Label:
    if kind == "differ":
        return (f"has the same {name}", f"have the same {name}")
    if kind == "same":
        return (f"has a different {name}", f"have a different {name}")
    return (f"has no {name} to compare", f"have no {name} to compare")


def count_text(counts: Sequence[tuple[int, Label]]) -> str:
    """ "3 are too senior, 1 is at capacity": largest count first."""
    ordered = sorted(
        ((n, order, label) for order, (n, label) in enumerate(counts) if n),
        key=lambda item: (-item[0], item[1]),
    )
    return ", ".join(f"{n} {label[n != 1]}" for n, _, label in ordered)


def nobody_to_pair(
    pool: Pool, mentor_ix: list[int], mentee_ix: list[int], active_mentees: list[int]
) -> list[Unpaired]:
    """Why people are unpaired when one side has nobody in play."""
    emails = pool.emails
    if not mentor_ix:
        return [
            Unpaired(emails[i], MENTEE, "no active mentors in the program")
            for i in mentee_ix
        ]
    reason = (
        "every active mentee already has a mentor"
        if active_mentees
        else "no active mentees in the program"
    )
    return [
        Unpaired(emails[i], MENTOR, reason)
        for i in mentor_ix
        if pool.load[emails[i]] == 0
    ]


def _first_rules(broken: np.ndarray) -> np.ndarray:
    """The first rule each candidate breaks: the lowest bit set (0 when none)."""
    import numpy as np

    table = np.zeros(64, dtype=np.uint8)
    for bits in range(1, 64):
        table[bits] = bits & -bits
    return table[broken]


def _pair_rule_codes(grid: Grid, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """Per cell, 2r for the first ``differ``/``same`` rule r broken, 2r + 1 when
    it is broken for an unknown value, -1 for none."""
    import numpy as np

    if not grid.pair_rules:  # nothing to tell apart: no memory spent
        return np.broadcast_to(np.int16(-1), (rows.size, cols.size))
    out = np.full((rows.size, cols.size), -1, dtype=np.int16)
    for r, (kind, _, row_codes, col_codes) in enumerate(grid.pair_rules):
        a, b = row_codes[rows], col_codes[cols]
        fails = pair_rule_fails(kind, a, b)
        unknown = (a < 0)[:, None] | (b < 0)[None, :]
        unset = out < 0
        out[unset & fails & unknown] = 2 * r + 1
        out[unset & fails & ~unknown] = 2 * r
    return out


def _own_problem(grid: Grid, side: str, index: int, pair_index: int) -> str | None:
    """A rule the person fails on their own, whoever the candidate."""
    codes = grid.mentee_side if side == MENTEE else grid.mentor_side
    if codes[index] >= 0:
        rules = grid.require_names[side]
        return f"does not meet the rule '{side} {rules[int(codes[index])]}'"
    for kind, name, row_codes, col_codes in grid.pair_rules:
        own = row_codes if side == MENTEE else col_codes
        if own[pair_index] < 0:
            return f"has no {name} given, which the '{kind}' rule needs"
    return None


def _candidate_counts(
    firsts: np.ndarray,
    side_codes: np.ndarray,
    pair_codes: np.ndarray,
    grid: Grid,
    other: str,
    labels: dict[int, Label],
) -> list[tuple[int, Label]]:
    """Candidates counted by the first rule each breaks (one person's line)."""
    import numpy as np

    found: list[tuple[int, Label]] = []
    for rule in RULES:
        hit = firsts == rule
        if rule == SIDE:
            names = grid.require_names[other]
            counts = np.bincount(side_codes[hit], minlength=len(names))
            found += [
                (int(n), _side_label(other, names[i])) for i, n in enumerate(counts)
            ]
        elif rule == PAIR:
            counts = np.bincount(pair_codes[hit], minlength=2 * len(grid.pair_rules))
            for code, n in enumerate(counts.tolist()):
                kind, name = grid.pair_rules[code // 2][:2]
                found.append((n, _pair_label("unknown" if code % 2 else kind, name)))
        else:
            found.append((int(np.count_nonzero(hit)), labels[rule]))
    return found


def unpaired_mentees(pool: Pool, grid: Grid, lonely: np.ndarray) -> list[Unpaired]:
    """Why each mentee row in ``lonely`` got no mentor."""
    import numpy as np

    result: list[Unpaired] = []
    if not lonely.size:
        return result
    cols = np.arange(len(grid.mentor_ix))
    firsts = _first_rules(grid.broken[lonely])
    n_eligible = np.count_nonzero(grid.eligible.rows(lonely), axis=1)
    pair_codes = _pair_rule_codes(grid, lonely, cols)
    for k, row in enumerate(lonely.tolist()):
        email = pool.emails[grid.mentee_ix[row]]
        reason = _own_problem(grid, MENTEE, row, row)
        if reason is None and n_eligible[k] == 1:
            reason = "the only eligible mentor was needed for another mentee"
        elif reason is None and n_eligible[k]:
            reason = f"all {n_eligible[k]} eligible mentors were needed for others"
        elif reason is None:
            found = _candidate_counts(
                firsts[k], grid.mentor_side, pair_codes[k], grid, MENTOR, _MENTOR_LABELS
            )
            full = np.count_nonzero((firsts[k] == 0) & ~grid.has_place)
            found.append((int(full), _AT_CAPACITY))
            reason = "no eligible mentor: " + count_text(found)
        result.append(Unpaired(email, MENTEE, reason))
    return result


def unpaired_mentors(pool: Pool, grid: Grid, lonely: np.ndarray) -> list[Unpaired]:
    """Why each mentor column in ``lonely`` got no mentee."""
    import numpy as np

    result: list[Unpaired] = []
    if not lonely.size:
        return result
    rows = np.arange(len(grid.mentee_ix))
    firsts = _first_rules(grid.broken[:, lonely]).T
    pair_codes = _pair_rule_codes(grid, rows, lonely).T
    for k, col in enumerate(lonely.tolist()):
        email = pool.emails[grid.mentor_ix[col]]
        n_eligible = int(np.count_nonzero(firsts[k] == 0))
        reason = _own_problem(grid, MENTOR, col, col)
        if reason is not None:
            pass
        elif not grid.has_place[col]:
            reason = f"has a capacity of {int(grid.capacity[col])}"
        elif n_eligible == 1:
            reason = "the only eligible mentee was paired with another mentor"
        elif n_eligible:
            reason = f"all {n_eligible} eligible mentees were paired with others"
        else:
            found = _candidate_counts(
                firsts[k], grid.mentee_side, pair_codes[k], grid, MENTEE, _MENTEE_LABELS
            )
            reason = "no eligible mentee: " + count_text(found)
        result.append(Unpaired(email, MENTOR, reason))
    return result


# --------------------------------------------------------------------------- preferences


def unmet_preferences(
    pool: Pool,
    asking: list[str],
    pairs: list[ProposedPair],
    active: list[tuple[str, str]],
) -> list[UnmetPreference]:
    """Each preference of the people in play that this pairing did not meet.

    ``asking``: the emails of the people the run tried to pair (mentees without
    a mentor, mentors with a free place); ``pairs`` the run's pairs; ``active``
    the pairs already in force.
    """
    partners: dict[str, set[str]] = {}
    for mentor, mentee in [*active, *((p.mentor, p.mentee) for p in pairs)]:
        partners.setdefault(mentor, set()).add(mentee)
        partners.setdefault(mentee, set()).add(mentor)
    new_partners: dict[str, list[str]] = {}
    for p in pairs:
        new_partners.setdefault(p.mentor, []).append(p.mentee)
        new_partners.setdefault(p.mentee, []).append(p.mentor)
    taken = {mentee for _, mentee in active}
    result: list[UnmetPreference] = []
    for email in dict.fromkeys(asking):
        person = pool.by_email[email]
        ranked = list(dict.fromkeys(normalize_email(w) for w in person.prefers or ()))
        for rank, wanted in enumerate(ranked, start=1):
            if wanted in partners.get(email, ()):
                continue
            name = _name(pool, wanted)
            better = [
                (at, other)
                for at, other in enumerate(ranked[: rank - 1], start=1)
                if other in new_partners.get(email, ())
            ]
            if better:  # they got someone they wanted more
                at, other = better[0]
                reason = (
                    f"asked for {name} ({ordinal(rank)} choice) and was paired with "
                    f"their {ordinal(at)} choice, {_name(pool, other)}"
                )
            else:
                why = _why_not(pool, person, wanted, taken, new_partners)
                reason = f"asked for {name}, {why}"
            result.append(UnmetPreference(email, wanted, reason))
    return result


def _name(pool: Pool, email: str) -> str:
    person = pool.by_email.get(email)
    return " ".join(person.name.split()) if person and person.name else email


def _why_not(
    pool: Pool,
    person: Participant,
    wanted: str,
    taken: set[str],
    new_partners: dict[str, list[str]],
) -> str:
    """Why ``person`` was not paired with ``wanted`` (completes "asked for X, ")."""
    other = pool.by_email.get(wanted)
    if other is None:
        return "who is not enrolled"
    if other.role == person.role:
        return f"who is also a {person.role}"
    if other.status != ACTIVE:
        return f"who is {other.status}"
    mentor, mentee = (other, person) if person.role == MENTEE else (person, other)
    broken = _rule_between(pool, mentor, mentee, person)
    if broken is not None:
        return broken
    if other.role == MENTEE and wanted in taken:
        return "who already has a mentor"
    if other.role == MENTOR and pool.load[wanted] >= other.capacity:
        return "who has no place left"
    elsewhere = new_partners.get(wanted)
    if elsewhere:
        names = ", ".join(_name(pool, email) for email in elsewhere)
        return f"who was paired with {names}: that made more pairs or a better match overall"
    return "but pairing them elsewhere made more pairs or a better match overall"


def _rule_between(
    pool: Pool, mentor: Participant, mentee: Participant, asker: Participant
) -> str | None:
    """The first rule that keeps this mentor and mentee apart, as a phrase."""
    settings = pool.settings
    gap = settings.min_level_gap
    known = mentor.level is not None and mentee.level is not None
    if known and mentee.level - mentor.level < gap:
        return f"but their level gap is below the program's minimum of {gap}"
    m, e = normalize_email(mentor.email), normalize_email(mentee.email)
    if same_line(pool, m, e):
        return "who is in the same reporting line"
    for side, who in ((MENTOR, mentor), (MENTEE, mentee)):
        failed = side_rule_failed(who, getattr(settings.require, side))
        if failed is not None:
            subject = "they do" if who is asker else "the other does"
            return f"but {subject} not meet the rule '{side} {failed}'"
    pair_rule = pair_rule_failed(mentor, mentee, settings.require)
    if pair_rule is not None:
        kind, name = pair_rule
        if kind == "unknown":
            return f"but {name} is not known for both, which a require rule needs"
        return f"but the rule '{kind}: {name}' keeps them apart"
    if frozenset((m, e)) in pool.avoided:
        return "but the two are on the avoid list"
    if (m, e) in pool.blocked_past:
        return "who was paired with them before"
    return None
