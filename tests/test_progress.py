"""The progress rules (``domain/sessions/progress.py``), as pure functions."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revmentor.domain.sessions.progress import (
    BEHIND,
    ENDED,
    ON_TRACK,
    STALLED,
    STATUSES,
    progress,
)

PAIRED = date(2027, 1, 4)


def days(n: int) -> date:
    return PAIRED + timedelta(days=n)


def pair(ended: bool = False, ended_on: date | None = None) -> SimpleNamespace:
    status = "ended" if ended else "active"
    return SimpleNamespace(paired_on=PAIRED, status=status, ended_on=ended_on)


def from_sessions(as_of_day: int, sessions: list[int], cadence: int = 14, **kw):
    """Progress of a pair whose sessions (days after pairing) all precede the as-of day."""
    last = days(max(sessions)) if sessions else None
    return progress(pair(**kw), days(as_of_day), cadence, len(sessions), last)


def status_of(as_of_day: int, sessions: list[int], cadence: int = 14, **kw) -> str:
    return from_sessions(as_of_day, sessions, cadence, **kw).status


@pytest.mark.parametrize(
    ("elapsed", "cadence", "expected"),
    [(0, 14, 0), (14, 14, 0), (27, 14, 0), (28, 14, 1), (42, 14, 2), (56, 14, 3)],
)
def test_expected_is_whole_cadences_after_a_first_cadence_of_grace(
    elapsed, cadence, expected
):
    state = progress(pair(), days(elapsed), cadence, 0, None)
    assert state.expected == expected


def test_expected_is_never_negative():
    state = progress(pair(), days(-5), 14, 0, None)
    assert state.expected == 0


def test_new_pair_is_on_track():
    state = from_sessions(0, [])
    assert (state.held, state.expected, state.status) == (0, 0, ON_TRACK)
    assert state.last_session is None
    assert state.days_since_contact == 0


def test_on_track_when_held_meets_expected():
    assert status_of(56, [5, 19, 33, 47]) == ON_TRACK


def test_behind_when_fewer_held_than_expected():
    # 4 expected, 2 held, last session 14 days ago (not stalled)
    assert status_of(56, [10, 42]) == BEHIND


def test_behind_without_any_session_until_twice_the_cadence():
    assert status_of(20, []) == ON_TRACK  # the first meeting's grace
    assert status_of(27, []) == ON_TRACK
    assert status_of(28, []) == BEHIND  # exactly 2 x cadence: not yet stalled


def test_stalled_only_after_more_than_twice_the_cadence():
    assert status_of(29, []) == STALLED  # since pairing
    assert status_of(38, [10]) == ON_TRACK  # 28 days since the last session
    assert status_of(39, [10]) == STALLED  # 29 days
    # stalled comes before "held >= expected": plenty held long ago still stalls
    assert status_of(60, [1, 2, 3, 4, 5]) == STALLED


def test_stalled_follows_the_programs_cadence():
    assert status_of(15, [], cadence=7) == STALLED
    assert status_of(14, [], cadence=7) == BEHIND


def test_ended_comes_first():
    assert status_of(90, [], ended=True, ended_on=days(80)) == ENDED
    assert status_of(90, [], ended=True, ended_on=None) == ENDED


def test_expected_of_an_ended_pair_stops_when_it_ended():
    state = from_sessions(100, [7], ended=True, ended_on=days(28))
    assert (state.held, state.expected, state.status) == (1, 1, ENDED)


def test_pair_that_ended_after_as_of_was_still_running():
    state = from_sessions(41, [14], ended=True, ended_on=days(42))
    assert state.status == ON_TRACK
    assert state.expected == 1


def test_session_on_the_as_of_day_counts():
    state = from_sessions(14, [14])
    assert (state.held, state.status, state.days_since_contact) == (1, ON_TRACK, 0)


def test_progress_takes_counts_already_limited_to_as_of():
    state = progress(pair(), days(44), 14, 2, days(39))
    assert (state.expected, state.status, state.days_since_contact) == (2, ON_TRACK, 5)


def test_a_pair_meeting_on_cadence_after_a_late_first_meeting_is_on_track():
    """Paired on day 0, sessions on days 18, 32, 46 and 60: on day 72,
    (72 - 14) // 14 = 4 sessions are expected and 4 were held."""
    state = from_sessions(72, [18, 32, 46, 60])
    assert (state.held, state.expected, state.status) == (4, 4, ON_TRACK)


def test_nothing_is_expected_after_the_program_ends():
    """Ended on day 70: a year later the pair stands as it did that day."""
    state = progress(pair(), days(435), 14, 4, days(60), program_end=days(70))
    assert (state.expected, state.status, state.days_since_contact) == (
        (70 - 14) // 14,
        ON_TRACK,
        10,
    )
    late = progress(pair(), days(435), 14, 1, days(10), program_end=days(70))
    assert (late.expected, late.status) == (4, STALLED)  # as it stood on day 70


@given(
    elapsed=st.integers(min_value=0, max_value=400),
    sessions=st.lists(st.integers(min_value=0, max_value=400), max_size=30),
    cadence=st.integers(min_value=1, max_value=60),
    ended_after=st.integers(min_value=1, max_value=100),
)
def test_a_later_end_never_changes_the_status(elapsed, sessions, cadence, ended_after):
    """A pair that ends after the as-of day is judged as it stood that day."""
    counted = [d for d in sessions if d <= elapsed]
    running = from_sessions(elapsed, counted, cadence)
    ended = days(elapsed + ended_after)
    assert (
        from_sessions(elapsed, counted, cadence, ended=True, ended_on=ended) == running
    )
    assert running.status in STATUSES
    assert running.held == len(counted)
    assert running.expected >= 0


def test_the_program_ends_after_its_length_and_a_later_round_extends_it():
    from revmentor.domain.models import Settings

    assert Settings(start=None).end is None
    program = Settings(start=PAIRED, length_weeks=12)
    assert program.end == days(84)
    assert Settings(start=PAIRED, length_weeks=20).end == days(140)  # longer
    # Round 2 began on day 90, after the end: it runs 12 weeks from then.
    assert Settings(start=PAIRED, length_weeks=12, round_began=days(90)).end == days(
        174
    )
