"""YAML as plain values that remember their lines, for files people write.

The text is *composed* (never constructed) with PyYAML's safe loader, libyaml's
when present, so every value keeps its line and no tag is ever turned into an
object: a tag such as ``!!python/object/apply:os.system`` is reported, not run.
Scalars stay the text as written (``No`` stays 'No'); a record's model then
gives them their type, and its errors are reported at the value's line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from revmentor.domain.records import sentence
from revmentor.domain.tables import Problems

_TAG = "tag:yaml.org,2002:"
NULL = _TAG + "null"
_MERGE = _TAG + "merge"
# Plain values only. Timestamps are read from their text (see parse_date), and
# '=' resolves to the 'value' tag, which is just text here.
_SCALAR_TAGS = frozenset(
    _TAG + kind
    for kind in ("str", "int", "float", "bool", "null", "timestamp", "value")
)
# A value that could not be read (its problem is reported): its record is skipped.
BAD: Any = object()
Where = Callable[[tuple], str | None]


def always(where: str) -> Where:
    """The same place for every problem inside an entry."""
    return lambda _path: where


def _invalid_yaml(error: Any) -> tuple[int, str | None, str]:
    """(line, column, message) for YAML that does not parse, where the parser
    stopped (PyYAML's and libyaml's errors all carry a problem and its mark)."""
    mark = error.problem_mark
    what = f"{error.problem} ({error.context})" if error.context else error.problem
    return mark.line + 1, f"column {mark.column + 1}", f"this is not valid YAML: {what}"


def _unreadable_character(
    error: Any, text: str, libyaml: bool
) -> tuple[int, None, str]:
    """(line, no column, message) for a character YAML does not allow."""
    # libyaml counts the position in UTF-8 bytes, PyYAML in characters.
    if libyaml:
        lines = text.encode("utf-8", "replace")[: error.position].count(b"\n")
    else:
        lines = text[: error.position].count("\n")
    char = error.character
    code = ord(char) if isinstance(char, str) else char
    message = "the text holds a character YAML does not allow"
    return lines + 1, None, f"{message} (#x{code:04x}: {error.reason})"


def line(node: Any) -> int:
    return node.start_mark.line + 1


def describe(node: Any) -> str:
    shapes = {"sequence": "a list", "mapping": "a group of fields"}
    if node.id in shapes:
        return shapes[node.id]
    return "empty" if node.tag == NULL else repr(node.value)


def tag_problem(node: Any) -> str | None:
    tag = node.tag
    kind = {"scalar": None, "sequence": _TAG + "seq", "mapping": _TAG + "map"}
    if tag in _SCALAR_TAGS if node.id == "scalar" else tag == kind[node.id]:
        return None
    shown = "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag
    return (
        f"the tag {shown} is not allowed: roster files hold plain values only, "
        "and nothing in them is ever run"
    )


def _spelled(key: str) -> str:
    """One spelling: a field named "organisation" is read as "organization"
    (``left_organisation_on`` keeps the spelling of its stored column)."""
    return "organization" if key == "organisation" else key


class YamlReader(Problems):
    """Reads composed YAML into plain values and collects every problem (the
    file's ``Problems``), each one sentence naming the file, the line (or a
    spreadsheet's row) and where."""

    problem = Problems.add

    def __init__(
        self, source: str, unit: str = "line", columns: dict[str, str] | None = None
    ):
        super().__init__(source, unit)
        self.columns = columns
        self._values: dict[int, object] = {}  # node id -> plain value
        self._fields: dict[int, dict[str, tuple[Any, Any]]] = {}  # per mapping
        self._active: set[int] = set()  # the nodes being read (loops)

    def field(self, key: str, who: str) -> str:
        """Where a person's field is: a YAML field, or a spreadsheet's column."""
        if self.columns is not None:
            return f"column '{self.columns.get(key, key)}'"
        return f"field '{key}' of {who}"

    def check_tag(self, node: Any, where: str | None) -> bool:
        """True when the node carries a plain YAML tag; report it otherwise."""
        message = tag_problem(node)
        if message is not None:
            self.problem(line(node), where, message)
        return message is None

    def invalid(
        self,
        error: ValidationError,
        line_of: Callable[[tuple], int],
        where: Where,
        keys_at: Callable[[tuple], tuple[str, ...]] = lambda _: (),
    ) -> None:
        """Report each problem of a record at its line, naming its field (an
        unknown key at its parent, with the keys allowed there)."""
        for problem in error.errors():
            loc = tuple(problem["loc"])
            parent = loc[:-1] if problem["type"] == "extra_forbidden" else loc
            text = sentence(problem, keys_at(loc[:-1]))
            self.problem(line_of(loc), where(parent), text)

    # -- YAML to plain values ----------------------------------------------

    def root(self, text: str, shape: str) -> Any:
        """The document's top mapping node; None (reported) when it is not one."""
        import yaml

        libyaml = bool(getattr(yaml, "__with_libyaml__", False))
        loader = yaml.CSafeLoader if libyaml else yaml.SafeLoader
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.MarkedYAMLError as error:
            self.problem(*_invalid_yaml(error))
        except yaml.reader.ReaderError as error:
            self.problem(*_unreadable_character(error, text, libyaml))
        except RecursionError:
            self.problem(0, None, "the file nests lists or groups too deeply")
        else:
            if root is None or (root.id == "scalar" and root.tag == NULL):
                return None  # an empty document: nothing to read
            return self.entry(root, None, shape)
        return None

    def fields(self, node: Any, where: Where, path: tuple) -> dict[str, tuple]:
        """The key -> (key node, value node) of a mapping node, keys checked: a
        key written twice in the same mapping is reported, and so is a merge
        key (``<<: *defaults``), which is not read."""
        result: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                text = "merge keys ('<<') are not read: write the fields out"
                self.problem(line(key_node), where(path), text)
            elif key_node.id != "scalar" or key_node.tag == NULL:
                text = f"field names must be text, not {describe(key_node)}"
                self.problem(line(key_node), where(path), text)
            elif _spelled(key_node.value) in result:
                first = line(result[_spelled(key_node.value)][0])
                text = f"'{key_node.value}' is given twice (first on line {first})"
                self.problem(line(key_node), where((*path, key_node.value)), text)
            else:
                result[_spelled(key_node.value)] = (key_node, value_node)
        self._fields[id(node)] = result
        return result

    def plain(self, node: Any, where: Where, path: tuple = ()) -> Any:
        """The node as plain text, lists and dicts; ``BAD`` once reported."""
        done = self._values.get(id(node))
        if done is not None:
            return done
        if id(node) in self._active:
            self.problem(line(node), where(path), "a list or group contains itself")
            return BAD
        # Where is worked out only for a problem: it costs more than the check.
        if tag_problem(node) is not None and not self.check_tag(node, where(path)):
            return BAD
        if node.id == "scalar":
            return None if node.tag == NULL else node.value
        found = len(self.found)
        self._active.add(id(node))
        if node.id == "sequence":
            value: Any = [
                self.plain(item, where, (*path, i)) for i, item in enumerate(node.value)
            ]
        else:
            value = {
                key: self.plain(pair[1], where, (*path, key))
                for key, pair in self.fields(node, where, path).items()
            }
        self._active.discard(id(node))
        self._values[id(node)] = value = BAD if len(self.found) > found else value
        return value

    def line_at(self, node: Any, loc: tuple) -> int:
        """The line of the value at ``loc`` under ``node`` (as far as it goes)."""
        for part in loc:
            if node.id == "mapping" and part in self._fields.get(id(node), {}):
                node = self._fields[id(node)][part][1]
            elif node.id == "sequence" and isinstance(part, int):
                node = node.value[part]
            else:
                break
        return line(node)

    def entries(self, node: Any, key: str, what: str) -> list[tuple[int, Any]]:
        if not self.check_tag(node, f"field '{key}'") or node.tag == NULL:
            return []
        if node.id != "sequence":
            text = f"{key} must be a list of {what}, not {describe(node)}"
            self.problem(line(node), f"field '{key}'", text)
            return []
        return list(enumerate(node.value, start=1))

    def entry(self, node: Any, who: str | None, shape: str) -> Any:
        """An entry that must be a mapping: its node, or None (reported)."""
        if not self.check_tag(node, who):
            return None
        if node.id != "mapping":
            self.problem(line(node), who, f"{shape}, not {describe(node)}")
            return None
        return node

    # -- sections ----------------------------------------------------------
