"""PyYAML's safe loader (libyaml's when present), resolving each plain scalar once.

A roster repeats the same keys (``email``, ``topics``), topics, departments and
numbers thousands of times; the safe loader works out the type of every one of
them afresh, by regular expressions, in Python. Remembering the answer per
distinct text made reading a 10,000-person roster about an eighth faster.
"""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def safe_loader(libyaml: bool) -> Any:
    """The loader class to compose with: libyaml's or the pure-Python one."""
    import yaml

    base = yaml.CSafeLoader if libyaml else yaml.SafeLoader

    class Loader(base):
        def __init__(self, stream: Any) -> None:
            super().__init__(stream)
            self._plain_tags: dict[str, str] = {}

        def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
            # A plain scalar's tag depends on its text alone while no path
            # resolvers are registered, and the safe loader registers none.
            if kind is yaml.ScalarNode and implicit[0] and not self.yaml_path_resolvers:
                tag = self._plain_tags.get(value)
                if tag is None:
                    tag = super().resolve(kind, value, implicit)
                    self._plain_tags[value] = tag
                return tag
            return super().resolve(kind, value, implicit)

    return Loader
