"""Calendar plans as iCalendar (.ics) files, through the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from revmentor.domain.calendar import CalendarPlan


def ics_bytes(plan: CalendarPlan) -> bytes:
    """One VCALENDAR with the pair's recurring event, or its cancellation."""
    from icalendar import Calendar, Event, vCalAddress

    calendar = Calendar()
    calendar.add("prodid", "-//revmentor//reverse mentoring sessions//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if plan.cancelled else "PUBLISH")
    event = Event()
    event.add("uid", plan.uid)
    event.add("dtstamp", datetime.now(UTC).replace(microsecond=0))
    # A cancellation must carry a higher sequence than the invitation it cancels.
    event.add("sequence", int(plan.cancelled))
    event.add("summary", plan.summary)
    event.add("description", plan.description)
    event.add("dtstart", plan.start)
    event.add("duration", timedelta(minutes=plan.minutes))
    weekly = plan.interval_days % 7 == 0
    event.add(
        "rrule",
        {
            "freq": "weekly" if weekly else "daily",
            "interval": plan.interval_days // 7 if weekly else plan.interval_days,
            "count": plan.count,
        },
    )
    event.add("status", "CANCELLED" if plan.cancelled else "CONFIRMED")
    for name, email in plan.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = name
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    if plan.start.tzinfo is not None:
        calendar.add_missing_timezones()
    return calendar.to_ical()
