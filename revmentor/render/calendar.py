"""Calendar plans as iCalendar (.ics) files, through the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from revmentor.domain.calendar import CalendarPlan
from revmentor.domain.messages import Attachment


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
    event.add("sequence", 1 if plan.cancelled else 0)
    event.add("summary", plan.summary)
    event.add("description", plan.description)
    event.add("dtstart", plan.start)
    event.add("duration", timedelta(minutes=plan.minutes))
    if plan.interval_days % 7 == 0:
        rule = {"freq": "weekly", "interval": plan.interval_days // 7}
    else:
        rule = {"freq": "daily", "interval": plan.interval_days}
    rule["count"] = plan.count
    event.add("rrule", rule)
    event.add("status", "CANCELLED" if plan.cancelled else "CONFIRMED")
    for name, email in plan.attendees:
        attendee = vCalAddress(f"mailto:{email}")
        attendee.params["cn"] = name
        attendee.params["role"] = "REQ-PARTICIPANT"
        event.add("attendee", attendee, encode=0)
    calendar.add_component(event)
    if plan.start.tzinfo is not None:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def invitation_attachment(plan: CalendarPlan) -> Attachment:
    return Attachment(
        filename="sessions.ics",
        content=ics_bytes(plan),
        maintype="text",
        subtype="calendar",
        params=(("method", "CANCEL" if plan.cancelled else "PUBLISH"),),
    )
