"""The pair's own links and words: prefilled form links, the pair's goals (by
words or code) in their intro and reminders, the program's statements in
check-in reminders, and `goals add --from`."""

from __future__ import annotations

import json
from datetime import date, timedelta

import openpyxl
import pytest

from revmentor.render.formats import markdown_text
from tests.conftest import Cli
from tests.mailserver import MailServer
from tests.pairing import add_pair, days_ago

FORM = "https://docs.google.com/forms/d/e/1FAIpQL/viewform"
CHECKIN_FORM = "https://docs.google.com/forms/d/e/2CHK/viewform"
ANA_DANA_LINK = (
    f"{FORM}?usp=pp_url&entry.1001=ana%40example.com&entry.1002=dana%40example.com"
    "&entry.1003=1"
)


def _ok(result):
    assert result.exit_code == 0, result.output
    return result


def _json(result) -> list[dict]:
    return json.loads(_ok(result).stdout)


@pytest.fixture
def paired(enrolled) -> Cli:
    """Ana → Dana and Bo → Sam, paired 50 days ago and never met (stalled);
    Ana and Dana set two goals."""
    enrolled.ana_dana = add_pair(
        enrolled, "ana@example.com", "dana@example.com", days_ago=50
    )
    enrolled.bo_sam = add_pair(
        enrolled, "bo@example.com", "sam@example.com", days_ago=50
    )
    due = (date.today() + timedelta(days=30)).isoformat()
    _ok(enrolled("goals", "add", "dana@example.com", "Post weekly on LinkedIn"))
    _ok(enrolled("goals", "add", "dana@example.com", "Record a podcast", "--due", due))
    enrolled.due = due
    return enrolled


def _with_form(cli: Cli, *prefill: str) -> None:
    _ok(cli("init", "--no-input", "--session-form-url", FORM))
    if prefill:
        flags = [arg for item in prefill for arg in ("--session-form-prefill", item)]
        _ok(cli("program", *flags))


# ---------------------------------------------------------------- intros


def test_intro_carries_the_pairs_prefilled_link_and_goals(paired):
    _with_form(paired, "mentor=entry.1001", "mentee=entry.1002", "pair=entry.1003")
    ana, bo = _json(paired("intro", "--format", "json", "--dry-run"))
    assert ana["session_form"] == ANA_DANA_LINK
    assert bo["session_form"] == (
        f"{FORM}?usp=pp_url&entry.1001=bo%40example.com&entry.1002=sam%40example.com"
        "&entry.1003=2"
    )
    assert ana["goals"] == [
        {"code": "G1", "text": "Post weekly on LinkedIn", "due": None},
        {"code": "G2", "text": "Record a podcast", "due": paired.due},
    ]
    assert bo["goals"] == []
    text = ana["markdown"]
    assert "## Your goals\n\n- G1: Post weekly on LinkedIn\n" in text
    assert f"- G2: Record a podcast (by {paired.due})" in text
    assert (
        "## After each session\n\nRecord it in the session form, filled in for "
        f"you two: {markdown_text(ANA_DANA_LINK)}\n" in text
    )
    assert "Tell your coordinator after each session" not in text
    assert "Your goals" not in bo["markdown"] and "podcast" not in bo["markdown"]


def test_intro_shows_only_open_goals_set_before_it(paired):
    _ok(paired("goals", "done", "1"))
    (ana, _) = _json(paired("intro", "--format", "json", "--dry-run"))
    assert [(g["code"], g["text"]) for g in ana["goals"]] == [
        ("G2", "Record a podcast")
    ]


def test_plain_link_without_a_mapping_and_a_reply_without_a_form(paired):
    text = _ok(paired("intro", "--format", "markdown", "--dry-run")).stdout
    assert "Reply to your coordinator with these lines, so it can be recorded:" in text
    for line in ("Date:** YYYY-MM-DD", "Goal reached:** its code or its words"):
        assert line in text
    _with_form(paired)
    ana, _ = _json(paired("intro", "--format", "json", "--dry-run"))
    assert ana["session_form"] == FORM
    assert f"filled in for you two: {markdown_text(FORM)}\n" in ana["markdown"]
    assert "Reply to your coordinator" not in ana["markdown"]


# ---------------------------------------------------------------- reminders


def test_sent_reminders_carry_each_pairs_own_link_and_goals(paired, monkeypatch):
    for name in ("REVMENTOR_SMTP_USER", "REVMENTOR_SMTP_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    _with_form(paired, "mentor=entry.1001", "mentee=entry.1002", "pair=entry.1003")
    with MailServer() as server:
        _ok(paired("remind", "--send", env=server.env()))
    bodies = {
        tuple(sorted(r.recipients)): r.message.get_body(("plain",)).get_content()
        for r in server.accepted
    }
    ana = bodies["ana@example.com", "dana@example.com"]
    bo = bodies["bo@example.com", "sam@example.com"]
    assert f"After the session, record it here: {ANA_DANA_LINK}" in ana
    assert "- G1: Post weekly on LinkedIn" in ana
    assert "entry.1001=bo%40example.com" in bo and "ana%40" not in bo
    assert "Your goals" not in bo and "LinkedIn" not in bo


def test_a_reminder_without_a_form_gives_the_reply_lines(paired):
    (ana, _) = _json(paired("remind", "--format", "json", "--dry-run"))
    text = ana["markdown"]
    assert "After the session, reply to your coordinator with the lines below." in text
    assert "- **Goal reached:** its code or its words, if you reached one" in text
    assert "- G2: Record a podcast" in text


def test_checkin_reminders_carry_statements_scale_topics_and_link(paired, tmp_path):
    settings = tmp_path / "program.yaml"
    settings.write_text(
        "program:\n"
        f"  checkin_form_url: {CHECKIN_FORM}\n"
        "  checkin_form_prefill: {participant: entry.2001, phase: entry.2002}\n"
        "  statements: [I feel heard by senior leaders, Ideas flow both ways]\n"
    )
    _ok(paired("init", "--from", str(settings)))
    reminders = _json(paired("remind", "--checkins", "--format", "json", "--dry-run"))
    sam = next(r for r in reminders if r["participant"] == "sam@example.com")
    assert sam["checkin_form"] == (
        f"{CHECKIN_FORM}?usp=pp_url&entry.2001=sam%40example.com&entry.2002=baseline"
    )
    assert sam["statements"] == [
        "I feel heard by senior leaders",
        "Ideas flow both ways",
    ]
    text = sam["markdown"]
    assert "- AI assistants" in text  # the topic Sam set
    assert (
        "## The program's statements\n\nHow much do you agree, from 1 (disagree "
        "strongly) to 5 (agree strongly)?\n\n- I feel heard by senior leaders\n"
        "- Ideas flow both ways\n" in text
    )
    assert (
        f"Answer the check-in in your form: {markdown_text(sam['checkin_form'])}"
        in text
    )
    _ok(paired("init", "--no-input", "--checkin-form-url", ""))
    reminders = _json(paired("remind", "--checkins", "--format", "json", "--dry-run"))
    assert (
        "Reply to your coordinator with a score from 1 to 5 for each line"
        in (reminders[0]["markdown"])
    )


# ---------------------------------------------------------------- settings


def test_prefill_is_set_shown_refused_cleared_and_backed_up(paired, tmp_path):
    _with_form(paired, "mentor=entry.1001")
    shown = _ok(paired("program", "--format", "csv")).stdout
    assert "session_form_prefill.mentor,entry.1001" in shown
    before = paired.dump()
    for flag, problem in (
        ("coach=entry.1", "session_form_prefill cannot fill 'coach': it fills "),
        ("mentor=entry 1", "session_form_prefill.mentor must be a form field id"),
        ("mentor", "--session-form-prefill 'mentor' must be written NAME=FIELD"),
    ):
        result = paired("program", "--session-form-prefill", flag)
        assert result.exit_code == 1, result.output
        assert problem in result.stderr and "Traceback" not in result.output
    assert paired.dump() == before

    backup = tmp_path / "backup.json"
    _ok(paired("export", "--output", str(backup)))
    restored = Cli(tmp_path / "restored.db")
    _ok(restored("restore", str(backup)))
    program = _json(restored("program", "--format", "json"))
    assert program["session_form_prefill"] == {"mentor": "entry.1001"}

    _ok(paired("program", "--session-form-prefill", ""))
    assert _json(paired("program", "--format", "json"))["session_form_prefill"] == {}


def test_a_roster_program_block_sets_the_prefill_by_its_rule(paired, tmp_path):
    bad = tmp_path / "program.yaml"
    bad.write_text("program:\n  session_form_prefill: {mentor: 'a&b'}\n")
    result = paired("init", "--from", str(bad))
    assert result.exit_code == 1
    assert "session_form_prefill.mentor must be a form field id" in result.stderr


# ---------------------------------------------------------------- goals by words


def test_session_form_asks_for_goals_by_words_or_code(enrolled):
    text = _ok(enrolled("forms")).stdout
    assert "Its words, or its code from your introduction (G1, G2…)" in text
    assert "revmentor goals" not in text


def test_log_by_hand_names_a_goal_by_code_or_number(paired):
    _ok(paired("goals", "add", "sam@example.com", "Ship a chatbot"))
    log = ["log", "--pair", str(paired.ana_dana), "--no-input"]
    _ok(paired(*log, "--goal-reached", "g2"))
    _ok(paired(*log, "--goal-reached", "1"))
    done = paired.rows("SELECT id, done_on FROM pair_goals ORDER BY id")
    assert [row["done_on"] is not None for row in done] == [True, True, False]
    listing = _json(paired("goals", "--format", "json"))
    assert [(g["id"], g["code"]) for g in listing] == [(1, "G1"), (2, "G2"), (3, "G1")]


# ---------------------------------------------------------------- goals add --from


def test_goals_add_from_a_csv_by_the_rules_of_goals_add(paired, tmp_path):
    sheet = tmp_path / "goals.csv"
    sheet.write_text(
        "Mentee,Goal,Due\n"
        "sam@example.com,Ship a chatbot,\n"
        f"Sam Ortiz,Demo it to the board,{paired.due}\n"
        "dana@example.com,record a podcast,\n"  # Dana has it already
    )
    dry = _ok(paired("goals", "add", "--from", str(sheet), "--dry-run"))
    assert "Would have added 2 goals from" in dry.stderr
    assert len(paired.rows("SELECT * FROM pair_goals")) == 2
    result = _ok(paired("goals", "add", "--from", str(sheet)))
    assert "Added 2 goals from" in result.stderr
    assert "(1 already added earlier)" in result.stderr
    rows = paired.rows("SELECT pair_id, text, due, created_on FROM pair_goals")
    assert rows[2:] == [
        {
            "pair_id": paired.bo_sam,
            "text": "Ship a chatbot",
            "due": None,
            "created_on": date.today().isoformat(),
        },
        {
            "pair_id": paired.bo_sam,
            "text": "Demo it to the board",
            "due": paired.due,
            "created_on": date.today().isoformat(),
        },
    ]
    again = _ok(paired("goals", "add", "--from", str(sheet)))
    assert "Added 0 goals" in again.stderr and "3 already added" in again.stderr


def test_goals_add_from_refuses_the_whole_file_naming_row_and_column(paired, tmp_path):
    sheet = tmp_path / "goals.csv"
    sheet.write_text(
        "Pair,Mentor,Goal,Due,Date\n"
        f"{paired.bo_sam},,Ship a chatbot,,\n"
        ",bo@example.com,,,\n"
        f",ana@example.com,Speak at the offsite,{days_ago(60)},\n"
        ",nobody@example.com,Something,,\n"
        f"{paired.bo_sam},,Something,,{days_ago(70)}\n"
        f"{paired.bo_sam},,Something else,soon,\n"
    )
    before = paired.dump()
    result = paired("goals", "add", "--from", str(sheet))
    assert result.exit_code == 1
    error = result.stderr
    assert "5 rows of" in error and "so no goals were added" in error
    assert "row 3, column 'Goal': a goal cannot be empty" in error
    assert f"row 4, column 'Due': the due date {days_ago(60)} is before the pair" in (
        error
    )
    assert "row 5, column 'Mentor':" in error and "nobody@example.com" in error
    assert f"row 6, column 'Date': the day the goal was set {days_ago(70)} is" in error
    assert "row 7, column 'Due':" in error and "'soon'" in error
    assert "row 2" not in error and "Traceback" not in result.output
    assert paired.dump() == before


def test_goals_add_from_an_xlsx_with_excel_dates(paired, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["participant", "goal", "due"])
    sheet.append(["bo@example.com", "Ship a chatbot", date.today() + timedelta(days=9)])
    path = tmp_path / "goals.xlsx"
    book.save(path)
    _ok(paired("goals", "add", "--from", str(path)))
    (goal,) = paired.rows("SELECT * FROM pair_goals WHERE pair_id = ?", [paired.bo_sam])
    assert goal["due"] == (date.today() + timedelta(days=9)).isoformat()


def test_goals_add_from_refuses_an_ended_pair_and_a_file_without_goals(
    paired, tmp_path
):
    _ok(paired("pairs", "end", "bo@example.com", "sam@example.com"))
    sheet = tmp_path / "goals.csv"
    sheet.write_text(f"pair,goal\n{paired.bo_sam},Ship a chatbot\n")
    result = paired("goals", "add", "--from", str(sheet))
    assert result.exit_code == 1
    assert "row 2: the pair Bo Chen → Sam Ortiz has ended" in result.stderr
    sheet.write_text("mentee,words\nsam@example.com,Ship a chatbot\n")
    result = paired("goals", "add", "--from", str(sheet))
    assert result.exit_code == 1
    assert "there is no 'goal' column" in result.stderr


def test_goals_add_needs_a_pair_and_text_or_a_file(paired, tmp_path):
    result = paired("goals", "add", "dana@example.com")
    assert result.exit_code == 2
    assert "Name the PAIR and the goal's TEXT, or add many with --from FILE" in (
        result.stderr
    )
    sheet = tmp_path / "goals.csv"
    sheet.write_text("pair,goal\n1,x\n")
    result = paired("goals", "add", "dana@example.com", "x", "--from", str(sheet))
    assert result.exit_code == 2
    assert "leave out PAIR, TEXT" in result.stderr


def test_the_calendar_invitation_carries_the_pairs_link(paired, tmp_path):
    from icalendar import Calendar

    _with_form(paired, "mentor=entry.1001", "mentee=entry.1002", "pair=entry.1003")
    folder = tmp_path / "calendar"
    _ok(paired("calendar", "--output", str(folder)))
    (event,) = Calendar.from_ical((folder / "ana--dana.ics").read_bytes()).walk(
        "VEVENT"
    )
    description = str(event["DESCRIPTION"])
    assert description.endswith(f"record it in your form: {ANA_DANA_LINK}")


def test_a_pair_answers_the_form_with_what_their_intro_gave(paired, tmp_path):
    """The prefilled fields and the goal's code import as they come."""
    _with_form(paired, "mentor=entry.1001", "mentee=entry.1002", "pair=entry.1003")
    (ana, _) = _json(paired("intro", "--format", "json"))
    export = tmp_path / "responses.csv"
    export.write_text(
        "Timestamp,Mentor,Mentee,Pair,Date,Minutes,Goal reached\n"
        f"{date.today()} 18:02:11,ana@example.com,dana@example.com,"
        f"{ana['pair_id']},{date.today()},40,{ana['goals'][1]['code']}\n"
    )
    _ok(paired("log", "--from", str(export)))
    goals = paired.rows("SELECT text, done_on FROM pair_goals ORDER BY id")
    assert goals == [
        {"text": "Post weekly on LinkedIn", "done_on": None},
        {"text": "Record a podcast", "done_on": date.today().isoformat()},
    ]
