"""revmentor used from Python: ``from revmentor import Program``, no command line."""

from __future__ import annotations

import importlib
import json
import stat
from datetime import date

import pytest

from revmentor import Program, library
from revmentor.errors import Conflict, InvalidInput, RevmentorError


def test_a_new_program_is_set_up_and_kept(tmp_path):
    path = tmp_path / "new.db"
    with Program.open(path, create=True) as program:
        settings = program.set_up(
            {"name": "Tech Forward", "topics": "TikTok, AI assistants"}
        )
        assert settings.name == "Tech Forward"
        assert settings.topics == ["TikTok", "AI assistants"]
        assert settings.start == date.today()  # the start defaults to today
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with Program.open(path) as program:
        assert program.settings.name == "Tech Forward"
        assert program.settings.cadence_days == 14


def test_opening_a_missing_program_says_how_to_make_one(tmp_path):
    with pytest.raises(RevmentorError, match="No revmentor database at"):
        Program.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    (tmp_path / "notes.txt").write_text("not a database\n" * 100)
    with pytest.raises(RevmentorError, match="notes.txt is not a revmentor database"):
        Program.open(tmp_path / "notes.txt")


def test_a_bad_setting_is_refused_and_nothing_changes(enrolled):
    with Program.open(enrolled.db_path) as program:
        before = program.settings
        with pytest.raises(InvalidInput, match="cadence_days"):
            program.set_up({"cadence_days": 0})
        assert program.settings == before


def test_changing_one_side_of_the_rules_keeps_the_other(enrolled):
    with Program.open(enrolled.db_path) as program:
        program.change_settings(
            {"matching": {"require": {"mentor": {"gender": ["female"]}}}}
        )
        program.change_settings({"matching": {"require": {"differ": ["department"]}}})
        data = program.settings_as_dict()
    assert data["matching"]["require"] == {
        "mentor": {"gender": ["female"]},
        "differ": ["department"],
    }
    assert json.loads(json.dumps(data, default=str))["start"] == str(date.today())


def test_the_report_summary_as_a_dict(enrolled):
    assert enrolled("pair").exit_code == 0
    with Program.open(enrolled.db_path) as program:
        report = program.report()
        summary = report.as_dict()["summary"]
        assert summary["pairs"]["active"] == 2
        assert summary["participants"]["mentor"]["total"] == 2
        assert sorted(p.mentee for p in report.pairs) == [
            "dana@example.com",
            "sam@example.com",
        ]
        finance = program.report(department="Finance")
        assert [p.mentee for p in finance.pairs] == ["sam@example.com"]
        # Before the pairing there was no pair to report.
        yesterday = date.fromordinal(date.today().toordinal() - 1)
        assert program.report(as_of=yesterday).pairs == []
        with pytest.raises(InvalidInput, match="Legal"):
            program.report(department="Legal")


def test_export_then_restore_into_a_new_program(enrolled, tmp_path):
    assert enrolled("pair").exit_code == 0
    with Program.open(enrolled.db_path) as program:
        document = program.export()
    assert document["format"] == "revmentor-backup"
    assert len(document["tables"]["participants"]) == 4
    backup = tmp_path / "backup.json"
    backup.write_text(json.dumps(document))
    with Program.open(tmp_path / "copy.db", create=True) as copy:
        counts = copy.restore(backup)
        assert counts["participants"] == 4 and counts["pairs"] == 2
        assert copy.export()["tables"] == document["tables"]
        # A program that holds people is only replaced when asked to.
        with pytest.raises(Conflict, match="already holds a program"):
            copy.restore(backup)
        assert copy.restore(backup, replace=True)["pairs"] == 2


def test_a_misspelt_import_option_is_refused_before_anything_is_saved(
    enrolled, tmp_path
):
    from tests.pairing import add_pair

    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=30)
    answers = tmp_path / "goals.csv"
    answers.write_text("mentor,mentee,goal\nana@example.com,dana@example.com,Post\n")
    before = enrolled.dump()
    with Program.open(enrolled.db_path) as program, pytest.raises(TypeError) as caught:
        program.add_goals_from(answers, dryrun=True)  # type: ignore[call-arg]
    assert "dryrun" in str(caught.value)
    assert enrolled.dump() == before


def test_the_table_of_rooms_names_every_method_of_each_room():
    # A room loads whole when one of its methods is first looked up: the table
    # names each room's public methods, and no two rooms share a name.
    seen: set[str] = set()
    for room, names in library.ROOMS.items():
        module = importlib.import_module(f"revmentor.library.{room}")
        own = set(vars(getattr(module, f"{room.title()}UseCases")))
        own -= {name for name in own if name.startswith("__")}
        assert set(names.split()) == {n for n in own if not n.startswith("_")}, room
        assert not own & seen, room
        seen |= own


def test_a_session_for_a_pair_ended_meanwhile_is_checked_against_its_end(enrolled):
    """`log` picks the pair, then asks its questions: a pair ended in the
    meantime (another terminal) is checked as it is stored, not as it was."""
    from datetime import timedelta

    from tests.pairing import add_pair

    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=30)
    with Program.open(enrolled.db_path) as program:
        (picked,) = program.pairs_to_log(mentor="ana@example.com")
        ended_on = date.today() - timedelta(days=5)
        program.end_pair(str(picked.id), on=ended_on)
        before = enrolled.dump()
        with pytest.raises(InvalidInput, match="ended"):
            program.log_session(picked, {"date": date.today() - timedelta(days=2)})
        assert enrolled.dump() == before
        logged = program.log_session(picked, {"date": ended_on})  # its last day
    assert logged.entry.date == ended_on
