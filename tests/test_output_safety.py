"""Output that is safe and true: files, the database file, terminals, Ctrl-C."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from revmentor.cli import app
from tests.conftest import Cli

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


# -- writing files -------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [["people"], ["report"], ["export"], ["pairs"], ["sessions"], ["checkins"]],
)
def test_output_over_the_open_database_is_refused(enrolled, argv):
    before = enrolled.db_path.read_bytes()
    result = enrolled(*argv, "-o", str(enrolled.db_path))
    assert result.exit_code == 1
    assert "file this command reads" in result.stderr
    assert enrolled.db_path.read_bytes() == before


def test_output_over_the_database_journal_is_refused(enrolled):
    journal = Path(f"{enrolled.db_path}-journal")
    result = enrolled("people", "--format", "csv", "-o", str(journal))
    assert result.exit_code == 1
    assert not journal.exists()


def test_output_over_a_hard_link_to_the_database_is_refused(enrolled, tmp_path):
    alias = tmp_path / "alias.csv"
    os.link(enrolled.db_path, alias)
    result = enrolled("people", "--format", "csv", "-o", str(alias))
    assert result.exit_code == 1
    assert sqlite3.connect(enrolled.db_path).execute("PRAGMA integrity_check")


def test_output_over_the_roster_being_read_is_refused(cli, tmp_path):
    roster = tmp_path / "roster.yaml"
    roster.write_text((EXAMPLES / "roster.yaml").read_text())
    before = roster.read_text()
    result = cli("pair", str(roster), "--format", "json", "-o", str(roster))
    assert result.exit_code == 1
    assert "file this command reads" in result.stderr
    assert roster.read_text() == before


def test_output_through_a_symlink_is_refused(enrolled, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(victim)
    result = enrolled("people", "--format", "csv", "-o", str(link))
    assert result.exit_code == 1
    assert "symbolic link" in result.stderr and str(link) in result.stderr
    assert victim.read_text() == "keep me"


def test_failed_write_keeps_the_old_file_and_leaves_no_partial_one(
    enrolled, tmp_path, monkeypatch
):
    import revmentor.files as files

    backup = tmp_path / "backup.json"
    assert enrolled("export", "-o", str(backup)).exit_code == 0
    good = backup.read_bytes()

    def disk_full(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", disk_full)
    result = enrolled("export", "-o", str(backup))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "unchanged" in result.stderr
    assert backup.read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["backup.json", "program.db"]


def test_new_output_file_is_private_and_announced(enrolled, tmp_path):
    out = tmp_path / "people.csv"
    result = enrolled("people", "-o", str(out))
    assert result.exit_code == 0
    assert f"Wrote 4 rows as CSV to {out}" in result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert result.stdout == ""


@pytest.mark.parametrize("argv", [["people"], ["pairs"], ["sessions"], ["checkins"]])
def test_listing_refuses_an_extension_it_cannot_write(enrolled, tmp_path, argv):
    page = tmp_path / "out.html"
    result = enrolled(*argv, "-o", str(page))
    assert result.exit_code == 2
    assert ".json, .csv" in result.stderr and ".md" in result.stderr
    assert not page.exists()


def test_report_refuses_a_pdf_naming_what_it_can_write(enrolled, tmp_path):
    pdf = tmp_path / "r.pdf"
    result = enrolled("report", "-o", str(pdf))
    assert result.exit_code == 2
    assert ".html" in result.stderr and ".pdf" in result.stderr
    assert not pdf.exists()


def test_markdown_listing_keeps_links_and_images_inert(enrolled):
    enrolled(
        "people", "update", "ana@example.com", "--title", "![x](http://evil/x.png)"
    )
    result = enrolled("people", "--format", "markdown")
    assert result.exit_code == 0
    assert "![x](http" not in result.stdout
    assert "\\[x\\]" in result.stdout


# -- the database file ---------------------------------------------------------


def test_an_open_database_is_made_private_when_written(enrolled):
    enrolled.db_path.chmod(0o666)
    assert enrolled("people", "pause", "ana@example.com").exit_code == 0
    assert stat.S_IMODE(enrolled.db_path.stat().st_mode) == 0o600


def test_a_read_only_command_does_not_turn_an_empty_file_into_a_database(cli):
    cli.db_path.write_bytes(b"")
    result = cli("people")
    assert result.exit_code == 1
    assert "empty" in result.stderr
    assert cli.db_path.read_bytes() == b""


def _foreign_database(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE program (id INTEGER PRIMARY KEY, title TEXT)")
    conn.execute("INSERT INTO program VALUES (1, 'their own')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize(
    "argv",
    [
        ["people"],
        ["program"],
        [
            "enroll",
            "--no-input",
            "--role",
            "mentor",
            "--name",
            "A",
            "--email",
            "a@x.com",
        ],
        ["init", "--no-input"],
    ],
)
def test_a_foreign_sqlite_file_is_refused_and_left_alone(cli, argv):
    _foreign_database(cli.db_path)
    before = cli.dump()
    result = cli(*argv)
    assert result.exit_code == 1
    assert "not a revmentor one" in result.stderr
    assert cli.dump() == before
    tables = {r["name"] for r in cli.rows("SELECT name FROM sqlite_master")}
    assert tables == {"program"}


def test_folder_as_database_keeps_its_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "adir").mkdir()
    result = CliRunner().invoke(app, ["--db", "adir", "people"])
    assert result.exit_code == 1
    assert "adir is a folder" in result.stderr
    assert "Adir" not in result.stderr


def test_device_as_database_is_not_a_full_disk():
    result = CliRunner().invoke(app, ["--db", "/dev/null", "init", "--no-input"])
    assert result.exit_code == 1
    assert "disk is full" not in result.stderr
    assert "not a regular file" in result.stderr


def test_fifo_as_database_is_refused(tmp_path):
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    result = CliRunner().invoke(app, ["--db", str(fifo), "people"])
    assert result.exit_code == 1
    assert "not a regular file" in result.stderr


def test_error_sentences_keep_a_leading_file_name(tmp_path, monkeypatch):
    from revmentor.errors import as_sentence

    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes").write_text("x")
    assert as_sentence("notes is not a roster") == "notes is not a roster."
    assert as_sentence("the date is wrong") == "The date is wrong."


# -- terminals -----------------------------------------------------------------


def _plant(cli: Cli, sql: str, params=()) -> None:
    """Old data written before input was checked."""
    conn = sqlite3.connect(cli.db_path)
    conn.execute(sql, params)
    conn.commit()
    conn.close()


HOSTILE = "Ana\x1b[2J\x07\u202eRuiz\x9b"


@pytest.mark.parametrize(
    "argv",
    [
        ["people"],
        ["people", "--format", "csv"],
        ["people", "--format", "markdown"],
        ["people", "show", "ana@example.com"],
        ["pairs"],
        ["report"],
    ],
)
def test_control_characters_never_reach_the_terminal(enrolled, argv):
    _plant(
        enrolled,
        "UPDATE participants SET name = ? WHERE email = ?",
        (HOSTILE, "ana@example.com"),
    )
    enrolled("pair")
    result = enrolled(*argv)
    assert result.exit_code == 0, result.output
    for text in (result.stdout, result.stderr):
        assert not any(c in text for c in "\x1b\x07\u202e\x9b")
    if argv == ["people"]:
        assert "Ana␛[2J" in result.stdout


def test_json_keeps_the_data_but_escapes_direction_controls(enrolled):
    _plant(
        enrolled,
        "UPDATE participants SET name = ? WHERE email = ?",
        (HOSTILE, "ana@example.com"),
    )
    result = enrolled("people", "--format", "json")
    assert "\u202e" not in result.stdout and "\x1b" not in result.stdout
    names = {p["name"] for p in json.loads(result.stdout)}
    assert HOSTILE in names


def test_error_messages_never_echo_control_characters(enrolled):
    result = enrolled("people", "show", "a\x1b[2Jb@x.com")
    assert result.exit_code == 1
    assert "\x1b" not in result.stderr


def test_arguments_that_are_not_utf8_are_refused_clearly(enrolled):
    result = enrolled("people", "update", "ana@example.com", "--name", "Jos\udce9")
    assert result.exit_code == 1
    assert "not valid UTF-8" in result.stderr
    assert "Unexpected" not in result.stderr


def test_listing_tables_never_break_an_email_on_a_narrow_terminal(
    enrolled, monkeypatch
):
    enrolled(
        "people", "update", "ana@example.com", "--title", "Senior Marketing Associate"
    )
    for width in ("80", "120"):
        monkeypatch.setenv("COLUMNS", width)
        result = enrolled("people")
        assert result.exit_code == 0
        for email in ("ana@example.com", "dana@example.com", "sam@example.com"):
            assert email in result.stdout
        assert max(len(line) for line in result.stdout.splitlines()) <= int(width)
    assert "Left out to fit the width" in result.stdout or "Title" in result.stdout


# -- global options after the command ------------------------------------------


def test_db_option_after_the_command_name(enrolled, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    db = str(enrolled.db_path)
    for argv in (
        ["people", "--db", db, "--format", "json"],
        ["people", "show", "ana@example.com", "--db", db],
        ["pairs", f"--db={db}"],
        ["report", "--db", db],
    ):
        result = runner.invoke(app, argv)
        assert result.exit_code == 0, (argv, result.output)
    assert not (tmp_path / "revmentor.db").exists()
    assert runner.invoke(app, ["people", "--version"]).stdout.startswith("revmentor ")


# -- Ctrl-C --------------------------------------------------------------------


def test_ctrl_c_right_after_a_commit_finishes_and_says_it_was_saved(
    enrolled, monkeypatch
):
    import contextlib

    from revmentor.store.connection import Store

    assert enrolled("pair").exit_code == 0
    original = Store.write

    @contextlib.contextmanager
    def interrupted_after_commit(self, **kwargs):
        with original(self, **kwargs):
            yield
        os.kill(os.getpid(), signal.SIGINT)

    monkeypatch.setattr(Store, "write", interrupted_after_commit)
    result = enrolled("pair", "--new-round", "--yes")
    if result.exit_code == 2:  # before `--yes` exists
        result = enrolled("pair", "--new-round")
    assert result.exit_code == 0, result.output
    assert "change is kept" in result.stderr
    monkeypatch.undo()
    rounds = enrolled.rows("SELECT DISTINCT round FROM pairs ORDER BY round")
    assert [r["round"] for r in rounds] == [1, 2]


def test_ctrl_c_before_anything_is_saved_says_so(cli, monkeypatch):
    from tests.prompting import CTRL_C, ENTER, typed

    with typed(monkeypatch, "My program" + ENTER, CTRL_C):
        result = cli("init")
    assert result.exit_code == 130
    assert "Nothing saved" in result.stderr
    assert not cli.db_path.exists()


# -- plain text stays plain ----------------------------------------------------

MARKUP_LIKE = "[red]x[/red] moved [/] team [bold"


def test_markup_like_text_in_every_free_text_flag_prints_as_typed(enrolled):
    """Rich markup in what a user typed is text: shown as typed, never an error."""
    text = MARKUP_LIKE
    steps = [
        ("init", "--no-input", "--name", text, "--objectives", text, "--rules", text),
        ("init", "--no-input", "--topics", f"TikTok, {text}"),
        ("enroll", "--no-input", "--role", "mentor", "--name", text,
         "--email", "lee@example.com", "--title", text, "--department", text,
         "--teaches", text, "--goals", text, "--organization", "Acme",
         "--attribute", f"gender={text}"),
        ("people", "update", "sam@example.com", "--title", text, "--goals", text,
         "--learns", f"AI assistants, {text}", "--department", text),
        ("rules", "add", "fixed", "lee@example.com", "sam@example.com"),
        ("pair",),
        ("log", "--no-input", "--mentor", "lee@example.com", "--mentee",
         "sam@example.com", "--topics", text, "--notes", text),
        ("goals", "add", "1", text),
        ("checkin", "sam@example.com", "--topic", text, "--score", "3",
         "--phase", "baseline", "--no-input"),
        ("pairs", "end", "lee@example.com", "sam@example.com", "--reason", text),
        ("people", "leave", "bo@example.com", "--reason", text),
    ]  # fmt: skip
    for argv in steps:
        result = enrolled(*argv)
        assert result.exit_code == 0, (argv, result.output)
        assert "MarkupError" not in result.output
    # Tables wrap long cells: the markup-like word is looked for whole.
    for argv in (
        ("program",),
        ("people", "--include-private"),
        ("people", "show", "lee@example.com", "--include-private"),
        ("people", "show", "sam@example.com", "--include-notes"),
        ("pairs", "--all"),
        ("sessions", "--include-notes"),
        ("goals", "--include-notes"),
        ("checkins",),
    ):
        result = enrolled(*argv)
        assert result.exit_code == 0, (argv, result.output)
        assert "[red]x[/red]" in result.output, (argv, result.output)
    people = json.loads(enrolled("people", "--format", "json").stdout)
    assert {p["title"] for p in people} >= {text}
    renamed = enrolled("people", "update", "lee@example.com", "--name", text)
    assert f"Updated {text} <lee@example.com>." in renamed.stderr


def test_python_use_leaves_ctrl_c_to_the_caller(tmp_path):
    from revmentor import Program

    before = signal.getsignal(signal.SIGINT)
    with Program.open(tmp_path / "p.db", create=True) as program, program.transaction():
        pass
    assert signal.getsignal(signal.SIGINT) is before


def test_what_a_command_reads_is_protected_for_that_command_only(cli, tmp_path):
    first, second = type(cli)(tmp_path / "first.csv"), type(cli)(tmp_path / "two.db")
    assert first("init", "--no-input").exit_code == 0
    assert second("init", "--no-input").exit_code == 0
    refused = first("people", "--output", str(first.db_path))
    assert refused.exit_code == 1 and "this command reads" in refused.stderr
    written = second("people", "--output", str(first.db_path))
    assert written.exit_code == 0, written.output
