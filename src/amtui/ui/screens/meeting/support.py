"""Step 6 of the meeting: interventions agreed from the bank, with who and until when;
earlier ones reviewed (ended with their outcome)."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import DataTable, Input, Select, Static

from amtui.db.repo import meeting_interventions as saves
from amtui.db.repo.interventions import AssignmentInfo
from amtui.db.repo.meeting_agenda import Agenda
from amtui.domain import agenda as rules
from amtui.domain.errors import UserFacingError
from amtui.domain.interventions import steps_gained
from amtui.domain.scale import default_scale
from amtui.ui.dialogs.ask import LineDialog, TickDialog
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.meeting.agree import TextPanel, load_text
from amtui.ui.screens.meeting.review import cursor_key, refill
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.tables import JumpTable


class InterventionsPanel(TextPanel):
    """The pupil's interventions: running ones, ones to review, and ones agreed now."""

    BINDINGS = [
        Binding("n", "new", "New", tooltip="Agree an intervention from the bank", id="meeting.iv_new"),
        Binding("c", "aims", "Aims", tooltip="The criteria the intervention aims at", id="meeting.iv_aims"),
        Binding("e", "end", "End", tooltip="End the intervention and record its outcome",
                id="meeting.iv_end"),
        Binding("delete", "remove", "Take back", tooltip="Remove one agreed by mistake in this meeting",
                id="meeting.iv_remove"),
    ]

    def compose(self) -> ComposeResult:
        yield JumpTable(id="iv-table")
        with Horizontal(classes="field-row"):
            yield Static("Who:", classes="field-label")
            yield Select([], prompt="who runs it", id="iv-who", compact=True)
        with Horizontal(classes="field-row"):
            yield Static("Until:", classes="field-label")
            yield Input(id="iv-until", compact=True, select_on_focus=False, placeholder="DD/MM/YYYY",
                        **typing_rules("entry"))
            yield Static(id="iv-hint")
        yield Static(id="iv-detail")

    def on_mount(self) -> None:
        table = self.query_one("#iv-table", DataTable)
        table.add_column("Intervention", width=22)
        table.add_columns("Who", "Until", "Aims", "Gain")
        self.agenda: Agenda | None = None
        self.rows: dict[str, AssignmentInfo] = {}
        self.fields_for: str | None = None  # the assignment whose who/until the fields hold

    def show(self, agenda: Agenda, first: bool) -> None:
        self.agenda = agenda
        self.rows = {str(a.id): a for a in agenda.assignments}
        who = self.query_one("#iv-who", Select)
        if first:
            with who.prevent(Select.Changed):
                who.set_options([(name, sid) for sid, name in agenda.staff])
        table = self.query_one("#iv-table", DataTable)
        refill(table, [(key, self._cells(a)) for key, a in self.rows.items()])
        table.border_subtitle = "" if self.rows else "n: new from the bank"
        self._load_fields()

    def _now(self, a: AssignmentInfo):
        return next((p.substage for p in self.agenda.positions if p.subject_id == a.subject_id), None)

    def _cells(self, a: AssignmentInfo) -> tuple:
        try:
            start = default_scale().parse(a.start_substage) if a.start_substage else None
        except ValueError:
            start = None
        gained = steps_gained(start, self._now(a))
        until = f"{a.until:%d/%m/%y}" if a.until else "set date"
        return (a.intervention, a.staff or "set who", until, " ".join(ref for _, ref in a.aims) or "-",
                "-" if gained is None else f"{gained:+d}")

    @on(DataTable.RowHighlighted, "#iv-table")
    def _load_fields(self) -> None:
        key = cursor_key(self.query_one("#iv-table", DataTable))
        if key == self.fields_for and self.query_one("#iv-until", Input).has_focus:
            return  # typing in the field: a late highlight must not replace it
        self.flush()
        self.fields_for = key
        a = self.rows.get(key or "")
        who, until = self.query_one("#iv-who", Select), self.query_one("#iv-until", Input)
        with who.prevent(Select.Changed):
            who.value = a.staff_id if a and a.staff_id else Select.NULL
        load_text(until, f"{a.until:%d/%m/%Y}" if a and a.until else "")
        self.query_one("#iv-hint", Static).update("")
        if a is None:
            self.query_one("#iv-detail", Static).update("")
            return
        here = f"since {a.start:%d %b %Y}"
        if a.meeting_id == self.ctx.meeting_id:
            here = "agreed in this meeting"
        state = "to review: e records its outcome" if a.unreviewed(self.agenda.today) else here
        self.query_one("#iv-detail", Static).update(Content(
            f"{a.intervention} ({a.subject or 'any subject'}), {state}. "
            f"Started at {a.start_substage or '-'}."))

    def set_editable(self, editable: bool) -> None:
        self.query_one("#iv-who", Select).disabled = not editable
        self.query_one("#iv-until", Input).disabled = not editable

    def _current(self) -> AssignmentInfo | None:
        return self.rows.get(cursor_key(self.query_one("#iv-table", DataTable)) or "")

    def _edited(self) -> AssignmentInfo | None:
        """The assignment the who/until fields belong to."""
        return self.rows.get(self.fields_for or "")

    @on(Select.Changed, "#iv-who")
    def _who(self, event: Select.Changed) -> None:
        a, ctx = self._edited(), self.ctx
        if a is None or ctx is None or not ctx.editable:
            return
        staff = None if event.value is Select.NULL else event.value
        self.save(lambda: saves.update_assignment(ctx.user, ctx.meeting_id, a.id, staff_id=staff,
                                                  amending=ctx.amending), "who", reload=True)

    @on(Input.Changed, "#iv-until")
    def _until(self, event: Input.Changed) -> None:
        a, ctx = self._edited(), self.ctx
        if a is None or ctx is None or not ctx.editable:
            return
        try:
            day = rules.parse_when(event.value, self.agenda.today)[0] if event.value.strip() else None
        except UserFacingError as error:
            self.query_one("#iv-hint", Static).update(Content(str(error)[:40]))
            return
        self.query_one("#iv-hint", Static).update(Content(f"{day:%a %d %b %Y}" if day else ""))
        self.save_later(f"until:{a.id}", lambda: saves.update_assignment(
            ctx.user, ctx.meeting_id, a.id, until=day, amending=ctx.amending), "until", reload=True)

    def action_new(self) -> None:
        if self.refused() or self.agenda is None:
            return
        options = [(str(i.id), f"{i.name} ({i.subject or 'any subject'})") for i in self.agenda.bank]
        if not options:
            self.app.notify("The interventions bank is empty: SLT or admin fill it "
                            "(Interventions screen, l).",
                            severity="warning")
            return
        self.app.push_screen(PickScreen("Agree an intervention", options, note="Enter agrees it; Esc cancels."),
                             self._add)

    def _add(self, picked: str | None) -> None:
        if picked is None or self.agenda is None:
            return
        agenda, ctx = self.agenda, self.ctx
        chosen = next(i for i in agenda.bank if str(i.id) == picked)
        new_targets = [(c.criterion_id, c.subject) for c in agenda.candidates if c.chosen]
        # Aims in one subject: the intervention's, else that of the first new target.
        subject = chosen.subject or next((subj for _, subj in new_targets), "")
        aims = [cid for cid, subj in new_targets if subj == subject]
        now = next((p.substage.label for p in agenda.positions if p.subject == subject and p.substage), "")
        self.save(lambda: saves.add_intervention(ctx.user, ctx.meeting_id, chosen.id, agenda.today, None, now,
                                                 aims, amending=ctx.amending), f"{chosen.name} agreed",
                  reload=True)

    def action_aims(self) -> None:
        a = self._current()
        if a is None or self.refused():
            return
        mine = dict(a.aims)
        choices = [(cid, f"{ref} (aim)", True) for cid, ref in a.aims]
        choices += [(c.criterion_id, f"{c.ref} {c.text}" + (" (new target)" if c.chosen else ""), False)
                    for c in self.agenda.candidates if c.criterion_id not in mine]
        self.app.push_screen(TickDialog(f"Aims of {a.intervention}", choices,
                                        "Space ticks; Enter keeps; Esc cancels."),
                             lambda ids: self._aims(a, ids))

    def _aims(self, a: AssignmentInfo, ids: list[int] | None) -> None:
        if ids is None:
            return
        ctx = self.ctx
        self.save(lambda: saves.set_aims(ctx.user, ctx.meeting_id, a.id, ids, amending=ctx.amending), "aims",
                  reload=True)

    def action_end(self) -> None:
        a = self._current()
        if a is None or self.refused():
            return
        now = self._now(a)
        self.app.push_screen(LineDialog(f"End {a.intervention}", f"Now {now.label if now else '-'}; "
                                        f"started at {a.start_substage or '-'}. How did it go?",
                                        placeholder="the outcome, for the record"),
                             lambda review: self._end(a, review))

    def _end(self, a: AssignmentInfo, review: str | None) -> None:
        if review is None:
            return
        ctx, now, day = self.ctx, self._now(a), self.agenda.today
        label = now.label if now else ""
        self.save(lambda: saves.end_intervention(ctx.user, ctx.meeting_id, a.id, day, label, review,
                                                 amending=ctx.amending), "intervention ended", reload=True)

    def action_remove(self) -> None:
        a = self._current()
        if a is None or self.refused():
            return
        if a.meeting_id != self.ctx.meeting_id:
            self.app.notify("Only an intervention agreed in this meeting can be taken back: e ends it.")
            return
        ctx = self.ctx
        self.save(lambda: saves.remove_intervention(ctx.user, ctx.meeting_id, a.id, amending=ctx.amending),
                  "intervention taken back", reload=True)
