"""The half-term pupil profile, for the pupil and their parents: one A4 page each, a
class's profiles in one document (a page per pupil).

Attainment against targets (each half-term green above, yellow on, red below the
expected line, with the letter too), every sub-stage code spelled out for parents
("3El", Stage 3, Emerging (low)), the attitude table (last year and this year's
half-terms), the open targets of the stage the pupil works in now, the last three weekly
tests and the grading key. Text via tabulate, and self-contained HTML with the charts as
inline SVG.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tabulate import tabulate

from amtui.db.repo import school
from amtui.db.repo.attitude import AttitudeCell
from amtui.db.repo.pupil_file import PupilFile, load_pupil_file
from amtui.domain.attitude import ASPECTS
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.scale import SubStage
from amtui.domain.targets import Status
from amtui.domain.year_group import year_label
from amtui.reports import html as h
from amtui.reports.steps import series_of

LETTERS = "A above · O on target · N nearly there · B below"
TERMS = (("Autumn", 1), ("Spring", 3), ("Summer", 5))
MAX_TARGETS = 12
MAX_TEXT = 110


def _short(sub) -> str:
    return sub.short if sub else "-"


def spelled(sub: SubStage | None, position: str | None = None) -> str:
    """A sub-stage in words for parents: "Stage 3, Emerging (low)", "Stage 4, Ready", "N1 (before Stage 0)"."""
    if sub is None:
        return "-"
    if sub.stage is None:
        return f"{sub.label} (before Stage 0)"
    return f"Stage {sub.stage}, {sub.band}" + (f" ({position})" if position else "")


def codes(file: PupilFile) -> dict[str, str]:
    """Every sub-stage code the profile shows, lowest first, with its words ("3El": "Stage 3, Emerging (low)")."""
    found: dict[str, tuple[int, str]] = {}
    for s in file.subjects:
        for sub in (s.baseline, s.target, s.now.expected if s.now else None):
            if sub is not None:
                found[sub.short] = (sub.step, spelled(sub))
        for st in s.standings:
            if st.placement is not None:
                found[st.short] = (st.substage.step, spelled(st.substage, st.position))
    return {code: words for code, (_, words) in sorted(found.items(), key=lambda item: (item[1][0], item[0]))}


def _wrapped(line: str, width: int = 100) -> list[str]:
    """A codes line in lines of ``width``, broken only between codes."""
    out: list[str] = []
    for entry in line.split(" · ") if line else ():
        if out and len(out[-1]) + 3 + len(entry) <= width:
            out[-1] += " · " + entry
        else:
            out.append(("  " if out else "") + entry)
    return out


def codes_line(file: PupilFile) -> str:
    """"Codes: 1R Stage 1, Ready · 2Dm Stage 2, Developing (mid) ..." ('' when there are none)."""
    found = codes(file)
    return "Codes: " + " · ".join(f"{code} {words}" for code, words in found.items()) if found else ""


def _status(status: Status | None) -> str:
    return f"{status.letter} {status.label}" if status else "-"


def _attitude(cell: AttitudeCell) -> str:
    if cell.percent is not None:
        return f"{cell.percent:g}% {cell.rating.value if cell.rating else ''}".strip()
    return cell.rating.value if cell.rating else ""


def title(file: PupilFile) -> str:
    ht = file.half_term
    return f"Pupil profile: {file.summary.pupil.name}, {ht.dates.name} {ht.year}-{(ht.year + 1) % 100:02d}"


def _facts(file: PupilFile) -> str:
    p, s = file.summary.pupil, file.summary
    year = year_label(p.year_group)
    return (f"{p.class_name or 'no class'} · {year} · mentor {s.mentor or 'none'} · "
            f"next meeting {s.meeting.marker}")


def _current_targets(file: PupilFile) -> list[tuple[str, str, str]]:
    """(kind, subject/aspect, target) for long-term and open targets; a target on a criterion
    is shown only while it is of the stage the pupil works in now (an earlier stage's is done
    with); at most MAX_TARGETS open ones, so the profile stays on one page (the rest are on
    the pupil's file)."""
    rows = [("Long-term", t.subject, f"{t.current.short} {spelled(t.current)}") for t in file.long_term if t.current]
    kinds = {"medium": "Medium-term", "short": "Short-term", "personal": "Attitude/personal"}
    this_stage = {row.criterion_id for sheet in file.sheets for row in sheet.rows}
    open_ = [t for t in file.targets if t.is_open and (t.criterion_id is None or t.criterion_id in this_stage)]
    rows += [(kinds[t.kind], t.subject or t.aspect.replace("_", " "), t.what[:MAX_TEXT]) for t in open_[:MAX_TARGETS]]
    if len(open_) > MAX_TARGETS:
        rows.append(("", "", f"... and {len(open_) - MAX_TARGETS} more on the pupil's file"))
    return rows


# --- text ------------------------------------------------------------------------------------


def profile_text(file: PupilFile, school_name: str = "", printed: dt.date | None = None) -> str:
    """The profile as plain text, one section after another."""
    printed = printed or dt.date.today()
    attainment = [[s.subject, _short(s.baseline),
                   *(next((f"{st.short} {st.status.letter if st.status else ''}".strip()
                           for st in s.standings if st.number == n), "") for n in HalfTermNumber),
                   _short(s.target), _short(s.now.expected if s.now else None), _status(s.now.status if s.now else None)]
                  for s in file.subjects]
    attitude = [[aspect.capitalize(), _attitude(file.attitude.last_year.get(aspect, AttitudeCell())),
                 *(_attitude(file.attitude.at(n, aspect)) for n in HalfTermNumber)] for aspect in ASPECTS]
    weekly = [[f"{s.sat_on:%d %b %Y}", s.level, s.test, f"{s.score_text} {s.colour.value if s.colour else ''}".strip()]
              for s in (file.weekly.last3 if file.weekly else ())]
    parts = [*h.letterhead_lines(title(file), school_name), _facts(file), "",
             "ATTAINMENT AGAINST TARGETS",
             tabulate(attainment, headers=["Subject", "Base", *(n.label for n in HalfTermNumber), "Target", "Exp",
                                           "Status"], tablefmt="simple", disable_numparse=True)
             if attainment else "No subjects tracked yet.",
             LETTERS, *_wrapped(codes_line(file)), "",
             "ATTITUDE (G good, Y acceptable, R unacceptable)",
             tabulate(attitude, headers=["", "Last year", *(n.label for n in HalfTermNumber)], tablefmt="simple",
                      disable_numparse=True), "",
             "CURRENT TARGETS",
             tabulate(_current_targets(file), headers=["Kind", "For", "Target"], tablefmt="simple")
             if _current_targets(file) else "None open.", "",
             "LAST THREE WEEKLY TESTS (out of 25; G 21+, Y 15-20, R below 15)",
             tabulate(weekly, headers=["Date", "Level", "Test", "Score"], tablefmt="simple", disable_numparse=True)
             if weekly else "No weekly tests yet.", "",
             "GRADING KEY", *h.marking_key_lines(), ". partly  / mostly  X fully achieved",
             "", f"Printed {printed:%d %b %Y}"]
    return "\n".join(part for part in parts if part is not None) + "\n"


# --- HTML ------------------------------------------------------------------------------------

PROFILE_CSS = """
.pupil { break-after: page; }
.pupil:last-child { break-after: auto; }
.cols { display: flex; gap: 10px; }
.cols > div { flex: 1; }
.targets { width: 100%; }
.targets td { text-align: left; white-space: normal; }
.targets td:nth-child(-n+2) { white-space: nowrap; }
td.words { white-space: normal; font-size: 7pt; max-width: 26mm; }
"""


def _worded(sub: SubStage | None) -> str:
    """A cell with the code and, beneath it, its words."""
    if sub is None:
        return h.td("-")
    return f'<td class="words"><b>{h.esc(sub.short)}</b><br>{h.esc(spelled(sub))}</td>'


def _attainment_html(file: PupilFile) -> str:
    rows = []
    for s in file.subjects:
        by_number = {st.number: st for st in s.standings}
        cells = [h.td(s.subject, left=True), _worded(s.baseline)]
        for n in HalfTermNumber:
            st = by_number.get(n)
            if st is None:
                cells.append(h.td(""))
            else:
                text = f"{st.short} {st.status.letter}" if st.status else st.short
                cells.append(h.rated(text, st.status.colour if st.status else None))
        now = s.now
        cells += [_worded(s.target), _worded(now.expected if now else None),
                  h.rated(_status(now.status if now else None), now.status.colour if now and now.status else None)]
        rows.append(cells)
    if not rows:
        return "<p>No subjects tracked yet.</p>"
    headers = ["Subject", "Baseline", *(n.label for n in HalfTermNumber), "Target", "Expected now", "Status"]
    charts = "".join(h.steps_svg(series_of(s)) for s in file.subjects)
    return (h.table(headers, rows, raw=True) + f'<p class="muted">{h.esc(LETTERS)}</p>'
            + _codes_html(file) + f'<div class="charts">{charts}</div>')


def _codes_html(file: PupilFile) -> str:
    found = codes(file)
    if not found:
        return ""
    return ('<p class="muted">Codes: ' + " · ".join(f"<b>{h.esc(code)}</b> {h.esc(words)}"
                                                    for code, words in found.items()) + "</p>")


def _attitude_html(file: PupilFile) -> str:
    head = ('<tr><th rowspan="2" class="left">Attitude</th><th rowspan="2">Last year</th>'
            + "".join(f'<th colspan="2">{term}</th>' for term, _ in TERMS) + "</tr><tr>"
            + "".join(f"<th>{n.label}</th>" for n in HalfTermNumber) + "</tr>")
    body = []
    for aspect in ASPECTS:
        cells = [file.attitude.last_year.get(aspect, AttitudeCell()),
                 *(file.attitude.at(n, aspect) for n in HalfTermNumber)]
        body.append(f'<tr><td class="left">{h.esc(aspect.capitalize())}</td>'
                    + "".join(h.rated(_attitude(c), h.ryg_colour(c.rating)) for c in cells) + "</tr>")
    return f"<table><thead>{head}</thead><tbody>{''.join(body)}</tbody></table>"


def _weekly_html(file: PupilFile) -> str:
    if not file.weekly or not file.weekly.last3:
        return "<p>No weekly tests yet.</p>"
    rows = [[h.td(f"{s.sat_on:%d %b}"), h.td(s.level), h.td(s.test),
             h.rated(f"{s.score_text} {s.colour.value if s.colour else ''}".strip(), h.ryg_colour(s.colour))]
            for s in file.weekly.last3]
    return h.table(["Date", "Level", "Test", "Score /25"], rows, raw=True)


def _profile_body(file: PupilFile, school_name: str, printed: dt.date) -> str:
    targets = _current_targets(file)
    target_table = (h.table(["Kind", "For", "Target"], targets, cls="targets") if targets
                    else "<p>No open targets.</p>")
    return (f'<section class="pupil">{h.letterhead(title(file), school_name)}'
            f"<p>{h.esc(_facts(file))}</p>"
            f"<h2>Attainment against targets</h2>{_attainment_html(file)}"
            f'<div class="cols"><div><h2>Attitude</h2>{_attitude_html(file)}</div>'
            f"<div><h2>Last three weekly tests</h2>{_weekly_html(file)}</div></div>"
            f"<h2>Current targets</h2>{target_table}"
            f"<h2>Grading key</h2>{h.marking_key()}"
            f'<p class="muted">. partly &nbsp; / mostly &nbsp; X fully achieved · printed {printed:%d %b %Y}</p>'
            "</section>")


def profile_html(file: PupilFile, school_name: str = "", printed: dt.date | None = None) -> str:
    """The profile as one self-contained A4 page."""
    return h.page(title(file), _profile_body(file, school_name, printed or dt.date.today()), css=PROFILE_CSS)


def profiles_html(files: list[PupilFile], heading: str, school_name: str = "", printed: dt.date | None = None) -> str:
    """Several pupils' profiles in one document, an A4 page each."""
    printed = printed or dt.date.today()
    body = "".join(_profile_body(file, school_name, printed) for file in files) or "<p>No pupils on roll.</p>"
    return h.page(heading, body, css=PROFILE_CSS)


# --- a class's batch ---------------------------------------------------------------------------


def profile_day(number: int | None, today: dt.date | None = None) -> dt.date:
    """The date to read a profile at: today for the current half-term, else that half-term's end."""
    today = today or dt.date.today()
    current = school.current_half_term(today)
    if number is None or number == current.number:
        return today
    return school.half_term(current.year, number).end


class Batch(NamedTuple):
    """A class's profiles as written: the files (one per format) and how many pupils they hold."""

    paths: list[Path]
    pupils: int


def write_profiles(class_id: int, out: Path, *, number: int | None = None, formats: tuple[str, ...] = ("html",),
                   progress: Callable[[str, float], None] | None = None,
                   today: dt.date | None = None) -> Batch:
    """The class's profiles, every pupil in one file per format (a page each) in ``out``."""
    from amtui.db.repo.tracking import pupils_on_roll

    day = profile_day(number, today)
    name = school.school_name()
    pupils = sorted(pupils_on_roll(class_id, None, on=day).values(), key=lambda p: (p.surname.lower(), p.forename.lower()))
    files = []
    for index, pupil in enumerate(pupils):
        if progress:
            progress(f"{pupil.forename} {pupil.surname}", index / max(len(pupils), 1) * 0.9)
        files.append(load_pupil_file(pupil.id, day))
    half_term = files[0].half_term if files else school.current_half_term(day)
    class_name = pupils[0].class_name if pupils else str(class_id)
    heading = f"Pupil profiles: {class_name}, {half_term.dates.name} {half_term.year}-{(half_term.year + 1) % 100:02d}"
    written = h.write(out, f"profiles-{class_name}-ht{half_term.number}",
                      "\f\n".join(profile_text(file, name) for file in files) if "text" in formats else None,
                      profiles_html(files, heading, name) if "html" in formats else None)
    if progress:
        progress("written", 0.9)
    return Batch(written, len(files))


def profiles_writer(class_id: int, number: int | None = None, formats: tuple[str, ...] = ("html",),
                    today: dt.date | None = None):
    """The class's profiles as a print (``reports.printing.Writer``): "28 profiles"."""

    def write(out: Path, progress: Callable[[str, float], None] | None) -> tuple[list[Path], str]:
        batch = write_profiles(class_id, out, number=number, formats=formats, progress=progress, today=today)
        return batch.paths, f"{batch.pupils} profiles"

    return write
