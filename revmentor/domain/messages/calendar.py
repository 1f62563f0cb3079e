"""A pair's recurring session as an iCalendar (.ics) file, through icalendar.

The UID depends only on the pair, so importing a newer file updates the
series instead of adding a second one (its SEQUENCE is higher); an ended
pair's file cancels it.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
from datetime import UTC, datetime, time, timedelta

from revmentor.domain.messages.messages import agenda, cadence_sentence, session_link
from revmentor.domain.models import PAIR_ENDED, Participant, Settings
from revmentor.domain.pairing.pairs import StoredPair

_EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


def ics_bytes(
    pair: StoredPair,
    program: Settings,
    mentee: Participant | None,
    *,
    at: time = time(10, 0),
    after: int = -1,
) -> bytes:
    """One VCALENDAR with the pair's event: sessions every cadence from the
    first working day after pairing until the program ends (at least one), at
    ``at`` in the mentee's time zone when known, the first-session agenda as
    its description; or its cancellation when the pair has ended. Its SEQUENCE
    is above ``after`` (that of the file it replaces)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from icalendar import Calendar, Event

    cancelled = pair.status == PAIR_ENDED
    # The next working day: Friday and Saturday skip to Monday.
    first = pair.paired_on + timedelta({4: 3, 5: 2}.get(pair.paired_on.weekday(), 1))
    end = program.end or pair.paired_on + timedelta(weeks=program.length_weeks)
    # Stable per pair: its id and who is in it, the same in every run.
    key = f"{pair.id}|{pair.mentor.lower()}|{pair.mentee.lower()}|{pair.paired_on}"
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    steps = [f"{n}. {item}" for n, item in enumerate(agenda(pair, mentee, program), 1)]
    zone = None  # a floating time when the mentee's zone is unknown or wrong
    with contextlib.suppress(ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo(mentee.timezone) if mentee and mentee.timezone else None
    start = datetime.combine(first, at, tzinfo=zone)
    calendar = Calendar()
    calendar.add("prodid", "-//revmentor//reverse mentoring sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = Event()
    event.add("uid", f"pair-{pair.id}-{digest}@revmentor")
    stamp = datetime.now(UTC).replace(microsecond=0)
    event.add("dtstamp", stamp)
    # Calendars apply an update (a new time, a cancellation) only with a higher
    # SEQUENCE than the one they hold: the seconds since 2020 rise with every
    # file written, whichever folder or e-mail the last one came from.
    event.add("sequence", max(int((stamp - _EPOCH).total_seconds()), after + 1))
    event.add("summary", f"{program.name}: {pair.mentor_name} and {pair.mentee_name}")
    about = ["Agenda for your first session:", *steps, "", cadence_sentence(program)]
    if link := session_link(pair, program):
        about.append(f"After each session, record it in your form: {link}")
    event.add("description", "\n".join(about))
    event.add("dtstart", start)
    event.add("duration", timedelta(minutes=program.session_minutes))
    days = program.cadence_days
    freq, interval = ("weekly", days // 7) if days % 7 == 0 else ("daily", days)
    count = max(1, math.ceil((end - first).days / days))
    event.add("rrule", {"freq": freq, "interval": interval, "count": count})
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    people = ((pair.mentor_name, pair.mentor), (pair.mentee_name, pair.mentee))
    for name, email in people:
        role = {"cn": name, "role": "REQ-PARTICIPANT"}
        event.add("attendee", f"mailto:{email}", parameters=role)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # none for a floating time
    return calendar.to_ical()
