"""Faults a coordinator's machine can throw at revmentor, and what survives them."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.factories import write_roster

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def integrity(db_path: Path) -> str:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def count(db_path: Path, table: str) -> int:
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    finally:
        conn.close()


def start(db_path: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "REVMENTOR_DB": str(db_path)}
    return subprocess.Popen(
        [sys.executable, "-m", "revmentor", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def signal_mid_write(process: subprocess.Popen, db_path: Path, sig: int) -> bool:
    """Send ``sig`` while the command holds an open write transaction.

    The rollback journal exists exactly while a write transaction is open, so
    seeing it means the signal lands in the middle of the command's change.
    Returns whether that moment was caught.
    """
    journal = Path(f"{db_path}-journal")
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if journal.exists():
            process.send_signal(sig)
            return True
        time.sleep(0.0005)
    return False


@pytest.fixture(scope="module")
def big_roster(tmp_path_factory) -> Path:
    return write_roster(tmp_path_factory.mktemp("roster") / "big.yaml", per_side=1500)


@pytest.mark.parametrize("command", ["import", "pair"])
def test_kill_9_mid_write_leaves_all_or_nothing(tmp_path, big_roster, command):
    db_path = tmp_path / "program.db"
    Cli(db_path)("init", "--no-input", "--name", "Before")
    process = start(db_path, command, str(big_roster))
    caught = signal_mid_write(process, db_path, signal.SIGKILL)
    process.wait(timeout=60)
    assert caught, "the command finished before the kill could land"
    assert process.returncode == -signal.SIGKILL
    assert integrity(db_path) == "ok"
    people = count(db_path, "participants")
    assert people in (0, 3000)
    if people == 0:
        assert count(db_path, "pairs") == 0
    # and the file is still a working program afterwards
    assert Cli(db_path)("people", "--format", "json").exit_code == 0


def test_ctrl_c_during_pair_writes_nothing(tmp_path, big_roster):
    db_path = tmp_path / "program.db"
    Cli(db_path)("import", str(big_roster))
    process = start(db_path, "pair")
    caught = signal_mid_write(process, db_path, signal.SIGINT)
    _, stderr = process.communicate(timeout=60)
    assert caught
    assert process.returncode == 130
    assert "Traceback" not in stderr
    assert count(db_path, "pairs") == 0
    assert integrity(db_path) == "ok"


def test_full_disk_is_one_sentence_and_nothing_half_written(
    cli, monkeypatch, big_roster
):
    import revmentor.library.base as library_base

    cli("init", "--no-input")
    real_open = library_base.open_store

    def tiny_disk(path, *, create):
        store = real_open(path, create=create)
        used = store.db.execute("PRAGMA page_count").fetchone()[0]
        # SQLite reports SQLITE_FULL, exactly as on a full disk, past this size.
        store.db.execute(f"PRAGMA max_page_count = {used + 5}")
        return store

    monkeypatch.setattr(library_base, "open_store", tiny_disk)
    before = cli.dump()
    result = cli("import", str(big_roster))
    assert result.exit_code == 1
    assert "disk is full" in result.stderr
    assert result.stderr.count("\n") == 1
    assert cli.dump() == before


def test_output_to_a_full_device(enrolled):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    result = enrolled("people", "--format", "csv", "--output", "/dev/full")
    assert result.exit_code == 1
    assert "Cannot write /dev/full" in result.stderr


def test_read_only_database_is_one_sentence(enrolled, monkeypatch):
    import revmentor.store.connection as connection

    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):
        # What SQLite does with a file or folder the user may not write to.
        return real_connect(f"file:{path}?mode=ro", *args, uri=True, **kwargs)

    monkeypatch.setattr(connection.sqlite3, "connect", read_only)
    before = enrolled.dump()
    result = enrolled("people", "pause", "ana@example.com")
    assert result.exit_code == 1
    assert "read-only" in result.stderr
    monkeypatch.undo()
    assert enrolled.dump() == before


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to read-only files")
def test_read_only_file_for_real(enrolled):
    enrolled.db_path.chmod(0o400)
    try:
        result = enrolled("people", "pause", "ana@example.com")
        assert result.exit_code == 1
        assert "read-only" in result.stderr
    finally:
        enrolled.db_path.chmod(0o600)


def test_first_release_file_is_migrated_in_place(tmp_path):
    db_path = tmp_path / "old.db"
    shutil.copy(FIXTURES / "schema-m001.db", db_path)
    cli = Cli(db_path)
    people = json.loads(cli("people", "--format", "json", "--include-private").stdout)
    assert {p["email"] for p in people} == {"ana@example.com", "dana@example.com"}
    assert people[0]["attributes"] == {"gender": "female"}
    pairs = json.loads(cli("pairs", "--format", "json").stdout)
    assert pairs[0]["mentor"] == "ana@example.com"
    assert pairs[0]["reasons"] == ["covers 1 of 2 topics Dana Lee wants: TikTok"]
    from revmentor.store.migrations import MIGRATION_NAMES

    # Reading never changes the file; the first write upgrades it.
    applied = [r["name"] for r in cli.rows("SELECT name FROM _sqlite_migrations")]
    assert applied == ["m001_initial"]
    assert cli("people", "pause", "dana@example.com").exit_code == 0
    applied = [r["name"] for r in cli.rows("SELECT name FROM _sqlite_migrations")]
    assert applied == MIGRATION_NAMES
    notes = cli.rows("SELECT notes FROM sessions")
    assert notes == [{"notes": "First steps with a brand account"}]
    assert integrity(db_path) == "ok"
