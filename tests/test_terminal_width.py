"""Tables in a real terminal (a pty) at 80, 100 and 120 columns, with long names:
the least useful columns go first, and no name, email or word is broken."""

from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest

MENTOR = "Maximiliana Alexandrovna Featherstonehaugh"
MENTEE = "Bartholomew Montgomery-Fitzwilliam the Third"
LONG_NAMES = f"{MENTOR} {MENTEE}"
WANTS = '"TikTok, AI assistants, Collaboration tools"'
ROSTER = f"""name,email,role,level,department,teaches,learns
{MENTOR},max@example.com,mentor,1,Marketing,{WANTS},
Bo Chen,bo@example.com,mentor,2,Sales,{WANTS},
{MENTEE},bart@example.com,mentee,9,Finance,,{WANTS}
Dana Lee,dana@example.com,mentee,8,Legal,,{WANTS}
"""
TOPICS = "TikTok, AI assistants, collaboration tools, LinkedIn"


def in_terminal(db, width: int, *args: str) -> str:
    """What `revmentor ARGS` shows in a terminal ``width`` columns wide."""
    import fcntl
    import termios

    main, tty = os.openpty()
    fcntl.ioctl(tty, termios.TIOCSWINSZ, struct.pack("HHHH", 200, width, 0, 0))
    env = dict(os.environ, COLUMNS=str(width), LINES="200", TERM="xterm")
    command = [sys.executable, "-m", "revmentor", "--db", str(db), *args]
    with subprocess.Popen(command, stdin=tty, stdout=tty, stderr=tty, env=env):
        os.close(tty)
        out = b""
        while True:
            try:
                chunk = os.read(main, 65536)
            except OSError:  # the terminal closed: the command is done
                break
            if not chunk:
                break
            out += chunk
    os.close(main)
    return re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", out.decode()).replace("\r\n", "\n")


@pytest.fixture(scope="module")
def long_names(tmp_path_factory):
    from tests.conftest import Cli

    folder = tmp_path_factory.mktemp("widths")
    cli = Cli(folder / "program.db")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    assert cli("import", str(folder / "roster.csv")).exit_code == 0
    assert cli("pair").exit_code == 0
    for pair in ("1", "2"):
        logged = cli("log", "--pair", pair, "--topics", TOPICS, "--no-input")
        assert logged.exit_code == 0, logged.output
    assert cli("goals", "add", "1", "Post weekly").exit_code == 0
    for who, topic, score in [("bart", "TikTok", "3"), ("dana", "TikTok", "4")] + [
        ("bart", "Collaboration tools", "2"),
        ("bart", "AI assistants", "1"),
    ]:
        args = ["--topic", topic, "--score", score, "--phase", "baseline"]
        checked = cli("checkin", f"{who}@example.com", *args, "--no-input")
        assert checked.exit_code == 0, checked.output
    return cli.db_path


def assert_fits(out: str, width: int, *texts: str) -> None:
    """Every line within the width, and each word of ``texts`` whole."""
    assert max(len(line) for line in out.splitlines()) <= width, out
    for word in " ".join(texts).replace(",", "").split():
        assert re.search(rf"(^|[\s│]){re.escape(word)}([\s│,]|$)", out, re.M | re.I), (
            word
        )


@pytest.mark.parametrize("width", [80, 100, 120])
def test_report_pairs_table(long_names, width):
    out = in_terminal(long_names, width, "report")
    table = out[out.index("Pairs (2)") :]
    header = table.splitlines()[2]
    for column in ("Mentor", "Mentee", "Sessions", "Status"):
        assert column in header, table
    assert_fits(table, width, LONG_NAMES)
    assert "█" in table and "on track" in table
    left_out = " ".join(table[table.index("Left out") :].split())
    # the least useful go first: the pairing day, then goals, then topics
    assert left_out.startswith("Left out to fit the width: Paired on")
    assert ("Goals, Topics covered" in left_out) == (width < 120)
    assert ("Last session" in header) == (width >= 100)
    if width == 120:  # topics wrap at word boundaries
        assert "Topics covered" in header
        assert_fits(table, width, TOPICS)


def test_checkins_keep_topic_and_score(long_names):
    out = in_terminal(long_names, 80, "checkins")
    header = out.splitlines()[2]
    for column in ("Name", "Topic", "Score"):
        assert column in header
    assert_fits(out, 80, MENTEE, "Collaboration tools")
    # one person's check-ins: who it is repeats, so it goes first
    out = in_terminal(long_names, 80, "checkins", "--email", "bart@example.com")
    header = out.splitlines()[2]
    assert "Name" not in header and "Email" not in header
    for column in ("Topic", "Phase", "Score", "Date"):
        assert column in header
    assert "Email (bart@example.com in every row)" in " ".join(out.split())
