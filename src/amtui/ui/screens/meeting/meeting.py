"""The mentoring meeting: a full-screen agenda walked through one step at a time.

PgDn / PgUp (or ctrl+n / ctrl+b) move between the eight steps; every tick, rating and
text is saved as it is made (see ``queue``), and the step itself too, so a
dropped connection loses nothing: opening the meeting again resumes where it stopped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Header, Input, Static

from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meeting_agenda import Agenda, load_agenda
from amtui.db.repo.meetings import open_meeting
from amtui.db.repo.staff import CurrentUser
from amtui.domain import agenda as rules
from amtui.domain.permissions import NotAllowed
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.fields import EnterMovesOn
from amtui.ui.screens.meeting.agree import BarriersPanel, ClosePanel, FollowUpsPanel, TargetsPanel
from amtui.ui.screens.meeting.queue import Job, MeetingContext, SaveMade, StepPanel
from amtui.ui.screens.meeting.review import EvidencePanel, PreparationPanel, SelfAssessmentPanel
from amtui.ui.screens.meeting.support import InterventionsPanel
from amtui.ui.serial import SAYS_WHY, DbFailed, JobWaiting, OwnsDb, failure_text
from amtui.ui.widgets.steady_footer import footer

PANELS: tuple[type[StepPanel], ...] = (
    PreparationPanel, SelfAssessmentPanel, EvidencePanel, BarriersPanel, TargetsPanel,
    InterventionsPanel, FollowUpsPanel, ClosePanel,
)
SAVE_WARNING_SECONDS = 12  # unless every save lands sooner: then it goes at once

log = logging.getLogger(__name__)


def step_bar(current: int) -> Text:
    """" 1 Prep  2 Self  [3 Evidence] ..." with the current step reversed."""
    out = Text()
    for s in rules.STEPS:
        label = f" {s.number} {s.short} "
        out.append(label, style="reverse bold" if s.number == current else "")
    return out


class MeetingScreen(OwnsDb, EnterMovesOn, Screen):
    """One pupil's mentoring meeting, step by step."""

    BINDINGS = [
        Binding("pagedown,ctrl+n", "step(1)", "Next step", tooltip="Save and go to the next step",
                priority=True, id="meeting.next"),
        Binding("pageup,ctrl+b", "step(-1)", "Previous step", tooltip="Save and go back a step",
                priority=True, id="meeting.previous"),
        Binding("ctrl+f", "finish", "Finish", tooltip="Finish the meeting (records the end time)",
                id="meeting.finish"),
        Binding("a", "amend", "Amend", tooltip="Change a finished meeting (asks why; audited)",
                id="meeting.amend"),
        Binding("ctrl+o", "print", "Print", tooltip="Print the summary on A4 for the pupil's file (to the "
                "school's printer when a print queue is set)", id="meeting.print"),
        Binding("escape", "leave", "Back", tooltip="Save and go back", id="meeting.back"),
        Binding("q", "quit_app", "Quit", show=False, id="meeting.quit"),
    ]

    @dataclass
    class Opened(Message):
        person: CurrentUser
        found: tuple[int | None, str]  # the meeting to show, or None and why there is none

    @dataclass
    class Loaded(Message):
        person: CurrentUser
        agenda: Agenda

    def __init__(self, pupil_id: int, meeting_id: int | None = None):
        super().__init__()
        self.pupil_id, self.meeting_id = pupil_id, meeting_id
        self.agenda: Agenda | None = None
        self.ctx: MeetingContext | None = None
        self.step = 1
        self.saving = 0  # saves queued (in order; kept and retried while the drive is away) not yet made
        self.saved_note = ""
        self.leaving = False
        self.warned = False  # a "Not saved" toast is up

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Opening the meeting...", id="meeting-head")
        yield Static(step_bar(1), id="meeting-steps")
        yield Static(Content(" · ".join(rules.KEY_PRINCIPLES)), id="meeting-principles")
        yield Static(id="step-title")
        with ContentSwitcher(initial="step-1", id="meeting-body"):
            for number, panel in enumerate(PANELS, 1):
                yield panel(id=f"step-{number}", classes="step-panel")
        yield footer()

    def on_mount(self) -> None:
        today, pupil, wanted = self.app.today, self.pupil_id, self.meeting_id  # type: ignore[attr-defined]

        def opening(person: CurrentUser) -> tuple[int | None, str]:
            if wanted is not None:
                return wanted, ""
            try:
                return open_meeting(person, pupil, today), ""
            except NotAllowed as refused:
                return None, str(refused)

        # For who the person is now; the keys typed meanwhile wait for the agenda.
        self.read_as_now(opening, self.Opened, holds_keys=True)

    @on(Opened)
    def _opened(self, event: Opened) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        meeting_id, refusal = event.found
        if meeting_id is None:
            self.query_one("#meeting-head", Static).update(Content(refusal))
            return
        self.meeting_id = meeting_id
        self.reload()

    def reload(self) -> None:
        today, meeting = self.app.today, self.meeting_id  # type: ignore[attr-defined]
        # Behind the saves, for who the person is now (a mentor replaced or no longer one reads
        # it as they now may); the keys typed meanwhile wait for what it shows (a row agreed, its fields).
        self.read_as_now(lambda person: load_agenda(person, meeting, today), self.Loaded, holds_keys=True)

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        first, agenda = self.agenda is None, event.agenda
        self.agenda = agenda
        m = agenda.meeting
        if first:
            user = self.app.user  # type: ignore[attr-defined]
            self.ctx = MeetingContext(user, m.id, agenda.today, self.queue_save)
            self.step = rules.LAST_STEP if m.done else m.step
        self.ctx.started = m.started
        self.ctx.editable = m.may_edit or (m.done and self.ctx.amending)
        for panel in self.query(StepPanel):
            panel.ctx = self.ctx
            panel.show(agenda, first)
            panel.set_editable(self.ctx.editable)
        self.show_step()
        self.refresh_bindings()

    # --- the top lines -------------------------------------------------------------------

    def head_text(self) -> str:
        """One line (it must fit 80 columns): who, when, preparation, state, saving."""
        a, m = self.agenda, self.agenda.meeting
        done, total = rules.prepared(self.query_one(PreparationPanel).checks.values() or a.checks)
        parts = [a.pupil.name, a.pupil.class_name or "no class", a.half_term.dates.short]
        if m.done:
            start = f"{m.started_at:%H:%M}-" if m.started_at else ""
            parts.append(f"done {start}{m.ended_at:%H:%M} {m.ended_at:%d %b}" if m.ended_at else "done")
        else:
            parts.append(f"since {m.started_at:%H:%M}" if m.started_at else "not started")
        parts.append(f"prep {done}/{total}")
        if self.ctx.amending:
            parts.append("AMENDING")
        elif m.done:
            parts.append("a amends" if m.may_amend else "read-only")
        elif not m.may_edit:
            parts.append("read-only")
        if self.saved_note:
            parts.append(self.saved_note)
        return " · ".join(parts)

    def show_step(self) -> None:
        if self.agenda is None:
            return
        current = rules.step(self.step)
        self.query_one("#meeting-head", Static).update(Content(self.head_text()))
        self.query_one("#meeting-steps", Static).update(step_bar(current.number))
        m = self.agenda.meeting
        why = m.refusal if not self.ctx.editable and not m.done else ""
        if m.done and not self.ctx.amending:
            why = "finished; a amends it (with a reason)" if m.may_amend else "finished"
        title = f"{current.number}. {current.title}: {why or current.hint}"
        self.query_one("#step-title", Static).update(Content(title))
        switcher = self.query_one("#meeting-body", ContentSwitcher)
        switcher.current = f"step-{current.number}"
        panel = self.query_one(f"#step-{current.number}", StepPanel)
        if self.focused is None or panel not in self.focused.ancestors:
            tables = [w for w in panel.query(DataTable) if w.focusable]
            first = tables[0] if tables else next((w for w in panel.query("*") if w.focusable), None)
            if first is not None:
                # set_focus, not focus(): focus() waits its turn in the queue, behind keys
                # already typed, which then land in whatever had focus before.
                self.set_focus(first)

    def enter_chain(self) -> list[Widget]:
        """Enter steps through the follow-up notes (SEN, intervention team, parents, SLT)."""
        return [field for field in self.query_one(FollowUpsPanel).query(Input) if field.focusable]

    # --- saving ---------------------------------------------------------------------------

    def queue_save(self, job: Job) -> None:
        self.saving += 1
        self.db.post(job.call, done=job, keep=job.record or True, holds_keys=job.reload)
        self.saved_note = "saving"
        if self.agenda is not None and self.is_attached and not self.leaving:
            self.query_one("#meeting-head", Static).update(Content(self.head_text()))

    @property
    def unsaved(self) -> int:
        """Saves queued or running, and text waiting for its pause (tests wait on this)."""
        return self.saving + sum(p.typing for p in self.query(StepPanel))

    def flush(self) -> None:
        for panel in self.query(StepPanel):
            panel.flush()

    @on(SaveMade)
    def _saved(self, event: SaveMade) -> None:
        self.saving -= 1
        job = event.job
        if self.saving == 0:
            self.saves_landed()
        if job.then is not None:
            job.then(event.result)
        if self.saving == 0:
            self.saved_note = "saved"
            self.query_one("#meeting-head", Static).update(Content(self.head_text()))
        if job.reload:
            self.reload()

    @on(JobWaiting)
    def _waiting(self, event: JobWaiting) -> None:
        """The drive is away or busy: the save is kept and tried again until it is made."""
        event.stop()
        self.warn(f"Not saved yet ({event.context.what}): {event.error}", "warning")
        self.saved_note = "NOT SAVED YET"
        if self.agenda is not None and self.is_attached and not self.leaving:
            self.query_one("#meeting-head", Static).update(Content(self.head_text()))

    def warn(self, text: str, severity: str) -> None:
        """A save's trouble, as a toast that stays until every save has landed."""
        self.notify(text, title="Meeting", severity=severity, timeout=SAVE_WARNING_SECONDS)  # type: ignore[arg-type]
        self.warned = True

    def saves_landed(self) -> None:
        """Every save has landed: a "Not saved" said before is no longer true."""
        if self.warned:
            self.warned = False
            self.app.clear_notifications()

    @on(DbFailed)
    def _failed(self, event: DbFailed) -> None:
        """A save refused (or a bug): said here, and what the database holds is shown. The
        meeting could not be opened or read: said in the top line, and by the app."""
        if not isinstance(job := event.done, Job):
            self.query_one("#meeting-head", Static).update(Content(failure_text(event.error)))
            return
        event.stop()
        self.saving -= 1
        if not isinstance(event.error, SAYS_WHY):
            log.error("the meeting's save (%s) failed", job.what, exc_info=event.error)
        self.warn(f"Not saved ({job.what}): {failure_text(event.error)}", "error")
        self.saved_note = "NOT SAVED"
        self.reload()  # show what the database holds

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        m = self.agenda.meeting if self.agenda else None
        if action == "finish":
            return bool(m and not m.done and m.may_edit)
        if action == "amend":
            return bool(m and m.done and m.may_amend and not self.ctx.amending)
        if action == "print":
            return m is not None
        return True

    def action_step(self, delta: int) -> None:
        if self.agenda is None:
            return
        self.flush()
        new = max(1, min(rules.LAST_STEP, self.step + delta))
        if new == self.step:
            return
        self.step = new
        m, ctx = self.agenda.meeting, self.ctx
        if ctx.editable and not m.done:
            starting = new >= rules.IN_MEETING_FROM and not ctx.started
            checks = {c.item.key: (c.done, c.missing) for c in self.agenda.checks if c.item.auto}
            at = ctx.clock()
            if starting:
                ctx.started = True
            self.queue_save(Job(lambda: saves.set_step(ctx.user, ctx.meeting_id, new, at, checks),
                                f"step {new}", reload=starting))
        self.show_step()

    def action_finish(self) -> None:
        if self.agenda is None or not self.ctx.editable or self.agenda.meeting.done:
            return
        self.flush()
        ctx, checks = self.ctx, {c.item.key: (c.done, c.missing) for c in self.agenda.checks if c.item.auto}
        at = ctx.clock()
        self.queue_save(Job(lambda: saves.finish(ctx.user, ctx.meeting_id, ctx.today, at, checks),
                            "finish", reload=True, then=self._finished))

    def _finished(self, _: object) -> None:
        self.saves_landed()  # "Not saved" never sits beside "Meeting finished"
        self.notify("Meeting finished; the next one is booked. ctrl+o prints the summary.", title="Meeting")

    def action_amend(self) -> None:
        self.app.push_screen(LineDialog("Amend a finished meeting",
                                        "Why is it being changed? (kept in the audit)",
                                        check=lambda text: "" if text.strip() else "Give a reason."),
                             self._amend)

    def _amend(self, reason: str | None) -> None:
        if not reason:
            return
        ctx = self.ctx

        def opened(_: object) -> None:
            ctx.amending = True

        self.queue_save(Job(lambda: saves.start_amendment(ctx.user, ctx.meeting_id, reason), "amendment",
                            reload=True, then=opened))

    def action_print(self) -> None:
        from amtui.reports.meeting_summary import summary_writer
        from amtui.ui.dialogs.printing import PrintDialog

        self.flush()
        user, meeting, today = self.ctx.user, self.ctx.meeting_id, self.ctx.today

        def loaded(agenda: object) -> None:
            self.app.push_screen(PrintDialog("Printing the meeting's summary", summary_writer(agenda)),
                                 lambda said: self.notify(said, title="Print", timeout=15))

        # Read through the queue, so the summary has everything typed before it.
        self.queue_save(Job(lambda: load_agenda(user, meeting, today), "summary", then=loaded))

    def action_leave(self) -> None:
        self.flush()
        self.leaving = True
        self.app.pop_screen()

    def action_quit_app(self) -> None:
        self.flush()  # queued saves finish before the process ends (the saving thread is joined)
        self.leaving = True
        self.app.exit()

    def on_unmount(self) -> None:
        self.leaving = True
        self.flush()  # typed text still waiting for its pause is queued too (then OwnsDb
        # closes the queue: every queued save is made, even as the app quits)
