"""The three-people rule and the coordinator's notes in every report format and
under every filter: no figure in the report lets one person's answer or
attribute be read off it."""

from __future__ import annotations

import json
import sqlite3
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from revmentor.domain.outcomes.outcomes import (
    MIN_PEOPLE,
    NOT_GIVEN,
    OTHER_OR_NOT_GIVEN,
    OTHER_VALUES,
    value_counts,
)
from tests.test_report import FORMATS, build_program, report, report_json

END_REASON = "left the organization"


@pytest.fixture
def program(cli):
    build_program(cli)
    return cli


# -- end reasons are the coordinator's notes ---------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_end_reasons_only_with_include_notes(program, fmt):
    assert END_REASON not in report(program, "--format", fmt).stdout
    assert (
        END_REASON not in report(program, "--format", fmt, "--status", "ended").stdout
    )
    shown = report(program, "--format", fmt, "--include-notes").stdout
    assert END_REASON in shown


# -- attribute counts ----------------------------------------------------------


@pytest.mark.parametrize("fmt", ["table", "markdown", "html"])
def test_missing_attribute_is_not_given_not_other(cli, fmt):
    # Three mentees without a gender and three women: "not given" is a group
    # of its own, shown by that name, never counted as a value called "other".
    build_program(cli)
    conn = sqlite3.connect(cli.db_path)
    with conn:
        conn.execute(
            "UPDATE participants SET attributes = '{}' "
            "WHERE email IN ('sam@example.com', 'lou@example.com', 'max@example.com')"
        )
    conn.close()
    data = report_json(cli)
    assert data["summary"]["attributes"]["gender"]["mentee"] == {
        "not given": 4,
        "female": 3,
    }
    out = report(cli, "--format", fmt).stdout
    assert "not given" in out
    assert "other" not in out.split("Gender")[-1].split("\n")[0]


@pytest.mark.parametrize("fmt", ["json", "table", "markdown", "html"])
def test_attribute_groups_under_a_department_filter_stay_unreadable(program, fmt):
    # Operations has two active mentees, both men: any count would tell both.
    out = report(program, "--format", fmt, "--department", "Operations").stdout
    if fmt == "json":
        gender = json.loads(out)["summary"]["attributes"]["gender"]
        assert gender == {"mentor": {}, "mentee": {}}
    else:
        assert "male" not in out.replace("female", "")
        assert "not shown" in out


def test_groups_are_merged_until_each_has_three(cli):
    # Legal: Ola (female) active, Pat paused; add two women and a man, so
    # {female: 3, male: 1}: the man alone must not show as "other 1".
    build_program(cli)
    from revmentor.domain.models import Participant
    from revmentor.store import open_store
    from revmentor.store.people.participants import insert_participant

    store = open_store(cli.db_path, create=False)
    with store.write():
        for email, gender in (
            ("una@example.com", "female"),
            ("vi@example.com", "female"),
            ("wes@example.com", "male"),
        ):
            insert_participant(
                store.db,
                Participant(
                    email=email,
                    name=email.split("@")[0].title(),
                    role="mentee",
                    department="Legal",
                    attributes={"gender": gender},
                ),
            )
    store.close()
    gender = report_json(cli, "--department", "Legal")["summary"]["attributes"]
    assert gender["gender"]["mentee"] == {}


@given(
    st.dictionaries(
        st.sampled_from(["female", "male", "nonbinary", NOT_GIVEN, "x", "y"]),
        st.integers(min_value=0, max_value=8),
    )
)
def test_every_group_shown_has_three_people(counts):
    people = [
        SimpleNamespace(attributes={"gender": value})
        for value, n in counts.items()
        for _ in range(n)
    ]
    shown = value_counts(people, "Gender")
    assert all(n >= MIN_PEOPLE for n in shown.values())
    if shown:
        assert sum(shown.values()) == sum(counts.values())
        assert set(shown) - {OTHER_VALUES, OTHER_OR_NOT_GIVEN}  # a real group
        for value in shown:
            if value not in (OTHER_VALUES, OTHER_OR_NOT_GIVEN):
                assert shown[value] == counts[value]


# -- retention ------------------------------------------------------------------


def test_retention_by_attribute_hidden_when_a_group_is_small(program):
    # Marketing's only mentor is Ana: one person, no breakdown at all.
    data = report_json(program, "--department", "Marketing")
    assert data["summary"]["retention"]["by_attribute"] == {}
    out = report(program, "--department", "Marketing").stdout
    assert "Retention by" not in out


# -- progress bars -----------------------------------------------------------------


def test_nothing_expected_shows_an_empty_bar_everywhere(program):
    markdown = report(program, "--format", "markdown").stdout
    ola = next(line for line in markdown.splitlines() if "Ola Nova" in line)
    assert "░░░░░░░░░░ 0/0" in ola and "█" not in ola
    html = report(program, "--format", "html").stdout
    row = next(part for part in html.split("<tr>") if "Ola Nova" in part)
    assert "width:0%" in row
