"""The database file: location, permissions, migrations, refusals."""

from __future__ import annotations

import sqlite3
import stat

from typer.testing import CliRunner

from revmentor.cli import app
from revmentor.store.migrations import MIGRATION_NAMES


def test_file_is_private_and_has_the_schema(cli):
    assert cli("init", "--no-input").exit_code == 0
    assert stat.S_IMODE(cli.db_path.stat().st_mode) == 0o600
    conn = sqlite3.connect(cli.db_path)
    tables = {
        r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
    }
    assert {"program", "participants", "pairs", "sessions", "checkins"} <= tables
    fks = conn.execute("PRAGMA foreign_key_list(pairs)").fetchall()
    assert {fk[2] for fk in fks} == {"participants"}
    applied = [
        r[0] for r in conn.execute("SELECT name FROM _sqlite_migrations ORDER BY rowid")
    ]
    assert applied == MIGRATION_NAMES


def test_creation_is_announced_once(cli):
    first = cli("init", "--no-input")
    second = cli("init", "--no-input", "--name", "Again")
    assert "Created program database" in first.stderr
    assert "Created program database" not in second.stderr


def test_env_variable_chooses_the_file(tmp_path, monkeypatch):
    target = tmp_path / "from-env.db"
    result = CliRunner().invoke(
        app, ["init", "--no-input"], env={"REVMENTOR_DB": str(target)}
    )
    assert result.exit_code == 0, result.output
    assert target.exists()


def test_default_file_is_in_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(app, ["init", "--no-input"]).exit_code == 0
    assert (tmp_path / "revmentor.db").exists()


def test_not_a_database_is_refused(cli):
    cli.db_path.write_text("these are my shopping notes\n" * 100)
    result = cli("people")
    assert result.exit_code == 1
    assert "not a revmentor database" in result.stderr
    assert "Traceback" not in result.output
    assert cli.db_path.read_text().startswith("these are my shopping notes")


def test_other_sqlite_database_is_refused(cli):
    conn = sqlite3.connect(cli.db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    result = cli("init", "--no-input")
    assert result.exit_code == 1
    assert "not a revmentor one" in result.stderr


def test_newer_schema_is_refused(cli):
    cli("init", "--no-input")
    conn = sqlite3.connect(cli.db_path)
    conn.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('revmentor', 'm999_from_the_future', '2030-01-01')"
    )
    conn.commit()
    conn.close()
    result = cli("people")
    assert result.exit_code == 1
    assert "newer revmentor" in result.stderr


def test_older_file_is_migrated_in_place(cli):
    # A file holding only the first migration, as the first release wrote it.
    from sqlite_utils import Database

    from revmentor.store.migrations import migrations

    db = Database(cli.db_path)
    migrations.apply(db, stop_before=MIGRATION_NAMES[1:] or None)
    db.execute(
        "INSERT INTO participants (email, name, role, enrolled_on) "
        "VALUES ('old@example.com', 'Old Timer', 'mentee', '2025-01-01')"
    )
    db.conn.commit()
    db.close()
    before = cli.dump()
    result = cli("people", "--format", "json")
    assert result.exit_code == 0, result.output
    assert "old@example.com" in result.stdout
    assert cli.dump() == before  # a command that only reads changes nothing
    assert cli("people", "pause", "old@example.com").exit_code == 0
    applied = cli.rows("SELECT name FROM _sqlite_migrations ORDER BY rowid")
    assert [r["name"] for r in applied] == MIGRATION_NAMES
    assert cli.rows("SELECT status FROM participants") == [{"status": "paused"}]


def test_missing_parent_folder(tmp_path):
    target = tmp_path / "nowhere" / "x.db"
    result = CliRunner().invoke(app, ["--db", str(target), "init", "--no-input"])
    assert result.exit_code == 1
    assert "does not exist" in result.stderr


def test_an_upgraded_file_gets_every_view_as_defined_now(cli):
    from sqlite_utils import Database

    from revmentor.store.migrations import VIEWS, migrations

    db = Database(cli.db_path)
    migrations.apply(db, stop_before="m003_pairing_constraints")
    # What an older revmentor left: a view since redefined.
    db.execute("CREATE VIEW topic_outcomes AS SELECT 'stale' AS topic")
    db.execute(
        "INSERT INTO participants (email, name, role, enrolled_on) "
        "VALUES ('old@example.com', 'Old Timer', 'mentee', '2025-01-01')"
    )
    db.conn.commit()
    db.close()
    assert cli("people", "pause", "old@example.com").exit_code == 0
    db = Database(cli.db_path)
    assert set(db.view_names()) == set(VIEWS)
    assert "stale" not in db["topic_outcomes"].schema
    assert "baseline_n >= 3" in db["topic_outcomes"].schema


def test_every_migration_step_splits_into_whole_statements():
    # Steps are run statement by statement, split at semicolons.
    from revmentor.store.migrations import STEPS

    for script in STEPS.values():
        for statement in filter(str.strip, script.split(";")):
            assert sqlite3.complete_statement(statement + ";"), statement


def test_a_database_created_from_python_is_kept_when_a_later_command_fails(
    cli, tmp_path
):
    from revmentor import Program

    made = tmp_path / "made.db"
    Program.open(made, create=True).close()
    assert cli("people", "show", "nobody@x.com").exit_code == 1  # no database
    assert made.exists()  # the command removes only a file it created itself
