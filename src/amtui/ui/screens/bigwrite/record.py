"""The class Big Write tracking record: pupils x the year's pieces, and the gaps.

Each cell is the pupil's ratings on that piece, each target's ref and letter in the
order the targets were set ("W2/5 Y W2/3 G"), so every letter is read against its
target; the last column lists the targets whose latest rating is not yet green: what to
teach next. The summary line names the targets most often not green across the class
(gaps in teaching).
"""

from __future__ import annotations

from collections import Counter

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from amtui.db.repo.bigwrite_record import BigWriteRecord
from amtui.domain.names import pupil_name
from amtui.ui.widgets.status import rated as rated_text
from amtui.ui.widgets.tables import FittedTable, fitted_row


def ratings_text(record: BigWriteRecord, pupil_id: int, piece_id: int) -> Text:
    rated = record.cells.get((pupil_id, piece_id), ())
    if not rated:
        return Text("·", style="dim")
    return Text(" ").join(rated_text(f"{r.ref} {r.rating.value}", r.rating) for r in rated)


def class_gaps(record: BigWriteRecord, top: int = 4) -> list[tuple[str, int]]:
    """The targets most often not yet green across the class, with how many pupils."""
    counts = Counter(r.ref for p in record.pupils for r in record.gaps(p.id))
    return counts.most_common(top)


class BigWriteRecordView(Vertical):
    """The record for one class and year (read-only)."""

    def compose(self) -> ComposeResult:
        yield Static(id="bigwrite-record-summary")
        yield FittedTable(id="bigwrite-record-table", cursor_type="row")

    def show(self, record: BigWriteRecord) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        table.add_column("Pupil")
        for number, piece in enumerate(record.pieces, 1):
            table.add_column(f"{number} {piece.written_on:%d %b}")
        table.add_column("Not yet green")
        for pupil in record.pupils:
            gaps = " ".join(r.ref for r in record.gaps(pupil.id))
            table.add_row(*fitted_row(table, (pupil_name(pupil.forename, pupil.surname),
                                              *(ratings_text(record, pupil.id, p.id) for p in record.pieces), gaps)),
                          key=str(pupil.id))
        gaps = ", ".join(f"{ref} ({n})" for ref, n in class_gaps(record)) or "none"
        pieces = "; ".join(f"{n} {p.title}" for n, p in enumerate(record.pieces, 1)) or "no pieces yet"
        self.query_one("#bigwrite-record-summary", Static).update(
            Content(f"Pieces: {pieces}\nMost often not green: {gaps}"))
