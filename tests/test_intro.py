"""`revmentor intro`: one introduction per new pair, recorded once shown."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from tests.pairing import add_pair


@pytest.fixture
def program(enrolled):
    result = enrolled(
        "init",
        "--no-input",
        "--objectives",
        "Executives use social media with confidence; Juniors stay",
        "--rules",
        "What is said in a session stays in the session",
        "--cadence-days",
        "21",
        "--session-minutes",
        "40",
        "--start",
        "2026-01-05",
        "--length-weeks",
        "24",
    )
    assert result.exit_code == 0, result.output
    for args in (
        ["dana@example.com", "--title", "Chief Marketing Officer"],
        ["dana@example.com", "--goals", "Run our brand account without help"],
        ["ana@example.com", "--title", "Marketing Associate"],
    ):
        assert enrolled("people", "update", *args).exit_code == 0
    return enrolled


@pytest.fixture
def paired(program):
    program.ana_dana = add_pair(
        program,
        "ana@example.com",
        "dana@example.com",
        reasons=[
            "covers 1 of 2 topics Dana Lee wants: TikTok",
            "different departments: *Brand* and Sales",
        ],
        shared=["TikTok"],
    )
    program.bo_sam = add_pair(
        program, "bo@example.com", "sam@example.com", shared=["AI assistants"]
    )
    return program


def _introduced(cli) -> dict[int, str | None]:
    return {r["id"]: r["introduced_on"] for r in cli.rows("SELECT * FROM pairs")}


def test_intro_json_has_everything_a_message_needs(paired):
    result = paired("intro", "--format", "json")
    assert result.exit_code == 0, result.output
    intros = json.loads(result.stdout)
    assert [(i["mentor"], i["mentee"]) for i in intros] == [
        ("ana@example.com", "dana@example.com"),
        ("bo@example.com", "sam@example.com"),
    ]
    ana = intros[0]
    assert ana["mentor_title"] == "Marketing Associate"
    assert ana["mentee_title"] == "Chief Marketing Officer"
    assert ana["reasons"][0] == "covers 1 of 2 topics Dana Lee wants: TikTok"
    assert ana["shared_topics"] == ["TikTok"]
    assert ana["objectives"] == [
        "Executives use social media with confidence",
        "Juniors stay",
    ]
    assert ana["rules"] == ["What is said in a session stays in the session"]
    assert (ana["cadence_days"], ana["session_minutes"]) == (21, 40)
    assert any("Run our brand account without help" in item for item in ana["agenda"])
    assert any("TikTok (Ana teaches this), AI assistants" in i for i in ana["agenda"])
    assert ana["markdown"].startswith(
        "# Ana Ruiz and Dana Lee: welcome to Test Program"
    )
    assert result.stderr == ""


def test_intro_markdown_message(paired):
    result = paired("intro", "--format", "markdown", "--dry-run")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for expected in (
        "- **Mentor:** Ana Ruiz, Marketing Associate (ana@example.com)",
        "- **Mentee:** Dana Lee, Chief Marketing Officer (dana@example.com)",
        "## Why you were paired",
        "- Covers 1 of 2 topics Dana Lee wants: TikTok",
        "- Different departments: \\*Brand\\* and Sales",  # data cannot turn into emphasis
        "- Topics you share: TikTok",
        "## What the program is for",
        "- Juniors stay",
        "## Rules of conduct",
        "Meet every 21 days, for about 40 minutes each time; the program runs for "
        "24 weeks, from 2026-01-05 to 2026-06-22.",
        "## A suggested agenda for your first session",
        "2. Dana's goal: “Run our brand account without help”.",
        "# Bo Chen and Sam Ortiz",
        "2. Ask Sam what they most want to get out of the program",
    ):
        assert expected in text, expected
    assert "\n---\n" in text  # between the two messages


def test_intro_records_and_then_shows_only_new_pairs(paired):
    result = paired("intro")
    assert result.exit_code == 0, result.output
    assert "Ana Ruiz and Dana Lee" in result.stdout
    assert "Recorded 2 introductions as drafts" in result.stderr
    # Shown, not sent: drafts, which a later `intro --send` e-mails.
    assert _introduced(paired) == {paired.ana_dana: None, paired.bo_sam: None}
    states = paired.rows("SELECT how, status FROM messages")
    assert states == [{"how": "terminal", "status": "draft"}] * 2
    before = paired.dump()
    result = paired("intro", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []
    assert "introduced already" in result.stderr
    assert "--all" in result.stderr
    assert paired.dump() == before
    # --all shows every active pair again.
    result = paired("intro", "--all", "--format", "json")
    assert len(json.loads(result.stdout)) == 2


def test_intro_dry_run_records_nothing(paired):
    before = paired.dump()
    result = paired("intro", "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Ana Ruiz and Dana Lee" in result.stdout
    assert "nothing recorded" in result.stderr
    assert paired.dump() == before


def test_intro_only_the_latest_round(paired):
    paired("intro")  # round 1 introduced
    assert paired("people", "leave", "bo@example.com").exit_code == 0
    new = add_pair(paired, "ana@example.com", "sam@example.com", round=2, days_ago=1)
    old = add_pair(paired, "bo@example.com", "dana@example.com", round=1)
    result = paired("intro", "--format", "json")
    assert result.exit_code == 0, result.output
    intros = json.loads(result.stdout)
    assert [i["pair_id"] for i in intros] == [new]
    assert _introduced(paired)[old] is None
    # The new round runs its own 24 weeks: the message gives its dates.
    began = date.today() - timedelta(days=1)
    ends = began + timedelta(weeks=24)
    assert f"24 weeks, from {began} to {ends}." in intros[0]["cadence"]
    assert f"by the end of the program ({ends})" in " ".join(intros[0]["agenda"])


def test_intro_files_per_pair(paired, tmp_path):
    folder = tmp_path / "intros"
    result = paired("intro", "--output", str(folder))
    assert result.exit_code == 0, result.output
    assert "Wrote 2 introductions" in result.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["ana--dana.md", "bo--sam.md"]
    for path in folder.iterdir():
        assert (path.stat().st_mode & 0o777) == 0o600
    assert (folder.stat().st_mode & 0o777) == 0o700
    text = (folder / "ana--dana.md").read_text()
    assert text.startswith("# Ana Ruiz and Dana Lee")
    assert result.stdout == ""
    assert [r["status"] for r in paired.rows("SELECT status FROM messages")] == [
        "draft"
    ] * 2


def test_intro_file_names_are_safe(program, tmp_path):
    for email, role in (
        ("a/b/Evil+x@example.com", "mentor"),
        ("Zoë@example.com", "mentee"),
    ):
        result = program(
            "enroll",
            "--no-input",
            "--role",
            role,
            "--name",
            "X Person",
            "--email",
            email,
        )
        assert result.exit_code == 0, result.output
    add_pair(program, "a/b/evil+x@example.com", "zoë@example.com")
    result = program("intro", "--output", str(tmp_path / "out"), "--format", "json")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a-b-evil-x--zo.json"]
    assert not list(tmp_path.glob("*.json"))


def test_intro_output_must_be_a_folder(paired, tmp_path):
    before = paired.dump()
    not_a_folder = tmp_path / "file.md"
    not_a_folder.write_text("x")
    result = paired("intro", "--output", str(not_a_folder))
    assert result.exit_code == 1
    assert "file.md is not a folder" in result.stderr
    assert "Traceback" not in result.output
    result = paired("intro", "--output", str(tmp_path / "missing" / "deeper"))
    assert result.exit_code == 1
    assert "does not exist" in result.stderr
    assert paired.dump() == before


def test_intro_without_pairs(program):
    result = program("intro")
    assert result.exit_code == 0
    assert "no active pairs to introduce" in result.stderr
    assert program("intro", "--format", "json").stdout == "[]\n"


def test_intro_without_program_text(enrolled):
    add_pair(enrolled, "bo@example.com", "sam@example.com", reasons=[])
    result = enrolled("intro", "--format", "markdown")
    assert result.exit_code == 0, result.output
    assert "Agree your own in the first session" in result.stdout
    assert "What the program is for" not in result.stdout
    assert "- Your program coordinator paired you" in result.stdout


def test_intro_keeps_private_reasons_out(program):
    add_pair(
        program,
        "ana@example.com",
        "dana@example.com",
        reasons=[
            "covers 1 of 2 topics Dana Lee wants: TikTok",
            "level gap 6 (2 → 8)",
            "brings a different gender",
        ],
    )
    result = program("intro", "--format", "json")
    (intro,) = json.loads(result.stdout)
    assert intro["reasons"] == ["covers 1 of 2 topics Dana Lee wants: TikTok"]
    assert "gender" not in intro["markdown"]
    assert "level gap" not in intro["markdown"].lower()


def test_messages_escape_markdown_like_every_other_output():
    from revmentor.domain.messages.messages import Kind, Message, Section
    from revmentor.render.formats import markdown_text
    from revmentor.render.messages import letter_text

    tricky = "R&D <b>[x](http://e.test)</b> *now*"
    message = Message(
        Kind.intro, tricky, (), (Section(paragraphs=(tricky,)),), file_stem="x"
    )
    assert (
        letter_text(message)
        == f"# {markdown_text(tricky)}\n\n{markdown_text(tricky)}\n"
    )
    assert "<b>" not in letter_text(message)
    # The e-mail body is plain text: nothing escaped.
    assert letter_text(message, markdown=False) == f"{tricky}\n\n{tricky}\n"
