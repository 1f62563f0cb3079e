"""One rule set per record, on every way in: a pair never ends before the
sessions it held, and a check-in stores exactly the topic it checked."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revmentor.domain.pairing.pairs import PairSpan, check_pairs_end
from revmentor.domain.sessions.checkins import parse_checkin_topic
from revmentor.domain.validation import (
    _PLAIN_ADDRESS,
    parse_email,
    parsed_as_one_mailbox,
)
from revmentor.errors import InvalidInput
from tests.pairing import add_pair, days_ago


@pytest.fixture
def logged(enrolled):
    """Ana → Dana made 30 days ago, with a session 5 days ago."""
    enrolled.pair_id = add_pair(enrolled, "ana@example.com", "dana@example.com")
    result = enrolled(
        "log",
        "--mentor",
        "ana@example.com",
        "--mentee",
        "dana@example.com",
        "--date",
        days_ago(5),
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    return enrolled


def _refused(cli, before, *argv) -> str:
    result = cli(*argv)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert cli.dump() == before
    return result.stderr


def test_pairs_end_refuses_a_date_before_a_logged_session(logged):
    before = logged.dump()
    stderr = _refused(
        logged,
        before,
        "pairs",
        "end",
        "ana@example.com",
        "dana@example.com",
        "--date",
        days_ago(10),
    )
    assert f"before the last session of Ana Ruiz → Dana Lee (on {days_ago(5)})" in (
        stderr
    )
    ok = logged(
        "pairs", "end", "ana@example.com", "dana@example.com", "--date", days_ago(5)
    )
    assert ok.exit_code == 0, ok.output
    assert logged.rows("SELECT status, ended_on FROM pairs") == [
        {"status": "ended", "ended_on": days_ago(5)}
    ]


def test_pairs_end_still_refuses_the_future_and_before_pairing(logged):
    before = logged.dump()
    future = _refused(
        logged, before, "pairs", "end", "ana@example.com", "dana@example.com",
        "--date", "2999-01-01",
    )  # fmt: skip
    assert "is in the future" in future
    early = _refused(
        logged, before, "pairs", "end", "ana@example.com", "dana@example.com",
        "--date", days_ago(40),
    )  # fmt: skip
    assert "before the pair Ana Ruiz → Dana Lee was made" in early


def test_new_round_refuses_an_end_date_before_a_logged_session(logged):
    before = logged.dump()
    stderr = _refused(
        logged, before, "pair", "--new-round", "--yes", "--date", days_ago(10)
    )
    assert "before the last session of Ana Ruiz → Dana Lee" in stderr


def test_rematch_refuses_an_end_date_before_a_logged_session(logged):
    assert logged("pairs", "fit", "ana@example.com", "dana@example.com", "poor")
    before = logged.dump()
    stderr = _refused(logged, before, "pair", "--rematch", "--date", days_ago(10))
    assert "before the last session of Ana Ruiz → Dana Lee" in stderr


def test_rematch_refuses_an_end_date_before_the_pair_was_made(logged):
    assert logged("pairs", "fit", "ana@example.com", "dana@example.com", "poor")
    before = logged.dump()
    stderr = _refused(logged, before, "pair", "--rematch", "--date", days_ago(40))
    assert "before the pair Ana Ruiz → Dana Lee was made" in stderr


def test_report_counts_no_session_after_a_pair_ended(logged):
    """What the rule protects: an ended pair's sessions all fall before its end."""
    logged("pairs", "end", "ana@example.com", "dana@example.com", "--date", days_ago(2))
    (row,) = logged.rows(
        "SELECT COUNT(*) AS after FROM sessions JOIN pairs ON pairs.id = pair_id "
        "WHERE sessions.date > pairs.ended_on"
    )
    assert row["after"] == 0


@given(
    paired=st.dates(date(2020, 1, 1), date(2030, 1, 1)),
    gap=st.integers(0, 400),
    session_gap=st.one_of(st.none(), st.integers(0, 400)),
    end_gap=st.integers(-50, 900),
)
def test_an_accepted_end_is_never_before_pairing_or_a_session(
    paired, gap, session_gap, end_gap
):
    from datetime import timedelta

    today = paired + timedelta(days=gap + 400)
    last = None if session_gap is None else paired + timedelta(days=session_gap)
    span = PairSpan(1, "A", "B", paired, last)
    end = paired + timedelta(days=end_gap)
    try:
        day = check_pairs_end(end, [span], today=today)
    except InvalidInput:
        assert end < paired or end > today or (last is not None and end < last)
    else:
        assert paired <= day <= today and (last is None or day >= last)


# ---------------------------------------------------------------- check-ins


def test_checkin_with_a_list_of_topics_is_refused_not_stored_as_one(enrolled):
    before = enrolled.dump()
    result = enrolled(
        "checkin",
        "dana@example.com",
        "--topic",
        "TikTok, LinkedIn",
        "--score",
        "3",
        "--phase",
        "baseline",
    )
    assert result.exit_code == 1, result.output
    assert "a check-in scores one topic" in result.stderr
    assert "record each topic with its own score" in result.stderr
    assert enrolled.dump() == before


def test_checkin_topic_with_a_stray_comma_is_the_one_topic(enrolled):
    result = enrolled(
        "checkin", "dana@example.com", "--topic", "tiktok,", "--score", "3",
        "--phase", "baseline",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert enrolled.rows("SELECT topic FROM checkins") == [{"topic": "TikTok"}]


@given(st.text(max_size=40))
def test_a_checked_topic_is_stored_as_it_was_checked(text):
    """Whatever the rule accepts is one topic that lists split back to itself."""
    from revmentor.domain.validation import parse_topics

    try:
        topic = parse_checkin_topic(text)
    except InvalidInput:
        return
    assert parse_topics(topic) == [topic]


def test_a_validation_error_becomes_one_sentence_naming_the_field():
    from pydantic import ValidationError

    from revmentor.domain.people.participant_record import ParticipantRecord
    from revmentor.domain.records import sentence, validated
    from revmentor.errors import InvalidInput

    with pytest.raises(ValidationError) as caught:
        ParticipantRecord(name="Ana", email="ana@example.com", role="mentor", levle=3)
    problem = caught.value.errors()[0]
    assert sentence(problem, ParticipantRecord.model_fields) == (
        "unknown field 'levle' (did you mean 'level'?)"
    )
    with pytest.raises(ValidationError) as caught:
        ParticipantRecord(name="Ana", email="ana@", role="boss", capacity="x")
    assert [sentence(p) for p in caught.value.errors()] == [
        "'ana@' is not a valid email address",
        "role must be mentor or mentee, not 'boss'",
        "capacity must be a whole number, not 'x'",
    ]
    bad = {"name": "Ana", "email": "ana@", "role": "boss", "capacity": "x"}
    with pytest.raises(InvalidInput) as refused:
        validated(ParticipantRecord, bad)
    assert str(refused.value) == "'ana@' is not a valid email address"


@given(st.from_regex(_PLAIN_ADDRESS, fullmatch=True))
def test_the_quick_address_check_accepts_only_what_the_parser_accepts(text):
    """The usual shape, accepted without the standard parser, is always one
    mailbox to the parser too."""
    assert parsed_as_one_mailbox(text)


@pytest.mark.parametrize("text", ["a@[b", "ana@[example.com", "x@[]"])
def test_an_address_the_parser_breaks_on_is_refused_in_one_sentence(text):
    with pytest.raises(InvalidInput, match="is not a valid email address"):
        parse_email(text)
