"""The report as one self-contained HTML page: inline CSS and SVG, no script,
nothing fetched from the network, made to be printed or attached to an email.

Every value from the database passes through ``esc`` (html.escape with
quotes) before it is put in the page, in text and attributes alike.
"""

from __future__ import annotations

import html
from datetime import date

from revmentor.domain.outcomes.outcomes import MIN_PEOPLE
from revmentor.domain.outcomes.report import OutcomeRow, Rating, Report
from revmentor.domain.sessions.progress import STATUSES
from revmentor.domain.text import pair_label, plural
from revmentor.render.report import text as words

# The held-vs-expected chart shows at most this many pairs (those needing
# attention first, as the pairs are sorted); the table below lists them all.
CHART_LIMIT = 40
NUM = " class='num'"
DASHED = "fill='#eef1f5' stroke='#9aa3af' stroke-dasharray='3 2'"
# Stalled red, behind amber, on track green, ended grey: in the order of STATUSES.
COLOURS = dict(zip(STATUSES, ("#c62828", "#b45f06", "#2e7d32", "#8a8f98"), strict=True))
CSS = """
body { margin: 0; color: #1d2330; font: 15px/1.45 system-ui, sans-serif; }
main { max-width: 1080px; margin: 0 auto; padding: 32px 36px; }
header { border-bottom: 3px solid #1f5f99; }
.eyebrow { color: #1f5f99; font-size: 12px; font-weight: 600; text-transform: uppercase; }
h1 { margin: 4px 0; } h2 { margin: 30px 0 10px; font-size: 19px; } h3 { font-size: 14px; }
.meta, .legend, .dim, .email, .card .detail, footer { color: #5b6472; font-size: 13px; }
.cards { display: grid; grid-template-columns: repeat(4, 1fr); gap: 12px; margin-top: 22px; }
.card { border: 1px solid #dde1e7; border-radius: 10px; padding: 12px 14px; background: #f4f6f9; }
.card .label { font-size: 12px; font-weight: 600; text-transform: uppercase; }
.card .value { font-size: 28px; font-weight: 700; } .card .quiet { font-size: 18px; color: #5b6472; }
.note { border-left: 4px solid #b45f06; background: #fff7ed; padding: 10px 14px; }
.chart { width: 100%; height: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #dde1e7; vertical-align: top; }
th { background: #f4f6f9; font-size: 12px; } .num { text-align: right; }
.email { display: block; font-size: 12px; overflow-wrap: anywhere; }
.status { padding: 1px 8px; border-radius: 10px; color: #fff; font-size: 12px; white-space: nowrap; }
.bar { display: inline-block; width: 70px; height: 8px; background: #dde1e7; margin-right: 6px; }
.bar span { display: block; height: 100%; }
footer { margin-top: 36px; border-top: 1px solid #dde1e7; }
@media print { main { padding: 0; } tr, .card, svg { break-inside: avoid; } }
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _card(label: str, value: str, detail: str, instead: str = "") -> str:
    """A figure; a dash for it says why ``instead`` (nothing to count)."""
    value_class = "value quiet" if value == "—" else "value"
    detail = instead if value == "—" and instead else detail
    return (
        f"<div class='card'><div class='label'>{esc(label)}</div><div "
        f"class='{value_class}'>{esc(value)}</div><div class='detail'>{esc(detail)}</div></div>"
    )


def _rating(label: str, rating: Rating) -> tuple[str, str, str]:
    if rating.mean is not None:
        by = f"from {rating.n} ratings by {rating.people} people"
        return label, f"{rating.mean:.1f} / 5", by
    wait = f"hidden until {MIN_PEOPLE} people have rated ({rating.people} so far)"
    return label, "—", wait if rating.n else "no ratings yet"


def _cards(report: Report) -> str:
    s, percent = report.summary, words.percent
    people = sum(c["active"] for c in s.participants.values())
    kept = percent(s.retention.in_program_rate)
    matched = f"{s.mentees_paired} of {plural(s.active_mentees, 'active mentee')}"
    active = s.pairs["active"]
    on_track = f"of {plural(active, 'active pair')}: {words.status_counts_text(report)}"
    held = "held of expected" + words.sessions_share(report)
    cards = [
        ("Match rate", percent(s.match_rate), matched + " paired", "no active mentees"),
        ("Sessions", "{held} / {expected}".format(**s.sessions), held),
        ("On track", percent(s.share_on_track), on_track, "no active pairs"),
        ("Mentor retention", kept, words.retention_text(report), "no mentors enrolled"),
        ("Participants", str(people), words.participants_text(report)),
        ("Pairs", str(active), f"active · {s.pairs['ended']} ended"),
        _rating("Mentor rating", s.ratings["mentor"]),
        _rating("Mentee rating", s.ratings["mentee"]),
    ]
    return f"<section class='cards'>{''.join(_card(*card) for card in cards)}</section>"


def _svg(width: float, height: float, title: str, body: list[str]) -> str:
    box = f"viewBox='0 0 {width} {height}'"
    return f"<svg class='chart' {box} role='img'><title>{title}</title>{''.join(body)}</svg>"


def _text(x: float, y: float, text: str, anchor: str = "start", limit: int = 99) -> str:
    """A label, cut to ``limit`` characters."""
    text = text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
    place = f"x='{x:.1f}' y='{y}' text-anchor='{anchor}'"
    return f"<text {place} font-size='12'>{esc(text)}</text>"


def _rect(x: float, y: float, width: float, height: int, style: str) -> str:
    return f"<rect x='{x:.1f}' y='{y}' width='{width:.1f}' height='{height}' {style}/>"


def _line(x: float, y1: float, y2: float, colour: str) -> str:
    return f"<line x1='{x:.1f}' y1='{y1}' x2='{x:.1f}' y2='{y2}' stroke='{colour}'/>"


def _progress_chart(report: Report) -> str:
    """Sessions held (a bar in the status colour) against expected (dashed)."""
    shown = report.pairs[:CHART_LIMIT]
    if not shown:
        return ""
    left, span, height = 270, 560, 26 + 24 * len(shown) + 8
    most = max([1, *(p.expected for p in shown), *(p.held for p in shown)])
    step = -(-most // 6)
    unit = span / (step * -(-most // step))
    body = []
    for tick in range(0, most + step, step):
        x = left + tick * unit
        body += [_line(x, 20, height - 6, "#dde1e7"), _text(x, 16, str(tick), "middle")]
    for i, p in enumerate(shown):
        y = 26 + 24 * i
        body.append(_text(left - 10, y + 16, pair_label(p), "end", 40))
        # A rect of width 0 is not drawn: nothing expected or held yet.
        body.append(_rect(left, y + 4, p.expected * unit, 16, DASHED))
        fill = f"fill='{COLOURS[p.status]}'"
        body.append(_rect(left, y + 7, p.held * unit, 10, fill))
        body.append(_text(left + span + 8, y + 16, f"{p.held} / {p.expected}"))
    counts = report.summary.status_counts
    legend = "<span style='color:#9aa3af'>□</span> expected by now " + "".join(
        f"<span style='color:{COLOURS[s]}'>■</span> held ({s}) "
        for s in STATUSES
        if counts[s]
    )
    if len(report.pairs) > len(shown):
        legend += (
            f"<br>Showing {len(shown)} of {len(report.pairs)} pairs, those needing "
            "attention first; every pair is in the table below."
        )
    title = "Sessions held against sessions expected, per pair"
    chart = _svg(left + span + 70, height, title, body)
    legend = f"<p class='legend'>{legend}</p>"
    return _section("Sessions held against expected", chart, legend)


def _outcome_chart(rows: list[OutcomeRow]) -> str:
    """The change to final where there is one, else the change so far; when
    some topic went down the axis moves to the middle so falls grow left."""
    latest = [
        (o.change, "final", o.change_n)
        if o.change is not None
        else (o.midpoint_change, "midpoint", o.midpoint_change_n)
        for o in rows
    ]
    changes = [c for c, _, _ in latest if c is not None]
    half = 260 if any(c < 0 for c in changes) else 0
    left, span, height = 220, 520, 10 + 26 * len(rows) + 10
    unit = (span - half) / max([1.0, *(abs(c) for c in changes)])
    axis = left + half
    body = [_line(axis, 6, height - 6, "#5b6472")]
    for i, (o, (change, phase, n)) in enumerate(zip(rows, latest, strict=True)):
        y = 10 + 26 * i
        body.append(_text(left - 10, y + 17, o.topic, "end", 32))
        if change is None:
            wait = f"needs baseline and later means from {MIN_PEOPLE} people each"
            body.append(_text(axis + 8, y + 17, wait))
            continue
        w = abs(change) * unit
        x, fill = (axis, "#2e7d32") if change >= 0 else (axis - w, "#c62828")
        body.append(_rect(x, y + 5, max(w, 1.5), 15, f"fill='{fill}'"))
        to = f"{words.change_text(change, n)} to {phase}, of those who answered both"
        body.append(_text(left + span + 10, y + 17, to))
    title = "Change in mean check-in score per topic, from baseline to the latest one"
    return _svg(left + span + 160, height, title, body)


def _table(headers: list[str], rows: list[list[str]], numeric: int = 0) -> str:
    """A table of cells already escaped; the last ``numeric`` columns right-aligned."""

    def cells(tag: str, row: list[str]) -> str:
        first_number = len(row) - numeric
        return "".join(
            f"<{tag}{NUM if i >= first_number else ''}>{c}</{tag}>"
            for i, c in enumerate(row)
        )

    head = cells("th", [esc(h) for h in headers])
    body = "".join(f"<tr>{cells('td', row)}</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _section(title: str, *body: str) -> str:
    return f"<section><h2>{esc(title)}</h2>{''.join(body)}</section>"


def _figures(report: Report) -> list[str]:
    """Outcomes (with their chart), statements and topics."""
    sections = []
    for figures in words.figure_tables(report):
        chart = _outcome_chart(report.outcomes) if figures.title == "Outcomes" else ""
        legend = f"<p class='legend'>{esc(figures.intro)}</p>" if figures.intro else ""
        rows = [[esc(cell) for cell in row] for row in figures.rows]
        table = _table(figures.headers, rows, len(figures.headers) - 1)
        sections.append(_section(figures.title, legend, chart, table))
    return sections


def _pairs(report: Report) -> str:
    columns = words.pair_columns(report)
    rows = []
    for p in report.pairs:
        colour = COLOURS[p.status]
        width = round(words.progress_ratio(p.held, p.expected) * 100)
        filled = f"<span style='width:{width}%;background:{colour}'></span>"
        contact = f"<span class='email'>{esc(words.contact_text(p))}</span>"
        text = {header: esc(cell(p)) for header, cell in columns}
        cells = {
            "Mentor": f"{esc(p.mentor_name)}<span class='email'>{esc(p.mentor)}</span>",
            "Mentee": f"{esc(p.mentee_name)}<span class='email'>{esc(p.mentee)}</span>",
            "Sessions": f"<span class='bar'>{filled}</span>{p.held} / {p.expected}",
            "Status": f"<span class='status' style='background:{colour}'>{p.status}</span>",
            "Last session": text["Last session"] + contact,
        }
        rows.append([cells.get(header, cell) for header, cell in text.items()])
    table = _table([header for header, _ in columns], rows)
    return _section(f"Pairs ({len(report.pairs)})", table) if rows else ""


def _unpaired(report: Report) -> str:
    specific, sentences = words.unpaired_lines(report)
    items = [
        f"<li><strong>{esc(u.name)}</strong> <span class='dim'>({esc(u.role)}, "
        f"{esc(u.email)})</span>: {esc(u.reason)}</li>"
        for u in specific
    ]
    items += [f"<li>{esc(sentence)}</li>" for sentence in sentences]
    return _section(f"Unpaired ({len(report.unpaired)})", f"<ul>{''.join(items)}</ul>")


def _attributes(report: Report) -> str:
    rows = [[esc(f) for f in figure] for figure in words.breakdown_figures(report)]
    legend = (
        "<p class='legend'>Counts only; no one's attributes are listed, and no "
        f"group of fewer than {MIN_PEOPLE} people is shown.</p>"
    )
    table = _table(["Figure", "Value"], rows)
    return _section("By attribute", legend, table) if rows else ""


def report_html(report: Report) -> str:
    p = report.program
    objectives = "".join(f"<li>{esc(o)}</li>" for o in p.objectives)
    privacy = "Session notes and personal attributes are not included."
    if report.include_notes:
        privacy = "Confidential: this report includes session notes."
    title = f"{esc(p.name)} — report as of {report.as_of}"
    parts = [
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        f"<title>{title}</title><style>{CSS}</style></head><body><main>",
        "<header><p class='eyebrow'>Reverse-mentoring program report</p>",
        f"<h1>{esc(p.name)}</h1><p class='meta'>{esc(words.dates_line(report))}</p>",
        f"<p class='meta'><strong>{esc(words.as_of_line(report))}</strong></p>",
        f"<h3>Objectives</h3><ul>{objectives}</ul>" if objectives else "",
        "</header>",
        *(f"<p class='note'>Warning: {esc(w)}.</p>" for w in report.warnings),
        _cards(report),
        f"<p class='note'>{esc(report.note)}</p>" if report.note else "",
        _progress_chart(report),
        *_figures(report),
        _pairs(report),
        _unpaired(report),
        _attributes(report),
        f"<footer>Made with revmentor on {date.today()}. {privacy}</footer>",
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
