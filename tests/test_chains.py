"""The reporting-line walkers every loop check and the matcher share."""

from revmentor.domain.people.org import find_loops, walk_up


def test_walk_up_follows_the_line_to_its_top():
    assert walk_up("a", {"a": "b", "b": "c"}.get) == (["b", "c"], None)


def test_walk_up_stops_where_the_line_comes_back():
    assert walk_up("a", {"a": "b", "b": "a"}.get) == (["b"], "a")
    assert walk_up("a", {"a": "b", "b": "c", "c": "b"}.get) == (["b", "c"], "b")


def test_find_loops_finds_each_loop_once():
    managers = {"a": "b", "b": "c", "d": "b", "x": "y", "y": "x", "z": "x"}
    assert find_loops(["a", "d", "z", "y", "x"], managers.get) == [["x", "y"]]


def test_find_loops_sees_index_zero_as_a_person():
    parent = [1, 0, 0, -1]
    loops = find_loops(range(4), lambda i: parent[i] if parent[i] >= 0 else None)
    assert loops == [[0, 1]]
