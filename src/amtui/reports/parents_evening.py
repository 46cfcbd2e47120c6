"""The parents' evening summary for a class: one line per pupil with what a teacher needs in
front of them for a ten-minute talk. Text via tabulate; HTML on A4 landscape.

Per pupil: each subject now, its target and the status letter; attendance this half-term;
attitude aspects rated red; the weekly test level and last score; open targets; mentor and
next meeting; rewards and sanctions this year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from tabulate import tabulate

from amtui.db.repo.attitude import ATTENDANCE
from amtui.db.repo.events import counts
from amtui.db.repo.pupil_file import PupilFile, load_pupil_file
from amtui.db.repo.tracking import pupils_on_roll
from amtui.domain.attitude import ASPECTS
from amtui.domain.ryg import RYG
from amtui.reports import html as h
from amtui.reports.profile import profile_day


@dataclass(frozen=True)
class EveningRow:
    """One pupil's line of the summary."""

    file: PupilFile

    @property
    def name(self) -> str:
        return self.file.summary.pupil.name

    def subject(self, name: str) -> tuple[str, str | None]:
        """"2Dm>3E A" (now > target, status letter) and the status colour."""
        found = next((s for s in self.file.subjects if s.subject == name), None)
        if found is None or found.now is None:
            return "", None
        now, status = found.now, found.now.status
        target = found.target.short if found.target else "-"
        return f"{now.short}>{target} {status.letter if status else ''}".strip(), status.colour if status else None

    def attendance(self) -> tuple[str, str | None]:
        cell = self.file.attitude.at(self.file.half_term.number, ATTENDANCE)
        if cell.percent is None:
            return "", None
        return f"{cell.percent:g}% {cell.rating.value if cell.rating else ''}".strip(), h.ryg_colour(cell.rating)

    def concerns(self) -> str:
        """Attitude aspects rated red this half-term."""
        number = self.file.half_term.number
        return ", ".join(a for a in ASPECTS if a != ATTENDANCE and self.file.attitude.at(number, a).rating is RYG.RED)

    def weekly(self) -> str:
        w = self.file.weekly
        if w is None:
            return ""
        last = w.sittings[0].score_text if w.sittings else "-"
        return f"{w.level} ({last}{', promote' if w.promotion_due else ''})"

    def open_targets(self) -> int:
        return sum(1 for t in self.file.targets if t.is_open)

    def events(self) -> str:
        found = counts(list(self.file.events))
        return f"{found['reward']}R {found['certificate']}C {found['sanction']}S"

    def meeting(self) -> str:
        return self.file.summary.meeting.short.strip()


def evening_rows(class_id: int, number: int | None = None, today: dt.date | None = None,
                 progress: Callable[[str, float], None] | None = None) -> list[EveningRow]:
    day = profile_day(number, today)
    pupils = sorted(pupils_on_roll(class_id, None, on=day).values(), key=lambda p: (p.surname.lower(), p.forename.lower()))
    rows = []
    for index, pupil in enumerate(pupils):
        if progress:
            progress(f"{pupil.forename} {pupil.surname}", index / max(len(pupils), 1) * 0.9)
        rows.append(EveningRow(load_pupil_file(pupil.id, day)))
    return rows


def _subjects(rows: list[EveningRow]) -> list[str]:
    names: dict[str, int] = {}
    for row in rows:
        for s in row.file.subjects:
            names.setdefault(s.subject, s.subject_id)
    return sorted(names, key=names.get)  # type: ignore[arg-type]


def title(class_name: str, rows: list[EveningRow]) -> str:
    ht = rows[0].file.half_term.label if rows else ""
    return f"Parents' evening: {class_name} {ht}".strip()


KEY = ("Subjects: now>target and status (A above, O on target, N nearly, B below) · Att: attendance this "
       "half-term · Red: attitude rated red · R/C/S: rewards, certificates, sanctions · Next: meeting due")


def evening_text(class_name: str, rows: list[EveningRow], school_name: str = "") -> str:
    subjects = _subjects(rows)
    table = [[r.name, *(r.subject(s)[0] for s in subjects), r.attendance()[0], r.concerns(), r.weekly(),
              r.open_targets(), r.events(), r.file.summary.mentor, r.meeting()] for r in rows]
    headers = ["Pupil", *subjects, "Att", "Red", "Weekly", "Targets", "R/C/S", "Mentor", "Next"]
    return ("\n".join(h.letterhead_lines(title(class_name, rows), school_name)) + "\n"
            + tabulate(table, headers=headers, tablefmt="simple", disable_numparse=True)
            + f"\n\n{KEY}\nPrinted {dt.date.today():%d %b %Y}\n")


def evening_html(class_name: str, rows: list[EveningRow], school_name: str = "") -> str:
    subjects = _subjects(rows)
    body = []
    for r in rows:
        cells = [h.td(r.name, left=True), *(h.rated(*r.subject(s)) for s in subjects), h.rated(*r.attendance()),
                 h.td(r.concerns()), h.td(r.weekly()), h.td(r.open_targets()), h.td(r.events()),
                 h.td(r.file.summary.mentor, left=True), h.td(r.meeting()), "<td style='width:35mm'></td>"]
        body.append(cells)
    headers = ["Pupil", *subjects, "Att", "Red", "Weekly", "Targets", "R/C/S", "Mentor", "Next", "Notes"]
    page_body = (f"{h.letterhead(title(class_name, rows), school_name)}{h.table(headers, body, raw=True)}"
                 f'<p class="muted">{h.esc(KEY)} · printed {dt.date.today():%d %b %Y}</p>')
    return h.page(title(class_name, rows), page_body, landscape=True, css="td { height: 6mm; }")


def write_evening(class_info, out=None, *, number: int | None = None,
                  progress: Callable[[str, float], None] | None = None, today: dt.date | None = None) -> list:
    """Write the class's summary (text and HTML); returns the paths."""
    from amtui.db.repo.school import school_name
    from amtui.reports.printing import prints_folder

    rows = evening_rows(class_info.id, number, today, progress)
    number = rows[0].file.half_term.number if rows else number or 0
    name = school_name()
    return h.write(out or prints_folder(), f"parents-evening-{class_info.name}-ht{number}",
                   evening_text(class_info.name, rows, name), evening_html(class_info.name, rows, name))
