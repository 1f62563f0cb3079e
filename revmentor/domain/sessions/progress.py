"""How a pair is doing on a given day: the progress rules, stated here.

Pure: dates in, a ``Progress`` out. For a pair, with ``cadence`` the program's
cadence_days and the report's as-of date:

- ``expected = floor(max(0, days since paired_on - cadence) / cadence)``: the
  first meeting has one cadence of grace (it may take a while to book), then
  one session is due each cadence. The count stops on the day the pair ended
  or the program ended (``Settings.end``), whichever came first;
- ``held`` = sessions logged on or before the as-of date (later ones are ignored);
- status, first rule that applies: ``ended``; ``stalled`` when more than
  2 × cadence days have passed since the last session (or since pairing, if none);
  ``behind`` when held < expected; otherwise ``on track``. After the program's
  end a pair keeps the status it had on that day.

Example, cadence 14: paired on day 0, sessions on days 18, 32, 46 and 60. On
day 72, expected = (72 - 14) // 14 = 4 and 4 were held: on track.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from revmentor.domain.models import PAIR_ENDED

ON_TRACK, BEHIND, STALLED, ENDED = "on track", "behind", "stalled", "ended"
# In the order a coordinator wants to see them: the pairs that need help first.
STATUSES = (STALLED, BEHIND, ON_TRACK, ENDED)


@dataclass(frozen=True)
class Progress:
    held: int
    expected: int
    last_session: date | None
    days_since_contact: int
    status: str


# What a person's story and a reminder's JSON say of a pair's progress.
FACTS = ("status", "held", "expected", "last_session")


def progress(
    pair: Any,
    as_of: date,
    cadence_days: int,
    held: int,
    last_session: date | None,
    program_end: date | None = None,
) -> Progress:
    """Status of ``pair`` (anything with its ``paired_on``, ``status`` and
    ``ended_on``) from counts the caller already limited to ``as_of``, frozen
    on ``program_end`` when that came first.

    A pair that ended after ``as_of`` was still running on that day and is
    judged like an active one.
    """
    paired_on, ended_on = pair.paired_on, pair.ended_on
    is_ended = pair.status == PAIR_ENDED and (ended_on is None or ended_on <= as_of)
    as_of = min(as_of, program_end) if program_end else as_of
    until = min(ended_on, as_of) if is_ended and ended_on else as_of
    expected = max(0, (until - paired_on).days - cadence_days) // cadence_days
    contact = max(last_session, paired_on) if last_session else paired_on
    days_since_contact = max(0, (as_of - contact).days)
    if is_ended:
        status = ENDED
    elif days_since_contact > 2 * cadence_days:
        status = STALLED
    elif held < expected:
        status = BEHIND
    else:
        status = ON_TRACK
    return Progress(held, expected, last_session, days_since_contact, status)
