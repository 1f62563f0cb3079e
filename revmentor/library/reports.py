"""The report and one person's story, as data."""

from __future__ import annotations

from datetime import date

from revmentor.domain.outcomes.report import Filters, Report, build_report
from revmentor.library.base import ProgramBase
from revmentor.store.report import load_report_facts


class ReportsUseCases(ProgramBase):
    """Use cases of this room, as methods of ``revmentor.Program``."""

    def report(
        self,
        as_of: date | None = None,
        *,
        department: str | None = None,
        status: str | None = None,
        round: int | None = None,
        include_notes: bool = False,
    ) -> Report:
        """The program as it stood on ``as_of`` (default today); ``.as_dict()``
        is JSON-ready, e.g. ``program.report().as_dict()["summary"]``."""
        as_of = as_of or date.today()
        facts = load_report_facts(self.db, as_of=as_of, include_notes=include_notes)
        filters = Filters(department=department, status=status, round=round)
        return build_report(facts, as_of, filters, include_notes)
