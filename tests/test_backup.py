"""`revmentor export` and `revmentor restore`: a faithful, private backup."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path

import pytest

from tests.conftest import Cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"


@pytest.fixture
def program(cli) -> Cli:
    """The example company, paired, with a session (with notes) and check-ins."""
    assert cli("pair", str(EXAMPLE), "--date", "2026-01-05").exit_code == 0
    conn = sqlite3.connect(cli.db_path)
    conn.execute(
        "INSERT INTO sessions (pair_id, date, minutes, topics, notes, mentor_rating, "
        "mentee_rating) VALUES (1, '2026-01-19', 45, '[\"TikTok\"]', "
        "'Confidential: talked about the reorg', 5, 4)"
    )
    conn.execute(
        "INSERT INTO checkins (participant_id, topic, phase, score, date) "
        "VALUES (1, 'TikTok', 'baseline', 2, '2026-01-05')"
    )
    conn.commit()
    conn.close()
    return cli


def strip_time(document: dict) -> dict:
    return {k: v for k, v in document.items() if k != "exported_at"}


def test_export_restore_export_is_identical(program, tmp_path):
    first = tmp_path / "first.json"
    assert program("export", "--output", str(first)).exit_code == 0
    assert stat.S_IMODE(first.stat().st_mode) == 0o600
    document = json.loads(first.read_text())
    assert document["tables"]["sessions"][0]["notes"].startswith("Confidential")
    assert any(p["attributes"] != "{}" for p in document["tables"]["participants"])

    restored = Cli(tmp_path / "restored.db")
    result = restored("restore", str(first))
    assert result.exit_code == 0, result.output
    assert "25 participants, 10 pairs, 1 sessions and 1 check-ins" in result.stderr
    second = json.loads(restored("export").stdout)
    assert strip_time(second) == strip_time(document)


def test_restore_refuses_a_non_empty_database_unless_replace(program, tmp_path):
    backup = tmp_path / "b.json"
    program("export", "--output", str(backup))
    program("people", "leave", "ana.ruiz@example.com")
    before = program.dump()
    refused = program("restore", str(backup))
    assert refused.exit_code == 1
    assert "already holds a program" in refused.stderr
    assert program.dump() == before
    replaced = program("restore", str(backup), "--replace")
    assert replaced.exit_code == 0, replaced.output
    ana = program.rows(
        "SELECT status FROM participants WHERE email='ana.ruiz@example.com'"
    )
    assert ana == [{"status": "active"}]


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json at all", "is not a revmentor backup"),
        ('{"format": "something-else"}', "is not a revmentor backup"),
        (
            '{"format": "revmentor-backup", "format_version": 99, "tables": {}, "schema": []}',
            "format version 99",
        ),
        (
            '{"format": "revmentor-backup", "format_version": 1, "schema": '
            '["m999_future"], "tables": {}}',
            "newer revmentor",
        ),
        (
            '{"format": "revmentor-backup", "format_version": 1, "schema": [], '
            '"tables": {"gossip": []}}',
            "unknown table 'gossip'",
        ),
        (
            '{"format": "revmentor-backup", "format_version": 1, "schema": [], '
            '"tables": {"pairs": [{"id": 1, "mentor_id": 7, "mentee_id": 8, '
            '"paired_on": "2026-01-01"}]}}',
            "its schema lacks m001_initial",
        ),
    ],
)
def test_bad_backups_are_refused_and_nothing_is_written(
    cli, tmp_path, content, message
):
    backup = tmp_path / "bad.json"
    backup.write_text(content)
    result = cli("restore", str(backup))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not cli.db_path.exists()


def test_replace_with_a_broken_backup_keeps_the_old_program(program, tmp_path):
    backup = tmp_path / "b.json"
    program("export", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["tables"]["sessions"][0]["pair_id"] = 999
    backup.write_text(json.dumps(document))
    before = program.dump()
    result = program("restore", str(backup), "--replace")
    assert result.exit_code == 1
    assert program.dump() == before


def test_backup_row_breaking_a_rule_is_one_sentence(program, tmp_path):
    backup = tmp_path / "b.json"
    program("export", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["tables"]["sessions"][0]["mentor_rating"] = 9
    backup.write_text(json.dumps(document))
    result = Cli(tmp_path / "new.db")("restore", str(backup))
    assert result.exit_code == 1
    assert "row 1 of sessions: the mentor's rating must be" in result.stderr


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("minutes", "lots", "must be a whole number"),
        ("minutes", 10**30, "is too large"),
        ("date", "2027-02-30", "must be a date"),
        ("topics", "not json [", "is damaged"),
        ("notes", 42, "must be text"),
    ],
)
def test_backup_values_of_the_wrong_kind_are_refused(
    program, tmp_path, field, value, message
):
    backup = tmp_path / "b.json"
    program("export", "--output", str(backup))
    document = json.loads(backup.read_text())
    document["tables"]["sessions"][0][field] = value
    backup.write_text(json.dumps(document))
    target = Cli(tmp_path / "new.db")
    result = target("restore", str(backup))
    assert result.exit_code == 1
    assert f"field '{field}' of row 1 of sessions {message}" in result.stderr
    assert not target.db_path.exists()
