"""The governors' report (A4 HTML, charts as inline SVG) and the groups export (CSV).

Both name no pupil: groups, their sizes and their figures only. Every figure carries its n
(the pupils it is out of), every gap the sizes of both sides, and a group under
``groups.TOO_SMALL`` pupils shows its size and no figures: it is too small to read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TextIO

from amtui.db.repo import analysis, school
from amtui.db.repo.analysis import Standings
from amtui.db.repo.school import HalfTermInfo, SubjectInfo
from amtui.domain.groups import GroupFigures, GroupRow, Split, signed, split, spread
from amtui.domain.targets import Status
from amtui.reports import html as h
from amtui.reports.csv_safe import write_csv

GROUPS_HEADER = ("group", "subject", "half_term", "pupils", "above", "on_target", "nearly", "not_achieving",
                 "on_or_above_pct", "mean_steps")
EXPORT_SPLITS = ("gender", "sen", "pp", "eal", "prior", "year", "class")
REPORT_SPLITS = ("pp", "gender", "sen", "eal", "prior", "year")
"""The governors' splits, the disadvantaged first: the first thing a governing body asks."""

_STATUSES = tuple(Status)
_SHADE = {Status.ABOVE: "#2e8b57", Status.ON_TARGET: "#e0b000", Status.NEARLY: "#ef7b7b",
          Status.NOT_ACHIEVING: "#c0392b"}


def _half_term(number: int | None, today: dt.date | None = None) -> HalfTermInfo:
    current = school.current_half_term(today)
    return current if number is None else school.half_term(current.year, number)


def _subjects(name: str | None) -> list[SubjectInfo]:
    if name is None:
        return school.subjects()
    found = school.subject_by_name(name)
    if found is None:
        names = ", ".join(s.name for s in school.subjects()) or "none yet"
        raise ValueError(f"There is no subject '{name}' (subjects: {names}).")
    return [found]


def _csv_row(row: GroupFigures, subject: str, half_term: str) -> tuple:
    pct = "" if row.on_or_above_pct is None else row.on_or_above_pct
    steps = "" if row.mean_steps is None else row.mean_steps
    return (row.name, subject, half_term, row.pupils, *row.shares.counts, pct, steps)


def export_groups(out: TextIO, subject: str | None = None, half_term: int | None = None,
                  by: str | None = None, today: dt.date | None = None, user=None) -> int:
    """One row per group (every split, or only ``by``) and subject, then "All pupils";
    ``half_term`` 1-6 of the year ``today`` is in (default: now). Only what ``user`` (a
    ``staff.CurrentUser``) may analyse, as on the leaders' screen; None: everything."""
    if by is not None and by not in EXPORT_SPLITS:
        raise ValueError(f"There is no split by '{by}'; use {', '.join(EXPORT_SPLITS)}.")
    at, subjects = _half_term(half_term, today), _subjects(subject)
    rows = []
    found, _ = analysis.within_remit(user, analysis.by_subject(at, subjects[0] if subject else None, today=today))
    for standing in found:
        label = standing.label
        for key in (by,) if by else EXPORT_SPLITS:
            rows += [_csv_row(r.group, standing.subject.name, label) for r in split(key, standing.facts).rows]
        rows.append(_csv_row(split("year", standing.facts).everyone, standing.subject.name, label))
    return write_csv(out, GROUPS_HEADER, rows)


# --- the governors' report ------------------------------------------------------------------


def _n(value: int | float | None, n: int, unit: str = "") -> str:
    return f"- (n={n})" if value is None else f"{value:g}{unit} (n={n})"


def _cells(row: GroupRow) -> list[str]:
    g = row.group
    if g.too_small:
        return [h.td(g.name, left=True), h.td(g.pupils), '<td colspan="7" class="muted">too small to read '
                "(under 5 pupils)</td>"]
    shares = [h.td(f"{g.shares.count(s)}") for s in _STATUSES]
    gap = (f"{signed(row.gap_pct, ' pts')} (n={g.pupils} vs {row.others.pupils})" if row.readable
           else f"- (others: {row.others.pupils})")
    return [h.td(g.name, left=True), h.td(g.pupils), *shares,
            h.td(_n(g.on_or_above_pct, g.shares.total, "%")), h.td(_n(g.mean_steps, g.pupils)), h.td(gap)]


def _split_table(found: Split) -> str:
    headers = ["Group", "Pupils", "A", "O", "N", "B", "On or above", "Mean steps", "Gap to others"]
    every = found.everyone
    total = [h.td("All pupils", left=True), h.td(every.pupils), *(h.td(every.shares.count(s)) for s in _STATUSES),
             h.td(_n(every.on_or_above_pct, every.shares.total, "%")), h.td(_n(every.mean_steps, every.pupils)),
             h.td("")]
    return f"<h3>{h.esc(found.title)}</h3>" + h.table(headers, [*(_cells(r) for r in found.rows), total], raw=True)


def bars_svg(found: Split, width: int = 330) -> str:
    """A bar per group (too small ones left out): Above, On, Nearly, Not stacked to 100%,
    each with its letter, and the group's n beside it."""
    rows = [r.group for r in found.rows if not r.group.too_small and r.group.shares.total]
    label_w, bar_h, gap = 120, 14, 4
    height = max(1, len(rows)) * (bar_h + gap) + 4
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-size="8" font-family="DejaVu Sans, Arial">']
    span = width - label_w - 40
    for i, g in enumerate(rows):
        y, x = 2 + i * (bar_h + gap), float(label_w)
        parts.append(f'<text x="0" y="{y + 10}">{h.esc(g.name[:24])}</text>')
        for status in _STATUSES:
            part = span * g.shares.count(status) / g.shares.total
            if part > 0:
                parts.append(f'<rect x="{x:.1f}" y="{y}" width="{part:.1f}" height="{bar_h}" fill="{_SHADE[status]}"/>')
                if part > 9:
                    parts.append(f'<text x="{x + 2:.1f}" y="{y + 10}" fill="#fff">{status.letter}</text>')
            x += part
        parts.append(f'<text x="{label_w + span + 3}" y="{y + 10}">n={g.shares.total}</text>')
    return "".join(parts) + "</svg>"


def trend_svg(points: list[tuple[str, Split]], width: int = 330, height: int = 120) -> str:
    """On or above target (%) at each point for each group of the split (lines, each
    labelled at its end with the group's name and n); too small groups left out."""
    names = [r.group.name for r in points[-1][1].rows if not r.group.too_small] if points else []
    left, right, top, foot = 26, 110, 8, 18
    span_x, span_y = width - left - right, height - top - foot

    def x(i: int) -> float:
        return left + (span_x * i / (len(points) - 1) if len(points) > 1 else span_x / 2)

    def y(pct: int) -> float:
        return top + span_y * (100 - pct) / 100

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-size="7" font-family="DejaVu Sans, Arial">']
    for pct in (0, 50, 100):
        parts.append(f'<line x1="{left}" x2="{left + span_x}" y1="{y(pct)}" y2="{y(pct)}" stroke="#ccc"/>'
                     f'<text x="0" y="{y(pct) + 3}">{pct}%</text>')
    for i, (label, _) in enumerate(points):
        parts.append(f'<text x="{x(i) - 12:.1f}" y="{height - 4}">{h.esc(label[-3:])}</text>')
    dashes = ("", "4 2", "1 2", "6 2 1 2")
    for k, name in enumerate(names):
        found = [(i, next((r.group for r in s.rows if r.group.name == name), None)) for i, (_, s) in enumerate(points)]
        coords = [(x(i), y(g.on_or_above_pct)) for i, g in found if g is not None and g.on_or_above_pct is not None
                  and not g.too_small]
        if not coords:
            continue
        path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
        dash = f' stroke-dasharray="{dashes[k % len(dashes)]}"' if dashes[k % len(dashes)] else ""
        parts.append(f'<polyline points="{path}" fill="none" stroke="#000" stroke-width="1.2"{dash}/>')
        last = found[-1][1]
        n = f" n={last.pupils}" if last is not None else ""
        parts.append(f'<text x="{coords[-1][0] + 4:.1f}" y="{coords[-1][1] + 3 + 8 * (k % 2):.1f}">'
                     f"{h.esc(name[:18])}{n}</text>")
    return "".join(parts) + "</svg>"


def spread_svg(standing: Standings, width: int = 330, height: int = 90) -> str:
    """How many pupils stand at each sub-stage now: a column each, its count above it."""
    found = spread(standing.facts)
    if not found:
        return '<p class="muted">No pupil is placed yet.</p>'
    most = max(n for _, n in found)
    slot = (width - 10) / len(found)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'font-size="7" font-family="DejaVu Sans, Arial">']
    for i, (sub, n) in enumerate(found):
        bar = (height - 26) * n / most
        x0 = 5 + i * slot
        parts.append(f'<rect x="{x0 + 1:.1f}" y="{height - 14 - bar:.1f}" width="{max(slot - 2, 1):.1f}" '
                     f'height="{bar:.1f}" fill="#777"/><text x="{x0 + 1:.1f}" y="{height - 16 - bar:.1f}">{n}</text>'
                     f'<text x="{x0 + 1:.1f}" y="{height - 4}">{h.esc(sub.short)}</text>')
    return "".join(parts) + "</svg>"


def _subject_section(now: Standings, history: list[Standings]) -> str:
    splits = {by: split(by, now.facts) for by in REPORT_SPLITS}
    everyone = splits["pp"].everyone
    missing = len(splits["pp"].missing)
    head = (f"<h2>{h.esc(now.subject.name)}</h2><p>{everyone.pupils} pupils with a baseline; on target or above: "
            f"{_n(everyone.on_or_above_pct, everyone.shares.total, '%')}; mean steps since the baseline: "
            f"{_n(everyone.mean_steps, everyone.pupils)}."
            + (f" {missing} pupil{'s have' if missing != 1 else ' has'} no baseline and "
               f"{'are' if missing != 1 else 'is'} counted in no figure." if missing else "") + "</p>")
    pp_trend = [(s.label, split("pp", s.facts)) for s in history]
    charts = (f'<div class="charts"><div>On target or above, disadvantaged and others{trend_svg(pp_trend)}</div>'
              f"<div>Pupil premium: A O N B{bars_svg(splits['pp'])}</div>"
              f"<div>Spread across sub-stages now (n={sum(n for _, n in spread(now.facts))}){spread_svg(now)}</div></div>")
    tables = "".join(_split_table(splits[by]) for by in REPORT_SPLITS)
    return f'<section class="subject">{head}{charts}{tables}</section>'


KEY = ("A Above, O On target, N Nearly there, B Not achieving (the progress status against the expected "
       "position). Every percentage is out of the n beside it (pupils with a status); mean steps are out of "
       "the pupils with a baseline. A gap is the group minus the other pupils, with both groups' sizes. "
       "Groups of fewer than 5 pupils are too small to read and show their size only. No pupil is named.")

CSS = """
h3 { font-size: 9pt; margin: 4px 0 1px; }
.charts { display: flex; flex-wrap: wrap; gap: 4px; font-size: 7.5pt; }
section.subject { page-break-before: always; }
section.subject:first-of-type { page-break-before: auto; }
table { width: 100%; }
"""


def governors_html(half_term: HalfTermInfo, sections: list[tuple[Standings, list[Standings]]],
                   school_name: str) -> str:
    what = f"progress by group, {half_term.label} {analysis.year_half_term(half_term)[:7]}"
    title = f"{school_name}: {what}" if school_name else what[:1].upper() + what[1:]
    body = "".join(_subject_section(now, history) for now, history in sections)
    page = (f"<h1>{h.esc(title)}</h1><p class='muted'>{h.esc(KEY)}</p>{body or '<p>No subject has pupils yet.</p>'}"
            f"<p class='muted'>Printed {dt.date.today():%d %b %Y}</p>")
    return h.page(title, page, css=CSS)


def governors_sections(half_term: HalfTermInfo, today: dt.date | None = None,
                       progress: Callable[[str, float], None] | None = None,
                       user=None) -> list[tuple[Standings, list[Standings]]]:
    """Each subject now, with the same pupils at every earlier point (one fetch per point);
    only what ``user`` may analyse (as ``export_groups``)."""
    points = analysis.earlier_half_terms(half_term)
    by_point: list[list[Standings]] = []
    for i, ht in enumerate(points):
        if progress:
            progress(f"counting {analysis.year_half_term(ht)}", 0.8 * i / len(points))
        # The pupils on roll now, at each point: the school's cohort followed back.
        by_point.append(analysis.by_subject(ht, None, None, today))
    now, before = analysis.within_remit(user, by_point[-1], by_point[:-1])
    return [(s, [*(p[i] for p in before), s]) for i, s in enumerate(now)]


def write_governors(out, number: int | None = None, today: dt.date | None = None,
                    progress: Callable[[str, float], None] | None = None, user=None) -> tuple[list, str]:
    """Write the report's HTML into ``out`` (only what ``user`` may analyse; None:
    everything); returns the paths and what it is."""
    at = _half_term(number, today)
    sections = governors_sections(at, today, progress, user)
    page = governors_html(at, sections, school.school_name())
    stem = f"governors-{analysis.year_half_term(at).replace(' ', '-')}"
    return h.write(out, stem, None, page), f"the governors' report for {at.label}"
