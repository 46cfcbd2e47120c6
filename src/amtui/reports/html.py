"""Small helpers for self-contained printable HTML: an A4 page, tables, R/Y/G cells, the
marking key, and a subject's steps chart as inline SVG (no scripts, no external files).

Every R/Y/G colour in print is paired with its letter, so a black-and-white copy reads.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path

from amtui.domain.half_term import HALF_TERMS_PER_YEAR, HalfTermNumber
from amtui.domain.ryg import MARKING_KEY, RYG
from amtui.outputs import write_private
from amtui.reports.steps import StepsSeries

PRINT_COLOURS = {"green": "#7bc67b", "yellow": "#f5d547", "red": "#ef7b7b"}
"""Light enough to print black text on, dark enough to tell apart."""

BASE_CSS = """
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 8.5pt; color: #000; margin: 0; }
h1 { font-size: 13pt; margin: 0 0 2px; }
h2 { font-size: 10pt; margin: 6px 0 2px; border-bottom: 1px solid #888; }
p { margin: 2px 0; }
table { border-collapse: collapse; margin: 2px 0; }
th, td { border: 1px solid #888; padding: 1px 4px; text-align: center; vertical-align: middle; white-space: nowrap; }
td.wrap { white-space: normal; }
th { background: #eee; }
td.left, th.left { text-align: left; }
.muted { color: #555; }
.key td { font-size: 7.5pt; text-align: left; }
.charts svg { margin-right: 6px; }
"""


def esc(value: object) -> str:
    """Any value as HTML text (names from a CSV may hold < or &)."""
    return html.escape(str(value), quote=True)


def page(title: str, body: str, *, landscape: bool = False, css: str = "") -> str:
    """A whole A4 document with its own styles."""
    size = "A4 landscape" if landscape else "A4"
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{esc(title)}</title>\n'
            f"<style>@page {{ size: {size}; margin: 10mm; }}\n{BASE_CSS}{css}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n")


def letterhead(title: str, school_name: str) -> str:
    """Every printed record's heading: its title, and the school's name beside it (left out
    for a school with no name yet, never "amtui" in its place)."""
    return (f'<div class="top" style="display:flex;justify-content:space-between;align-items:baseline">'
            f'<h1>{esc(title)}</h1><span class="muted">{esc(school_name)}</span></div>')


def letterhead_lines(title: str, school_name: str) -> list[str]:
    """The same heading in text: the title, then the school's name on the line below."""
    return [title, *([school_name] if school_name else [])]


def table(headers: Sequence[str], rows: Iterable[Sequence[str]], *, cls: str = "", raw: bool = False) -> str:
    """A table; cells are escaped unless ``raw`` (already HTML, e.g. from :func:`rated`)."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(c if raw else f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def td(text: object, *, left: bool = False) -> str:
    return f'<td class="left">{esc(text)}</td>' if left else f"<td>{esc(text)}</td>"


def rated(text: str, colour_name: str | None) -> str:
    """A cell on a green/yellow/red background (text carries the letter)."""
    if not colour_name:
        return td(text)
    return f'<td style="background:{PRINT_COLOURS[colour_name]}">{esc(text)}</td>'


def marking_key() -> str:
    """The grading key: Red / Yellow / Green with the seed's words, and the code."""
    rows = []
    for row in MARKING_KEY:
        colour = PRINT_COLOURS[row.rating.colour]
        rows.append(f'<tr><td style="background:{colour};text-align:center"><b>{row.rating.value}</b> '
                    f"{row.rating.label}</td><td>{esc(', '.join(row.grades))}</td>"
                    f"<td>{esc('; '.join(row.descriptors))}</td><td style='text-align:center'>"
                    f"{esc(row.rating.to_code().value)}</td></tr>")
    head = "<tr><th>Colour</th><th>Grades</th><th>What it means</th><th>Code</th></tr>"
    return f'<table class="key"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def marking_key_lines() -> list[str]:
    """The grading key as plain text lines."""
    return [f"{row.rating.value} {row.rating.label:<6} ({', '.join(row.grades)}; code "
            f"{row.rating.to_code().value}): {'; '.join(row.descriptors)}" for row in MARKING_KEY]


def ryg_colour(rating: RYG | None) -> str | None:
    return rating.colour if rating else None


# --- the steps chart ------------------------------------------------------------------------


def steps_svg(series: StepsSeries, width: int = 175, height: int = 110) -> str:
    """The subject's year: the dashed expected line from the baseline (◆) to the target (dotted),
    and a circle with the status letter at each half-term so far."""
    bounds = series.bounds()
    title = f'<text x="2" y="9" font-size="8" font-weight="bold">{esc(series.subject)}</text>'
    if bounds is None:
        return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{title}'
                f'<text x="2" y="30" font-size="7">no data yet</text></svg>')
    low, high = bounds[0] - 1, bounds[1] + 1
    left, top, bottom, right = 22, 14, height - 12, width - 6

    def x(slot: int) -> float:
        return left + (right - left) * slot / HALF_TERMS_PER_YEAR

    def y(step: int) -> float:
        return bottom - (bottom - top) * (step - low) / max(high - low, 1)

    parts = [title, f'<rect x="{left}" y="{top}" width="{right - left}" height="{bottom - top}" '
                    f'fill="none" stroke="#bbb" stroke-width="0.5"/>']
    for step in range(low, high + 1):
        parts.append(f'<text x="2" y="{y(step) + 2.5:.1f}" font-size="6">{esc(series.label(step))}</text>')
    for slot, name in enumerate(["B", *map(str, HalfTermNumber)]):
        parts.append(f'<text x="{x(slot) - 2:.1f}" y="{height - 3}" font-size="6">{name}</text>')
    if series.target is not None:
        ty = y(series.target.step)
        parts.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{right}" y2="{ty:.1f}" stroke="#333" '
                     f'stroke-dasharray="1,2" stroke-width="0.8"/>')
    line = [(0, series.baseline)] + list(enumerate(series.expected, 1))
    points = " ".join(f"{x(s):.1f},{y(sub.step):.1f}" for s, sub in line if sub is not None)
    if series.baseline is not None and series.target is not None:
        parts.append(f'<polyline points="{points}" fill="none" stroke="#666" stroke-dasharray="3,2" '
                     f'stroke-width="0.8"/>')
    if series.baseline is not None:
        bx, by = x(0), y(series.baseline.step)
        parts.append(f'<path d="M{bx:.1f},{by - 3:.1f} l3,3 l-3,3 l-3,-3 z" fill="#333"/>')
    for slot, (actual, status) in enumerate(zip(series.actual, series.statuses), 1):
        if actual is None:
            continue
        fill = PRINT_COLOURS[status.colour] if status else "#fff"
        letter = status.letter if status else ""
        cx, cy = x(slot), y(actual.step)
        parts.append(f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="4.2" fill="{fill}" stroke="#000" stroke-width="0.6"/>'
                     f'<text x="{cx - 2.3:.1f}" y="{cy + 2.3:.1f}" font-size="6.5" font-weight="bold">'
                     f"{letter}</text>")
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{"".join(parts)}</svg>'


def write(folder: Path, stem: str, text: str | None, page_html: str | None) -> list[Path]:
    """Write ``stem.txt`` and/or ``stem.html`` into ``folder``; returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in stem)
    written = []
    if text is not None:
        written.append(folder / f"{safe}.txt")
        write_private(written[-1], text)  # pupils' records: the writer's alone
    if page_html is not None:
        written.append(folder / f"{safe}.html")
        write_private(written[-1], page_html)
    return written
