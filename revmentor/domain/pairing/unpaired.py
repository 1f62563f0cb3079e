"""The coordinator's pairs and wishes: fixed pairs kept with a warning for each
rule they break, and why a preference was not met. They name the rule, never a
private value. Pure: no I/O.
"""

from __future__ import annotations

from revmentor.domain.models import ACTIVE, MENTEE, MENTOR, Participant
from revmentor.domain.pairing import reasons as why
from revmentor.domain.pairing.pool import (
    Pool,
    ProposedPair,
    UnmetPreference,
    pair_reasons,
    score_matrix,
)
from revmentor.domain.pairing.reasons import Reason, ordinal
from revmentor.domain.validation import normalize_email


def fixed_pairs(
    pool: Pool,
    fixed: list[tuple[str, str]],
    taken: dict[str, str],
    warnings: list[str],
) -> list[ProposedPair]:
    """Keep the coordinator's pairs (each once, none of them active: the stored
    rules are unique, and a pair once made is never fixed again): each broken
    rule is a warning (completing "fixed pair A → B ..."), not a refusal.

    Each kept pair uses one of the mentor's places (``pool.load``).
    """
    import numpy as np

    result: list[ProposedPair] = []
    fixed_mentor: dict[str, str] = {}
    for mentor, mentee in fixed:
        label = f"fixed pair {mentor} → {mentee}"
        if skipped := _skip(pool, (mentor, mentee), taken, fixed_mentor):
            warnings.append(f"{label} is skipped: {skipped}")
            continue
        mp, ep = pool.by_email[mentor], pool.by_email[mentee]
        problems = [
            f"includes {p.email}, who is {p.status}"
            for p in (mp, ep)
            if p.status != ACTIVE
        ]
        problems += [fixed for fixed, _ in pool.broken(mp, ep)]
        if pool.load[mentor] >= mp.capacity:
            problems.append(
                f"takes {mentor} over capacity ({pool.load[mentor] + 1} mentees "
                f"for a capacity of {mp.capacity})"
            )
        warnings.extend(f"{label} {problem}" for problem in problems)
        pool.load[mentor] += 1
        fixed_mentor[mentee] = mentor
        score = score_matrix([ep], [mp], np.zeros(1, dtype=np.int64), pool)[0, 0]
        reasons, shared = pair_reasons(pool, mp, ep)
        reasons.insert(0, Reason(why.FIXED, "fixed by the coordinator"))
        result.append(
            ProposedPair(mentor, mentee, round(float(score), 3), reasons, shared, True)
        )
    return result


def _skip(pool: Pool, pair, taken, fixed_mentor) -> str:
    """Why a fixed pair cannot be made at all ("": it can). Both are enrolled:
    a rule names participants, and participants are never deleted."""
    mentor, mentee = pair
    for who, role in ((mentor, MENTOR), (mentee, MENTEE)):
        if pool.by_email[who].role != role:
            return f"{who} is not a {role}"
    if mentee in taken:
        return f"{mentee} already has an active pair with {taken[mentee]}"
    if mentee in fixed_mentor:
        return f"{mentee} is already fixed with {fixed_mentor[mentee]}"
    return ""


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
    made = [(p.mentor, p.mentee) for p in pairs]
    partners, new_partners = _partners([*active, *made]), _partners(made)
    taken = {mentee for _, mentee in active}
    result: list[UnmetPreference] = []
    for email in dict.fromkeys(asking):
        person = pool.by_email[email]
        ranked = list(dict.fromkeys(normalize_email(w) for w in person.prefers or ()))
        mine = new_partners.get(email, [])
        got = next((at for at, o in enumerate(ranked, start=1) if o in mine), None)
        for rank, wanted in enumerate(ranked, start=1):
            if wanted in partners.get(email, ()):
                continue
            if got is not None and got < rank:  # they got someone they wanted more
                reason = (
                    f"asked for {pool.name(wanted)} ({ordinal(rank)} choice) and was "
                    f"paired with their {ordinal(got)} choice, {pool.name(ranked[got - 1])}"
                )
            else:
                reason = f"asked for {pool.name(wanted)}, "
                reason += _why_not(pool, person, wanted, taken, new_partners)
            result.append(UnmetPreference(email, wanted, reason))
    return result


def _partners(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """email -> the people paired with them, in the order of ``pairs``."""
    found: dict[str, list[str]] = {}
    for mentor, mentee in pairs:
        found.setdefault(mentor, []).append(mentee)
        found.setdefault(mentee, []).append(mentor)
    return found


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
    if broken := pool.broken(mentor, mentee):
        return broken[0][1]
    if other.role == MENTEE and wanted in taken:
        return "who already has a mentor"
    if other.role == MENTOR and pool.load[wanted] >= other.capacity:
        return "who has no place left"
    if elsewhere := new_partners.get(wanted):
        names = ", ".join(pool.name(email) for email in elsewhere)
        return f"who was paired with {names}: that made more pairs or a better match overall"
    return "but pairing them elsewhere made more pairs or a better match overall"
