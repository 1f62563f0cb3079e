"""Delivering intros and reminders: e-mail drafts, mail merge, and a real SMTP
server on 127.0.0.1 that accepts, refuses and drops."""

from __future__ import annotations

import csv
import io
import json
from email import message_from_bytes, policy

import pytest

from tests.mailserver import MailServer, free_port
from tests.pairing import add_five_pairs, add_pair, days_ago

SECRET_NOTE = "SECRET-NOTE-41"


@pytest.fixture(autouse=True)
def _no_mail_settings(monkeypatch):
    for name in (
        "REVMENTOR_SMTP_HOST",
        "REVMENTOR_SMTP_PORT",
        "REVMENTOR_SMTP_USER",
        "REVMENTOR_SMTP_PASSWORD",
        "REVMENTOR_SMTP_SECURITY",
        "REVMENTOR_MAIL_FROM",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def paired(enrolled):
    enrolled.ana_dana = add_pair(
        enrolled,
        "ana@example.com",
        "dana@example.com",
        days_ago=60,
        reasons=[
            "covers 1 of 2 topics Dana Lee wants: TikTok",
            "level gap 6 (2 → 8)",
            "brings a different gender",
        ],
        shared=["TikTok"],
    )
    enrolled.bo_sam = add_pair(
        enrolled, "bo@example.com", "sam@example.com", days_ago=60
    )
    result = enrolled(
        "log",
        "--mentor",
        "ana@example.com",
        "--mentee",
        "dana@example.com",
        "--date",
        days_ago(50),
        "--minutes",
        "45",
        "--notes",
        SECRET_NOTE,
        "--mentor-rating",
        "2",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    return enrolled


def _messages(cli) -> list[dict]:
    return cli.rows("SELECT * FROM messages ORDER BY id")


def _body(received) -> str:
    return received.message.get_body(preferencelist=("plain",)).get_content()


def _assert_private_kept_out(raw: str, own_goal: bool = False) -> None:
    """Nothing private, but a pair's goal in their own words goes to them."""
    assert ("G1: GOAL-TEXT-SECRET" in raw) is own_goal
    for private in (SECRET_NOTE, "female", "gender", "level gap"):
        assert private not in raw, private


def test_intro_send_reaches_each_pair_with_its_invitation(paired):
    from icalendar import Calendar

    result = paired("goals", "add", str(paired.ana_dana), "GOAL-TEXT-SECRET")
    assert result.exit_code == 0, result.output
    with MailServer() as server:
        result = paired("intro", "--send", env=server.env())
    assert result.exit_code == 0, result.output
    assert "Sent 2 introductions through 127.0.0.1" in result.stderr
    assert sorted(sorted(r.recipients) for r in server.accepted) == [
        ["ana@example.com", "dana@example.com"],
        ["bo@example.com", "sam@example.com"],
    ]
    ana = next(r for r in server.accepted if "ana@example.com" in r.recipients)
    assert ana.message["Subject"] == "Ana Ruiz and Dana Lee: welcome to Test Program"
    assert ana.message["From"] == "coordinator@example.com"
    assert ana.message["X-Unsent"] is None  # a sent message is not a draft
    body = _body(ana)
    assert "Why you were paired" in body
    assert "Covers 1 of 2 topics Dana Lee wants: TikTok" in body
    assert "\\" not in body  # plain text, no Markdown escapes
    _assert_private_kept_out(ana.message.as_string(), own_goal=True)
    bo = next(r for r in server.accepted if "bo@example.com" in r.recipients)
    _assert_private_kept_out(bo.message.as_string())
    (attachment,) = list(ana.message.iter_attachments())
    assert attachment.get_content_type() == "text/calendar"
    calendar = Calendar.from_ical(attachment.get_content())
    (event,) = calendar.walk("VEVENT")
    attendees = sorted(str(a) for a in event.get("attendee"))
    assert attendees == ["mailto:ana@example.com", "mailto:dana@example.com"]
    # Recorded as sent, and the pairs as introduced.
    rows = _messages(paired)
    assert [(r["kind"], r["how"], r["status"]) for r in rows] == [
        ("intro", "email", "sent")
    ] * 2
    assert all(r["introduced_on"] for r in paired.rows("SELECT * FROM pairs"))
    assert "SMTP_PASSWORD" not in result.output


def test_reminders_go_to_the_pair_only_and_cc_the_coordinator(paired):
    assert (
        paired(
            "init", "--no-input", "--coordinator-email", "coord@example.com"
        ).exit_code
        == 0
    )
    with MailServer() as server:
        result = paired("remind", "--send", "--cc-coordinator", env=server.env())
    assert result.exit_code == 0, result.output
    assert len(server.accepted) == 2
    for received in server.accepted:
        assert received.message["Cc"] == "coord@example.com"
        assert len(received.recipients) == 3
        assert "coord@example.com" in received.recipients
        _assert_private_kept_out(received.message.as_string())
    stored = json.loads(_messages(paired)[0]["recipients"])
    assert "coord@example.com" in stored


def test_refused_address_is_reported_and_the_rest_still_go(paired):
    with MailServer() as server:
        server.handler.refuse = {"sam@example.com", "bo@example.com"}
        result = paired("remind", "--send", env=server.env())
        assert result.exit_code == 1
        assert "Not sent" in result.stderr
        assert "bo@example.com" in result.stderr and "550" in result.stderr
        assert "refused 1, failed 0, skipped 0" in result.stderr
        assert "1 of 2 reminders could not be sent" in result.stderr
        assert "run the same command again" in result.stderr
        assert "Traceback" not in result.output
        assert [sorted(r.recipients) for r in server.accepted] == [
            ["ana@example.com", "dana@example.com"]
        ]
        assert [r["status"] for r in _messages(paired)] == ["sent", "refused"]
        # The address is fixed: running again sends the refused one, and only it.
        server.handler.refuse = set()
        result = paired("remind", "--send", env=server.env())
        assert result.exit_code == 0, result.output
        assert "Sent 1 reminder through" in result.stderr
        assert [sorted(r.recipients) for r in server.accepted] == [
            ["ana@example.com", "dana@example.com"],
            ["bo@example.com", "sam@example.com"],
        ]
    assert [r["status"] for r in _messages(paired)] == ["sent", "refused", "sent"]


def test_a_dropped_connection_is_tried_again_in_the_same_run(enrolled):
    pairs = add_five_pairs(enrolled)
    with MailServer() as server:
        server.handler.drop_on = {3}
        result = enrolled("remind", "--send", env=server.env())
    assert result.exit_code == 0, result.output
    assert "Sent 5 reminders through" in result.stderr
    delivered = sorted(tuple(sorted(r.recipients)) for r in server.accepted)
    assert len(delivered) == 5 == len(set(delivered))  # each pair exactly once
    assert sorted(r["pair_id"] for r in _messages(enrolled)) == sorted(pairs)


def test_a_message_failing_twice_is_failed_and_sent_by_the_next_run(enrolled):
    pairs = add_five_pairs(enrolled)
    with MailServer() as server:
        server.handler.drop_on = {3, 4}  # the third message, and its second try
        result = enrolled("remind", "--send", env=server.env())
        assert result.exit_code == 1
        assert "did not accept it (Connection unexpectedly closed)" in result.stderr
        assert "refused 0, failed 1, skipped 0" in result.stderr
        assert len(server.accepted) == 4  # the others went on after reconnecting
        statuses = [r["status"] for r in _messages(enrolled)]
        assert sorted(statuses) == ["failed"] + ["sent"] * 4
        result = enrolled("remind", "--send", env=server.env())
        assert result.exit_code == 0, result.output
        assert "Skipped 4 already reminded" in result.stderr
        assert "Sent 1 reminder through" in result.stderr
    delivered = sorted(tuple(sorted(r.recipients)) for r in server.accepted)
    assert len(delivered) == 5 == len(set(delivered))  # each pair exactly once
    sent = [r["pair_id"] for r in _messages(enrolled) if r["status"] == "sent"]
    assert sorted(sent) == sorted(pairs)


def test_unreachable_server_sends_and_records_nothing(paired):
    env = {
        "REVMENTOR_SMTP_HOST": "127.0.0.1",
        "REVMENTOR_SMTP_PORT": str(free_port()),
        "REVMENTOR_SMTP_SECURITY": "none",
        "REVMENTOR_MAIL_FROM": "coordinator@example.com",
    }
    before = paired.dump()
    result = paired("remind", "--send", env=env)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: Could not reach the mail server 127.0.0.1:")
    assert result.stderr.count("\n") == 1
    assert paired.dump() == before


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "--send needs a mail server: set REVMENTOR_SMTP_HOST"),
        ({"REVMENTOR_SMTP_HOST": "localhost"}, "needs the address mail comes from"),
        (
            {
                "REVMENTOR_SMTP_HOST": "localhost",
                "REVMENTOR_MAIL_FROM": "c@example.com",
                "REVMENTOR_SMTP_SECURITY": "tls",
            },
            "REVMENTOR_SMTP_SECURITY must be one of starttls, ssl, none",
        ),
        (
            {
                "REVMENTOR_SMTP_HOST": "localhost",
                "REVMENTOR_MAIL_FROM": "c@example.com",
                "REVMENTOR_SMTP_USER": "coord",
            },
            "needs both REVMENTOR_SMTP_USER and REVMENTOR_SMTP_PASSWORD",
        ),
        (
            {
                "REVMENTOR_SMTP_HOST": "localhost",
                "REVMENTOR_MAIL_FROM": "c@example.com",
                "REVMENTOR_SMTP_USER": "coord",
                "REVMENTOR_SMTP_PASSWORD": "hunter2-secret",
                "REVMENTOR_SMTP_SECURITY": "none",
            },
            "unencrypted connection",
        ),
    ],
)
def test_wrong_settings_are_one_sentence_before_anything(paired, env, expected):
    before = paired.dump()
    result = paired("intro", "--send", env=env)
    assert result.exit_code == 1
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert "hunter2-secret" not in result.output
    assert paired.dump() == before


def test_dry_run_send_shows_who_gets_what(paired):
    with MailServer() as server:
        before = paired.dump()
        result = paired("remind", "--send", "--dry-run", env=server.env())
        assert result.exit_code == 0, result.output
        assert server.accepted == []
    assert "ana@example.com" in result.stdout and "sam@example.com" in result.stdout
    assert "Goes to" in result.stdout and "e-mail" in result.stdout
    assert "Dry run" in result.stderr
    assert paired.dump() == before


def test_eml_drafts_open_in_a_mail_client(paired, tmp_path):
    folder = tmp_path / "drafts"
    result = paired(
        "intro",
        "--format",
        "eml",
        "--output",
        str(folder),
        env={"REVMENTOR_MAIL_FROM": "coordinator@example.com"},
    )
    assert result.exit_code == 0, result.output
    assert "Wrote 2 introductions to" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["ana--dana.eml", "bo--sam.eml"]
    draft = message_from_bytes(
        (folder / "ana--dana.eml").read_bytes(), policy=policy.default
    )
    assert draft["X-Unsent"] == "1"
    assert draft["To"] == "ana@example.com, dana@example.com"
    assert draft["From"] == "coordinator@example.com"
    assert draft["Subject"] == "Ana Ruiz and Dana Lee: welcome to Test Program"
    assert [a.get_filename() for a in draft.iter_attachments()] == ["sessions.ics"]
    _assert_private_kept_out(draft.as_string())
    assert [r["how"] for r in _messages(paired)] == ["eml", "eml"]


def test_mail_merge_csv_is_neutralised(enrolled, tmp_path):
    assert enrolled("init", "--no-input", "--name", "=HYPERLINK(1)").exit_code == 0
    add_pair(enrolled, "bo@example.com", "sam@example.com", days_ago=60)
    target = tmp_path / "merge.csv"
    result = enrolled("remind", "--format", "csv", "--output", str(target))
    assert result.exit_code == 0, result.output
    (row,) = list(csv.DictReader(io.StringIO(target.read_text())))
    assert list(row) == ["to", "cc", "subject", "body"]
    assert row["to"] == "bo@example.com, sam@example.com"
    assert row["subject"].startswith("'=HYPERLINK")
    assert row["body"].startswith("'=HYPERLINK")
    assert "Sessions held: 0 of 3 expected" in row["body"]
    assert [r["how"] for r in _messages(enrolled)] == ["csv"]


def test_output_files_never_overwrite_each_other(enrolled, tmp_path):
    # Two pairs whose addresses make the same file name.
    for role, email in (
        ("mentor", "ana@other.example"),
        ("mentee", "dana@other.example"),
    ):
        enrolled(
            "enroll", "--no-input", "--role", role, "--name", "Twin", "--email", email
        )
    add_pair(enrolled, "ana@example.com", "dana@example.com")
    add_pair(enrolled, "ana@other.example", "dana@other.example")
    folder = tmp_path / "out"
    result = enrolled("intro", "--output", str(folder), "--verbose")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in folder.iterdir())
    assert len(names) == 2 and "ana--dana.md" in names
    assert all(str(folder / n) in result.stderr for n in names)
    texts = {(folder / n).read_text().splitlines()[0] for n in names}
    assert texts == {
        "# Ana Ruiz and Dana Lee: welcome to Test Program",
        "# Twin and Twin: welcome to Test Program",
    }


def test_send_and_output_together_are_refused(paired, tmp_path):
    result = paired("intro", "--send", "--output", str(tmp_path / "x"))
    assert result.exit_code == 1
    assert "Choose --send or --output" in result.stderr
    result = paired("remind", "--format", "eml")
    assert result.exit_code == 1
    assert "add --output DIR" in result.stderr


def test_a_link_in_the_folder_is_refused_and_nothing_recorded(paired, tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep me")
    (folder / "ana--dana.md").symlink_to(elsewhere)
    before = paired.dump()
    result = paired("intro", "--output", str(folder))
    assert result.exit_code == 1
    assert "is a symbolic link; revmentor does not write through links" in result.stderr
    assert elsewhere.read_text() == "keep me"
    assert sorted(p.name for p in folder.iterdir()) == ["ana--dana.md"]
    assert paired.dump() == before


@pytest.mark.parametrize(
    ("security", "expected"),
    [
        ("starttls", "does not offer that security"),
        ("ssl", "Could not open a secure connection"),
    ],
)
def test_security_the_server_lacks_is_one_sentence(paired, security, expected):
    with MailServer() as server:
        before = paired.dump()
        result = paired(
            "remind", "--send", env=server.env(REVMENTOR_SMTP_SECURITY=security)
        )
        assert server.accepted == []
    assert result.exit_code == 1
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert paired.dump() == before
