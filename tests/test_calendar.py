"""`revmentor calendar`: one .ics per pair, read back with icalendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar

from tests.pairing import add_pair


def _event(path):
    calendar = Calendar.from_ical(path.read_bytes())
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def _first_working_day_after(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


@pytest.fixture
def program(enrolled):
    start = date.today() - timedelta(days=20)
    result = enrolled(
        "init",
        "--no-input",
        "--start",
        start.isoformat(),
        "--length-weeks",
        "12",
        "--cadence-days",
        "14",
        "--session-minutes",
        "40",
    )
    assert result.exit_code == 0, result.output
    assert (
        enrolled(
            "people", "update", "dana@example.com", "--timezone", "Europe/Paris"
        ).exit_code
        == 0
    )
    enrolled.start = start
    enrolled.ana_dana = add_pair(
        enrolled, "ana@example.com", "dana@example.com", days_ago=20
    )
    enrolled.bo_sam = add_pair(
        enrolled, "bo@example.com", "sam@example.com", days_ago=20
    )
    return enrolled


def test_one_recurring_event_per_pair(program, tmp_path):
    folder = tmp_path / "calendar"
    result = program("calendar", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 calendar invitations to" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["ana--dana.ics", "bo--sam.ics"]
    calendar, event = _event(folder / "ana--dana.ics")
    assert str(calendar["VERSION"]) == "2.0" and calendar["PRODID"]
    paired_on = date.today() - timedelta(days=20)
    start = event.decoded("DTSTART")
    assert start.date() == _first_working_day_after(paired_on)
    assert start.weekday() < 5
    assert (start.hour, start.minute) == (10, 0)
    assert str(start.tzinfo) == "Europe/Paris"  # the mentee's time zone
    assert calendar.walk("VTIMEZONE")
    assert event.decoded("DURATION") == timedelta(minutes=40)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [2]
    end = program.start + timedelta(weeks=12)
    sessions = rule["COUNT"][0]
    last = start.date() + timedelta(days=14 * (sessions - 1))
    assert last < end <= last + timedelta(days=14)  # runs for the program's length
    assert sorted(str(a) for a in event.get("ATTENDEE")) == [
        "mailto:ana@example.com",
        "mailto:dana@example.com",
    ]
    assert all(a.params["ROLE"] == "REQ-PARTICIPANT" for a in event.get("ATTENDEE"))
    assert {a.params["CN"].split()[0] for a in event.get("ATTENDEE")} == {"Ana", "Dana"}
    description = str(event["DESCRIPTION"])
    assert description.startswith("Agenda for your first session:")
    assert "Get to know each other" in description
    # Bo's mentee has no time zone: a floating 10:00.
    _, other = _event(folder / "bo--sam.ics")
    assert other.decoded("DTSTART").tzinfo is None
    assert other["UID"] != event["UID"]


def test_uid_is_stable_and_an_ended_pair_is_cancelled(program, tmp_path):
    folder = tmp_path / "calendar"
    assert program("calendar", "--output", str(folder)).exit_code == 0
    _, before = _event(folder / "ana--dana.ics")
    assert program("calendar", "--output", str(folder)).exit_code == 0
    _, again = _event(folder / "ana--dana.ics")
    assert again["UID"] == before["UID"]
    result = program(
        "pairs", "end", "ana@example.com", "dana@example.com", "--reason", "moved team"
    )
    assert result.exit_code == 0, result.output
    result = program("calendar", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert "1 calendar invitation and 1 cancellation" in result.stderr
    calendar, cancelled = _event(folder / "ana--dana.ics")
    assert cancelled["UID"] == before["UID"]
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert str(calendar["METHOD"]) == "CANCEL"
    assert int(cancelled["SEQUENCE"]) > int(before["SEQUENCE"])
    assert "moved team" not in (folder / "ana--dana.ics").read_text()


def test_one_pair_at_a_time(program, tmp_path):
    folder = tmp_path / "one"
    result = program(
        "calendar",
        "--output",
        str(folder),
        "--mentee",
        "DANA@example.com",
        "--time",
        "14:30",
    )
    assert result.exit_code == 0, result.output
    assert [p.name for p in folder.iterdir()] == ["ana--dana.ics"]
    _, event = _event(folder / "ana--dana.ics")
    start = event.decoded("DTSTART")
    assert isinstance(start, datetime) and (start.hour, start.minute) == (14, 30)
    result = program(
        "calendar", "--output", str(tmp_path / "two"), "--pair", str(program.bo_sam)
    )
    assert [p.name for p in (tmp_path / "two").iterdir()] == ["bo--sam.ics"]
    result = program("calendar", "--output", str(tmp_path / "x"), "--pair", "999")
    assert result.exit_code == 1
    assert "No pair #999" in result.stderr
    # --pair also takes the two emails (either order) or one person's name.
    for named in ("sam@example.com bo@example.com", "Sam"):
        out = tmp_path / named.replace(" ", "_")
        result = program("calendar", "--output", str(out), "--pair", named)
        assert result.exit_code == 0, result.output
        assert [p.name for p in out.iterdir()] == ["bo--sam.ics"]
    result = program("calendar", "--output", str(tmp_path / "x"), "--time", "25:00")
    assert result.exit_code == 2
    assert "Invalid value for '--time'" in result.stderr
    assert "'25:00' does not match the formats '%H:%M'" in result.stderr


def test_a_later_rounds_series_runs_that_rounds_length(program, tmp_path):
    add_pair(program, "ana@example.com", "sam@example.com", round=2, days_ago=1)
    folder = tmp_path / "calendar"
    assert program("calendar", "--output", str(folder)).exit_code == 0
    _, event = _event(folder / "ana--sam.ics")
    start, sessions = event.decoded("DTSTART"), event["RRULE"]["COUNT"][0]
    end = date.today() - timedelta(days=1) + timedelta(weeks=12)  # round 2's own
    last = start.date() + timedelta(days=14 * (sessions - 1))
    assert last < end <= last + timedelta(days=14)
