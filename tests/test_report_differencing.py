"""Two reports side by side (whole and filtered) never give one or two
people's answers or attributes by difference."""

from __future__ import annotations

import json

from tests.test_report_outcomes import PROGRAM_YAML, STATEMENT

# Three in Marketing and one in Finance answered the statement.
PEOPLE = [("p0", "Marketing", "female"), ("p1", "Marketing", "male")]
PEOPLE += [("p2", "Marketing", "female"), ("p3", "Finance", "male")]


def program(cli, tmp_path, people=PEOPLE):
    source = tmp_path / "program.yaml"
    matching = "  matching:\n    diversity_attributes: [gender]\n"
    source.write_text(PROGRAM_YAML + matching, encoding="utf-8")
    assert cli("init", "--from", str(source)).exit_code == 0
    roster = tmp_path / "people.yaml"
    roster.write_text(
        "participants:\n"
        + "".join(
            f"  - {{name: {who}, email: {who}@example.com, role: mentee, "
            f"department: {department}, attributes: {{gender: {gender}}}}}\n"
            for who, department, gender in people
        ),
        encoding="utf-8",
    )
    assert cli("import", str(roster)).exit_code == 0
    for at, (who, *_) in enumerate(people):
        score = at % 5 + 1
        argv = ["checkin", f"{who}@example.com", "--topic", STATEMENT]
        argv += ["--score", str(score), "--phase", "baseline", "--date", "2026-10-01"]
        assert cli(*argv, "--no-input").exit_code == 0


def summary(cli, *filters) -> dict:
    argv = ["report", "--as-of", "2026-11-02", "--format", "json", *filters]
    result = cli(*argv)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_a_filtered_mean_is_hidden_when_one_person_is_left_out(cli, tmp_path):
    program(cli, tmp_path)
    (whole,) = summary(cli)["statements"]
    assert whole["baseline_mean"] == 2.5  # four people: shown
    (marketing,) = summary(cli, "--department", "Marketing")["statements"]
    assert marketing["baseline_mean"] is None and marketing["baseline_n"] == 3


def test_a_filtered_mean_is_shown_when_none_or_three_are_left_out(cli, tmp_path):
    more = [(f"f{i}", "Finance", "male") for i in range(2)]
    program(cli, tmp_path, PEOPLE + more)
    (marketing,) = summary(cli, "--department", "Marketing")["statements"]
    assert marketing["baseline_mean"] == 2.0


def test_attribute_counts_under_a_filter_follow_the_same_rule(cli, tmp_path):
    more = [(f"m{i}", "Marketing", ("female", "male")[i % 2]) for i in range(6)]
    program(cli, tmp_path, PEOPLE + more)
    whole = summary(cli)["summary"]["attributes"]["gender"]["mentee"]
    assert whole == {"female": 5, "male": 5}
    marketing = summary(cli, "--department", "Marketing")["summary"]["attributes"]
    assert marketing["gender"]["mentee"] == {}  # Finance's one man would show


def test_a_rating_under_a_filter_is_hidden_when_one_rater_is_left_out(cli):
    from tests.pairing import add_pair, days_ago

    assert cli("init", "--no-input", "--name", "Ratings").exit_code == 0
    for i in range(4):
        for role in ("mentor", "mentee"):
            who = ["--name", f"{role} {i}", "--email", f"{role}{i}@example.com"]
            assert cli("enroll", "--no-input", "--role", role, *who).exit_code == 0
        pair = add_pair(
            cli, f"mentor{i}@example.com", f"mentee{i}@example.com", round=1 + i // 3
        )
        argv = ["log", "--pair", str(pair), "--date", days_ago(2), "--no-input"]
        assert cli(*argv, "--mentee-rating", str(2 + i % 3)).exit_code == 0

    def mentee_rating(*filters):
        result = cli("report", "--format", "json", *filters)
        return json.loads(result.stdout)["summary"]["ratings"]["mentee"]

    assert mentee_rating()["mean"] == 2.75  # four people
    first_round = mentee_rating("--round", "1")  # three people, one left out
    assert first_round["people"] == 3 and first_round["mean"] is None
