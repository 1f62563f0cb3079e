"""Roster and program files: parsing, validation, line numbers, safety."""

from __future__ import annotations

import textwrap
import time
from datetime import date
from pathlib import Path

import pytest
import yaml

from revmentor.domain.models import Participant
from revmentor.domain.people.roster import (
    Roster,
    check_references,
    parse_program,
    parse_roster,
)
from revmentor.errors import RosterError

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

GOOD = """\
program:
  name: Tech Forward 2027
  cadence_days: 14
  start: 2027-01-11
  length_weeks: 24
  objectives: [Executives use social media with confidence]
  rules: [What is said in a session stays in the session]
  topics: [TikTok, LinkedIn, AI assistants, Gen Z consumer trends]
  matching:
    min_level_gap: 1
    weights: {topics: 3, cross_department: 1.5, diversity: 0}
    diversity_attributes: [gender]
    allow_repeats: false
participants:
  - name: Ana Ruiz
    email: Ana.Ruiz@Example.com
    role: mentor
    title: Marketing Associate
    level: 2
    department: Marketing
    manager: dana.lee@example.com
    teaches: [TikTok, Gen Z consumer trends]
    capacity: 2
    timezone: Europe/Madrid
    attributes: {gender: female}
  - name: Dana Lee
    email: dana.lee@example.com
    role: mentee
    level: 8
    department: Marketing
    learns: TikTok, AI assistants
    goals: Run our brand account without help
    status: paused
  - name: Lee Wu
    email: lee.wu@example.com
    role: mentor
  - name: Sam Ortiz
    email: sam.ortiz@example.com
    role: mentee
avoid:
  - [ana.ruiz@example.com, sam.ortiz@example.com]
fixed:
  - {mentor: lee.wu@example.com, mentee: Sam.Ortiz@example.com}
"""


def problems_of(text: str, source: str = "roster.yaml") -> list[str]:
    with pytest.raises(RosterError) as caught:
        parse_roster(text, source)
    return caught.value.problems


def one_problem(text: str) -> str:
    found = problems_of(text)
    assert len(found) == 1, found
    return found[0]


def roster_of(entries: str, top: str = "") -> str:
    """A roster whose participants block is ``entries`` (starting on line 2)."""
    return "participants:\n" + textwrap.dedent(entries).strip("\n") + "\n" + top


# ---------------------------------------------------------------------------
# good rosters


def test_good_roster_is_parsed_with_program_people_and_pairs():
    roster = parse_roster(GOOD, "roster.yaml")

    assert roster.program == {
        "name": "Tech Forward 2027",
        "cadence_days": 14,
        "start": date(2027, 1, 11),
        "length_weeks": 24,
        "objectives": ["Executives use social media with confidence"],
        "rules": ["What is said in a session stays in the session"],
        "topics": ["TikTok", "LinkedIn", "AI assistants", "Gen Z consumer trends"],
        "matching": {
            "min_level_gap": 1,
            "weights": {"topics": 3.0, "cross_department": 1.5, "diversity": 0.0},
            "diversity_attributes": ["gender"],
            "allow_repeats": False,
        },
    }
    ana, dana, lee, sam = roster.participants
    assert ana == Participant(
        email="ana.ruiz@example.com",
        name="Ana Ruiz",
        role="mentor",
        title="Marketing Associate",
        level=2,
        department="Marketing",
        manager="dana.lee@example.com",
        teaches=["TikTok", "Gen Z consumer trends"],
        capacity=2,
        timezone="Europe/Madrid",
        attributes={"gender": "female"},
    )
    assert dana.learns == ["TikTok", "AI assistants"]
    assert dana.status == "paused"
    assert dana.goals == "Run our brand account without help"
    assert (lee.capacity, lee.level, lee.status, lee.manager) == (
        1,
        None,
        "active",
        None,
    )
    assert sam.role == "mentee"
    assert roster.avoid == [("ana.ruiz@example.com", "sam.ortiz@example.com")]
    assert roster.fixed == [("lee.wu@example.com", "sam.ortiz@example.com")]
    assert roster.lines == {
        "ana.ruiz@example.com": 15,
        "dana.lee@example.com": 26,
        "lee.wu@example.com": 34,
        "sam.ortiz@example.com": 37,
    }
    assert roster.avoid_lines == [41]
    assert roster.fixed_lines == [43]
    assert roster.manager_lines == {"ana.ruiz@example.com": 21}
    assert roster.given["lee.wu@example.com"] == {"name", "email", "role"}
    assert all(p.enrolled_on is None for p in roster.participants)


@pytest.mark.parametrize(
    "text",
    ["", "\n", "# nothing yet\n", "participants: []\n", "participants:\n", "---\n"],
)
def test_empty_roster_is_valid_and_holds_nothing(text):
    roster = parse_roster(text, "roster.yaml")
    assert roster == Roster()


def test_crlf_and_unicode_names_are_fine():
    text = (
        "participants:\r\n"
        "  - name: Zoë  Ñúñez\r\n"
        "    email: ZOE@Exämple.com\r\n"
        "    role: mentor\r\n"
        "  - name: 李雷\r\n"
        "    email: li.lei@example.com\r\n"
        "    role: mentee\r\n"
        "    level: ten\r\n"
    )
    found = one_problem(text)
    assert found.startswith("roster.yaml, line 8, field 'level' of participant 2")

    roster = parse_roster(text.replace("ten", "10"), "roster.yaml")
    zoe, li = roster.participants
    assert (zoe.name, zoe.email) == ("Zoë Ñúñez", "zoe@exämple.com")
    assert (li.name, li.level) == ("李雷", 10)
    assert roster.lines == {"zoe@exämple.com": 2, "li.lei@example.com": 5}


def test_text_fields_keep_what_was_written():
    """YAML 1.1 would read No as false and 2024 as a number; names stay text."""
    roster = parse_roster(
        roster_of("""
          - name: No
            email: no@example.com
            role: Mentor
            department: 2024
            title: yes
            teaches: [On, 3.5]
            attributes: {gender: female, cohort: 2027, remote: true, blank: }
        """),
        "roster.yaml",
    )
    (person,) = roster.participants
    assert person.name == "No"
    assert person.role == "mentor"
    assert person.department == "2024"
    assert person.title == "yes"
    assert person.teaches == ["On", "3.5"]
    assert person.attributes == {"gender": "female", "cohort": "2027", "remote": "true"}


def test_topics_are_cleaned_and_deduplicated():
    roster = parse_roster(
        roster_of("""
          - name: A
            email: a@example.com
            role: mentee
            learns: "TikTok,  AI  assistants, tiktok, ,LinkedIn"
        """),
        "roster.yaml",
    )
    assert roster.participants[0].learns == ["TikTok", "AI assistants", "LinkedIn"]


def test_a_merge_key_is_refused_at_its_line():
    found = one_problem(
        "participants:\n"
        "  - &a {name: A, email: a@example.com, role: mentor}\n"
        "  - {<<: *a, name: B, email: b@example.com}\n"
    )
    assert found.startswith("roster.yaml, line 3, participant 2 (b@example.com)")
    assert "merge keys ('<<') are not read: write the fields out" in found


def test_organisation_spelt_either_way_and_the_day_they_left_it():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, organisation: Acme,
             status: left, enrolled_on: 2026-01-05, left_on: 2026-03-01,
             left_organisation_on: 2026-03-01}
        """),
        "roster.yaml",
    )
    person = roster.participants[0]
    assert (person.organization, str(person.left_organisation_on)) == (
        "Acme",
        "2026-03-01",
    )


def test_aliases_that_loop_or_explode_end_quickly():
    loop = roster_of("""
      - {name: A, email: a@example.com, role: mentor, teaches: &a [*a]}
    """)
    assert "a list or group contains itself" in one_problem(loop)

    # Each level lists the previous one ten times: 10**7 values if expanded.
    lines = ["participants:"]
    for i in range(8):
        value = "{a: b}" if i == 0 else "[" + ", ".join([f"*l{i - 1}"] * 10) + "]"
        lines += [
            f"  - name: P{i}",
            f"    email: p{i}@example.com",
            "    role: mentor",
            f"    goals: &l{i} {value}",
        ]
    started = time.perf_counter()
    assert len(problems_of("\n".join(lines) + "\n")) == 8
    assert time.perf_counter() - started < 2


def test_whole_numbers_in_other_yaml_spellings():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, level: "3", capacity: 0x2}
        """),
        "roster.yaml",
    )
    assert (roster.participants[0].level, roster.participants[0].capacity) == (3, 2)


# ---------------------------------------------------------------------------
# bad rosters: one problem each, with its line and field

PERSON = "participants:\n  - name: Ana\n    email: ana@example.com\n    role: mentor\n"


@pytest.mark.parametrize(
    ("text", "line", "where", "says"),
    [
        # the file as a whole
        ("participants: [\n  - a\n", 2, "", "not valid YAML"),
        ("participants:\n\t- a\n", 2, "", "not valid YAML"),
        ("- a\n- b\n", 1, "", "must be a group of fields"),
        ("participant: []\n", 1, "", "did you mean 'participants'?"),
        ("participants: []\nextras: 1\n", 2, "", "unknown field 'extras'"),
        ("participants: everyone\n", 1, "field 'participants'", "must be a list"),
        ("participants:\n  name: Ana\n", 2, "field 'participants'", "must be a list"),
        ("participants:\n  - Ana\n", 2, "participant 1", "not 'Ana'"),
        ("participants:\n  - [Ana]\n", 2, "participant 1", "not a list"),
        ("a: 1\n---\nb: 2\n", 2, "", "not valid YAML"),
        # required fields, reported at the entry's line
        (
            "participants:\n  - email: ana@example.com\n    role: mentor\n",
            2,
            "field 'name' of participant 1 (ana@example.com)",
            "a name is required",
        ),
        (
            "participants:\n  - name: Ana\n    role: mentor\n",
            2,
            "field 'email' of participant 1 (Ana)",
            "an email address is required",
        ),
        (
            "participants:\n  - name: Ana\n    email: ana@example.com\n",
            2,
            "field 'role' of participant 1 (ana@example.com)",
            "a role is required",
        ),
        # field values, reported at the value's line
        (PERSON + "    level: senior\n", 5, "field 'level'", "not 'senior'"),
        (PERSON + "    level: 2.5\n", 5, "field 'level'", "whole number, not '2.5'"),
        (PERSON + "    level: [2]\n", 5, "field 'level'", "whole number, not a list"),
        (PERSON + "    capacity: 0\n", 5, "field 'capacity'", "from 1 to 100, not 0"),
        (PERSON + "    capacity: -2\n", 5, "field 'capacity'", "from 1 to 100"),
        (PERSON + "    capacity: 2.5\n", 5, "field 'capacity'", "not '2.5'"),
        (PERSON + "    capacity: true\n", 5, "field 'capacity'", "not 'true'"),
        (PERSON + "    teaches: {a: 1}\n", 5, "field 'teaches'", "must be a list"),
        (PERSON + "    teaches:\n      - [a]\n", 6, "field 'teaches'", "must be text"),
        (PERSON + "    learns:\n      - {a: b}\n", 6, "field 'learns'", "text"),
        (PERSON + "    attributes: female\n", 5, "field 'attributes'", "group of"),
        (
            PERSON + "    attributes:\n      gender: [a, b]\n",
            6,
            "field 'attributes'",
            "attribute 'gender' must be a single value",
        ),
        (PERSON + "    manager: dana\n", 5, "field 'manager'", "not a valid email"),
        (PERSON + "    status: gone\n", 5, "field 'status'", "active, paused or left"),
        (PERSON + "    title: [a, b]\n", 5, "field 'title'", "must be text"),
        (PERSON + "    emial: x@example.com\n", 5, "", "did you mean 'email'?"),
        (PERSON + "    manger: x@example.com\n", 5, "", "did you mean 'manager'?"),
        (PERSON + "    shoe_size: 42\n", 5, "", "unknown field 'shoe_size'"),
        (PERSON + "    name: Ana B\n", 5, "field 'name'", "given twice"),
        (
            "participants:\n  - name: Ana\n    email: ana@\n    role: mentor\n",
            3,
            "field 'email' of participant 1 (ana@)",
            "not a valid email address",
        ),
        (
            "participants:\n  - name: Ana\n    email: a@example.com\n    role: boss\n",
            4,
            "field 'role' of participant 1 (a@example.com)",
            "mentor or mentee, not 'boss'",
        ),
        (
            PERSON + "    manager: ANA@example.com\n",
            5,
            "field 'manager'",
            "cannot be their own manager",
        ),
        # avoid and fixed
        (PERSON + "avoid: [a@example.com]\n", 5, "avoid entry 1", "pair of emails"),
        (
            PERSON + "avoid:\n  - [a@x.com, b@x.com, c@x.com]\n",
            6,
            "avoid entry 1",
            None,
        ),
        (PERSON + "avoid: {a: b}\n", 5, "field 'avoid'", "must be a list"),
        (PERSON + "avoid:\n  - [a@x.com, bob]\n", 6, "avoid entry 1", "'bob'"),
        (PERSON + "avoid:\n  - [a@x.com, A@x.com]\n", 6, "avoid entry 1", None),
        (PERSON + "fixed:\n  - [a@x.com, b@x.com]\n", 6, "fixed entry 1", "{mentor"),
        (
            PERSON + "fixed:\n  - {mentor: a@x.com}\n",
            6,
            "field 'mentee' of fixed entry 1",
            "required",
        ),
        (
            PERSON + "fixed:\n  - {mentor: a@x.com, mentee: b@x.com, why: x}\n",
            6,
            "fixed entry 1",
            "unknown field 'why'",
        ),
        (
            PERSON + "fixed:\n  - {mentor: a@x.com, mentee: a@x.com}\n",
            6,
            "fixed entry 1",
            "their own mentor",
        ),
        # the program block
        ("program:\n  nmae: X\n", 2, "the program", "did you mean 'name'?"),
        ("program: Tech\n", 1, "the program", "group of fields"),
        ("program:\n  cadence_days: 0\n", 2, "'cadence_days' of the program", None),
        ("program:\n  cadence_days: two\n", 2, "'cadence_days'", "not 'two'"),
        ("program:\n  length_weeks: 1.5\n", 2, "'length_weeks'", "whole number"),
        ("program:\n  start: 2027-02-30\n", 2, "field 'start'", "2027-02-30"),
        ("program:\n  start: soon\n", 2, "field 'start'", "YYYY-MM-DD"),
        ("program:\n  name: [a]\n", 2, "field 'name' of the program", None),
        ("program:\n  topics: {a: 1}\n", 2, "field 'topics'", "must be a list"),
        (
            "program:\n  matching:\n    weights: {topics: -1}\n",
            3,
            "field 'matching.weights.topics' of the program",
            "from 0 to 1000",
        ),
        (
            "program:\n  matching:\n    weights: {topics: .nan}\n",
            3,
            "field 'matching.weights.topics'",
            None,
        ),
        (
            "program:\n  matching:\n    weights:\n      topic: 2\n",
            4,
            "field 'matching.weights' of the program",
            "did you mean 'topics'?",
        ),
        (
            "program:\n  matching:\n    allow_repeats: maybe\n",
            3,
            "field 'matching.allow_repeats'",
            "true or false, not 'maybe'",
        ),
        (
            "program:\n  matching:\n    min_level_gap: one\n",
            3,
            "field 'matching.min_level_gap'",
            "whole number",
        ),
        (
            "program:\n  matching:\n    level_gap: 1\n",
            3,
            "field 'matching' of the program",
            "did you mean 'min_level_gap'?",
        ),
        (
            "program:\n  matching:\n    diversity_attributes: {a: 1}\n",
            3,
            "field 'matching.diversity_attributes'",
            None,
        ),
    ],
)
def test_each_bad_roster_names_file_line_and_field(text, line, where, says):
    found = one_problem(text)
    assert found.startswith(f"roster.yaml, line {line}"), found
    head, _, message = found.partition(": ")
    assert where in head, found
    if says is not None:
        assert says in found, found


def test_duplicate_emails_name_both_lines_ignoring_case():
    found = one_problem(
        roster_of("""
          - name: Ana
            email: ana@example.com
            role: mentor
          - name: Ana again
            email: ANA@Example.COM
            role: mentee
        """)
    )
    assert found.startswith("roster.yaml, line 6, field 'email' of participant 2")
    assert "ana@example.com is already listed on line 2" in found


def test_manager_loop_inside_the_file_is_reported_once():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, manager: b@example.com}
          - {name: B, email: b@example.com, role: mentee, manager: c@example.com}
          - {name: C, email: c@example.com, role: mentee, manager: a@example.com}
          - {name: D, email: d@example.com, role: mentee, manager: a@example.com}
        """),
        "roster.yaml",
    )
    with pytest.raises(RosterError) as caught:
        check_references(roster, "roster.yaml", {})  # the loop is checked on import
    (found,) = caught.value.problems
    assert found.startswith(
        "roster.yaml, line 2, field 'manager' of participant 1 (a@example.com)"
    )
    assert "a@example.com → b@example.com → c@example.com → a@example.com" in found


def test_a_chain_that_ends_is_not_a_loop():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, manager: b@example.com}
          - {name: B, email: b@example.com, role: mentee, manager: c@example.com}
          - {name: C, email: c@example.com, role: mentee, manager: x@example.com}
        """),
        "roster.yaml",
    )
    assert len(roster.participants) == 3


def test_fixed_twice_for_one_mentee_and_fixed_but_avoided():
    found = problems_of(
        PERSON
        + "avoid:\n  - [b@x.com, c@x.com]\n"
        + "fixed:\n  - {mentor: b@x.com, mentee: c@x.com}\n"
        + "  - {mentor: d@x.com, mentee: c@x.com}\n"
    )
    assert len(found) == 2, found
    assert found[0].startswith("roster.yaml, line 8, fixed entry 1")
    assert "both fixed and listed under avoid" in found[0]
    assert found[1].startswith("roster.yaml, line 9, field 'mentee' of fixed entry 2")
    assert "already fixed to b@x.com on line 8" in found[1]


def test_all_problems_are_reported_together_in_line_order():
    text = textwrap.dedent("""\
        program:
          cadence_days: 0
        participants:
          - name: Ana
            emial: ana@example.com
            role: mentor
          - name: Bo
            email: bo@example.com
            role: boss
            level: senior
          - name: Cy
            email: cy@example.com
            role: mentee
            capacity: 2.5
        avoid:
          - [ana@example.com]
    """)
    found = problems_of(text)
    lines = [int(p.split(", line ")[1].split(",")[0].split(":")[0]) for p in found]
    assert lines == [2, 4, 5, 9, 10, 14, 16], found
    assert "did you mean 'email'?" in found[2]
    error = pytest.raises(RosterError, parse_roster, text, "roster.yaml").value
    assert str(error).startswith("7 problems found:")


def test_source_name_is_used_in_every_message():
    found = problems_of("participants: 1\nfoo: 2\n", source="people/q3.yaml")
    assert len(found) == 2
    assert all(p.startswith("people/q3.yaml, line ") for p in found)


# ---------------------------------------------------------------------------
# safety: tags are reported, never run


@pytest.mark.parametrize(
    ("template", "line"),
    [
        ('!!python/object/apply:os.system ["touch {path}"]\n', 1),
        (
            "participants:\n  - name: Ana\n    email: a@example.com\n    role: mentor\n"
            '    goals: !!python/object/apply:os.system ["touch {path}"]\n',
            5,
        ),
        (
            "participants:\n  - name: Ana\n    email: a@example.com\n    role: mentor\n"
            '    teaches:\n      - !!python/object/apply:os.system ["touch {path}"]\n',
            6,
        ),
        ('program:\n  name: !!python/object/apply:os.system ["touch {path}"]\n', 2),
        (
            "participants:\n  - !!python/object/new:subprocess.check_call\n"
            '      args: [["touch", "{path}"]]\n',
            2,
        ),
    ],
)
@pytest.mark.parametrize("libyaml", [True, False])
def test_python_tags_are_errors_and_never_run(
    tmp_path, monkeypatch, template, line, libyaml
):
    if libyaml and not yaml.__with_libyaml__:
        pytest.skip("libyaml is not available")
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml)
    marker = tmp_path / "pwned"
    text = template.replace("{path}", str(marker))
    # The same text would run the command with an unsafe loader:
    assert "python/object" in text

    found = problems_of(text)

    assert not marker.exists()
    assert any(
        p.startswith(f"roster.yaml, line {line}")
        and "the tag !!python/object" in p
        and "not allowed" in p
        for p in found
    ), found


def test_the_marker_would_be_created_by_an_unsafe_load(tmp_path):
    """Guard for the test above: the payload really does create the file."""
    marker = tmp_path / "pwned"
    yaml.unsafe_load(f'!!python/object/apply:os.system ["touch {marker}"]\n')
    assert marker.exists()


def test_recursive_aliases_do_not_hang():
    found = one_problem(PERSON + "    teaches: &t [*t]\n")
    assert found.startswith("roster.yaml, line 5, field 'teaches'")


@pytest.mark.parametrize("libyaml", [True, False])
def test_line_numbers_are_the_same_with_and_without_libyaml(monkeypatch, libyaml):
    if libyaml and not yaml.__with_libyaml__:
        pytest.skip("libyaml is not available")
    monkeypatch.setattr(yaml, "__with_libyaml__", libyaml)
    roster = parse_roster(GOOD, "roster.yaml")
    assert roster.lines["sam.ortiz@example.com"] == 37
    found = problems_of("participants:\n  - name: Ünïcode\n    level: x\n\x07\n")
    (problem,) = found
    assert problem.startswith(
        "roster.yaml, line 4: the text holds a character YAML does not allow (#x0007"
    )


# ---------------------------------------------------------------------------
# references: against the people already enrolled


def test_references_to_unknown_people_are_errors():
    roster = parse_roster(GOOD, "roster.yaml")
    check_references(roster, "roster.yaml", {})  # everyone is in the file

    roster.avoid.append(("ana.ruiz@example.com", "ghost@example.com"))
    roster.avoid_lines.append(45)
    roster.fixed.append(("nobody@example.com", "dana.lee@example.com"))
    roster.fixed_lines.append(46)
    with pytest.raises(RosterError) as caught:
        check_references(
            roster, "roster.yaml", {"dana.lee@example.com": ("mentee", None)}
        )
    assert caught.value.problems == [
        "roster.yaml, line 45, avoid entry 2: ghost@example.com is neither enrolled "
        "nor listed under participants in this file",
        "roster.yaml, line 46, field 'mentor' of fixed entry 2: nobody@example.com "
        "is neither enrolled nor listed under participants in this file",
    ]


def test_enrolled_people_satisfy_references():
    text = "fixed:\n  - {mentor: m@example.com, mentee: e@example.com}\n"
    roster = parse_roster(text, "r.yaml")
    check_references(
        roster,
        "r.yaml",
        {"m@example.com": ("mentor", None), "e@example.com": ("mentee", None)},
    )
    with pytest.raises(RosterError) as caught:
        check_references(roster, "r.yaml", {"m@example.com": ("mentor", None)})
    assert caught.value.problems[0].startswith(
        "r.yaml, line 2, field 'mentee' of fixed entry 1: e@example.com is neither"
    )


def test_fixed_roles_must_match_and_the_file_wins_over_the_database():
    text = (
        roster_of("""
      - {name: M, email: m@example.com, role: mentee}
    """)
        + "fixed:\n  - {mentor: m@example.com, mentee: e@example.com}\n"
    )
    roster = parse_roster(text, "r.yaml")
    enrolled = {"m@example.com": ("mentor", None), "e@example.com": ("mentor", None)}
    with pytest.raises(RosterError) as caught:
        check_references(roster, "r.yaml", enrolled)
    assert caught.value.problems == [
        "r.yaml, line 4, field 'mentor' of fixed entry 1: m@example.com is a mentee, "
        "not a mentor",
        "r.yaml, line 4, field 'mentee' of fixed entry 1: e@example.com is a mentor, "
        "not a mentee",
    ]


def test_manager_loop_through_enrolled_people():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, manager: b@example.com}
        """),
        "r.yaml",
    )
    enrolled = {
        "b@example.com": ("mentee", "c@example.com"),
        "c@example.com": ("mentee", "a@example.com"),
    }
    with pytest.raises(RosterError) as caught:
        check_references(roster, "r.yaml", enrolled)
    (problem,) = caught.value.problems
    assert problem.startswith("r.yaml, line 2, field 'manager' of participant 1")
    assert "a@example.com → b@example.com → c@example.com → a@example.com" in problem

    # The file moves A under someone else: the database's old chain no longer loops.
    enrolled["a@example.com"] = ("mentor", None)
    roster.participants[0].manager = "x@example.com"
    check_references(roster, "r.yaml", enrolled)


def test_enrolled_manager_is_kept_when_the_file_does_not_give_one():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor}
        """),
        "r.yaml",
    )
    enrolled = {
        "a@example.com": ("mentor", "b@example.com"),
        "b@example.com": ("mentee", "a@example.com"),
    }
    with pytest.raises(RosterError, match="manager chain loops"):
        check_references(roster, "r.yaml", enrolled)


def test_an_empty_manager_in_the_file_clears_the_enrolled_one():
    roster = parse_roster(
        roster_of("""
          - {name: A, email: a@example.com, role: mentor, manager: }
        """),
        "r.yaml",
    )
    assert roster.participants[0].manager is None
    enrolled = {
        "a@example.com": ("mentor", "b@example.com"),
        "b@example.com": ("mentee", "a@example.com"),
    }
    check_references(roster, "r.yaml", enrolled)


# ---------------------------------------------------------------------------
# program files


def test_program_file_with_keys_at_top_level():
    settings = parse_program(
        "name: Up\ncadence_days: 7\ntopics: TikTok, Podcasts\n"
        "matching: {min_level_gap: 0, allow_repeats: yes}\n",
        "program.yaml",
    )
    assert settings == {
        "name": "Up",
        "cadence_days": 7,
        "topics": ["TikTok", "Podcasts"],
        "matching": {"min_level_gap": 0, "allow_repeats": True},
    }


def test_program_file_with_a_program_block():
    assert parse_program("program:\n  session_minutes: 30\n", "p.yaml") == {
        "session_minutes": 30
    }
    assert parse_program("", "p.yaml") == {}


@pytest.mark.parametrize(
    ("text", "line", "says"),
    [
        ("program:\n  name: X\nparticipants: []\n", 3, "only the program's settings"),
        ("nmae: X\n", 1, "did you mean 'name'?"),
        ("cadence_days: 0\n", 1, "from 1 to 365"),
        ("- a\n", 1, "group of fields"),
        ("name: [\n", 2, "not valid YAML"),
    ],
)
def test_bad_program_files(text, line, says):
    with pytest.raises(RosterError) as caught:
        parse_program(text, "program.yaml")
    (problem,) = caught.value.problems
    assert problem.startswith(f"program.yaml, line {line}"), problem
    assert says in problem


# ---------------------------------------------------------------------------
# the examples


def test_example_roster_is_valid_and_shaped_as_documented():
    source = EXAMPLES / "roster.yaml"
    roster = parse_roster(source.read_text(encoding="utf-8"), str(source))
    check_references(roster, str(source), {})
    people = {p.email: p for p in roster.participants}
    mentors = [p for p in roster.participants if p.role == "mentor"]
    mentees = [p for p in roster.participants if p.role == "mentee"]
    assert 10 <= len(mentors) <= 13
    assert 10 <= len(mentees) <= 12
    assert all(1 <= p.level <= 4 for p in mentors)
    assert all(6 <= p.level <= 10 for p in mentees)
    assert {p.department for p in mentors} >= {
        "Marketing",
        "Engineering",
        "Sales",
        "Finance",
        "People",
        "Operations",
        "Customer Support",
    }
    assert any(p.capacity == 2 for p in mentors)
    assert any(p.status == "paused" for p in roster.participants)
    assert len(roster.avoid) == 1 and len(roster.fixed) == 1
    assert all("gender" in p.attributes for p in roster.participants)

    # The CEO is above every mentor, so nobody may mentor her.
    (ceo,) = [p for p in mentees if p.manager is None]
    for mentor in mentors:
        boss, seen = mentor.manager, set()
        while boss is not None and boss != ceo.email:
            assert boss in people and boss not in seen
            seen.add(boss)
            boss = people[boss].manager
        assert boss == ceo.email, mentor.email

    # Every mentee's topics are taught by some mentor, and are in the catalogue.
    catalogue = {t.casefold() for t in roster.program["topics"]}
    taught = {t.casefold() for p in mentors for t in p.teaches}
    for mentee in mentees:
        assert {t.casefold() for t in mentee.learns} <= taught & catalogue


def test_example_program_matches_the_roster_program():
    program = parse_program(
        (EXAMPLES / "program.yaml").read_text(encoding="utf-8"), "program.yaml"
    )
    roster = parse_roster(
        (EXAMPLES / "roster.yaml").read_text(encoding="utf-8"), "roster.yaml"
    )
    assert program["name"] == "Tech Forward 2027"
    assert program["start"] == date(2027, 1, 11)
    assert len(program["topics"]) == 10
    assert program["matching"]["diversity_attributes"] == ["gender"]
    expected = dict(roster.program)
    expected["matching"] = {**roster.program["matching"], "allow_repeats": False}
    assert program == expected
