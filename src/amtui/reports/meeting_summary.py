"""A meeting's summary for the pupil's file: plain text (tabulate) and one self-contained
HTML page (inline styles, no external files), both from the same agenda.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from tabulate import tabulate

from amtui.db.repo.meeting_agenda import Agenda
from amtui.db.repo.school import school_name
from amtui.domain import agenda as rules
from amtui.domain.attitude import ASPECTS
from amtui.outputs import write_private
from amtui.reports.html import letterhead, letterhead_lines, page
from amtui.reports.printing import prints_folder

COLOURS = {"green": "#c8f0c8", "yellow": "#fff2a8", "red": "#f6c0c0"}
RYG_COLOURS = {"G": "green", "Y": "yellow", "R": "red"}
FOLLOW_UP_LABELS = dict(rules.FOLLOW_UPS)
ASPECT_LABELS = {key: label for key, label, _ in rules.PERSONAL_ASPECTS}


@dataclass(frozen=True)
class Section:
    """One part of the summary: a title, then a table (headers, rows) or lines of text."""

    title: str
    headers: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()
    lines: tuple[str, ...] = ()
    colours: tuple[tuple[str, ...], ...] = ()  # per cell: "green"/"yellow"/"red"/""


def _when(a: Agenda) -> str:
    m = a.meeting
    if m.started_at is None:
        return "not started"
    end = f"-{m.ended_at:%H:%M}" if m.ended_at else " (in progress)"
    length = rules.minutes(m.started_at, m.ended_at)
    return f"{m.started_at:%a %d %b %Y %H:%M}{end}" + (f" ({length} min)" if length is not None else "")


def sections(a: Agenda) -> list[Section]:
    """The summary's content, shared by the text and HTML forms."""
    m, done_total = a.meeting, rules.prepared(a.checks)
    missing = [f"{c.item.label}: {c.missing}" for c in a.checks if not c.done]
    found = [Section("Meeting", lines=(
        f"Pupil: {a.pupil.name} ({a.pupil.class_name or 'no class'}, UPN {a.pupil.upn})",
        f"Mentor: {m.mentor} · {a.half_term.label}" + (" · extra meeting" if m.extra else ""),
        f"When: {_when(a)}",
        f"Preparation: {done_total[0]} of {done_total[1]} done",
        *(f"  not done: {line}" for line in missing)))]
    progress = [(p.subject, p.substage.label if p.substage else "-", p.target.label if p.target else "-",
                 p.expected.label if p.expected else "-", p.status.label if p.status else "-")
                for p in a.positions]
    found.append(Section("Progress towards long-term targets", ("Subject", "Now", "Target", "Expected",
                                                                 "Status"), tuple(progress),
                         colours=tuple(("", "", "", "", p.status.colour if p.status else "")
                                       for p in a.positions)))
    if a.targets:
        found.append(Section("Targets reviewed", ("Target", "Evidence", "Pupil's view", "Outcome"), tuple(
            (f"{t.ref} {t.text}",
             (t.code.symbol.strip() or "-") + (f" ({t.code_set_in})" if t.code_set_in else ""),
             " ".join(filter(None, (t.rating, t.comment))) or "-", t.status) for t in a.targets),
            colours=tuple(("", "", RYG_COLOURS.get(t.rating, ""), "") for t in a.targets)))
    attitude = [f"{aspect.title()}: {a.attitude[aspect][0] or '-'}"
                + (f" ({a.attitude[aspect][1]:g}%)" if a.attitude[aspect][1] is not None else "")
                for aspect in ASPECTS if aspect in a.attitude]
    weekly = (f"Weekly tests ({a.weekly.level}), last three: "
              + ", ".join("absent" if s is None else str(s) for s in a.weekly.last3)) if a.weekly else ""
    found.append(Section(f"Attitude {a.half_term.dates.short}", lines=tuple(filter(None, (
        "; ".join(attitude) or "not recorded", weekly)))))
    found.append(Section("Barriers to learning", lines=(m.barriers or "-",)))
    chosen = [c for c in a.candidates if c.chosen]
    new = [(c.subject, c.ref, c.text) for c in chosen]
    new += [("Personal", ASPECT_LABELS.get(p.aspect, p.aspect), p.text) for p in a.personal]
    found.append(Section("New targets", ("Subject", "Ref", "Target"), tuple(new)) if new
                 else Section("New targets", lines=("none agreed",)))
    agreed = [x for x in a.assignments if x.meeting_id == m.id]
    ended = [x for x in a.assignments if x.meeting_id != m.id and x.end_substage]
    rows = tuple((x.intervention, x.staff or "-", f"{x.until:%d %b %Y}" if x.until else "-",
                  " ".join(ref for _, ref in x.aims) or "-") for x in agreed)
    found.append(Section("Interventions agreed", ("Intervention", "Who", "Until", "Aims"), rows) if rows
                 else Section("Interventions agreed", lines=("none",)))
    if ended:
        found.append(Section("Interventions reviewed", lines=tuple(
            f"{x.intervention}: ended at {x.end_substage}. {x.review}".strip() for x in ended)))
    follow = [f"{FOLLOW_UP_LABELS[k]}: {a.follow_ups[k]}" for k in rules.FOLLOW_UP_KINDS if k in a.follow_ups]
    found.append(Section("Follow-ups", lines=tuple(follow) or ("none",)))
    found.append(Section("Summary", lines=(m.summary or "-",)))
    found.append(Section("Outcome", lines=(m.outcome or "-",)))
    found.append(Section("Next meeting", lines=(f"{m.next_meeting_on:%A %d %B %Y}" if m.next_meeting_on
                                                else "not set",)))
    return found


def render_text(a: Agenda, school_name: str = "") -> str:
    """The summary as plain text, for a printer or an email."""
    out = [*letterhead_lines(f"MENTORING MEETING SUMMARY: {a.pupil.name}", school_name), ""]
    for section in sections(a):
        out.append(section.title.upper())
        if section.headers:
            out.append(tabulate(section.rows, headers=section.headers, tablefmt="simple",
                                disable_numparse=True))
        out.extend(section.lines)
        out.append("")
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body { font-size: 9.5pt; }
td, th { text-align: left; vertical-align: top; white-space: normal; padding: 1px 5px; }
h2 { margin-top: 8px; }
"""


def render_html(a: Agenda, school_name: str = "") -> str:
    """The summary as one self-contained A4 document (everything from the database escaped)."""
    esc = html.escape
    body = [letterhead(f"Mentoring meeting: {a.pupil.name}", school_name)]
    for section in sections(a):
        body.append(f"<h2>{esc(section.title)}</h2>")
        if section.headers:
            head = "".join(f"<th>{esc(h)}</th>" for h in section.headers)
            rows = []
            for index, row in enumerate(section.rows):
                tints = section.colours[index] if index < len(section.colours) else ()
                cells = "".join(
                    f'<td style="background:{COLOURS[tints[i]]}">{esc(cell)}</td>'
                    if i < len(tints) and tints[i] in COLOURS else f"<td>{esc(cell)}</td>"
                    for i, cell in enumerate(row))
                rows.append(f"<tr>{cells}</tr>")
            body.append(f"<table><tr>{head}</tr>{''.join(rows)}</table>")
        body.extend(f"<p>{esc(line)}</p>" for line in section.lines)
    return page(f"Mentoring meeting: {a.pupil.name}", "\n".join(body), css=_CSS)


def write_summary(a: Agenda, folder: Path | None = None) -> tuple[Path, Path]:
    """Write the text and HTML summaries; returns their paths. OSError when it cannot."""
    folder = folder or prints_folder()
    folder.mkdir(parents=True, exist_ok=True)
    day = a.meeting.started_at or a.today
    stem = folder / f"meeting-{a.pupil.upn}-{day:%Y-%m-%d}-{a.meeting.id}"
    text, document = stem.with_suffix(".txt"), stem.with_suffix(".html")
    name = school_name()
    write_private(text, render_text(a, name))  # pupils' records: the writer's alone
    write_private(document, render_html(a, name))
    return text, document


def summary_writer(a: Agenda):
    """The meeting's summary as a print (``reports.printing.Writer``)."""
    return lambda out, progress: (list(write_summary(a, out)), f"the meeting summary for {a.pupil.name}")
