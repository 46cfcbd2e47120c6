"""The pupil tracking sheet, re-printed every half-term: per subject, the stage's criteria x
six half-term columns, codes as recorded, the crosses totalled under each column and the
sub-stage they give. One page per subject; each code in the pen colour of the half-term
it was set in (bold where it was set, grey where it carries forward), as on paper.
"""

from __future__ import annotations

import datetime as dt

from tabulate import tabulate

from amtui.db.repo.attainment import TrackingSheet
from amtui.domain.codes import Code
from amtui.domain.half_term import HalfTermNumber
from amtui.reports import html as h
from amtui.reports.class_record import PEN_COLOURS



def title(sheet: TrackingSheet, pupil_name: str) -> str:
    return (f"Tracking sheet: {pupil_name}, {sheet.subject} stage {sheet.stage} "
            f"({sheet.year}-{(sheet.year + 1) % 100:02d}, to HT{sheet.shown_to})")


def bands(sheet: TrackingSheet) -> str:
    """How crosses become a sub-stage for this bank: "0 Ready · 1-8 Emerging · ..."."""
    c1, c2, c3 = sheet.cutoffs
    size, n = len(sheet.rows), sheet.stage
    return (f"Crosses: 0 St {n} Ready · 1-{c1} Emerging · {c1 + 1}-{c2} Developing · "
            f"{c2 + 1}-{c3} Securing · {c3 + 1}-{size} St {n + 1} Ready")


def symbol(sheet: TrackingSheet, row: int, number: int) -> str:
    cell = sheet.rows[row].cells[number - 1]
    if cell is None:
        return ""
    text = cell.code.symbol.strip() if cell.code is not Code.ABSENT else ""
    return text or ("a" if cell.absent else "")


def _foot(sheet: TrackingSheet) -> tuple[list[str], list[str]]:
    crosses = ["" if c.crosses is None else str(c.crosses) for c in sheet.columns]
    return crosses, [c.short for c in sheet.columns]


def tracking_sheet_text(sheet: TrackingSheet, pupil_name: str, school_name: str = "") -> str:
    rows = [[r.number, r.ref, r.text, *(symbol(sheet, i, n) for n in HalfTermNumber)]
            for i, r in enumerate(sheet.rows)]
    crosses, subs = _foot(sheet)
    rows += [["", "", "Crosses (X) in each column", *crosses], ["", "", "Sub-stage", *subs]]
    table = tabulate(rows, headers=["No", "Ref", "Criterion", *(n.label for n in HalfTermNumber)],
                     tablefmt="simple", disable_numparse=True, maxcolwidths=[None, None, 52, 3, 3, 3, 3, 3, 3])
    return ("\n".join(h.letterhead_lines(title(sheet, pupil_name), school_name)) + f"\n{table}\n\n. partly  / mostly  X fully achieved  a absent\n"
            f"{bands(sheet)}\nPrinted {dt.date.today():%d %b %Y}\n")


def _sheet_html(sheet: TrackingSheet, pupil_name: str, school_name: str) -> str:
    body = []
    for i, r in enumerate(sheet.rows):
        cells = []
        for n in HalfTermNumber:
            cell = r.cells[n - 1]
            style = ""
            if cell is not None and cell.set_in is not None:
                number = sheet.set_in_number(cell)
                colour = PEN_COLOURS.get(number, "#888") if number else "#888"
                style = f' style="color:{colour};font-weight:{"bold" if cell.current else "normal"}"'
            cells.append(f"<td{style}>{h.esc(symbol(sheet, i, n))}</td>")
        body.append(f"<tr><td>{r.number}</td><td>{h.esc(r.ref)}</td><td class='left wrap'>{h.esc(r.text)}</td>"
                    f"{''.join(cells)}</tr>")
    crosses, subs = _foot(sheet)
    body.append("<tr><th colspan=3 class=left>Crosses (X) in each column</th>"
                + "".join(f"<th>{c}</th>" for c in crosses) + "</tr>")
    body.append("<tr><th colspan=3 class=left>Sub-stage</th>" + "".join(f"<th>{h.esc(s)}</th>" for s in subs) + "</tr>")
    head = "".join(f'<th style="color:{PEN_COLOURS[n]}">{n.label}</th>' for n in HalfTermNumber)
    return (f'<section class="sheet">{h.letterhead(title(sheet, pupil_name), school_name)}'
            f"<table><thead><tr><th>No</th><th>Ref</th><th class=left>Criterion</th>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>"
            f"<p>. partly &nbsp; / mostly &nbsp; X fully achieved &nbsp; a absent · bold: set that half-term, "
            f"each half-term in its own pen colour, grey: an earlier year</p><p>{h.esc(bands(sheet))}</p>"
            f'<p class="muted">Printed {dt.date.today():%d %b %Y}</p></section>')


SHEET_CSS = """
.sheet { page-break-after: always; }
.sheet:last-child { page-break-after: auto; }
.sheet td { padding: 0 4px; }
.sheet td:nth-child(n+4) { width: 9mm; font-size: 10pt; }
"""


def tracking_sheets_html(sheets: list[TrackingSheet], pupil_name: str, school_name: str = "") -> str:
    """Every sheet of the pupil, one A4 page each."""
    body = "".join(_sheet_html(s, pupil_name, school_name) for s in sheets) or "<p>No tracking sheets yet.</p>"
    return h.page(f"Tracking sheets: {pupil_name}", body, css=SHEET_CSS)


def tracking_sheets_text(sheets: list[TrackingSheet], pupil_name: str, school_name: str = "") -> str:
    return "\f\n".join(tracking_sheet_text(s, pupil_name, school_name) for s in sheets) or "No tracking sheets yet.\n"


def write_tracking_sheets(pupil_id: int, pupil_name: str, out=None, *, number: int | None = None,
                          subject_id: int | None = None, today: dt.date | None = None) -> list:
    """Write the pupil's sheets (text and HTML) for half-term ``number`` (default: now)."""
    from amtui.db.repo import attainment, school
    from amtui.reports.printing import prints_folder
    from amtui.reports.profile import profile_day

    half_term = school.current_half_term(profile_day(number, today))
    sheets = attainment.tracking_sheets(pupil_id, half_term)
    if subject_id is not None:
        sheets = [s for s in sheets if s.subject_id == subject_id]
    stem = f"tracking-sheet-{pupil_name.replace(' ', '-')}-ht{half_term.number}"
    name = school.school_name()
    return h.write(out or prints_folder(), stem, tracking_sheets_text(sheets, pupil_name, name),
                   tracking_sheets_html(sheets, pupil_name, name))
