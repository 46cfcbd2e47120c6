"""The pupil page's history tabs: weekly tests, Big Write, attitude, interventions, rewards
and sanctions, meetings and the audit trail. Each is a line of figures over a table."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from amtui.db.repo import events
from amtui.db.repo.attitude import RATED, AttitudeCell
from amtui.db.repo.programme import Spell
from amtui.db.repo.pupil_file import PupilFile
from amtui.domain.attitude import ASPECTS
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.score_entry import school_week
from amtui.ui.widgets.heading import fitted_heading
from amtui.ui.widgets.status import rated
from amtui.ui.widgets.tables import FittedTable, plain


def attitude_cell(cell: AttitudeCell) -> Text:
    if cell.percent is not None:
        return rated(f"{cell.text} {cell.rating.value if cell.rating else ''}".strip(), cell.rating)
    return rated(cell.text, cell.rating)


class TablePane(Vertical):
    """A summary line, a table and a detail line for the highlighted row."""

    COLUMNS: Sequence[str] = ()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.details: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(classes="pane-summary")
        yield FittedTable(cursor_type="row", classes="pane-table")
        yield Static(classes="pane-detail")

    def on_mount(self) -> None:
        self.table.add_columns(*self.COLUMNS)

    @property
    def table(self) -> DataTable:
        return self.query_one(".pane-table", DataTable)

    def fill(self, summary: str, rows: list[tuple], details: list[str] | None = None) -> None:
        self.query_one(".pane-summary", Static).update(Content(summary))
        self.details = details or []
        cursor = self.table.cursor_row
        self.table.clear()
        for index, row in enumerate(rows):
            self.table.add_row(*plain(row), key=str(index))
        if rows:
            self.table.move_cursor(row=min(cursor, len(rows) - 1))
        else:
            self.query_one(".pane-detail", Static).update("")

    @on(DataTable.RowHighlighted)
    def explain(self, event: DataTable.RowHighlighted) -> None:
        index = int(event.row_key.value or 0)
        text = self.details[index] if index < len(self.details) else ""
        self.query_one(".pane-detail", Static).update(Content(text))

    def show(self, file: PupilFile) -> None:
        """Fill the table from the pupil's file: each pane says how."""
        raise TypeError(f"{type(self).__name__} must define show()")


class WeeklyPane(TablePane):
    COLUMNS = ("Week of", "Level", "Test", "Score")  # weeks by their Monday, as the overview

    def show(self, file: PupilFile) -> None:
        history = file.weekly
        if history is None:
            self.fill("No weekly basic skills tests yet.", [])
            return
        due = " · promotion due: a teacher confirms it" if history.promotion_due else ""
        summary = (f"{history.level} · next test {history.next_test or '-'} · "
                   f"{history.greens_in_row} green in a row{due}")
        rows = [(f"{school_week(s.sat_on).monday:%a %d %b %Y}", s.level, s.test,
                 rated(f"{s.score_text} {s.colour.value}" if s.colour else s.score_text, s.colour))
                for s in history.sittings]
        self.fill(summary, rows)


class BigWritePane(TablePane):
    COLUMNS = ("Written", "Piece", "Ratings")

    def show(self, file: PupilFile) -> None:
        rows, details = [], []
        for found in file.big_write:
            ratings = Text(" ").join(rated(f"{r.ref} {r.rating.value}", r.rating) for r in found.ratings)
            # The ratings are what the row is for: the title has what they leave.
            room = self.app.size.width - len("dd Mmm yy") - ratings.cell_len - 2 * len(self.COLUMNS) - 2
            title = fitted_heading(max(room, 10), found.piece.title)
            rows.append((f"{found.piece.written_on:%d %b %y}", title, ratings))
            lines = [f"{r.ref} {r.rating.label}: {r.text}" for r in found.ratings]
            details.append("\n".join([f"Feedback: {found.feedback or 'none'}", *lines]))
        summary = (f"{len(rows)} piece(s) · e: enter Big Write for the class" if rows
                   else "No Big Write ratings yet · e: enter Big Write for the class")
        self.fill(summary, rows, details)


class AttitudePane(TablePane):
    COLUMNS = ("Aspect", "Last yr", "HT1", "HT2", "HT3", "HT4", "HT5", "HT6")

    def show(self, file: PupilFile) -> None:
        record = file.attitude
        rows = [(aspect.capitalize(), attitude_cell(record.last_year.get(aspect, AttitudeCell())),
                 *(attitude_cell(record.at(h, aspect)) for h in HalfTermNumber))
                for aspect in ASPECTS]
        self.fill(f"G good · Y acceptable · R unacceptable; attendance coloured from its % · "
                  f"e: enter for the class ({', '.join(RATED)})", rows)


class InterventionsPane(TablePane):
    COLUMNS = ("Intervention", "Subject", "Start", "End", "Steps", "Staff")

    def show(self, file: PupilFile) -> None:
        rows, details = [], []
        for i in file.interventions:
            steps = "-" if i.steps is None else f"{i.steps:+d}"
            rows.append((i.name[:24], i.subject, f"{i.start:%d %b}", f"{i.end:%d %b}" if i.end else "current",
                         steps, i.staff))
            span = f"{i.start_substage or '?'} -> {i.end_substage}" if i.end else f"from {i.start_substage or '?'}"
            aims = f" · aims at {', '.join(i.criteria)}" if i.criteria else ""
            details.append(f"{span}{aims}\n{i.review}".strip())
        current = sum(1 for i in file.interventions if i.end is None)
        self.fill(f"{current} current, {len(rows) - current} ended" if rows else "No interventions.",
                  rows, details)


class EventsPane(TablePane):
    COLUMNS = ("When", "Kind", "What", "By")

    def show(self, file: PupilFile) -> None:
        found = events.counts(list(file.events))
        summary = " · ".join(f"{kind.capitalize()}s {n}" for kind, n in found.items())
        rows = [(f"{e.recorded_at:%d %b %y}", e.kind, e.text[:40], e.staff) for e in file.events]
        self.fill(f"{summary} · l: log one", rows, [e.text for e in file.events])


class MeetingsPane(TablePane):
    COLUMNS = ("When", "Mentor", "Status", "Mins", "Next")

    def show(self, file: PupilFile) -> None:
        meeting = file.summary.meeting
        rows = [(f"{m.when:%d %b %y %H:%M}" if m.when else "-", m.mentor,
                 m.status.replace("_", " ") + (" (extra)" if m.extra else ""),
                 "-" if m.minutes is None else m.minutes,
                 f"{m.next_meeting_on:%d %b}" if m.next_meeting_on else "")
                for m in file.meetings]
        spells = "".join(f"\n{spell_text(s)}" for s in file.programme)
        self.fill(f"Next meeting: {meeting.marker} · run meetings from the meetings screen{spells}", rows,
                  [m.outcome for m in file.meetings])


def spell_text(spell: Spell) -> str:
    """One spell of the programme or monitoring: when and why the pupil joined, and left."""
    text = f"{spell.kind.title}: joined {spell.joined:%d %b %Y} ({spell.reason})"
    if spell.left:
        return f"{text}, left {spell.left:%d %b %Y} ({spell.leave_reason})"
    return f"{text}, until {spell.until:%d %b %Y}" if spell.until else text


class AuditPane(TablePane):
    COLUMNS = ("When", "Who", "What")

    def show(self, file: PupilFile) -> None:
        rows = [(f"{a.at:%d %b %y %H:%M}", a.login, a.action) for a in file.audit]
        self.fill(f"{len(rows)} change(s) to this pupil's records, newest first", rows,
                  [a.detail for a in file.audit])
