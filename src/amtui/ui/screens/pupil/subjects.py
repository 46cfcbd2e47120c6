"""The Subjects tab of a secondary pupil's page: each subject's teaching group and teacher,
end-of-key-stage and end-of-year targets, FFT, the grade now and its status, in words and
colour (a primary pupil's file has nothing here: their subjects are on the Attain tab)."""

from __future__ import annotations

from rich.text import Text

from amtui.db.repo.pupil_file import PupilFile
from amtui.db.repo.standings import SubjectStanding
from amtui.ui.screens.pupil.records import TablePane
from amtui.ui.widgets.status import colour


def standing_cells(row: SubjectStanding) -> tuple:
    status = (Text(f" {row.status.letter} {row.status.label} ", style=f"#000000 on {colour(row.status.colour)}")
              if row.status else Text("-", style="dim"))
    return (row.subject, row.group or "-", row.key_stage_target or "-", row.year_target or "-",
            row.fft or "-", row.now or "-", status)


class SubjectsPane(TablePane):
    COLUMNS = ("Subject", "Group", "KS target", "Year", "FFT", "Now", "Status")

    def show(self, file: PupilFile) -> None:
        rows = file.standings
        if not rows:
            self.fill("Subjects by teaching group are for Years 7-13; this pupil's subjects are on the "
                      "Attain tab.", [])
            return
        kind = rows[0].key_stage
        self.fill(f"{len(rows)} subjects · {kind} targets set by the Assertive Mentoring team",
                  [standing_cells(r) for r in rows],
                  [f"{r.subject}: {r.group or 'no group'}, taught by {r.teacher or 'nobody yet'}" for r in rows])
