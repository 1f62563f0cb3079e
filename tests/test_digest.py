"""`revmentor digest`: the week in one message, shown or posted to a real local
webhook server (Slack JSON, a Teams Adaptive Card), once a week."""

from __future__ import annotations

import json
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.conftest import Cli
from tests.mailserver import MailServer, free_port

TODAY = date.today()
PAIRED_ON = (TODAY - timedelta(days=40)).isoformat()
SECRET = "T000/B000/s3cr3t-token"


class Webhook:
    """A chat webhook on 127.0.0.1: records each POST, answers ``status``."""

    def __init__(self):
        self.posts: list[dict] = []
        self.status, self.delay = 200, 0.0
        hook = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                time.sleep(hook.delay)
                hook.posts.append(
                    {
                        "path": self.path,
                        "type": self.headers["Content-Type"],
                        "json": json.loads(body),
                    }
                )
                try:
                    self.send_response(hook.status)
                    if 300 <= hook.status < 400:
                        self.send_header("Location", "http://127.0.0.1:1/elsewhere")
                    self.send_header("Content-Length", "2")
                    self.end_headers()
                    self.wfile.write(b"ok")
                except OSError:  # the client gave up waiting (the timeout test)
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/services/{SECRET}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def webhook():
    hook = Webhook()
    yield hook
    hook.server.shutdown()
    hook.server.server_close()


@pytest.fixture
def program(enrolled):
    """Two pairs of Bo's; Bo and Dana met this week and reached a goal."""
    ok(enrolled("pair", "--date", PAIRED_ON))
    this_week = (TODAY - timedelta(days=2)).isoformat()
    ok(enrolled("goals", "add", "dana@example.com", "Post weekly", "--date", PAIRED_ON))
    log = ["log", "--mentor", "bo@example.com", "--mentee", "dana@example.com"]
    ok(enrolled(*log, "--date", this_week, "--goal-reached", "1", "--no-input"))
    return enrolled


def ok(result):
    assert result.exit_code == 0, result.output
    return result


def secret_kept(*results, cli) -> None:
    for result in results:
        assert SECRET not in result.output
    assert not any(SECRET in line for line in cli.dump())


COUNTS = [
    "Pairs that met: 1 of 2",
    "Sessions this week: 1",
    "Pairs: 1 on track, 0 behind, 1 stalled",
    "Sessions held: 1 of 2 expected",
    "Check-ins due: 3 people",
    "Goals reached: 1",
]


def test_digest_shows_the_week_in_counts_and_names_only_when_asked(program):
    shown = ok(program("digest")).stdout
    week = f"{TODAY - timedelta(days=6)} to {TODAY}"
    assert shown.splitlines() == [f"Test Program: the week {week}", *COUNTS]
    named = ok(program("digest", "--names")).stdout
    assert "Met: Bo Chen → Dana Lee" in named
    assert "Stalled: Bo Chen → Sam Ortiz" in named
    assert "Goals reached: Bo Chen → Dana Lee" in named
    assert "Check-in due: Bo Chen, Dana Lee, Sam Ortiz" in named
    assert "Post weekly" not in named  # a goal's words stay the pair's
    assert not program.rows("SELECT * FROM digests")  # shown: nothing recorded


def test_slack_post_once_a_week_with_counts_and_no_names(program, webhook):
    env = {"REVMENTOR_WEBHOOK_URL": webhook.url}
    posted = ok(program("digest", env=env))
    assert "Posted the digest (slack webhook, HTTP 200)" in posted.stderr
    (post,) = webhook.posts
    assert post["type"].startswith("application/json")
    body = post["json"]
    assert set(body) == {"text", "blocks"}
    assert all(line in body["text"] for line in COUNTS)
    assert body["blocks"][0]["type"] == "header"
    assert "*Pairs that met:* 1 of 2" in body["blocks"][1]["text"]["text"]
    assert "Bo Chen" not in json.dumps(body) and "example.com" not in json.dumps(body)

    again = program("digest", env=env)  # cron, the next day: not due
    assert again.exit_code == 0 and len(webhook.posts) == 1
    assert f"the digest went out on {TODAY}" in again.stderr
    dry = ok(program("digest", "--dry-run", env=env))
    assert "went out" in dry.stderr and len(webhook.posts) == 1
    week_later = (TODAY + timedelta(days=7)).isoformat()
    ok(program("digest", "--as-of", week_later, env=env))
    ok(program("digest", "--again", env=env))
    assert len(webhook.posts) == 3
    secret_kept(posted, again, dry, cli=program)
    help_text = program("digest", "--help", env=env)
    assert "REVMENTOR_WEBHOOK_URL" in help_text.output
    secret_kept(help_text, cli=program)


def test_teams_gets_an_adaptive_card_and_names_with_names(program, webhook):
    args = ["digest", "--webhook", webhook.url, "--webhook-format", "teams"]
    ok(program(*args, "--names"))
    (post,) = webhook.posts
    message = post["json"]
    assert message["type"] == "message"
    (attachment,) = message["attachments"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert (card["type"], card["version"]) == ("AdaptiveCard", "1.4")
    facts = {f["title"]: f["value"] for f in card["body"][1]["facts"]}
    assert facts["Pairs that met"] == "1 of 2"
    assert facts["Goals reached"] == "1"
    assert any(
        "Stalled: Bo Chen → Sam Ortiz" in b.get("text", "") for b in card["body"]
    )


def test_dry_run_shows_the_payload_and_posts_nothing(program, webhook):
    args = ["digest", "--webhook", webhook.url, "--dry-run"]
    result = ok(program(*args, "--webhook-format", "teams"))
    assert json.loads(result.stdout)["attachments"][0]["content"]["body"]
    assert "nothing was" in result.stderr and not webhook.posts
    assert not program.rows("SELECT * FROM digests")
    secret_kept(result, cli=program)


@pytest.mark.parametrize("status", [500, 404, 302])
def test_a_failing_webhook_exits_1_with_the_status_and_a_rerun_posts(
    program, webhook, status
):
    webhook.status = status
    failed = program("digest", "--webhook", webhook.url)
    assert failed.exit_code == 1
    assert f"The webhook answered HTTP {status}" in failed.stderr
    assert "run the same command again" in failed.stderr
    assert "Traceback" not in failed.output
    assert not program.rows("SELECT * FROM digests")  # the claim was given back
    webhook.status = 200
    ok(program("digest", "--webhook", webhook.url))
    assert program.rows("SELECT status FROM digests") == [{"status": "posted"}]
    secret_kept(failed, cli=program)


def test_no_answer_and_a_timeout_exit_1(program, webhook, monkeypatch):
    closed = webhook.url.replace(str(webhook.server.server_port), str(free_port()))
    refused = program("digest", "--webhook", closed)
    assert refused.exit_code == 1
    assert "The webhook did not answer (Connection refused)" in refused.stderr
    monkeypatch.setattr("revmentor.delivery.webhook.TIMEOUT_SECONDS", 0.3)
    webhook.delay = 1.0
    slow = program("digest", "--webhook", webhook.url)
    assert slow.exit_code == 1
    assert "did not answer within 0.3 seconds" in slow.stderr
    secret_kept(refused, slow, cli=program)


def test_a_webhook_that_is_not_http_is_refused_without_showing_it(program):
    result = program("digest", "--webhook", f"ftp://example.com/{SECRET}")
    assert result.exit_code == 2
    assert "must start with https://" in result.stderr
    secret_kept(result, cli=program)


def test_run_daily_from_cron_each_message_goes_once(program, webhook):
    """The README's crontab: remind --send, remind --checkins --send and digest,
    every morning; run twice a day and through a week, nothing goes twice."""
    with MailServer() as server:
        env = server.env(REVMENTOR_WEBHOOK_URL=webhook.url)
        dry = ok(program("remind", "--dry-run", env=env))
        assert "To: bo@example.com, sam@example.com" in dry.stdout
        assert not server.accepted
        assert not program.rows("SELECT * FROM messages")
        for day in range(8):
            as_of = ["--as-of", (TODAY + timedelta(days=day)).isoformat()]
            for _ in range(2):
                ok(program("remind", "--send", *as_of, env=env))
                ok(program("remind", "--checkins", "--send", *as_of, env=env))
                ok(program("digest", *as_of, env=env))
        mailed = [tuple(sorted(m.recipients)) for m in server.accepted]
        # Bo–Sam stalled, Bo–Dana behind from day 3, three people's check-ins
        assert len(mailed) == len(set(mailed)) == 2 + 3
    assert len(webhook.posts) == 2  # today, and a week later
    days = program.rows("SELECT day FROM digests ORDER BY day")
    assert [row["day"] for row in days] == [
        TODAY.isoformat(),
        (TODAY + timedelta(days=7)).isoformat(),
    ]


def test_the_loop_both_answer_the_form_then_the_digest_counts_one_session(
    enrolled, webhook, tmp_path
):
    ok(enrolled("pair", "--date", PAIRED_ON))
    met = (TODAY - timedelta(days=1)).isoformat()
    export = tmp_path / "Session form (Responses).csv"
    export.write_text(
        "Timestamp,Mentor,Mentee,Date,Minutes,Mentor rating,Mentee rating\n"
        f"{met} 18:00:00,bo@example.com,dana@example.com,{met},50,4,\n"
        f"{met} 19:30:00,bo@example.com,dana@example.com,{met},50,,5\n"
    )
    ok(enrolled("log", "--from", str(export)))
    (session,) = enrolled.rows("SELECT mentor_rating, mentee_rating FROM sessions")
    assert session == {"mentor_rating": 4, "mentee_rating": 5}
    for fmt in ("slack", "teams"):
        args = ["digest", "--webhook", webhook.url, "--webhook-format", fmt]
        ok(enrolled(*args, "--again"))
    slack, teams = (post["json"] for post in webhook.posts)
    assert "Sessions this week: 1" in slack["text"]
    facts = teams["attachments"][0]["content"]["body"][1]["facts"]
    assert {"title": "Sessions this week", "value": "1"} in facts
    assert "Dana" not in json.dumps(slack) + json.dumps(teams)


def test_nothing_is_posted_once_the_program_has_ended(program, webhook):
    start = TODAY - timedelta(weeks=10)
    init = ["init", "--no-input", "--start", start.isoformat()]
    ok(program(*init, "--length-weeks", "8"))  # it ended two weeks ago
    ended = ok(program("digest", "--webhook", webhook.url))
    assert f"the program ended on {start + timedelta(weeks=8)}" in ended.stderr
    last_week = ["--as-of", (start + timedelta(weeks=8, days=6)).isoformat()]
    ok(program("digest", "--webhook", webhook.url, *last_week))
    assert len(webhook.posts) == 1  # the week of its last day still went out


def test_a_restored_backup_keeps_which_digests_went_out(program, webhook, tmp_path):
    env = {"REVMENTOR_WEBHOOK_URL": webhook.url}
    ok(program("digest", env=env))
    backup = tmp_path / "backup.json"
    ok(program("export", "--output", str(backup)))
    assert json.loads(backup.read_text())["tables"]["digests"][0]["day"] == str(TODAY)
    copy = Cli(tmp_path / "copy.db")
    ok(copy("restore", str(backup)))
    again = ok(copy("digest", env=env))  # the same morning, from the copy
    assert len(webhook.posts) == 1
    assert f"the digest went out on {TODAY}" in again.stderr
