"""Mail that goes once to the right person (issue 24): one address is one
mailbox on every way in, each message is claimed before it goes, drafts are
not deliveries, Ctrl-C stops after the message on its way, and the files of a
run never go through a link."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from email import message_from_bytes, policy
from email.utils import getaddresses

import pytest

from tests.conftest import Cli
from tests.mailserver import MailServer
from tests.pairing import add_five_pairs, add_pair

TRICKS = [
    "x@example.com,victim",
    "a;b@example.com",
    "bcc:evil@evil.example",
    '"a b"@example.com',
    "a<b>@example.com",
]


@pytest.fixture(autouse=True)
def _no_mail_settings(monkeypatch):
    for name in ("SMTP_HOST", "SMTP_PORT", "SMTP_USER", "SMTP_PASSWORD", "MAIL_FROM"):
        monkeypatch.delenv(f"REVMENTOR_{name}", raising=False)


def _statuses(cli) -> list[str]:
    return [r["status"] for r in cli.rows("SELECT status FROM messages ORDER BY id")]


def _enroll(cli, role: str, name: str, email: str):
    return cli("enroll", "--no-input", "--role", role, "--name", name, "--email", email)


# ---------------------------------------------------------------- one mailbox


@pytest.mark.parametrize("address", TRICKS)
def test_an_address_that_is_not_one_mailbox_is_refused(enrolled, address):
    before = enrolled.dump()
    result = _enroll(enrolled, "mentor", "Eve", address)
    assert result.exit_code == 1
    assert "is not a valid email address" in result.stderr
    assert enrolled.dump() == before


def test_every_way_in_refuses_a_list_of_addresses(enrolled, tmp_path):
    bad = TRICKS[0]
    roster = tmp_path / "roster.yaml"
    roster.write_text(
        f"participants:\n  - {{name: Eve, email: '{bad}', role: mentor}}\n"
    )
    sheet = tmp_path / "roster.csv"
    sheet.write_text(f'name,email,role\nEve,"{bad}",mentor\n')
    org = tmp_path / "org.csv"
    org.write_text(f'email,name,manager\nlead@example.com,Lea,"{bad}"\n')
    before = enrolled.dump()
    for args in (
        ["import", str(roster)],
        ["import", str(sheet)],
        ["org", "import", str(org)],
        ["init", "--no-input", "--coordinator-email", bad],
    ):
        result = enrolled(*args)
        assert result.exit_code == 1, args
        assert "is not a valid email address" in result.stderr, args
    assert enrolled.dump() == before
    # A backup whose participant carries two addresses is refused too.
    backup = tmp_path / "backup.json"
    assert enrolled("export", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    document["tables"]["participants"][0]["email"] = bad
    backup.write_text(json.dumps(document))
    restored = Cli(tmp_path / "restored.db")
    result = restored("restore", str(backup))
    assert result.exit_code == 1
    assert "is not a valid email address" in result.stderr


def test_the_sender_from_the_environment_is_one_mailbox(enrolled):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    with MailServer() as server:
        env = server.env(REVMENTOR_MAIL_FROM="me@example.com,evil")
        result = enrolled("remind", "--send", env=env)
        assert server.accepted == []
    assert result.exit_code == 1
    assert "REVMENTOR_MAIL_FROM: " in result.stderr
    assert "is not a valid email address" in result.stderr


def _with_international_pair(cli) -> None:
    assert _enroll(cli, "mentor", "Jöhn Öst", "Jöhn@Exämple.com").exit_code == 0
    add_pair(cli, "jöhn@exämple.com", "dana@example.com", days_ago=60)
    add_pair(cli, "bo@example.com", "sam@example.com", days_ago=60)


def test_an_international_address_goes_with_smtputf8_header_as_envelope(enrolled):
    _with_international_pair(enrolled)
    with MailServer() as server:
        result = enrolled("intro", "--send", env=server.env())
    assert result.exit_code == 0, result.output
    assert len(server.accepted) == 2
    for received in server.accepted:
        header = [a for _, a in getaddresses([str(received.message["To"])])]
        assert sorted(header) == sorted(received.recipients)  # envelope = header
        assert received.sender == "coordinator@example.com"
    assert ["jöhn@exämple.com", "dana@example.com"] in [
        r.recipients for r in server.accepted
    ]


def test_an_international_address_in_a_draft_is_written_as_it_is(enrolled, tmp_path):
    _with_international_pair(enrolled)
    folder = tmp_path / "drafts"
    result = enrolled("intro", "--format", "eml", "--output", str(folder))
    assert result.exit_code == 0, result.output
    raw = (folder / "j-hn--dana.eml").read_bytes()
    assert "To: jöhn@exämple.com, dana@example.com".encode() in raw
    draft = message_from_bytes(raw, policy=policy.default)
    addresses = [a for _, a in getaddresses([str(draft["To"])])]
    assert addresses == ["jöhn@exämple.com", "dana@example.com"]


def test_a_server_without_smtputf8_refuses_that_message_only(enrolled):
    _with_international_pair(enrolled)
    with MailServer(smtputf8=False) as server:
        result = enrolled("remind", "--send", env=server.env())
        assert result.exit_code == 1
        assert [r.recipients for r in server.accepted] == [
            ["bo@example.com", "sam@example.com"]
        ]
    assert "does not take addresses beyond ASCII" in result.stderr
    assert "Sent 1 reminder through" in result.stderr
    assert "Traceback" not in result.output
    assert sorted(_statuses(enrolled)) == ["refused", "sent"]
    (refused,) = enrolled.rows("SELECT * FROM messages WHERE status = 'refused'")
    assert json.loads(refused["recipients"]) == ["jöhn@exämple.com", "dana@example.com"]


# ---------------------------------------------------------------- exactly once


def _run(cli, *args: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "revmentor", "--db", str(cli.db_path), *args],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_runs_at_once_mail_each_pair_once(enrolled):
    pairs = add_five_pairs(enrolled)
    with MailServer() as server:
        server.handler.on_data = lambda n: time.sleep(0.2)  # so the runs overlap
        runs = [_run(enrolled, "remind", "--send", env=server.env()) for _ in "ab"]
        outcomes = [(run.wait(timeout=120), run.stderr.read()) for run in runs]
    for code, stderr in outcomes:
        assert code == 0, stderr
    delivered = [tuple(sorted(r.recipients)) for r in server.accepted]
    assert len(delivered) == 5 == len(set(delivered))
    sent = enrolled.rows("SELECT pair_id FROM messages WHERE status = 'sent'")
    assert sorted(r["pair_id"] for r in sent) == sorted(pairs)


def test_a_locked_database_mails_nobody(enrolled):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    blocker = sqlite3.connect(enrolled.db_path, isolation_level=None)
    blocker.execute(
        "BEGIN IMMEDIATE"
    )  # another command writing, for longer than we wait
    try:
        with MailServer() as server:
            result = enrolled("remind", "--send", env=server.env())
            assert server.accepted == []
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert result.exit_code == 1
    assert "locked" in result.stderr
    assert enrolled.rows("SELECT * FROM messages") == []


def test_a_message_sent_but_not_recorded_is_named_and_never_sent_again(enrolled):
    add_five_pairs(enrolled)
    blocker = sqlite3.connect(
        enrolled.db_path, isolation_level=None, check_same_thread=False
    )

    def lock_after_first(n: int) -> None:
        if n == 1:  # another command takes the database as the first mail goes
            blocker.execute("BEGIN IMMEDIATE")

    try:
        with MailServer() as server:
            server.handler.on_data = lock_after_first
            result = enrolled("remind", "--send", env=server.env())
            blocker.execute("ROLLBACK")
            assert len(server.accepted) == 1
            assert result.exit_code == 1
            assert "was sent, but the database cannot record it" in result.stderr
            assert "it stays claimed, so no run sends it again" in result.stderr
            assert "4 reminders not sent" in result.stderr
            assert _statuses(enrolled) == ["claimed"]
            result = enrolled("remind", "--send", env=server.env())
            assert result.exit_code == 0, result.output
        delivered = [tuple(sorted(r.recipients)) for r in server.accepted]
        assert len(delivered) == 5 == len(set(delivered))
    finally:
        blocker.close()


def test_drafts_are_not_deliveries_and_send_mails_them_once(enrolled, tmp_path):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=60)
    drafts = tmp_path / "drafts"
    assert enrolled("remind", "--format", "eml", "--output", str(drafts)).exit_code == 0
    assert enrolled("intro", "--output", str(tmp_path / "intros")).exit_code == 0
    assert _statuses(enrolled) == ["draft"] * 4
    with MailServer() as server:
        for command in ("remind", "intro"):
            result = enrolled(command, "--send", env=server.env())
            assert result.exit_code == 0, result.output
            assert "Sent 2 " in result.stderr
        assert len(server.accepted) == 4
        for command in ("remind", "intro"):  # sent now: not again
            result = enrolled(command, "--send", env=server.env())
            assert result.exit_code == 0, result.output
        assert len(server.accepted) == 4
    assert "Skipped 2 already reminded" in enrolled("remind", "--send").stderr


def test_a_temporary_refusal_is_tried_again_in_the_same_run(enrolled):
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=60)
    with MailServer() as server:
        server.handler.defer_once = {"bo@example.com", "sam@example.com"}
        result = enrolled("remind", "--send", env=server.env())
        assert [sorted(r.recipients) for r in server.accepted] == [
            ["bo@example.com", "sam@example.com"]
        ]
    assert result.exit_code == 0, result.output
    assert "refused 0, failed 0, skipped 0" in result.stderr
    assert _statuses(enrolled) == ["sent"]


def test_ctrl_c_stops_after_the_message_on_its_way(enrolled):
    add_five_pairs(enrolled)
    with MailServer() as server:
        run: list[subprocess.Popen] = []
        server.handler.on_data = lambda n: n == 1 and run[0].send_signal(signal.SIGINT)
        run.append(_run(enrolled, "remind", "--send", env=server.env()))
        code, stderr = run[0].wait(timeout=120), run[0].stderr.read()
        assert len(server.accepted) == 1
    assert code == 1, stderr
    assert "Stopped at Ctrl-C: 4 reminders not sent" in stderr
    assert "Sent 1 reminder through" in stderr
    assert "run the same command again" in stderr
    assert _statuses(enrolled) == ["sent"]


# ---------------------------------------------------------------- files


@pytest.mark.parametrize("command", [["intro"], ["calendar"]])
def test_an_output_folder_that_is_a_link_is_refused(enrolled, tmp_path, command):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = tmp_path / "out"
    link.symlink_to(elsewhere)
    before = enrolled.dump()
    result = enrolled(*command, "--output", str(link))
    assert result.exit_code == 1
    assert "is a symbolic link; revmentor does not write through links" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert enrolled.dump() == before


@pytest.mark.skipif(os.geteuid() != 0, reason="making a device file needs root")
def test_drafts_failing_half_way_say_which_were_written(enrolled, tmp_path):
    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=60)
    folder = tmp_path / "drafts"
    folder.mkdir()
    # The second draft's name is a full disk (as /dev/full is).
    os.mknod(folder / "bo--sam.md", 0o600 | 0o020000, os.makedev(1, 7))
    result = enrolled("intro", "--output", str(folder))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert "written before it: ana--dana.md" in result.stderr
    assert enrolled.rows("SELECT * FROM messages") == []


def test_a_changed_event_has_a_higher_sequence(enrolled, tmp_path):
    from icalendar import Calendar

    add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    folder = tmp_path / "calendar"

    def sequence() -> int:
        calendar = Calendar.from_ical((folder / "ana--dana.ics").read_bytes())
        (event,) = calendar.walk("VEVENT")
        return int(event["SEQUENCE"])

    assert enrolled("calendar", "--output", str(folder)).exit_code == 0
    first = sequence()
    result = enrolled("calendar", "--output", str(folder), "--time", "14:30")
    assert result.exit_code == 0, result.output
    assert sequence() > first > 0


# ---------------------------------------------------------------- older files


OLDER_MESSAGES = """
    CREATE TABLE messages (
        id INTEGER PRIMARY KEY, kind TEXT NOT NULL, pair_id INTEGER REFERENCES pairs(id),
        participant TEXT COLLATE NOCASE, recipients TEXT NOT NULL DEFAULT '[]',
        subject TEXT NOT NULL, created_at TEXT NOT NULL,
        how TEXT NOT NULL CHECK (how IN ('terminal', 'markdown', 'json', 'eml', 'csv', 'sent')),
        status TEXT NOT NULL CHECK (status IN ('written', 'sent')))
"""


def test_older_messages_become_drafts_and_sent_mail(enrolled, tmp_path):
    pair = add_pair(enrolled, "ana@example.com", "dana@example.com", days_ago=60)
    conn = sqlite3.connect(enrolled.db_path)
    with conn:
        conn.execute("DROP TABLE messages")
        conn.execute(OLDER_MESSAGES)
        conn.execute(
            "DELETE FROM _sqlite_migrations WHERE name = 'm012_message_states'"
        )
        for how, status in (("terminal", "written"), ("sent", "sent")):
            conn.execute(
                "INSERT INTO messages (kind, pair_id, recipients, subject, created_at, "
                "how, status) VALUES ('remind', ?, '[]', 'Hi', '2026-01-01T10:00:00', ?, ?)",
                [pair, how, status],
            )
    conn.close()
    assert enrolled("init", "--no-input", "--name", "Upgraded").exit_code == 0
    rows = enrolled.rows("SELECT how, status FROM messages ORDER BY id")
    assert rows == [
        {"how": "terminal", "status": "draft"},
        {"how": "email", "status": "sent"},
    ]
    # A backup made before the states restores with today's words.
    backup = tmp_path / "older.json"
    assert enrolled("export", "--output", str(backup)).exit_code == 0
    document = json.loads(backup.read_text())
    document["schema"].remove("m012_message_states")
    for row, (how, status) in zip(
        document["tables"]["messages"],
        [("terminal", "written"), ("sent", "sent")],
        strict=True,
    ):
        row.update(how=how, status=status)
    backup.write_text(json.dumps(document))
    restored = Cli(tmp_path / "restored.db")
    result = restored("restore", str(backup))
    assert result.exit_code == 0, result.output
    assert restored.rows("SELECT how, status FROM messages ORDER BY id") == rows
