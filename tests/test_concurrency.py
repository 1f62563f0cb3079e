"""Several revmentor commands writing to one file at the same moment."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.pairing import add_pair, days_ago

WRITERS = 8


def test_simultaneous_log_commands_all_keep_their_session(enrolled):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    env = {**os.environ, "REVMENTOR_DB": str(enrolled.db_path)}
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "revmentor",
                "log",
                "--mentor",
                "ana@example.com",
                "--mentee",
                "dana@example.com",
                "--date",
                days_ago(50 - n),
                "--minutes",
                str(30 + n),
                "--notes",
                f"session {n}",
                "--no-input",
            ],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(WRITERS)
    ]
    outcomes = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
    for code, stderr in outcomes:
        assert code == 0, stderr
        assert "locked" not in stderr and "busy" not in stderr
    notes = {r["notes"] for r in enrolled.rows("SELECT notes FROM sessions")}
    assert notes == {f"session {n}" for n in range(WRITERS)}
