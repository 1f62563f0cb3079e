"""Fuzz the roster loader: any file either imports or is refused cleanly.

Never a traceback, never an unexpected error, never a partial write. The number of
examples is bounded (REVMENTOR_FUZZ_EXAMPLES, default 60) so CI stays quick.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "roster.yaml"
EXAMPLES = int(os.environ.get("REVMENTOR_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

KEYS = [
    "program",
    "participants",
    "avoid",
    "fixed",
    "name",
    "email",
    "role",
    "level",
    "manager",
    "teaches",
    "learns",
    "capacity",
    "status",
    "attributes",
    "matching",
    "weights",
    "start",
    "cadence_days",
    "topics",
    "mentor",
    "mentee",
    "emial",
]
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["mentor", "mentee", "a@x.com", "A@X.COM", "2027-02-30", "0x10"]),
    st.dates().map(str),
)
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(
            st.one_of(st.sampled_from(KEYS), st.text(max_size=8)), inner, max_size=6
        ),
    ),
    max_leaves=40,
)


def check_import(cli: Cli, tmp_path: Path, text: str) -> None:
    roster = tmp_path / "fuzz.yaml"
    roster.write_text(text, encoding="utf-8")
    before = cli.dump()
    result = cli("import", str(roster))
    assert result.exit_code in (0, 1), (text, result.output)
    assert "Traceback" not in result.output, text
    assert "Unexpected error" not in result.stderr, (text, result.stderr)
    if result.exit_code == 1:
        assert result.stderr.startswith("Error: "), result.stderr
        assert cli.dump() == before, text


@FUZZ
@given(document=documents)
def test_random_documents(tmp_path, document):
    cli = Cli(tmp_path / "fuzz.db")
    check_import(cli, tmp_path, yaml.safe_dump(document, allow_unicode=True))


@FUZZ
@given(document=documents)
def test_random_participant_entries(tmp_path, document):
    cli = Cli(tmp_path / "fuzz.db")
    base = {"name": "A", "email": "a@x.com", "role": "mentor"}
    entry = {**base, **document} if isinstance(document, dict) else document
    check_import(cli, tmp_path, yaml.safe_dump({"participants": [entry]}))


def _mutate(text: str, rng: random.Random, steps: int) -> str:
    lines = text.splitlines()
    for _ in range(steps):
        choice = rng.randrange(6)
        index = rng.randrange(len(lines))
        if choice == 0:
            del lines[index]
        elif choice == 1:
            lines.insert(index, lines[rng.randrange(len(lines))])
        elif choice == 2 and lines[index]:
            position = rng.randrange(len(lines[index]))
            junk = rng.choice(
                [
                    ":",
                    "-",
                    "'",
                    '"',
                    "[",
                    "{",
                    "&a",
                    "*a",
                    "!!python/name:os.system",
                    "\t",
                    "é",
                    "\u202e",
                ]
            )
            lines[index] = lines[index][:position] + junk + lines[index][position:]
        elif choice == 3:
            lines[index] = lines[index].replace("@", "")
        elif choice == 4:
            lines[index] = lines[index].upper()
        else:
            lines.insert(
                index,
                "    "
                + rng.choice(KEYS)
                + ": "
                + rng.choice(["", "x", "1", "[a, b]", "{}"]),
            )
        if not lines:
            break
    return "\n".join(lines) + "\n"


@FUZZ
@given(seed=st.integers(min_value=0, max_value=2**32), steps=st.integers(1, 6))
def test_mutated_example_roster(tmp_path_factory, seed, steps):
    tmp_path = tmp_path_factory.mktemp("mutant")
    cli = Cli(tmp_path / "fuzz.db")
    cli("import", str(EXAMPLE))  # a populated program: refusals must leave it intact
    text = _mutate(EXAMPLE.read_text(encoding="utf-8"), random.Random(seed), steps)
    check_import(cli, tmp_path, text)
