"""The report as one self-contained HTML page: inline CSS and SVG, no script,
nothing fetched from the network, made to be printed or attached to an email.

Every value that comes from the database passes through ``esc`` (html.escape
with quotes), in text and in attributes alike.
"""

from __future__ import annotations

import html
from datetime import date

from revmentor.domain.outcomes import OutcomeRow
from revmentor.domain.progress import BEHIND, ENDED, ON_TRACK, STALLED, STATUSES
from revmentor.domain.report import MIN_RATINGS, Report
from revmentor.render import report_text as words

# The held-vs-expected chart shows at most this many pairs (those needing
# attention first, as the pairs are sorted); the table below lists them all.
CHART_LIMIT = 40

STATUS_COLOURS = {
    ON_TRACK: "#2e7d32",
    BEHIND: "#b45f06",
    STALLED: "#c62828",
    ENDED: "#8a8f98",
}
STATUS_CLASSES = {
    ON_TRACK: "on-track",
    BEHIND: "behind",
    STALLED: "stalled",
    ENDED: "ended",
}

CSS = """
:root {
  --ink: #1d2330; --muted: #5b6472; --line: #dde1e7; --soft: #f4f6f9;
  --accent: #1f5f99; --on-track: #2e7d32; --behind: #b45f06;
  --stalled: #c62828; --ended: #8a8f98;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; background: #fff; color: var(--ink);
  font: 15px/1.45 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    sans-serif;
}
main { max-width: 1080px; margin: 0 auto; padding: 32px 36px 48px; }
header.head { border-bottom: 3px solid var(--accent); padding-bottom: 14px; }
.eyebrow {
  margin: 0; color: var(--accent); font-size: 12px; font-weight: 600;
  letter-spacing: .08em; text-transform: uppercase;
}
h1 { margin: 4px 0 6px; font-size: 30px; line-height: 1.15; }
h2 { margin: 30px 0 10px; font-size: 19px; }
h3 { margin: 14px 0 6px; font-size: 14px; color: var(--muted);
  text-transform: uppercase; letter-spacing: .05em; }
p.meta { margin: 2px 0; color: var(--muted); }
p.meta strong { color: var(--ink); }
.objectives ul { margin: 4px 0 0; padding-left: 20px; }
.objectives li { margin: 2px 0; }
.cards {
  display: grid; grid-template-columns: repeat(4, minmax(0, 1fr));
  gap: 12px; margin-top: 22px;
}
.card {
  border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px;
  background: var(--soft); break-inside: avoid;
}
.card .label {
  font-size: 12px; color: var(--muted); text-transform: uppercase;
  letter-spacing: .05em; font-weight: 600;
}
.card .value { font-size: 28px; font-weight: 700; line-height: 1.2; margin: 4px 0 2px; }
.card .value.quiet { font-size: 18px; color: var(--muted); padding: 7px 0 3px; }
.card .detail { font-size: 13px; color: var(--muted); }
.note {
  border-left: 4px solid var(--behind); background: #fff7ed;
  padding: 10px 14px; border-radius: 4px;
}
.chart { width: 100%; height: auto; display: block; }
.legend { font-size: 13px; color: var(--muted); margin: 6px 0 0; }
.legend span { display: inline-block; margin-right: 16px; }
.swatch {
  display: inline-block; width: 11px; height: 11px; border-radius: 2px;
  vertical-align: -1px; margin-right: 5px;
}
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line);
  vertical-align: top; overflow-wrap: anywhere; }
th { background: var(--soft); white-space: nowrap; font-size: 12px; text-transform: uppercase;
  letter-spacing: .04em; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
table.compact { width: auto; min-width: 40%; }
tr { break-inside: avoid; }
thead { display: table-header-group; }
.email { display: block; color: var(--muted); font-size: 12px;
  overflow-wrap: break-word; }
.status {
  display: inline-block; padding: 1px 8px; border-radius: 10px; color: #fff;
  font-size: 12px; font-weight: 600; white-space: nowrap;
}
.status.on-track { background: var(--on-track); }
.status.behind { background: var(--behind); }
.status.stalled { background: var(--stalled); }
.status.ended { background: var(--ended); }
.bar {
  display: inline-block; width: 70px; height: 8px; background: var(--line);
  border-radius: 4px; overflow: hidden; vertical-align: middle; margin-right: 6px;
}
.bar > span { display: block; height: 100%; }
.bar > span.on-track { background: var(--on-track); }
.bar > span.behind { background: var(--behind); }
.bar > span.stalled { background: var(--stalled); }
.bar > span.ended { background: var(--ended); }
.dim { color: var(--muted); font-size: 12px; }
ul.unpaired { padding-left: 20px; }
ul.unpaired li { margin: 4px 0; }
footer {
  margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line);
  color: var(--muted); font-size: 12px;
}
@media screen and (max-width: 760px) { .cards { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 12px; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 24px; }
  h2 { break-after: avoid; }
  section { break-inside: auto; }
  .chart-block { break-inside: avoid; }
  .card .value { font-size: 22px; }
  .cards { gap: 8px; }
  table { font-size: 11px; }
  th, td { padding: 4px 6px; }
  td.topics { min-width: 150px; }
}
"""


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _card(label: str, value: str, detail: str, *, quiet: bool = False) -> str:
    cls = "value quiet" if quiet else "value"
    return (
        f'<div class="card"><div class="label">{esc(label)}</div>'
        f'<div class="{cls}">{esc(value)}</div>'
        f'<div class="detail">{esc(detail)}</div></div>'
    )


def _rating_card(label: str, rating) -> str:
    if rating.mean is None:
        detail = (
            "no ratings yet"
            if rating.n == 0
            else f"hidden until {MIN_RATINGS} people have rated ({rating.raters} so far)"
        )
        return _card(label, "—", detail, quiet=True)
    return _card(
        label,
        f"{rating.mean:.1f} / 5",
        f"from {rating.n} ratings by {rating.raters} people",
    )


def _retention_card(report: Report) -> str:
    r = report.summary.retention
    if not r.enrolled:
        return _card("Mentor retention", "—", "no mentors enrolled", quiet=True)
    detail = (
        f"{r.in_program} of {words.plural(r.enrolled, 'mentor')} still in the program"
    )
    if r.in_organisation is not None:
        detail += (
            f"; {words.percent(r.organisation_rate)} ({r.in_organisation}) "
            "still in the organisation"
        )
    return _card("Mentor retention", words.percent(r.program_rate), detail)


def _cards(report: Report) -> str:
    s = report.summary
    mentors, mentees = s.participants["mentor"], s.participants["mentee"]
    away = mentors.paused + mentees.paused
    gone = mentors.left + mentees.left
    people_detail = f"{mentors.active} mentors · {mentees.active} mentees active"
    others = [f"{away} paused"] if away else []
    others += [f"{gone} left"] if gone else []
    if others:
        people_detail += f" ({', '.join(others)})"
    sessions_detail = "held of expected"
    if s.sessions_expected:
        sessions_detail += (
            f" ({words.percent(min(s.sessions_held / s.sessions_expected, 9.99))})"
        )
    on_track_detail = (
        f"of {words.plural(s.pairs_active, 'active pair')}"
        + (f": {words.status_counts_text(report)}" if s.pairs_active else "")
        if s.pairs_active
        else "no active pairs"
    )
    cards = [
        _card(
            "Match rate",
            words.percent(s.match_rate),
            f"{s.mentees_paired} of {words.plural(s.active_mentees, 'active mentee')} paired"
            if s.active_mentees
            else "no active mentees",
        ),
        _card(
            "Sessions", f"{s.sessions_held} / {s.sessions_expected}", sessions_detail
        ),
        _card("On track", words.percent(s.share_on_track), on_track_detail),
        _retention_card(report),
        _card(
            "Participants",
            str(mentors.active + mentees.active),
            people_detail,
        ),
        _card(
            "Pairs",
            str(s.pairs_active),
            f"active · {s.pairs_ended} ended",
        ),
        _rating_card("Mentor rating", s.mentor_rating),
        _rating_card("Mentee rating", s.mentee_rating),
    ]
    return '<section class="cards">' + "".join(cards) + "</section>"


def _progress_chart(report: Report) -> str:
    shown = report.pairs[:CHART_LIMIT]
    if not shown:
        return ""
    label_w, bar_w, value_w, row_h, top = 270, 560, 70, 24, 26
    width = label_w + bar_w + value_w
    height = top + row_h * len(shown) + 8
    scale_max = max([1, *(p.expected for p in shown), *(p.held for p in shown)])
    step = max(1, -(-scale_max // 6))
    unit = bar_w / (step * -(-scale_max // step))
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="progress-title">',
        '<title id="progress-title">Sessions held against sessions expected, '
        "per pair</title>",
    ]
    tick = 0
    while tick * unit <= bar_w + 0.5:
        x = label_w + tick * unit
        out.append(
            f'<line x1="{x:.1f}" y1="{top - 6}" x2="{x:.1f}" y2="{height - 6}" '
            'stroke="#dde1e7" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{top - 10}" font-size="11" fill="#5b6472" '
            f'text-anchor="middle">{tick}</text>'
        )
        tick += step
    for i, pair in enumerate(shown):
        y = top + i * row_h
        colour = STATUS_COLOURS[pair.status]
        label = _truncate(words.pair_label(pair), 40)
        out.append(
            f'<text x="{label_w - 10}" y="{y + 16}" font-size="12.5" fill="#1d2330" '
            f'text-anchor="end">{esc(label)}</text>'
        )
        expected_w = pair.expected * unit
        held_w = pair.held * unit
        if expected_w:
            out.append(
                f'<rect x="{label_w}" y="{y + 4}" width="{expected_w:.1f}" '
                f'height="16" rx="2" fill="#eef1f5" stroke="#9aa3af" '
                'stroke-dasharray="3 2"/>'
            )
        if held_w:
            out.append(
                f'<rect x="{label_w}" y="{y + 7}" width="{held_w:.1f}" height="10" '
                f'rx="2" fill="{colour}"/>'
            )
        out.append(
            f'<text x="{label_w + bar_w + 8}" y="{y + 16}" font-size="12" '
            f'fill="#5b6472">{pair.held} / {pair.expected}</text>'
        )
    out.append("</svg>")
    return (
        '<section class="chart-block"><h2>Sessions held against expected</h2>'
        + "".join(out)
        + _progress_legend(report, len(shown))
        + "</section>"
    )


def _progress_legend(report: Report, shown: int) -> str:
    legend = (
        '<p class="legend"><span><span class="swatch" style="background:#eef1f5;'
        'border:1px dashed #9aa3af"></span>expected by now</span>'
        + "".join(
            f'<span><span class="swatch" style="background:{STATUS_COLOURS[s]}">'
            f"</span>held ({esc(words.STATUS_LABELS[s])})</span>"
            for s in STATUSES
            if report.summary.status_counts.get(s)
        )
        + "</p>"
    )
    if len(report.pairs) > shown:
        legend += (
            f'<p class="legend">Showing {shown} of {len(report.pairs)} pairs, '
            "those needing attention first; every pair is in the table below.</p>"
        )
    return legend


def _latest_change(o: OutcomeRow) -> tuple[float | None, str]:
    """The change to final when there is one, else the change so far."""
    if o.change is not None:
        return o.change, "final"
    return o.midpoint_change, "midpoint"


def _outcome_chart(rows: list[OutcomeRow]) -> str:
    latest = [_latest_change(o) for o in rows]
    changes = [c for c, _ in latest if c is not None]
    diverging = any(c < 0 for c in changes)
    label_w, span, value_w, row_h, top = 220, 520, 160, 26, 10
    width = label_w + span + value_w
    height = top + row_h * len(rows) + 10
    biggest = max([1.0, *(abs(c) for c in changes)])
    # Bars grow right from the axis; when some topic went down, the axis moves
    # to the middle so falls grow left.
    unit = (span / 2 if diverging else span) / biggest
    axis = label_w + (span / 2 if diverging else 0)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="outcome-title">',
        '<title id="outcome-title">Change in mean check-in score per topic, '
        "from baseline to the latest check-in</title>",
        f'<line x1="{axis}" y1="{top - 4}" x2="{axis}" y2="{height - 6}" '
        'stroke="#5b6472" stroke-width="1"/>',
    ]
    for i, (o, (change, phase)) in enumerate(zip(rows, latest, strict=True)):
        y = top + i * row_h
        out.append(
            f'<text x="{label_w - 10}" y="{y + 17}" font-size="12.5" fill="#1d2330" '
            f'text-anchor="end">{esc(_truncate(o.topic, 32))}</text>'
        )
        if change is None:
            out.append(
                f'<text x="{axis + 8}" y="{y + 17}" font-size="12" fill="#5b6472">'
                f"needs baseline and later means from {MIN_RATINGS} people each"
                "</text>"
            )
            continue
        w = abs(change) * unit
        x = axis if change >= 0 else axis - w
        colour = "#2e7d32" if change >= 0 else "#c62828"
        later = o.final if phase == "final" else o.midpoint
        out.append(
            f'<rect x="{x:.1f}" y="{y + 5}" width="{max(w, 1.5):.1f}" height="15" '
            f'rx="2" fill="{colour}"/>'
        )
        out.append(
            f'<text x="{label_w + span + 10}" y="{y + 17}" font-size="12" '
            f'fill="#1d2330">{esc(words.change_text(change))} to {phase} '
            f"(n {o.baseline.n} → {later.n})</text>"
        )
    out.append("</svg>")
    return "".join(out)


def _outcome_table(rows: list[OutcomeRow], first: str) -> str:
    midpoint = words.shows_midpoint(rows)
    head = "".join(
        f"<th class='num'>{esc(h)}</th>" for h in words.outcome_headers(midpoint)
    )
    table = [f"<table><thead><tr><th>{esc(first)}</th>{head}</tr></thead><tbody>"]
    for o in rows:
        cells = words.outcome_cells(o, midpoint)
        table.append(
            f"<tr><td>{esc(cells[0])}</td>"
            + "".join(f"<td class='num'>{esc(c)}</td>" for c in cells[1:])
            + "</tr>"
        )
    table.append("</tbody></table>")
    return "".join(table)


def _outcomes(report: Report) -> str:
    if not report.outcomes:
        return ""
    return (
        '<section class="chart-block"><h2>Outcome change per topic</h2>'
        '<p class="legend">Mean check-in score (1–5, how confident) at the latest '
        "check-in minus the mean at baseline, with how many people each mean is "
        f"drawn from. {esc(words.OUTCOMES_CAPTION)}</p>"
        + _outcome_chart(report.outcomes)
        + _outcome_table(report.outcomes, "Topic")
        + "</section>"
    )


def _statements(report: Report) -> str:
    if not report.statements:
        return ""
    return (
        "<section><h2>Statements</h2>"
        '<p class="legend">How much people agree (1–5), per statement. '
        f"{esc(words.OUTCOMES_CAPTION)}</p>"
        + _outcome_table(report.statements, "Statement")
        + "</section>"
    )


def _topic_sessions(report: Report) -> str:
    if not report.topic_sessions:
        return ""
    rows = "".join(
        f"<tr><td>{esc(t.topic)}</td><td class='num'>{t.sessions}</td>"
        f"<td class='num'>{t.pairs}</td></tr>"
        for t in report.topic_sessions
    )
    return (
        f"<section><h2>{esc(words.TOPICS_TITLE)}</h2>"
        "<table class='compact'><thead><tr><th>Topic</th><th class='num'>Sessions"
        "</th><th class='num'>Pairs</th></tr></thead><tbody>"
        + rows
        + "</tbody></table></section>"
    )


def _pairs_table(report: Report) -> str:
    several_rounds = len(report.rounds) > 1
    head = ["<th>Mentor</th>", "<th>Mentee</th>"]
    if several_rounds:
        head.append("<th class='num'>Round</th>")
    head += [
        "<th>Paired on</th>",
        "<th>Sessions</th>",
        "<th>Last session</th>",
        "<th>Status</th>",
        *(["<th>Goals</th>"] if report.has_goals else []),
        "<th>Topics covered</th>",
    ]
    if report.include_notes:
        head.append("<th>Latest notes</th>")
    body = []
    for p in report.pairs:
        cls = STATUS_CLASSES[p.status]
        width = round(words.progress_ratio(p.held, p.expected) * 100)
        cells = [
            f"<td>{esc(p.mentor_name)}<span class='email'>{esc(p.mentor)}</span></td>",
            f"<td>{esc(p.mentee_name)}<span class='email'>{esc(p.mentee)}</span></td>",
        ]
        if several_rounds:
            cells.append(f"<td class='num'>{p.round}</td>")
        cells += [
            f"<td class='nowrap'>{esc(p.paired_on.isoformat())}</td>",
            f"<td class='nowrap'><span class='bar'><span class='{cls}' "
            f"style='width:{width}%'></span></span>{p.held} / {p.expected}</td>",
            f"<td class='nowrap'>{esc(words.last_session_text(p))}"
            f"<span class='email'>{esc(words.contact_text(p))}</span></td>",
            f"<td><span class='status {cls}'>{esc(words.STATUS_LABELS[p.status])}"
            "</span></td>",
            *(
                [f"<td class='nowrap'>{esc(words.pair_goals_text(p.goals))}</td>"]
                if report.has_goals
                else []
            ),
            f"<td class='topics'>{esc(', '.join(p.topics_covered) or '—')}</td>",
        ]
        if report.include_notes:
            when = (
                f"<span class='email'>{esc(p.latest_notes_on.isoformat())}</span>"
                if p.latest_notes and p.latest_notes_on
                else ""
            )
            cells.append(f"<td>{esc(p.latest_notes or '—')}{when}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<section><h2>Pairs ({len(report.pairs)})</h2>"
        "<table><thead><tr>"
        + "".join(head)
        + "</tr></thead><tbody>"
        + "".join(body)
        + "</tbody></table></section>"
    )


def _unpaired(report: Report) -> str:
    if not report.unpaired:
        if not words.anyone_active(report):
            return ""
        return "<section><h2>Unpaired</h2><p>Everyone active is paired.</p></section>"
    specific, waiting = words.unpaired_groups(report)
    items = "".join(
        f"<li><strong>{esc(u.name)}</strong> <span class='dim'>({esc(u.role)}, "
        f"{esc(u.email)})</span>: {esc(u.reason)}</li>"
        for u in specific
    )
    if waiting:
        items += f"<li>{esc(words.waiting_text(waiting))}</li>"
    return (
        f"<section><h2>Unpaired ({len(report.unpaired)})</h2>"
        f"<ul class='unpaired'>{items}</ul></section>"
    )


def _attribute_table(attribute: str, roles: dict[str, dict[str, int]]) -> str:
    values = list(dict.fromkeys(v for counts in roles.values() for v in counts))
    parts = [f"<h3>{esc(attribute)}</h3><table class='compact'><thead><tr><th></th>"]
    parts += [f"<th class='num'>{esc(v)}</th>" for v in values]
    parts.append("</tr></thead><tbody>")
    for role, counts in roles.items():
        parts.append(f"<tr><td>{esc(role)}s</td>")
        if not counts:
            parts.append(
                f"<td colspan='{max(len(values), 1)}' class='dim'>"
                f"{esc(words.HIDDEN_BREAKDOWN)}</td>"
            )
        else:
            # A value merged into "other" for this role is not zero: a dash.
            parts += [f"<td class='num'>{counts.get(v, '—')}</td>" for v in values]
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def _attributes(report: Report) -> str:
    attributes = report.summary.attributes
    retention = report.summary.retention.by_attribute
    if not attributes:
        return ""
    parts = [
        "<section><h2>Active participants by attribute</h2>"
        "<p class='legend'>Counts only; no one's attributes are listed, and no "
        f"group of fewer than {MIN_RATINGS} people is shown.</p>"
    ]
    parts += [_attribute_table(a, roles) for a, roles in attributes.items()]
    for attribute, groups in retention.items():
        parts.append(
            f"<h3>Mentor retention by {esc(attribute)}</h3>"
            f"<p>{esc(words.retention_groups_text(groups))}</p>"
        )
    parts.append("</section>")
    return "".join(parts)


def report_html(report: Report, *, generated_on: date | None = None) -> str:
    p = report.program
    title = f"{p.name} — report as of {report.as_of.isoformat()}"
    objectives = ""
    if p.objectives:
        objectives = (
            "<section class='objectives'><h3>Objectives</h3><ul>"
            + "".join(f"<li>{esc(o)}</li>" for o in p.objectives)
            + "</ul></section>"
        )
    note = f"<p class='note'>{esc(report.pairs_note)}</p>" if report.pairs_note else ""
    warnings = "".join(
        f"<p class='note' role='note'>Warning: {esc(w)}.</p>" for w in report.warnings
    )
    privacy = (
        "Confidential: this report includes session notes."
        if report.include_notes
        else "Session notes and personal attributes are not included."
    )
    generated = generated_on or date.today()
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="revmentor">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style></head><body><main>",
        '<header class="head"><p class="eyebrow">Reverse-mentoring program report</p>',
        f"<h1>{esc(p.name)}</h1>",
        f"<p class='meta'>{esc(words.dates_line(report))}</p>",
        f"<p class='meta'><strong>{esc(words.as_of_line(report))}</strong></p>",
        objectives,
        "</header>",
        warnings,
        _cards(report),
        note,
        _progress_chart(report),
        _outcomes(report),
        _statements(report),
        _topic_sessions(report),
        _pairs_table(report) if report.pairs else "",
        _unpaired(report),
        _attributes(report),
        f"<footer>Made with revmentor on {esc(generated.isoformat())}. "
        f"{esc(privacy)}</footer>",
        "</main></body></html>",
    ]
    return "\n".join(part for part in parts if part) + "\n"
