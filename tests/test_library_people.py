"""The people room of the Python API (``from revmentor import Program``), used as
a script would use it: typed data back, the one error family, nothing printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from revmentor import Program
from revmentor.domain.models import Participant
from revmentor.errors import Conflict, InvalidInput, NotFound

ROSTER = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


def test_a_roster_imported_from_python_and_people_found_in_it(tmp_path, capsys):
    with Program.open(tmp_path / "program.db", create=True) as program:
        summary = program.import_roster(ROSTER)
        everyone = program.people()
        mentors = program.people(role="mentor")
        again = program.import_roster(ROSTER)
        ana = mentors[0]
        assert program.find_person(ana.email.upper()) == ana
        assert program.find_person(ana.name) == ana
        with pytest.raises(NotFound, match=f"did you mean {ana.email}"):
            program.find_person(ana.email.replace("@", "x@"))
    assert summary.added == len(everyone) > len(mentors) > 0
    assert {p.role for p in mentors} == {"mentor"}
    assert (again.added, again.updated, again.unchanged) == (0, 0, len(everyone))
    assert capsys.readouterr() == ("", "")  # the library prints nothing


def test_enrolling_from_python_applies_the_participant_rules(tmp_path):
    with Program.open(tmp_path / "program.db", create=True) as program:
        done = program.enroll(
            Participant(
                email=" Ana@Example.com ",
                name="Ana Ruiz",
                role="mentor",
                manager="Boss@Example.com",
            )
        )
        with pytest.raises(Conflict, match="ana@example.com is already enrolled"):
            program.enroll(
                Participant(email="ana@example.com", name="A", role="mentee")
            )
        with pytest.raises(InvalidInput, match="^Cannot enroll: .*email"):
            program.enroll(Participant(email="not-an-address", name="B", role="mentor"))
        with pytest.raises(InvalidInput, match="^Cannot enroll: .*role"):
            program.enroll(Participant(email="c@example.com", name="C", role="boss"))
        people = program.people()
    assert done.person.email == "ana@example.com"
    assert done.person.manager == "boss@example.com"
    assert done.person.enrolled_on == date.today()
    assert done.note is not None and "boss@example.com is not enrolled" in done.note
    assert [p.email for p in people] == ["ana@example.com"]


def test_update_leave_and_story_from_python(enrolled):
    assert enrolled("pair").exit_code == 0  # Bo mentors Dana and Sam
    with Program.open(enrolled.db_path) as program:
        updated = program.update_person(
            "Ana Ruiz", {"level": 3, "attributes": {"x": "y"}}
        )
        with pytest.raises(InvalidInput, match="in an active pair as a mentor"):
            program.update_person("bo@example.com", {"role": "mentee"})
        left = program.leave("Bo Chen", reason="moved", left_organisation=True)
        story = program.story("bo@example.com")
        paused = program.pause("sam")
    assert (updated.before.level, updated.person.level) == (2, 3)
    assert updated.person.attributes == {"gender": "female", "x": "y"}
    assert left.ended == 2 and left.before.status == "active"
    assert left.person.status == "left"
    assert left.person.left_organisation_on == date.today()
    assert story["name"] == "Bo Chen" and "attributes" not in story
    assert paused.status == "paused"
    rows = enrolled.rows("SELECT status FROM pairs WHERE mentor_id = 2")
    assert [row["status"] for row in rows] == ["ended", "ended"]


def test_org_chart_imported_from_python(tmp_path):
    chart = tmp_path / "org.csv"
    chart.write_text(
        "email,name,manager\nboss@example.com,Boss,\nmid@example.com,Mid,boss@example.com\n"
    )
    with Program.open(tmp_path / "program.db", create=True) as program:
        program.enroll(
            Participant(
                email="ana@example.com",
                name="Ana",
                role="mentor",
                manager="mid@example.com",
            )
        )
        first = program.import_org(chart)
        chart.write_text("email,name,manager\nboss@example.com,Boss,\n")
        second = program.import_org(chart, replace=True)
        summary = program.org()
    assert (first.added, first.updated, first.unchanged, first.warnings) == (
        2,
        0,
        0,
        [],
    )
    assert (second.unchanged, second.removed) == (1, 1)
    assert (
        second.warnings
        and "1 person has a manager who is not known" in second.warnings[0]
    )
    assert summary["unknown_managers"] == 1
