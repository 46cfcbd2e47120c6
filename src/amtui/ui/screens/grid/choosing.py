"""Which class record the grid shows, and what is done to it as a whole: another bank,
subject or half-term; a pupil moved on to the next stage's bank; the half-term locked.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from amtui.db.repo import class_grid, school
from amtui.domain.half_term import HalfTermNumber
from amtui.domain.permissions import Action, refusal


@dataclass
class Choice:
    """What the grid shows: asked for by name, resolved when loading."""

    class_name: str
    subject: str
    stage: int | None = None
    half_term_number: int | None = None


@dataclass
class RecordChanged(Message):
    """A change to the record as a whole was made (a pupil moved on, a half-term locked):
    the grid reads it again."""

    result: object


@dataclass
class SubjectsRead(Message):
    names: list[str]


def chooser():
    """The dialog that asks for a class and a subject when the grid was opened with neither."""
    from amtui.ui.dialogs.class_subject import ClassSubjectChooser

    return ClassSubjectChooser()


class ChoosesRecord:
    """Mixed into ``ClassGridScreen``: the keys that change which record is shown, or act on
    it as a whole (``m``, ``b``, ``s``, ``[`` ``]``, ``L``)."""

    def _move_due_row(self) -> int | None:
        if self.data is None or not self.data.pupils:
            return None
        row = self.grid.cursor[0]
        return row if self.data.record.figures(self.data.pupils[row].id).move_due else None

    def action_move_stage(self) -> None:
        row = self._move_due_row()
        if row is None:
            return
        pupil, user, data = self.data.pupils[row], self.app.user, self.data  # type: ignore[attr-defined]
        reason = refusal(user.roles, Action.CONFIRM_PROMOTION, data.school_class.id in user.class_ids)
        if reason:
            self.say(f"Not moved: {reason}")
            return
        stage = data.bank_stage + 1
        self.say(f"Moving {pupil.name} to the stage {stage} bank...")
        self.db.post(lambda: class_grid.move_stage(user, pupil.id, data.subject.id, stage), done=RecordChanged)

    def action_next_bank(self) -> None:
        if not self.data:
            return
        stages = sorted(set(self.data.stages_in_class) | {self.data.bank_stage})
        self.choice.stage = stages[(stages.index(self.data.bank_stage) + 1) % len(stages)]
        self.load()

    def action_next_subject(self) -> None:
        self.db.post(lambda: [s.name for s in school.subjects()], done=SubjectsRead)

    def on_subjects_read(self, event: SubjectsRead) -> None:
        names = event.names
        if self.data and names:
            self.choice.subject = names[(names.index(self.data.subject.name) + 1) % len(names)]
            self.choice.stage = None
            self.load()

    def action_half_term(self, step: int) -> None:
        if self.data:
            self.choice.half_term_number = HalfTermNumber(self.data.half_term.number).cycled(step)
            self.load()

    def action_lock(self) -> None:
        from amtui.ui.dialogs.ask import LineDialog

        user, data = self.app.user, self.data  # type: ignore[attr-defined]
        reason = refusal(user.roles, Action.LOCK_HALF_TERM)
        if reason or data is None:
            self.say(f"Not changed: {reason}")
            return
        if data.lock_by:
            self.db.post(lambda: school.set_lock(data.half_term.id, user, locked=False), done=RecordChanged)
            return

        def locked(why: str | None) -> None:
            if why is not None:
                self.db.post(lambda: school.set_lock(data.half_term.id, user, True, why), done=RecordChanged)

        self.app.push_screen(LineDialog(f"Lock {data.half_term.label}", "Why? Enter locks it; Esc cancels.",
                                        placeholder="e.g. data sent to governors"), locked)

    def on_record_changed(self, event: RecordChanged) -> None:
        self.load()
