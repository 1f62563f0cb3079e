"""The matcher on its own: optimal against exhaustive search, rules, reasons."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from revmentor.domain.models import (
    DEFAULT_WEIGHTS,
    MatchingSettings,
    Participant,
    Requirements,
)
from revmentor.domain.pairing.matching import MatchResult, match
from revmentor.domain.pairing.pool import ProposedPair, Unpaired
from revmentor.domain.pairing.reasons import Reason
from revmentor.domain.validation import topic_key

# --------------------------------------------------------------------------- helpers


def mentor(email, name=None, **kw) -> Participant:
    return Participant(
        email=email, name=name or email.split("@")[0], role="mentor", **kw
    )


def mentee(email, name=None, **kw) -> Participant:
    return Participant(
        email=email, name=name or email.split("@")[0], role="mentee", **kw
    )


def pairs_of(result: MatchResult) -> set[tuple[str, str]]:
    return {(p.mentor, p.mentee) for p in result.pairs}


def pair_score(m, e, cfg, waited=None):
    """The score, reasons and shared topics ``match`` gives a pair the
    coordinator fixed (kept whatever the rules, scored like any other)."""
    result = match([m, e], cfg, fixed=[(m.email, e.email)], waited=waited)
    [pair] = result.pairs
    assert pair.reasons[0] == Reason("fixed", "fixed by the coordinator")
    return pair.score, pair.reasons[1:], pair.shared_topics


def reasons_of(result: MatchResult) -> dict[str, str]:
    return {u.email: u.reason for u in result.unpaired}


# --------------------------------------------------------------------------- reference
# A deliberately plain re-statement of the matcher's rules (``Pool.broken``:
# who may mentor whom; ``score_matrix``: the score), one pair at a time.

LEVEL, LINE, SIDE, PAIR, AVOID, PAST = "level", "line", "side", "pair", "avoid", "past"
FIELDS = ("department", "title", "level", "organization", "timezone")


def norm(value) -> str | None:
    text = " ".join(str(value).split()).casefold() if value is not None else ""
    return text or None


def ref_org(p: Participant) -> str | None:
    return norm(p.organization)


def ref_value(p: Participant, name: str) -> str | None:
    if name in FIELDS:
        return norm(getattr(p, name))
    return norm(p.attributes.get(name))


def ref_chain(email: str, by_email: dict[str, Participant]) -> set[str]:
    above: set[str] = set()
    org = ref_org(by_email[email])
    manager = by_email[email].manager
    while (
        manager
        and manager.lower() in by_email
        and manager.lower() not in above
        and ref_org(by_email[manager.lower()]) == org
    ):
        manager = manager.lower()
        above.add(manager)
        manager = by_email[manager].manager
    above.discard(email)
    return above


def ref_side_fail(p: Participant, rules: dict[str, list[str]]) -> str | None:
    for name, allowed in rules.items():
        if ref_value(p, name) not in {norm(a) for a in allowed}:
            return name
    return None


def ref_pair_fail(m, e, cfg) -> tuple[str, str] | None:
    for kind, names in (("differ", cfg.require.differ), ("same", cfg.require.same)):
        for name in names:
            a, b = ref_value(m, name), ref_value(e, name)
            if a is None or b is None:
                return ("unknown", name)
            if (a == b) == (kind == "differ"):
                return (kind, name)
    return None


def ref_first_rule(m, e, by_email, cfg, avoid, past) -> tuple | None:
    both_known = m.level is not None and e.level is not None
    if both_known and e.level - m.level < cfg.min_level_gap:
        return (LEVEL,)
    if m.email in ref_chain(e.email, by_email) or e.email in ref_chain(
        m.email, by_email
    ):
        return (LINE,)
    for side, person in (("mentor", m), ("mentee", e)):
        failed = ref_side_fail(person, getattr(cfg.require, side))
        if failed:
            return (SIDE, side, failed)
    broken = ref_pair_fail(m, e, cfg)
    if broken:
        return (PAIR, *broken)
    if frozenset((m.email, e.email)) in avoid:
        return (AVOID,)
    if not cfg.allow_repeats and (m.email, e.email) in past:
        return (PAST,)
    return None


def ref_score(m, e, cfg, waited=()) -> float:
    w = {**DEFAULT_WEIGHTS, **cfg.weights}
    score = 0.0
    wanted = list(dict.fromkeys(topic_key(t) for t in e.learns if topic_key(t)))
    taught = {topic_key(t) for t in m.teaches}
    if wanted:
        score += w["topics"] * sum(k in taught for k in wanted) / len(wanted)
    departments = {(d or "").strip().lower() for d in (m.department, e.department)}
    if (
        ref_org(m) != ref_org(e)
        or m.department
        and e.department
        and len(departments) == 2
    ):
        score += w["cross_department"]
    if cfg.diversity_attributes:
        differ = 0
        for attr in cfg.diversity_attributes:
            a, b = m.attributes.get(attr), e.attributes.get(attr)
            if a is not None and b is not None and a != b:
                differ += 1
        score += w["diversity"] * differ / len(cfg.diversity_attributes)
    for chooser, chosen in ((e, m), (m, e)):
        if chosen.email in chooser.prefers:
            score += w["preference"] / (chooser.prefers.index(chosen.email) + 1)
    score += w["waited"] * sum(p.email in waited for p in (m, e))
    return score


def exhaustive_optimum(rows, cols, eligible, scores, places) -> tuple[int, float]:
    """Best (number of pairs, total score) over every assignment."""

    @cache
    def best(i: int, left: tuple[int, ...]) -> tuple[int, float]:
        if i == len(rows):
            return (0, 0.0)
        options = [best(i + 1, left)]
        for j in range(len(cols)):
            if left[j] > 0 and eligible[i][j]:
                n, s = best(i + 1, left[:j] + (left[j] - 1,) + left[j + 1 :])
                options.append((n + 1, s + scores[i][j]))
        return max(options)

    return best(0, tuple(places))


COUNT = re.compile(r"(\d+) (.+)")


def parse_counts(text: str) -> dict[str, int]:
    counts = {}
    for part in text.split(", "):
        number, label = COUNT.fullmatch(part).groups()
        counts[label] = int(number)
    return counts


def ref_own_problem(person, side: str, cfg) -> str | None:
    failed = ref_side_fail(person, getattr(cfg.require, side))
    if failed:
        return f"does not meet the rule '{side} {failed}'"
    for kind, names in (("differ", cfg.require.differ), ("same", cfg.require.same)):
        for name in names:
            if ref_value(person, name) is None:
                return f"has no {name} given, which the '{kind}' rule needs"
    return None


def ref_label(key: tuple, candidates: str, n: int) -> str:
    verb = {True: ("is", "fails", "has", "was"), False: ("are", "fail", "have", "were")}
    be, fail, has, was = verb[n == 1]
    kind = key[0]
    if kind == LEVEL:
        return f"{be} too {'senior' if candidates == 'mentor' else 'junior'}"
    if kind == LINE:
        return f"{be} in their reporting line"
    if kind == SIDE:
        return f"{fail} '{key[1]} {key[2]}'"
    if kind == PAIR:
        rule, name = key[1], key[2]
        if rule == "differ":
            return f"{has} the same {name}"
        if rule == "same":
            return f"{has} a different {name}"
        return f"{has} no {name} to compare"
    if kind == AVOID:
        return f"{be} on the avoid list with them"
    if kind == PAST:
        return f"{was} paired with them before"
    return f"{be} at capacity"


def ref_counts(keys: list[tuple], candidates: str) -> dict[str, int]:
    tally: dict[tuple, int] = {}
    for key in keys:
        tally[key] = tally.get(key, 0) + 1
    return {ref_label(key, candidates, n): n for key, n in tally.items()}


# --------------------------------------------------------------------------- rosters

TOPICS = ["TikTok", "AI assistants", "LinkedIn", "Gen Z trends", "Podcasts"]


def spelled(topic: str):
    return st.sampled_from(
        [topic, topic.lower(), topic.upper(), topic.replace(" ", "  "), f" {topic} "]
    )


@st.composite
def topic_lists(draw):
    chosen = draw(st.lists(st.sampled_from(TOPICS), max_size=4))
    return [draw(spelled(t)) for t in chosen]


@st.composite
def programs(draw):
    n_mentors = draw(st.integers(0, 7))
    n_mentees = draw(st.integers(0, 7))
    people = []
    for role, n in (("mentor", n_mentors), ("mentee", n_mentees)):
        for i in range(n):
            people.append(
                Participant(
                    email=f"{role[4:]}{i}@x.com",  # tor0@, tee0@
                    name=f"{role.title()} {i}",
                    role=role,
                    level=draw(st.none() | st.integers(0, 9)),
                    department=draw(
                        st.sampled_from([None, "Sales", "sales ", "IT", "Finance"])
                    ),
                    teaches=draw(topic_lists()) if role == "mentor" else [],
                    learns=draw(topic_lists()) if role == "mentee" else [],
                    capacity=draw(st.integers(1, 3)) if role == "mentor" else 1,
                    attributes={
                        k: v
                        for k, v in (
                            ("gender", draw(st.sampled_from([None, "f", "m", "x"]))),
                            ("generation", draw(st.sampled_from([None, "z", "y"]))),
                        )
                        if v is not None
                    },
                    status=draw(st.sampled_from(["active"] * 6 + ["paused", "left"])),
                    organization=draw(
                        st.sampled_from([None] * 4 + ["Burlington", " burlington"])
                    ),
                )
            )
    # A random org chart without loops: managers come earlier in a random order,
    # or are outside the program.
    order = draw(st.permutations(range(len(people))))
    for at, i in enumerate(order):
        choice = draw(st.integers(-2, at - 1))
        if choice == -2:
            people[i].manager = "outside.boss@x.com"
        elif choice >= 0:
            people[i].manager = people[order[choice]].email.upper()

    mentors = [p.email for p in people if p.role == "mentor"]
    mentees = [p.email for p in people if p.role == "mentee"]
    everyone = mentors + mentees
    # Preferences: mostly the other side, sometimes the same side or a stranger.
    for person in people:
        other = mentees if person.role == "mentor" else mentors
        choices = [*other, *other, "stranger@x.com", *everyone[:1]]
        person.prefers = [
            e
            for e in dict.fromkeys(draw(st.lists(st.sampled_from(choices), max_size=3)))
            if e != person.email
        ]
    require = Requirements(
        mentor=draw(
            st.sampled_from([{}, {}, {"gender": ["f"]}, {"gender": ["F", "x"]}])
        ),
        mentee=draw(st.sampled_from([{}, {}, {"gender": ["m"]}])),
        differ=draw(st.sampled_from([[], [], ["department"]])),
        same=draw(st.sampled_from([[], [], ["generation"]])),
    )
    cfg = MatchingSettings(
        min_level_gap=draw(st.integers(0, 3)),
        weights={
            k: v
            for k in ("topics", "cross_department", "diversity", "preference", "waited")
            if (v := draw(st.none() | st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0])))
            is not None
        },
        diversity_attributes=draw(
            st.sampled_from([[], ["gender"], ["gender", "generation"]])
        ),
        allow_repeats=draw(st.booleans()),
        require=require,
    )
    active, fixed = [], []
    if mentors and mentees:
        taken = draw(st.lists(st.sampled_from(mentees), max_size=3, unique=True))
        active = [(draw(st.sampled_from(mentors)), e) for e in taken]
        free = [e for e in mentees if e not in taken]
        if free:
            chosen = draw(st.lists(st.sampled_from(free), max_size=2, unique=True))
            fixed = [(draw(st.sampled_from(mentors)), e) for e in chosen]
    past = (
        draw(st.lists(st.tuples(st.sampled_from(mentors), st.sampled_from(mentees))))
        if mentors and mentees
        else []
    )
    avoid = (
        draw(st.lists(st.tuples(st.sampled_from(everyone), st.sampled_from(everyone))))
        if everyone
        else []
    )
    waited = (
        {e: 1 for e in draw(st.lists(st.sampled_from(everyone), unique=True))}
        if everyone
        else {}
    )
    return people, cfg, active, past, fixed, avoid, waited


def run(people, cfg, active, past, fixed, avoid, waited) -> MatchResult:
    return match(
        people,
        cfg,
        active_pairs=active,
        past_pairs=past,
        fixed=fixed,
        avoid=avoid,
        waited=waited,
    )


# --------------------------------------------------------------------------- properties


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs(), st.data())
def test_optimal_rule_abiding_explained_and_order_free(program, data):
    people, cfg, active, past, fixed, avoid, _ = program
    result = run(*program)
    by_email = {p.email: p for p in people}
    avoided = {frozenset(pair) for pair in avoid}
    past_set = set(past)

    # Fixed pairs (the generator only fixes mentees without an active pair) are all
    # kept, flagged and count against capacity.
    got_fixed = {(p.mentor, p.mentee) for p in result.pairs if p.fixed}
    assert got_fixed == set(fixed)
    load = {p.email: 0 for p in people}
    for m, _ in active + fixed:
        load[m] += 1

    mentors = [p for p in people if p.role == "mentor" and p.status == "active"]
    taken = {e for _, e in active} | {e for _, e in fixed}
    needing = [
        p
        for p in people
        if p.role == "mentee" and p.status == "active" and p.email not in taken
    ]
    places = [max(m.capacity - load[m.email], 0) for m in mentors]
    rule = [
        [ref_first_rule(m, e, by_email, cfg, avoided, past_set) for m in mentors]
        for e in needing
    ]
    eligible = [
        [rule[i][j] is None and places[j] > 0 for j in range(len(mentors))]
        for i in range(len(needing))
    ]
    waited = program[-1]
    scores = [[ref_score(m, e, cfg, waited) for m in mentors] for e in needing]

    new = [p for p in result.pairs if not p.fixed]
    # No new pair breaks a rule; mentees appear once; capacity holds.
    col = {m.email: j for j, m in enumerate(mentors)}
    row = {e.email: i for i, e in enumerate(needing)}
    for p in new:
        assert p.mentee in row and p.mentor in col
        assert eligible[row[p.mentee]][col[p.mentor]]
        assert p.score == pytest.approx(
            round(scores[row[p.mentee]][col[p.mentor]], 3), abs=1e-9
        )
    assert len({p.mentee for p in result.pairs}) == len(result.pairs)
    for m in mentors:
        total = load[m.email] + sum(p.mentor == m.email for p in new)
        assert total <= max(m.capacity, load[m.email])

    # As many pairs as possible, then the best total score.
    best_count, best_score = exhaustive_optimum(
        needing, mentors, eligible, scores, places
    )
    assert len(new) == best_count
    total = sum(scores[row[p.mentee]][col[p.mentor]] for p in new)
    assert total == pytest.approx(best_score, abs=1e-6)

    # Everyone left unpaired is listed, with a reason counted by rule.
    paired_mentees = {p.mentee for p in new}
    expected = {e.email for e in needing if e.email not in paired_mentees}
    expected |= {
        m.email
        for m in mentors
        if load[m.email] == 0 and not any(p.mentor == m.email for p in new)
    }
    assert {u.email for u in result.unpaired} == expected
    for u in result.unpaired:
        if u.role == "mentee":
            i = row[u.email]
            n_ok = sum(eligible[i])
            own = ref_own_problem(needing[i], "mentee", cfg)
            if not mentors:
                assert u.reason == "no active mentors in the program"
            elif own:
                assert u.reason == own
            elif n_ok == 1:
                assert u.reason == (
                    "the only eligible mentor was needed for another mentee"
                )
            elif n_ok:
                assert u.reason == f"all {n_ok} eligible mentors were needed for others"
            else:
                keys = [rule[i][j] or ("capacity",) for j in range(len(mentors))]
                assert u.reason.startswith("no eligible mentor: ")
                assert parse_counts(
                    u.reason.removeprefix("no eligible mentor: ")
                ) == ref_counts(keys, "mentor")
        else:
            j = col[u.email]
            n_ok = sum(rule[i][j] is None for i in range(len(needing)))
            own = ref_own_problem(mentors[j], "mentor", cfg)
            if not needing:
                assert u.reason in (
                    "no active mentees in the program",
                    "every active mentee already has a mentor",
                )
            elif own:
                assert u.reason == own
            elif n_ok == 1:
                assert u.reason == (
                    "the only eligible mentee was paired with another mentor"
                )
            elif n_ok:
                assert (
                    u.reason == f"all {n_ok} eligible mentees were paired with others"
                )
            else:
                keys = [rule[i][j] for i in range(len(needing))]
                assert parse_counts(
                    u.reason.removeprefix("no eligible mentee: ")
                ) == ref_counts(keys, "mentee")

    # Every preference of someone in play that was not met is explained.
    partner = {p.mentee: p.mentor for p in result.pairs}
    partner.update({m: e for m, e in active})
    for note in result.unmet_preferences:
        person = by_email[note.email]
        assert note.asked_for in person.prefers
        assert partner.get(note.email) != note.asked_for
        assert note.reason.startswith("asked for ")

    # The order of the participants changes nothing.
    shuffled = data.draw(st.permutations(people))
    assert run(list(shuffled), *program[1:]) == result


@st.composite
def contested(draw):
    """Everyone active and eligible but for an avoid list: many ways to trade
    a pair for a better score, which the matcher must never take."""
    n_mentors, n_mentees = draw(st.integers(1, 5)), draw(st.integers(1, 7))
    mentors = [
        mentor(
            f"r{j}@x.com", capacity=draw(st.integers(1, 2)), teaches=draw(topic_lists())
        )
        for j in range(n_mentors)
    ]
    mentees = [
        mentee(f"e{i}@x.com", learns=draw(topic_lists())) for i in range(n_mentees)
    ]
    avoid = draw(
        st.lists(
            st.tuples(
                st.sampled_from([m.email for m in mentors]),
                st.sampled_from([e.email for e in mentees]),
            ),
            max_size=n_mentors * n_mentees,
        )
    )
    return mentors + mentees, avoid


@settings(max_examples=300, deadline=None)
@given(contested())
def test_never_trades_a_pair_for_score(program):
    people, avoid = program
    cfg = MatchingSettings(weights={"topics": 10.0})
    result = match(people, cfg, avoid=avoid)
    mentors = [p for p in people if p.role == "mentor"]
    mentees = [p for p in people if p.role == "mentee"]
    avoided = {frozenset(pair) for pair in avoid}
    eligible = [
        [frozenset((m.email, e.email)) not in avoided for m in mentors] for e in mentees
    ]
    scores = [[ref_score(m, e, cfg) for m in mentors] for e in mentees]
    best = exhaustive_optimum(
        mentees, mentors, eligible, scores, [m.capacity for m in mentors]
    )
    assert len(result.pairs) == best[0]
    by_email = {p.email: p for p in people}
    total = sum(
        ref_score(by_email[p.mentor], by_email[p.mentee], cfg) for p in result.pairs
    )
    assert total == pytest.approx(best[1], abs=1e-6)


@settings(max_examples=40, deadline=None)
@given(programs())
def test_pair_score_agrees_with_reference(program):
    people, cfg, *_, waited = program
    for m in (p for p in people if p.role == "mentor"):
        for e in (p for p in people if p.role == "mentee"):
            score, reasons, shared = pair_score(m, e, cfg, waited=waited)
            assert score == pytest.approx(
                round(ref_score(m, e, cfg, waited), 3), abs=1e-9
            )
            taught = {topic_key(t) for t in m.teaches}
            want_shared = []
            for t in e.learns:
                k = topic_key(t)
                if k in taught and k not in {topic_key(s) for s in want_shared}:
                    want_shared.append(" ".join(t.split()))
            assert shared == want_shared


# --------------------------------------------------------------------------- named cases


def test_junior_under_a_vp_cannot_mentor_that_vp_nor_the_ceo():
    people = [
        mentee("ceo@x.com", "Chief", level=10, learns=["TikTok"]),
        mentee("vp@x.com", "Vice", level=8, manager="ceo@x.com", learns=["TikTok"]),
        # the lead is paused, yet the reporting line still runs through them
        mentee("lead@x.com", "Lead", level=5, manager="vp@x.com", status="paused"),
        mentor(
            "junior@x.com", "Junior", level=2, manager="LEAD@x.com", teaches=["TikTok"]
        ),
    ]
    result = match(people, MatchingSettings())
    assert result.pairs == []
    assert result.unpaired == [
        Unpaired(
            "ceo@x.com", "mentee", "no eligible mentor: 1 is in their reporting line"
        ),
        Unpaired(
            "vp@x.com", "mentee", "no eligible mentor: 1 is in their reporting line"
        ),
        Unpaired(
            "junior@x.com",
            "mentor",
            "no eligible mentee: 2 are in their reporting line",
        ),
    ]

    # A mentor from another branch can take one of them; the other is told why.
    people.append(mentor("out@x.com", "Outsider", level=1, teaches=["tiktok"]))
    people[1].learns = []  # the VP wants nothing in particular: the CEO scores more
    result = match(people, MatchingSettings())
    assert pairs_of(result) == {("out@x.com", "ceo@x.com")}
    assert reasons_of(result) == {
        "vp@x.com": "the only eligible mentor was needed for another mentee",
        "junior@x.com": "no eligible mentee: 2 are in their reporting line",
    }


def test_reporting_line_counts_in_both_directions():
    # an odd chart: the mentee reports to the mentor
    people = [
        mentor("boss@x.com", "Boss"),
        mentee("report@x.com", "Report", manager="boss@x.com"),
    ]
    result = match(people, MatchingSettings())
    assert result.pairs == []
    assert reasons_of(result) == {
        "report@x.com": "no eligible mentor: 1 is in their reporting line",
        "boss@x.com": "no eligible mentee: 1 is in their reporting line",
    }


def test_a_ceo_nobody_may_mentor_is_told_why_counted_by_rule():
    people = [
        mentee("ceo@x.com", "Chief", level=10, learns=["AI assistants"]),
        mentee("other@x.com", "Other", level=9),
        mentee("third@x.com", "Third", level=9),
        mentee("fourth@x.com", "Fourth", level=9),
        mentor("r1@x.com", level=2, manager="ceo@x.com"),
        mentor("r2@x.com", level=3, manager="ceo@x.com"),
        mentor("r3@x.com", level=3, manager="r1@x.com"),  # two levels down
        mentor("s1@x.com", level=10, manager="ceo@x.com"),  # too senior comes first
        mentor("a1@x.com", level=2),
        mentor("p1@x.com", level=2),
        mentor("c1@x.com", level=2),
        mentor("c2@x.com", level=2, capacity=2),
    ]
    result = match(
        people,
        MatchingSettings(),
        active_pairs=[
            ("c1@x.com", "other@x.com"),
            ("c2@x.com", "third@x.com"),
            ("c2@x.com", "fourth@x.com"),
        ],
        past_pairs=[("p1@x.com", "ceo@x.com")],
        fixed=[("c2@x.com", "other@x.com")],  # skipped: other has a mentor
        avoid=[("CEO@x.com", "a1@X.com")],
    )
    assert result.pairs == []
    assert reasons_of(result) == {
        "ceo@x.com": "no eligible mentor: 3 are in their reporting line, 2 are at capacity, "
        "1 is too senior, 1 is on the avoid list with them, 1 was paired with them before",
        "r1@x.com": "no eligible mentee: 1 is in their reporting line",
        "r2@x.com": "no eligible mentee: 1 is in their reporting line",
        "r3@x.com": "no eligible mentee: 1 is in their reporting line",
        "s1@x.com": "no eligible mentee: 1 is too junior",
        "a1@x.com": "no eligible mentee: 1 is on the avoid list with them",
        "p1@x.com": "no eligible mentee: 1 was paired with them before",
    }
    assert result.warnings == [
        "fixed pair c2@x.com → other@x.com is skipped: other@x.com already has an "
        "active pair with c1@x.com"
    ]


def test_capacity_two():
    people = [
        mentor("ana@x.com", "Ana", capacity=2, teaches=["TikTok", "AI assistants"]),
        mentor("bo@x.com", "Bo", teaches=["LinkedIn"]),
        mentee("m1@x.com", learns=["TikTok"]),
        mentee("m2@x.com", learns=["AI assistants"]),
        mentee("m3@x.com", learns=["TikTok"]),
    ]
    result = match(people, MatchingSettings())
    assert len(result.pairs) == 3
    assert sum(p.mentor == "ana@x.com" for p in result.pairs) == 2
    assert sum(p.mentor == "bo@x.com" for p in result.pairs) == 1
    assert sum(p.score for p in result.pairs) == pytest.approx(6.0)
    assert result.unpaired == []

    # one place already used by an active pair: only one more, the best one
    people = [
        mentor("ana@x.com", "Ana", capacity=2, teaches=["TikTok", "AI assistants"]),
        mentee("m1@x.com", learns=["TikTok", "Podcasts"]),
        mentee("m2@x.com", learns=["Podcasts"]),
        mentee("m3@x.com", learns=["AI assistants", "TikTok"]),
    ]
    result = match(people, MatchingSettings(), active_pairs=[("ana@x.com", "x@x.com")])
    assert pairs_of(result) == {("ana@x.com", "m3@x.com")}
    assert reasons_of(result) == {
        "m1@x.com": "the only eligible mentor was needed for another mentee",
        "m2@x.com": "the only eligible mentor was needed for another mentee",
    }
    # full: counted as at capacity
    result = match(
        people,
        MatchingSettings(),
        active_pairs=[("ana@x.com", "x@x.com"), ("ana@x.com", "y@x.com")],
    )
    assert result.pairs == []
    assert set(reasons_of(result).values()) == {"no eligible mentor: 1 is at capacity"}


def test_capacity_two_beside_a_mentor_nobody_may_have():
    people = [
        mentor("ana@x.com", capacity=2, level=1),
        mentor("bo@x.com", level=9),  # too senior for everyone
        mentee("x@x.com", level=5, learns=["TikTok"]),
        mentee("y@x.com", level=5),
    ]
    result = match(people, MatchingSettings())
    assert pairs_of(result) == {("ana@x.com", "x@x.com"), ("ana@x.com", "y@x.com")}
    assert result.unpaired == [
        Unpaired("bo@x.com", "mentor", "no eligible mentee: 2 are too junior")
    ]


def test_as_many_pairs_as_possible_before_the_best_score():
    # Greedy by score gives ana to x and leaves y alone; the optimum pairs both.
    people = [
        mentor("ana@x.com", teaches=["TikTok"], level=1),
        mentor("bo@x.com", level=1),
        mentee("x@x.com", learns=["TikTok"], level=5),
        mentee("y@x.com", learns=["TikTok", "Podcasts"], level=5, manager="bo@x.com"),
    ]
    result = match(people, MatchingSettings())
    assert pairs_of(result) == {("ana@x.com", "y@x.com"), ("bo@x.com", "x@x.com")}
    assert [p.score for p in result.pairs] == [1.5, 0.0]  # 1.5, not 3.0 for ana → x
    assert result.unpaired == []


def test_topics_compare_case_and_space_insensitively():
    people = [
        mentor("ana@x.com", teaches=["ai assistants", "TIKTOK"]),
        mentee(
            "dana@x.com", "Dana Lee", learns=["AI  assistants", "TikTok", "Podcasts"]
        ),
    ]
    result = match(people, MatchingSettings())
    [pair] = result.pairs
    assert pair.shared_topics == ["AI assistants", "TikTok"]
    assert pair.score == 2.0
    assert [r.text for r in pair.reasons] == [
        "covers 2 of 3 topics Dana Lee wants: AI assistants, TikTok"
    ]


def test_pair_reasons_name_departments_gap_and_attributes_never_values():
    ana = mentor(
        "ana@x.com",
        "Ana",
        level=2,
        department="Marketing",
        teaches=["TikTok"],
        attributes={"gender": "female", "generation": "Z"},
    )
    dana = mentee(
        "dana@x.com",
        "Dana Lee",
        level=8,
        department="finance",
        learns=["TikTok", "AI assistants"],
        attributes={"Gender": "male", "generation": "z "},
    )
    cfg = MatchingSettings(
        weights={"topics": 4}, diversity_attributes=["gender", "generation"]
    )
    score, coded, shared = pair_score(ana, dana, cfg)
    reasons = [r.text for r in coded]
    assert score == 2.0 + 1.0 + 0.5
    assert shared == ["TikTok"]
    assert [r.code for r in coded] == [
        "topics",
        "departments",
        "level_gap",
        "diversity",
    ]
    assert reasons == [
        "covers 1 of 2 topics Dana Lee wants: TikTok",
        "different departments: Marketing and finance",
        "level gap 6 (2 → 8)",
        "brings a different gender",
    ]
    assert not any("female" in r or "male" in r for r in reasons)
    # same department (case differs), nothing covered, no levels
    bo = mentor("bo@x.com", department="FINANCE")
    score, coded, shared = pair_score(bo, dana, MatchingSettings())
    assert (score, [r.text for r in coded], shared) == (
        0.0,
        ["covers none of the 2 topics Dana Lee wants"],
        [],
    )


def test_unicode_names_and_email_case():
    people = [
        mentor("José.Núñez@Example.com", "José Núñez", teaches=["TikTok"]),
        mentor("zoe@example.com", "Zoë", teaches=["TikTok"]),
        mentee("LI.LEI@example.com", "李雷", learns=["tiktok", "Podcasts"]),
    ]
    result = match(
        people, MatchingSettings(), avoid=[("zoe@EXAMPLE.com", "li.lei@example.COM")]
    )
    assert result.pairs == [
        ProposedPair(
            mentor="josé.núñez@example.com",
            mentee="li.lei@example.com",
            score=1.5,
            reasons=[Reason("topics", "covers 1 of 2 topics 李雷 wants: tiktok")],
            shared_topics=["tiktok"],
        )
    ]
    assert result.unpaired == [
        Unpaired(
            "zoe@example.com",
            "mentor",
            "no eligible mentee: 1 is on the avoid list with them",
        )
    ]


def test_fixed_pairs_are_kept_with_warnings_and_use_capacity():
    people = [
        mentor("ana@x.com", "Ana", level=2, manager="sam@x.com", teaches=["TikTok"]),
        mentor("bo@x.com", "Bo", level=1),
        mentee("sam@x.com", "Sam", level=9, learns=["TikTok"]),
        mentee("kim@x.com", "Kim", level=9, learns=["TikTok"]),
        mentee("lou@x.com", "Lou", level=9),
        mentee("max@x.com", "Max", level=9),
    ]
    result = match(
        people,
        MatchingSettings(),
        active_pairs=[("bo@x.com", "max@x.com"), ("bo@x.com", "lou@x.com")],
        fixed=[
            ("ana@x.com", "sam@x.com"),  # reporting line and avoid list: kept
            ("ana@x.com", "max@x.com"),  # max has bo already
        ],
        avoid=[("sam@x.com", "ana@x.com")],
    )
    assert result.pairs == [
        ProposedPair(
            "ana@x.com",
            "sam@x.com",
            3.0,
            [
                Reason("fixed", "fixed by the coordinator"),
                Reason("topics", "covers the one topic Sam wants: TikTok"),
                Reason("level_gap", "level gap 7 (2 → 9)"),
            ],
            ["TikTok"],
            fixed=True,
        )
    ]
    assert result.warnings == [
        "fixed pair ana@x.com → sam@x.com is in the same reporting line",
        "fixed pair ana@x.com → sam@x.com is on the avoid list",
        "fixed pair ana@x.com → max@x.com is skipped: max@x.com already has an "
        "active pair with bo@x.com",
    ]
    # ana's one place went to the fixed pair, bo has none left (capacity 1, 2 active)
    assert result.unpaired == [
        Unpaired("kim@x.com", "mentee", "no eligible mentor: 2 are at capacity")
    ]


def test_fixed_pair_over_capacity_and_level_is_kept_with_warnings():
    people = [
        mentor("ana@x.com", level=5),
        mentee("sam@x.com", level=5),
        mentee("kim@x.com", level=6, status="paused"),
    ]
    result = match(
        people,
        MatchingSettings(min_level_gap=2),
        fixed=[("ana@x.com", "sam@x.com"), ("ana@x.com", "kim@x.com")],
        past_pairs=[("ana@x.com", "kim@x.com")],
    )
    assert pairs_of(result) == {("ana@x.com", "sam@x.com"), ("ana@x.com", "kim@x.com")}
    assert all(p.fixed for p in result.pairs)
    assert result.warnings == [
        "fixed pair ana@x.com → sam@x.com has a level gap of 0 (5 → 5), "
        "less than the minimum of 2",
        "fixed pair ana@x.com → kim@x.com includes kim@x.com, who is paused",
        "fixed pair ana@x.com → kim@x.com has a level gap of 1 (5 → 6), "
        "less than the minimum of 2",
        "fixed pair ana@x.com → kim@x.com was already paired in an earlier round",
        "fixed pair ana@x.com → kim@x.com takes ana@x.com over capacity "
        "(2 mentees for a capacity of 1)",
    ]
    assert result.unpaired == []


def test_avoid_list_is_unordered():
    people = [
        mentor("ana@x.com", teaches=["TikTok"]),
        mentor("bo@x.com"),
        mentee("sam@x.com", learns=["TikTok"]),
    ]
    for avoid in ([("ana@x.com", "sam@x.com")], [("sam@x.com", "ana@x.com")]):
        result = match(people, MatchingSettings(), avoid=avoid)
        assert pairs_of(result) == {("bo@x.com", "sam@x.com")}
        assert reasons_of(result) == {
            "ana@x.com": "no eligible mentee: 1 is on the avoid list with them"
        }


def test_a_new_round_avoids_earlier_pairs_unless_repeats_are_allowed():
    people = [
        mentor("ana@x.com", teaches=["TikTok"]),
        mentor("bo@x.com", teaches=["LinkedIn"]),
        mentee("sam@x.com", learns=["TikTok"]),
        mentee("kim@x.com", learns=["LinkedIn"]),
    ]
    first = match(people, MatchingSettings())
    assert pairs_of(first) == {("ana@x.com", "sam@x.com"), ("bo@x.com", "kim@x.com")}
    history = [(p.mentor, p.mentee) for p in first.pairs]

    again = match(people, MatchingSettings(), past_pairs=history)
    assert pairs_of(again) == {("ana@x.com", "kim@x.com"), ("bo@x.com", "sam@x.com")}
    assert all(p.score == 0.0 for p in again.pairs)

    repeats = match(people, MatchingSettings(allow_repeats=True), past_pairs=history)
    assert pairs_of(repeats) == pairs_of(first)

    # only one alternative left: sam stays unpaired and is told why
    both = history + [("bo@x.com", "sam@x.com")]
    last = match(people, MatchingSettings(), past_pairs=both)
    assert pairs_of(last) == {("ana@x.com", "kim@x.com")}
    assert reasons_of(last) == {
        "sam@x.com": "no eligible mentor: 2 were paired with them before",
        "bo@x.com": "no eligible mentee: 2 were paired with them before",
    }


def test_paused_and_left_people_are_skipped():
    people = [
        mentor("ana@x.com", teaches=["TikTok"], status="paused"),
        mentor("bo@x.com"),
        mentor("cy@x.com", status="left"),
        mentee("sam@x.com", learns=["TikTok"]),
        mentee("kim@x.com", learns=["TikTok"], status="paused"),
    ]
    result = match(people, MatchingSettings())
    assert pairs_of(result) == {("bo@x.com", "sam@x.com")}
    assert result.unpaired == []

    people = [p for p in people if p.email != "bo@x.com"]
    result = match(people, MatchingSettings())
    assert result.pairs == []
    assert result.unpaired == [
        Unpaired("sam@x.com", "mentee", "no active mentors in the program")
    ]


def test_mentees_in_an_active_pair_are_not_paired_again():
    people = [mentor("ana@x.com", capacity=2), mentee("sam@x.com")]
    result = match(
        people, MatchingSettings(), active_pairs=[("ana@x.com", "sam@x.com")]
    )
    assert result.pairs == [] and result.unpaired == [] and result.warnings == []

    people.append(mentor("bo@x.com"))
    result = match(
        people, MatchingSettings(), active_pairs=[("ana@x.com", "sam@x.com")]
    )
    assert result.unpaired == [
        Unpaired("bo@x.com", "mentor", "every active mentee already has a mentor")
    ]


def test_mentors_left_over_are_told_the_mentees_went_to_others():
    people = [
        mentor("ana@x.com", teaches=["TikTok"]),
        mentor("bo@x.com"),
        mentor("cy@x.com"),
        mentee("sam@x.com", learns=["TikTok"]),
    ]
    result = match(people, MatchingSettings())
    assert pairs_of(result) == {("ana@x.com", "sam@x.com")}
    assert reasons_of(result) == {
        "bo@x.com": "the only eligible mentee was paired with another mentor",
        "cy@x.com": "the only eligible mentee was paired with another mentor",
    }


def test_unknown_levels_and_managers_outside_the_program_do_not_block():
    people = [
        mentor("ana@x.com", level=None, manager="someone.else@x.com"),
        mentee("sam@x.com", level=3, manager="someone.else@x.com"),
    ]
    result = match(people, MatchingSettings(min_level_gap=5))
    assert pairs_of(result) == {("ana@x.com", "sam@x.com")}
    assert result.pairs[0].reasons == []


def test_a_manager_loop_does_not_hang_and_counts_as_one_line():
    people = [
        mentor("a@x.com", manager="b@x.com"),
        mentee("b@x.com", manager="c@x.com"),
        mentee("c@x.com", manager="a@x.com"),
        mentee("d@x.com", manager="c@x.com"),  # below the loop
        mentor("e@x.com", manager="e@x.com"),  # their own manager
    ]
    result = match(people, MatchingSettings())
    assert result.pairs and all(p.mentor == "e@x.com" for p in result.pairs)
    assert reasons_of(result)["a@x.com"] == (
        "no eligible mentee: 3 are in their reporting line"
    )


def test_same_input_same_output_whatever_the_order():
    people = [
        mentor(f"m{i}@x.com", teaches=["TikTok"], level=1, capacity=1 + i % 2)
        for i in range(6)
    ] + [mentee(f"e{i}@x.com", learns=["TikTok"], level=5) for i in range(9)]
    first = match(people, MatchingSettings())
    assert len(first.pairs) == 9
    for shift in range(1, len(people)):
        again = match(people[shift:] + people[:shift], MatchingSettings())
        assert again == first
    assert match(list(reversed(people)), MatchingSettings()) == first
    assert match([replace(p) for p in people], MatchingSettings()) == first


def test_nobody_to_pair():
    assert match([], MatchingSettings()) == MatchResult([], [], [])
    result = match([mentor("ana@x.com")], MatchingSettings())
    assert result.unpaired == [
        Unpaired("ana@x.com", "mentor", "no active mentees in the program")
    ]


def test_importing_the_matcher_does_not_load_numpy_or_scipy():
    code = (
        "import sys, revmentor.domain.pairing.matching; "
        "print(sorted(m for m in ('numpy', 'scipy') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
