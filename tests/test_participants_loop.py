"""Issue 27's loop end to end, as a coordinator runs it: the intro carries the
pair's own prefilled form link and goals, both partners answer the form, one
session is recorded with both ratings, the check-in reminder carries the
statements, and the digest reaches a real local webhook as Slack JSON and as a
Teams card, counts only; a failing webhook exits 1."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.test_digest import Webhook, ok

FORM = "https://docs.google.com/forms/d/e/1FAIpQLSf/viewform"
TODAY = date.today()
PAIRED_ON = TODAY - timedelta(days=20)


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


def test_intro_answers_one_session_checkin_reminder_and_digest(
    enrolled, webhook, tmp_path
):
    settings = tmp_path / "program.yaml"
    settings.write_text(
        "program:\n"
        f"  session_form_url: {FORM}\n"
        "  session_form_prefill: {mentor: entry.1001, mentee: entry.1002}\n"
        f"  checkin_form_url: {FORM}\n"
        "  checkin_form_prefill: {participant: entry.2001}\n"
        "  statements: [I feel heard by senior leaders]\n"
    )
    ok(enrolled("init", "--from", str(settings)))
    ok(enrolled("pair", "--date", PAIRED_ON.isoformat()))
    pairs = {
        (p["mentor"], p["mentee"]) for p in enrolled.rows("SELECT * FROM pair_progress")
    }
    mentor, mentee = next(iter(sorted(pairs)))
    set_on = ["--date", PAIRED_ON.isoformat()]
    ok(enrolled("goals", "add", mentee, "Post weekly on LinkedIn", *set_on))

    intros = json.loads(ok(enrolled("intro", "--format", "json")).stdout)
    intro = next(i for i in intros if mentee in i["to"])
    link = f"{FORM}?usp=pp_url&entry.1001={mentor.replace('@', '%40')}"
    assert intro["session_form"] == f"{link}&entry.1002={mentee.replace('@', '%40')}"
    assert intro["goals"] == [
        {"code": "G1", "text": "Post weekly on LinkedIn", "due": None}
    ]

    met = (TODAY - timedelta(days=2)).isoformat()
    export = tmp_path / "Session form (Responses).csv"
    export.write_text(
        "Timestamp,Mentor,Mentee,Date,Minutes,Mentor rating,Mentee rating,Goal reached\n"
        f"{met} 18:00:00,{mentor},{mentee},{met},45,4,,G1\n"
        f"{met} 19:30:00,{mentor},{mentee},{met},45,,5,\n"
    )
    ok(enrolled("log", "--from", str(export)))
    sessions = enrolled.rows("SELECT mentor_rating, mentee_rating FROM sessions")
    assert sessions == [{"mentor_rating": 4, "mentee_rating": 5}]

    reminders = json.loads(
        ok(enrolled("remind", "--checkins", "--format", "json", "--dry-run")).stdout
    )
    assert reminders and all(
        r["statements"] == ["I feel heard by senior leaders"] for r in reminders
    )

    for fmt in ("slack", "teams"):
        ok(
            enrolled(
                "digest", "--webhook", webhook.url, "--webhook-format", fmt, "--again"
            )
        )
    slack, teams = (post["json"] for post in webhook.posts)
    assert "Sessions this week: 1" in slack["text"] and "blocks" in slack
    card = teams["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert {"title": "Goals reached", "value": "1"} in card["content"]["body"][1][
        "facts"
    ]
    names = [p["name"] for p in enrolled.rows("SELECT name FROM participants")]
    posted = json.dumps(webhook.posts)
    assert not any(name in posted for name in names)

    webhook.status = 500
    failed = enrolled("digest", "--webhook", webhook.url, "--again")
    assert failed.exit_code == 1 and "HTTP 500" in failed.stderr
