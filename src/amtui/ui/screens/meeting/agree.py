"""The meeting's agreeing steps: barriers, new targets, follow-ups and the close.
(Interventions have their own module: ``support``.)"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Button, DataTable, Input, Static, TextArea

from amtui.db import journal
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meeting_agenda import Agenda
from amtui.domain import agenda as rules
from amtui.domain.errors import UserFacingError
from amtui.ui.screens.meeting.queue import StepPanel
from amtui.ui.screens.meeting.review import cursor_key, refill
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.note_area import NoteArea
from amtui.ui.widgets.tables import JumpTable

DEFAULT_WORDING = {key: wording for key, _, wording in rules.PERSONAL_ASPECTS}


def load_text(widget: Input | TextArea, text: str) -> None:
    """Put saved text into a field without it counting as typing."""
    if isinstance(widget, TextArea):
        with widget.prevent(TextArea.Changed):
            widget.load_text(text)
    else:
        with widget.prevent(Input.Changed):
            widget.value = text


class TextPanel(StepPanel):
    """A panel whose fields save what is typed (after a pause, and on leaving them)."""

    def on_descendant_blur(self) -> None:
        self.flush()


class BarriersPanel(TextPanel):
    """Step 4: barriers to learning, in free text."""

    def compose(self) -> ComposeResult:
        yield NoteArea(id="barriers", soft_wrap=True, tab_behavior="focus", compact=True,
                       placeholder="What gets in the way of learning? Saved as you type.")

    def show(self, agenda: Agenda, first: bool) -> None:
        if first:
            load_text(self.query_one("#barriers", TextArea), agenda.meeting.barriers)

    def set_editable(self, editable: bool) -> None:
        self.query_one("#barriers", TextArea).read_only = not editable

    @on(TextArea.Changed, "#barriers")
    def _typed(self, event: TextArea.Changed) -> None:
        ctx, text = self.ctx, event.text_area.text
        if ctx is not None and ctx.editable:
            self.save_later("barriers", journal.kept("meeting.text", ctx.user.login, meeting_id=ctx.meeting_id,
                                                     field="barriers", text=text, amending=ctx.amending),
                            "barriers")


class TargetsPanel(TextPanel):
    """Step 5: new medium-term targets from the pupil's "/" criteria, and personal targets."""

    BINDINGS = [Binding("space", "toggle", "Choose", tooltip="Agree (or take back) the highlighted target",
                        id="meeting.choose")]

    def compose(self) -> ComposeResult:
        yield Static(id="targets-note")
        yield JumpTable(name_column=2, id="cand-table")
        yield Static(id="cand-detail")  # the highlighted criterion whole: the table cuts it at 80 columns
        yield JumpTable(name_column=2, id="personal-table")
        with Horizontal(classes="field-row"):
            yield Static("Wording:", classes="field-label")
            yield Input(id="personal-text", compact=True, select_on_focus=False,
                        placeholder="the personal target, as agreed", **typing_rules("target"))

    def on_mount(self) -> None:
        cands = self.query_one("#cand-table", DataTable)
        cands.add_columns("", "Ref")
        cands.add_column("Criterion at / (closest to a cross)")
        personal = self.query_one("#personal-table", DataTable)
        personal.add_columns("", "Personal", "Target")
        self.personal: dict[str, str] = {}
        self.red: set[str] = set()
        self.chosen: dict[str, int | None] = {}
        self.wordings: dict[str, str] = {}  # criterion -> "ref subject: text", for the detail line
        self.wording_for: str | None = None  # the aspect whose wording the field holds

    def show(self, agenda: Agenda, first: bool) -> None:
        started = agenda.meeting.started
        note = self.query_one("#targets-note", Static)
        note.update(Content("" if started else saves.NOT_STARTED))
        note.display = not started
        self.chosen = {str(c.criterion_id): c.chosen for c in agenda.candidates}
        self.wordings = {str(c.criterion_id): f"{c.ref} {c.subject}: {c.text}" for c in agenda.candidates}
        refill(self.query_one("#cand-table", DataTable), [
            (str(c.criterion_id), ("[x]" if c.chosen else "(open)" if c.already else "[ ]", c.ref,
                                   f"{c.subject}: {c.text}")) for c in agenda.candidates] if started else [])
        self.query_one("#cand-table", DataTable).border_subtitle = (
            f"{len(agenda.candidates)} at /" if agenda.candidates
            else "no criteria at / in the working stages")
        self._describe()
        if first:
            self.personal = {p.aspect: p.text for p in agenda.personal}
            self.red = {aspect for aspect, (rating, _) in agenda.attitude.items() if rating == "R"}
        self._draw_personal()

    def _draw_personal(self) -> None:
        refill(self.query_one("#personal-table", DataTable), [
            (key, ("[x]" if key in self.personal else "[ ]", label + (" (red)" if key in self.red else ""),
                   self.personal.get(key, ""))) for key, label, _ in rules.PERSONAL_ASPECTS])
        self._load_wording()

    def set_editable(self, editable: bool) -> None:
        self.query_one("#personal-text", Input).disabled = not editable

    @on(DataTable.RowHighlighted, "#cand-table")
    def _describe(self) -> None:
        key = cursor_key(self.query_one("#cand-table", DataTable))
        self.query_one("#cand-detail", Static).update(Content(self.wordings.get(key or "", "")))

    @on(DataTable.RowHighlighted, "#personal-table")
    def _load_wording(self, force: bool = False) -> None:
        key = cursor_key(self.query_one("#personal-table", DataTable))
        if key == self.wording_for and not force:
            return
        self.wording_for = key
        field = self.query_one("#personal-text", Input)
        with field.prevent(Input.Changed):
            field.value = self.personal.get(key or "", "")

    def action_toggle(self) -> None:
        if self.refused():
            return
        if self.query_one("#personal-table", DataTable).has_focus:
            self._toggle_personal()
            return
        table = self.query_one("#cand-table", DataTable)
        key = cursor_key(table)
        if key is None:
            return
        if table.get_row(key)[0].plain == "(open)":
            self.app.notify("That criterion is already one of the pupil's open targets.")
            return
        ctx, target = self.ctx, self.chosen.get(key)
        table.update_cell(key, table.ordered_columns[0].key, Text("..."))
        if target:
            self.save(lambda: saves.remove_target(ctx.user, ctx.meeting_id, target, amending=ctx.amending),
                      "target taken back", reload=True)
        else:
            self.save(lambda: saves.choose_target(ctx.user, ctx.meeting_id, int(key), amending=ctx.amending),
                      "target agreed", reload=True)

    def _toggle_personal(self) -> None:
        key = cursor_key(self.query_one("#personal-table", DataTable))
        if key is None:
            return
        text = "" if key in self.personal else DEFAULT_WORDING[key]
        self._set_personal(key, text, at_once=True)
        self._draw_personal()
        self._load_wording(force=True)

    def _set_personal(self, key: str, text: str, at_once: bool) -> None:
        if text.strip():
            self.personal[key] = text
        else:
            self.personal.pop(key, None)
        ctx = self.ctx
        call = journal.kept("meeting.personal_target", ctx.user.login, meeting_id=ctx.meeting_id, aspect=key,
                            text=text, amending=ctx.amending)
        if at_once:
            self.flush(f"personal:{key}")
            self.save(call, "personal target")
        else:
            self.save_later(f"personal:{key}", call, "personal target")

    @on(Input.Changed, "#personal-text")
    def _typed(self, event: Input.Changed) -> None:
        table, key = self.query_one("#personal-table", DataTable), self.wording_for
        if key is None or self.ctx is None or not self.ctx.editable:
            return
        self._set_personal(key, event.value, at_once=False)
        table.update_cell(key, table.ordered_columns[0].key, Text("[x]" if key in self.personal else "[ ]"))
        table.update_cell(key, table.ordered_columns[2].key, Text(event.value))

    @on(Input.Submitted, "#personal-text")
    def _done(self) -> None:
        self.flush()
        self.query_one("#personal-table", DataTable).focus()


class FollowUpsPanel(TextPanel):
    """Step 7: who else must act (SEN, intervention team, parents, SLT), each with a note."""

    def compose(self) -> ComposeResult:
        yield Static("A note makes a follow-up; leave it empty for none.", classes="step-note")
        for kind, label in rules.FOLLOW_UPS:
            with Horizontal(classes="field-row"):
                yield Static(f"{label}:", classes="field-label wide")
                yield Input(id=f"follow-{kind}", compact=True, select_on_focus=False,
                            placeholder="who does what, by when", **typing_rules("note"))

    def show(self, agenda: Agenda, first: bool) -> None:
        if first:
            for kind in rules.FOLLOW_UP_KINDS:
                load_text(self.query_one(f"#follow-{kind}", Input), agenda.follow_ups.get(kind, ""))

    def set_editable(self, editable: bool) -> None:
        for field in self.query(Input):
            field.disabled = not editable

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        kind, ctx, note = (event.input.id or "").removeprefix("follow-"), self.ctx, event.value
        if ctx is not None and ctx.editable and kind in rules.FOLLOW_UP_KINDS:
            self.save_later(kind, journal.kept("meeting.follow_up", ctx.user.login, meeting_id=ctx.meeting_id,
                                               kind=kind, note=note, amending=ctx.amending), f"follow-up {kind}")

    @on(Input.Submitted)
    def _next_field(self) -> None:
        self.flush()
        self.screen.focus_next()


class ClosePanel(TextPanel):
    """Step 8: the next meeting's date, the summary and the outcome; then finish."""

    def compose(self) -> ComposeResult:
        yield Static(id="close-status")
        with Horizontal(classes="field-row"):
            yield Static("Next meeting:", classes="field-label wide")
            yield Input(id="next-date", compact=True, select_on_focus=False, placeholder="DD/MM/YYYY",
                        **typing_rules("entry"))
            yield Static(id="next-hint")
        yield Static("Summary:", classes="area-label")
        yield NoteArea(id="summary", soft_wrap=True, tab_behavior="focus", compact=True,
                       placeholder="what was discussed, for the pupil's file")
        yield Static("Outcome (what was agreed):", classes="area-label")
        yield NoteArea(id="outcome", soft_wrap=True, tab_behavior="focus", compact=True,
                       placeholder="the outcome: what was agreed (needed to finish)")
        yield Button("Finish meeting (ctrl+f)", id="finish", compact=True)

    def show(self, agenda: Agenda, first: bool) -> None:
        self.today, self.due = agenda.today, agenda.due
        m = agenda.meeting
        if first:
            day = f"{m.next_meeting_on:%d/%m/%Y}" if m.next_meeting_on else ""
            load_text(self.query_one("#next-date", Input), day)
            load_text(self.query_one("#summary", TextArea), m.summary)
            load_text(self.query_one("#outcome", TextArea), m.outcome)
            self._hint(m.next_meeting_on)
        done, total = rules.prepared(agenda.checks)
        lines = [f"Preparation {done}/{total}" + ("" if done == total else " (unfinished: see step 1)")]
        if m.done:
            length = rules.minutes(m.started_at, m.ended_at)
            when = f" {m.ended_at:%d %b %H:%M}" if m.ended_at else ""
            lines.append(f"Finished{when}" + (f"; {length} min." if length is not None else "."))
        self.query_one("#close-status", Static).update(Content("\n".join(lines)))
        self.query_one("#finish", Button).display = not m.done

    def _hint(self, day) -> None:
        due = f"due by {self.due.due:%d %b}"
        self.query_one("#next-hint", Static).update(Content(f"{day:%a %d %b %Y}" if day else due))

    def set_editable(self, editable: bool) -> None:
        self.query_one("#next-date", Input).disabled = not editable
        for area in self.query(TextArea):
            area.read_only = not editable
        self.query_one("#finish", Button).disabled = not editable

    @on(Input.Changed, "#next-date")
    def _date(self, event: Input.Changed) -> None:
        ctx = self.ctx
        if ctx is None or not ctx.editable:
            return
        try:
            day = rules.parse_when(event.value, self.today)[0] if event.value.strip() else None
        except UserFacingError as error:
            self.query_one("#next-hint", Static).update(Content(str(error)[:40]))
            return
        self._hint(day)
        self.save_later("next", lambda: saves.set_next_meeting(ctx.user, ctx.meeting_id, day,
                                                                amending=ctx.amending), "next meeting")

    @on(TextArea.Changed)
    def _typed(self, event: TextArea.Changed) -> None:
        field, ctx, text = event.text_area.id or "", self.ctx, event.text_area.text
        if ctx is not None and ctx.editable and field in ("summary", "outcome"):
            self.save_later(field, journal.kept("meeting.text", ctx.user.login, meeting_id=ctx.meeting_id,
                                                field=field, text=text, amending=ctx.amending), field)

    @on(Button.Pressed, "#finish")
    def _finish(self) -> None:
        self.screen.action_finish()  # type: ignore[attr-defined]
