"""Saving the class grid's codes: each keystroke's change is one kept save (the journal's
``mark.set``), made in order on the grid's database queue; what comes back (``CodesSaved``)
sets the cells' history, and says whose entry a save replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from amtui.db import journal
from amtui.db.journal import KeptSave
from amtui.db.repo.marks import CodeChange, SavedCode
from amtui.db.repo.staff import CurrentUser
from amtui.domain.class_record import cell_state
from amtui.domain.codes import MarkEntry
from amtui.ui.serial import failure_text as said_failure


@dataclass
class CodesSaved(Message):
    """A keystroke's codes were saved: the entries the database made."""

    save: CodesSave
    rows: list[SavedCode]


@dataclass(eq=False)
class CodesSave:
    """One keystroke's save: the changes it carries (shown with * while it waits for the
    database), and the journal's record of it. ``run`` makes it; called with what that
    returns, it makes the ``CodesSaved`` message."""

    changes: list[CodeChange]
    user: CurrentUser
    record: KeptSave

    def run(self) -> list[SavedCode]:
        return journal.apply(self.user, self.record)

    def __call__(self, rows: list[SavedCode]) -> CodesSaved:
        return CodesSaved(self, rows)


def failure_text(error: BaseException) -> str:
    """A failed database call in words for the message line."""
    return said_failure(error, doing="reach", then="Nothing is lost on screen.")


class SavesCodes:
    """Mixed into ``ClassGridScreen``: a change's save, and what its result does to the grid."""

    def save(self, changes: list[CodeChange]) -> None:
        user, half_term = self.app.user, self.data.half_term  # type: ignore[attr-defined]
        record = journal.kept("mark.set", user.login, year=half_term.year, half_term=half_term.number,
                              cells=[[c.pupil_id, c.criterion_id, c.code.value, c.seen_id] for c in changes],
                              today=self.app.today.isoformat())  # type: ignore[attr-defined]
        save = CodesSave(changes, user, record)
        self.db.post(save.run, done=save, keep=record, after_frame=True)

    def not_saved(self, error: BaseException) -> None:
        self.say(f"Not saved: {failure_text(error)}")
        self.load()  # show what the database really holds

    def on_codes_saved(self, event: CodesSaved) -> None:
        rows = event.rows
        record, at = self.data.record, self.data.half_term.ordinal
        changed = []
        for row in rows:
            key = (row.pupil_id, row.criterion_id)
            self.mine[key] = row.id
            self.saved_here.add(row.id)
            history = self.data.histories.setdefault(key, [])
            history.append(MarkEntry(at, row.code, row.id))
            shown = record.cell(*key)
            record.set_cell(*key, cell_state(history, at))
            if key in self.waiting or record.cell(*key).code is not shown.code:
                self.waiting.discard(key)
                changed.append(key)
            if row.replaced is not None and row.replaced.id not in self.saved_here:
                self.say(f"{self.who(row.replaced.staff_id, row.replaced.staff_name)} had set '{row.replaced.code.symbol}' here at "
                         f"{row.replaced.recorded_at:%H:%M}; your '{row.code.symbol}' is now the newest. "
                         "Both are kept in the history.")
        if changed and not self.waiting and self.said.startswith("Not saved yet"):
            self.say("Saved: the database is back; nothing was lost.")
        if changed:  # usually nothing: the screen already showed the code before it was saved
            self.redraw(changed)
