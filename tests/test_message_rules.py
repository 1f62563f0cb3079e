"""Rules behind messages that must hold for every input."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from revmentor.domain.messages.messages import pair_stem, unique_names

emails = st.from_regex(r"[A-Za-z0-9._%+/-]{1,12}@[a-z]{1,5}\.example", fullmatch=True)


@given(st.lists(st.tuples(emails, emails, st.integers(1, 50)), max_size=30))
def test_file_names_are_unique_and_safe(pairs):
    names = unique_names([(pair_stem(m, e), pair_id) for m, e, pair_id in pairs], ".md")
    assert len({n.lower() for n in names}) == len(names)
    for name in names:
        assert "/" not in name and not name.startswith(".")
        assert name.endswith(".md")


def test_program_block_sets_message_settings(cli, tmp_path):
    program = tmp_path / "program.yaml"
    program.write_text(
        "program:\n"
        "  name: Mail test\n"
        "  session_form_url: https://forms.example.com/s\n"
        "  checkin_form_url: https://forms.example.com/c\n"
        "  coordinator_email: Coord@Example.com\n"
        "  smtp_host: smtp.example.com\n"
        "  smtp_port: 465\n"
        "  smtp_security: ssl\n"
    )
    result = cli("init", "--from", str(program))
    assert result.exit_code == 0, result.output
    shown = json.loads(cli("program", "--format", "json").stdout)
    assert shown["session_form_url"] == "https://forms.example.com/s"
    assert shown["coordinator_email"] == "coord@example.com"
    assert (shown["smtp_host"], shown["smtp_port"], shown["smtp_security"]) == (
        "smtp.example.com",
        465,
        "ssl",
    )
    # A password is not a setting anywhere: the file refuses it.
    program.write_text("program:\n  smtp_password: hunter2\n")
    result = cli("init", "--from", str(program))
    assert result.exit_code == 1
    assert "hunter2" not in result.output
    assert "smtp_password" in result.stderr


def test_bad_message_settings_are_refused(cli):
    result = cli("init", "--no-input", "--session-form-url", "javascript:alert(1)")
    assert result.exit_code == 1
    assert "--session-form-url must be a web address" in result.stderr
    result = cli("init", "--no-input", "--coordinator-email", "not-an-address")
    assert result.exit_code == 1
    assert "--coordinator-email" in result.stderr


def test_a_numbered_name_never_takes_another_pairs_name():
    # Pair 3 is a second "a--b" (numbered a--b-3); pair 7 is literally "a--b-3".
    names = unique_names([("a--b", 1), ("a--b", 3), ("a--b-3", 7)], ".md")
    assert names == ["a--b.md", "a--b-3.md", "a--b-3-7.md"]
