"""The WHERE clause of a listing, built from the filters given."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

# A pair the person with this email is in, on either side; its two parameters
# are that email twice. The query joins ``participants`` as mentor and mentee.
EITHER_SIDE = "(mentor.email = ? OR mentee.email = ?)"


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

    def involves(self, email: str | None) -> None:
        """The person is either side of the pair (``mentor``/``mentee`` joined)."""
        if email is not None:
            self.add(EITHER_SIDE, email, email)

    def one_of(self, column: str, values: Sequence[object] | None) -> None:
        if values is not None:
            self.add(f"{column} IN ({', '.join('?' for _ in values)})", *values)

    @property
    def sql(self) -> str:
        """`` WHERE ...``, or nothing when no filter was given."""
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""
