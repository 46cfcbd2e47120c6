"""The printed class record: one page per stage, pupils x criteria, with secured counts.

Text (within 132 columns) for a quick look or a plain printer, and self-contained HTML (A4
landscape) where each code keeps its symbol and the half-term's pen colour.
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from pathlib import Path

from amtui.db.repo.class_grid import GridData
from amtui.db.repo.school import school_name
from amtui.domain.codes import Code
from amtui.domain.half_term import HalfTermNumber
from amtui.outputs import write_private
from amtui.reports import html as h
from amtui.reports.printing import prints_folder

PEN_COLOURS = {1: "#1f4fd0", 2: "#008080", 3: "#a020a0", 4: "#d040d0", 5: "#8a6000", 6: "#b09000"}


def _title(data: GridData) -> str:
    return (f"Class record: {data.school_class.name}, {data.subject.name} stage {data.bank_stage}, "
            f"{data.half_term.label}")


def _symbol(data: GridData, pupil_id: int, criterion_id: int) -> str:
    state = data.record.cell(pupil_id, criterion_id)
    symbol = state.code.symbol.strip() if state.code is not Code.ABSENT else ""
    return symbol + ("a" if state.absent else "")


def _figures(data: GridData, pupil_id: int) -> tuple[str, str, str]:
    figures = data.record.figures(pupil_id)
    place = figures.placement
    sub = place.substage.label + (f" {place.position}" if place.position else "")
    status = figures.status.label if figures.status else "-"
    return str(figures.crosses), sub, status


TEXT_WIDTH = 132
"""A plain printer's line (landscape); the text record fits it."""


def _cell(data: GridData, pupil_id: int, criterion_id: int) -> str:
    """One character: the code's symbol, "a" absent with nothing marked, else a space."""
    return (_symbol(data, pupil_id, criterion_id) or " ")[0]


def class_record_text(data: GridData, school_name: str = "") -> str:
    """The record as plain text within 132 columns: a character a criterion, numbered down
    the header (tens over units); each criterion's ref, secured count and text below; and
    what the record leaves out said on it."""
    name_width = min(max([len(p.name) for p in data.pupils] + [len("Under half")]), 24)
    figures = {p.id: _figures(data, p.id) for p in data.pupils}
    sub_width = max([len(f[1]) for f in figures.values()] + [len("Sub-stage")])
    numbers = [f"{c.number:>2}" for c in data.criteria]
    lines = [f"{'':<{name_width}}  {''.join(n[0] for n in numbers)}",
             f"{'Pupil':<{name_width}}  {''.join(n[1] for n in numbers)}   X  {'Sub-stage':<{sub_width}}  Status"]
    for pupil in data.pupils:
        crosses, sub, status = figures[pupil.id]
        name = pupil.name if len(pupil.name) <= name_width else pupil.name[:name_width - 1] + "…"
        cells = "".join(_cell(data, pupil.id, c.id) for c in data.criteria)
        lines.append(f"{name:<{name_width}}  {cells}  {crosses:>2}  {sub:<{sub_width}}  {status}")
    gaps = "".join("!" if data.record.is_gap(c.id) else " " for c in data.criteria)
    lines.append(f"{'Under half':<{name_width}}  {gaps}".rstrip())
    key = [textwrap.fill(f"{c.number:>3}  {c.ref:<7} {data.record.secured(c.id):>2} secured"
                         f"{'!' if data.record.is_gap(c.id) else ' '} {c.text}",
                         TEXT_WIDTH, subsequent_indent=" " * 25) for c in data.criteria]
    return ("\n".join(h.letterhead_lines(_title(data), school_name)) + "\n" + _left_out(data) + "\n".join(lines) + "\n\n"
            ". partly  / mostly  X fully achieved  a absent (nothing marked)  "
            "! under half: fewer than half the class secured it\n\n"
            "Criteria\n" + "\n".join(key) + "\n")


def _left_out(data: GridData) -> str:
    """The pupils of the class this record does not show: those working in another stage's bank."""
    others = {stage: n for stage, n in sorted(data.stages_in_class.items()) if stage != data.bank_stage and n}
    if not others:
        return ""
    count = sum(others.values())
    where = ", ".join(f"{n} in stage {stage}" for stage, n in others.items())
    return (f"Not on this record: {count} pupil{'s' if count != 1 else ''} of {data.school_class.name} working in "
            f"another stage's bank ({where}); their stage's record shows them.\n")


def class_record_html(data: GridData, school_name: str = "") -> str:
    """The record as one self-contained A4 landscape page."""
    year = data.half_term.year
    head = "".join(f"<th>{c.number}</th>" for c in data.criteria)
    body = []
    for pupil in data.pupils:
        cells = []
        for criterion in data.criteria:
            state = data.record.cell(pupil.id, criterion.id)
            colour = "#777"
            if state.set_in is not None:
                set_year, number = HalfTermNumber.of_ordinal(state.set_in)
                colour = PEN_COLOURS[number] if set_year == year else "#777"
            weight = "bold" if state.current else "normal"
            cells.append(f'<td style="color:{colour};font-weight:{weight}">'
                         f"{html.escape(_symbol(data, pupil.id, criterion.id))}</td>")
        crosses, sub, status = (html.escape(v) for v in _figures(data, pupil.id))
        body.append(f"<tr><th class=name>{html.escape(pupil.name)}</th>{''.join(cells)}"
                    f"<td>{crosses}</td><td class=sub>{sub}</td><td class=sub>{status}</td></tr>")
    secured = "".join(
        f'<td class="{"gap" if data.record.is_gap(c.id) else ""}">{data.record.secured(c.id)}'
        f'{"!" if data.record.is_gap(c.id) else ""}</td>' for c in data.criteria)
    key = "".join(f"<li value={c.number}><b>{html.escape(c.ref)}</b> {html.escape(c.text)}</li>"
                  for c in data.criteria)
    pens = " ".join(f'<span style="color:{PEN_COLOURS[n]}">{n.label}</span>' for n in HalfTermNumber)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(_title(data))}</title>
<style>
@page {{ size: A4 landscape; margin: 10mm; }}
body {{ font-family: sans-serif; font-size: 8pt; }}
h1 {{ font-size: 12pt; margin: 0 0 4px; }}
table {{ border-collapse: collapse; }}
td, th {{ border: 1px solid #999; padding: 1px 3px; text-align: center; }}
th.name {{ text-align: left; white-space: nowrap; }}
td.sub {{ white-space: nowrap; }}
td.gap {{ background: #f3c0c0; font-weight: bold; }}
ol {{ columns: 2; font-size: 7pt; margin-top: 6px; }}
</style></head><body>
{h.letterhead(_title(data), school_name)}
<p>. partly &nbsp; / mostly &nbsp; X fully achieved &nbsp; a absent &nbsp; bold: set this half-term
&nbsp; pens: {pens} &nbsp; ! fewer than half the class secured it &nbsp; printed {dt.date.today():%d/%m/%Y}</p>
<table><thead><tr><th class=name>Pupil</th>{head}<th>X</th><th>Sub-stage</th><th>Status</th></tr></thead>
<tbody>{''.join(body)}<tr><th class=name>Secured</th>{secured}<td></td><td></td><td></td></tr></tbody></table>
<ol>{key}</ol>
</body></html>
"""


def class_record_writer(data: GridData):
    """The class record as a print (``reports.printing.Writer``)."""
    return lambda out, progress: (write_class_record(data, out), f"the class record of {data.school_class.name}")


def write_class_record(data: GridData, folder: Path | None = None) -> list[Path]:
    """Write the text and HTML records; returns their paths."""
    folder = folder or prints_folder()
    folder.mkdir(parents=True, exist_ok=True)
    stem = (f"class-record-{data.school_class.name}-{data.subject.name}-st{data.bank_stage}-"
            f"ht{data.half_term.number}").replace(" ", "_").replace("/", "-")
    text, page = folder / f"{stem}.txt", folder / f"{stem}.html"
    name = school_name()
    write_private(text, class_record_text(data, name))  # pupils' records: the writer's alone
    write_private(page, class_record_html(data, name))
    return [text, page]
