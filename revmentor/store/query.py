"""The WHERE clause of a listing, built from the filters given."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Where:
    """Conditions joined by AND, with their parameters in order; a filter
    given as None adds nothing."""

    conditions: list[str] = field(default_factory=list)
    params: list[object] = field(default_factory=list)

    def add(self, condition: str, *params: object) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def equals(self, column: str, value: object | None) -> None:
        if value is not None:
            self.add(f"{column} = ?", value)

    @property
    def sql(self) -> str:
        """`` WHERE ...``, or nothing when no filter was given."""
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""
