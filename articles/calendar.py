"""
An event as an iCalendar file (RFC 5545), for a reader's own calendar.

Small enough to write out: one VCALENDAR holding one all-day VEVENT. The
rules that matter are the ones calendar programs are strict about: CRLF line
endings, lines folded at 75 octets (never inside a UTF-8 character), TEXT
values with backslash, semicolon, comma and newline escaped, and an all-day
event's DTEND the day *after* its last day (the end is exclusive).
"""

from datetime import UTC, timedelta

PRODUCT_ID = "-//CQC//cqcnews//EN"
#: The longest a line may be, in octets, without its CRLF (RFC 5545 3.1).
LINE_OCTETS = 75
TEXT_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def escape_text(value):
    """A TEXT value (RFC 5545 3.3.11); carriage returns go with their newline."""
    return value.replace("\r\n", "\n").replace("\r", "\n").translate(TEXT_ESCAPES)


def fold(line):
    """
    ``line`` as content lines of at most 75 octets: each continuation starts
    with a space, which counts towards its 75. Returns the lines joined by CRLF.
    """
    parts, current, size = [], "", 0
    for character in line:
        octets = len(character.encode())
        if size + octets > LINE_OCTETS:
            parts.append(current)
            current, size = " ", 1
        current += character
        size += octets
    parts.append(current)
    return "\r\n".join(parts)


def event_calendar(
    *, uid, stamp, summary, start, end, url, location="", description=""
):
    """
    One all-day event from ``start`` to ``end`` (dates, both included), as the
    text of an ``.ics`` file. ``stamp`` is an aware datetime: when the file
    was made (DTSTAMP, in UTC).
    """
    properties = [
        ("BEGIN", "VCALENDAR"),
        ("VERSION", "2.0"),
        ("PRODID", PRODUCT_ID),
        ("CALSCALE", "GREGORIAN"),
        ("METHOD", "PUBLISH"),
        ("BEGIN", "VEVENT"),
        ("UID", uid),
        ("DTSTAMP", stamp.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")),
        ("DTSTART;VALUE=DATE", start.strftime("%Y%m%d")),
        ("DTEND;VALUE=DATE", (end + timedelta(days=1)).strftime("%Y%m%d")),
        ("SUMMARY", escape_text(summary)),
    ]
    if location:
        properties.append(("LOCATION", escape_text(location)))
    if description:
        properties.append(("DESCRIPTION", escape_text(description)))
    properties += [("URL", url), ("END", "VEVENT"), ("END", "VCALENDAR")]
    return "".join(f"{fold(f'{name}:{value}')}\r\n" for name, value in properties)
