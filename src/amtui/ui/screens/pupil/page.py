"""A pupil's page: their mentoring file on screen, one tab per part of it.

Opened by ``amtui pupil UPN_OR_NAME``, by the finder and by Enter on a pupil anywhere
(the navigation entry "pupil"; without a pupil it opens the finder). The whole file loads
in one read on the screen's database queue (:func:`load_pupil_file`), so every tab shows
the same moment; ``r`` reads it again. Keys 1-9, 0 and s jump to the tabs.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Header, Static, TabbedContent, TabPane

from amtui.db.repo.pupil_file import PupilFile, load_pupil_file
from amtui.db.repo.pupils import PupilSummary
from amtui.db.repo.staff import CurrentUser
from amtui.domain.year_group import year_label
from amtui.ui.dialogs.records import LogEventDialog
from amtui.ui.screens.pupil.attainment import AttainmentPane
from amtui.ui.screens.pupil.records import (
    AttitudePane, AuditPane, BigWritePane, EventsPane, InterventionsPane, MeetingsPane, WeeklyPane,
)
from amtui.ui.screens.pupil.subjects import SubjectsPane
from amtui.ui.screens.pupil.targets import TargetsPane
from amtui.ui.screens.pupil.tracking import SheetPane
from amtui.ui.serial import DbFailed, OwnsDb, failure_text
from amtui.ui.widgets.steady_footer import footer

TABS: tuple[tuple[str, str, type[Widget]], ...] = (
    ("attainment", "Attain", AttainmentPane),
    ("sheet", "Sheet", SheetPane),
    ("targets", "Targets", TargetsPane),
    ("weekly", "Weekly", WeeklyPane),
    ("bigwrite", "BigW", BigWritePane),  # eleven labels in 80 columns
    ("attitude", "Attitude", AttitudePane),
    ("interventions", "Interv", InterventionsPane),
    ("events", "Rewards", EventsPane),
    ("meetings", "Meetings", MeetingsPane),
    ("audit", "Audit", AuditPane),
    ("groups", "Groups", SubjectsPane),  # a secondary pupil's groups, targets and grades
)
TAB_KEYS = "1234567890s"


def header_text(summary: PupilSummary) -> Content:
    """Name, class, year, UPN; mentor and flags; when the next meeting is due."""
    p = summary.pupil
    born = f" · born {summary.dob:%d %b %Y}" if summary.dob else ""
    year = year_label(p.year_group)
    place = f"{p.class_name} · {year}" if p.class_name else year
    meeting = summary.meeting
    last = f"last {meeting.last:%d %b %Y}" if meeting.last else "no meeting yet"
    first = Content.from_markup("[b]$name[/b]", name=p.name)
    return first + Content(f" · {place} · UPN {p.upn}{born}\n"
                           f"Mentor: {summary.mentor or 'none'} · Flags: {p.flags or 'none'}\n"
                           f"Next meeting: {meeting.marker}; {last} · now {summary.half_term.label}"
                           + (f"\nEarlier years: {'; '.join(summary.earlier)}" if summary.earlier else ""))


class PupilScreen(OwnsDb, Screen):
    """The pupil's file: header facts over eleven tabs; Esc goes back."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="pupil.back"),
        Binding("r", "refresh", "Refresh", tooltip="Read the pupil's records again", id="pupil.refresh"),
        Binding("l", "log_event", "Log reward", tooltip="Log a reward, certificate or sanction",
                id="pupil.log"),
        Binding("e", "enter_class", "Enter for class", tooltip="Enter attitude or Big Write for the class",
                id="pupil.enter"),
        Binding("c", "refer", "Refer", tooltip="Refer the pupil, with why, to their mentor or head of year",
                id="pupil.refer"),
        *(Binding(key, f"tab('{tab}')", title, show=False, tooltip=f"Show the {title} tab", id=f"pupil.tab.{tab}")
          for key, (tab, title, _) in zip(TAB_KEYS, TABS)),
    ]

    @dataclass
    class Loaded(Message):
        person: CurrentUser  # who the person is now: what they may read and change here is for them
        file: PupilFile

    def __init__(self, pupil_id: int, tab: str | None = None):
        super().__init__()
        self.pupil_id = pupil_id
        self.first_tab = tab if tab in {t for t, _, _ in TABS} else "attainment"
        self.tab_asked = self.first_tab == tab
        self.file: PupilFile | None = None

    @property
    def summary(self) -> PupilSummary | None:
        """The header facts, once loaded."""
        return self.file.summary if self.file else None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="pupil-head")
        with TabbedContent(initial=self.first_tab, id="pupil-tabs"):
            for tab, title, pane in TABS:
                with TabPane(title, id=tab):
                    yield pane(id=f"{tab}-pane")
        yield footer()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        pupil_id, today = self.pupil_id, self.app.today  # type: ignore[attr-defined]
        self.read_as_now(lambda person: load_pupil_file(pupil_id, today, person), self.Loaded)

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        first = self.file is None
        self.file = event.file
        self.query_one("#pupil-head", Static).update(header_text(event.file.summary))
        for tab, _, _ in TABS:
            self.query_one(f"#{tab}-pane").show(event.file)  # type: ignore[attr-defined]
        if first and not self.tab_asked and not event.file.subjects and event.file.standings:
            # A pupil graded in GCSE grades (Years 10-13) has no working stage: their grades
            # and targets are on the Groups tab, where the file opens.
            self.query_one(TabbedContent).active = "groups"
        if first:  # into the tab's table, not the tab bar, so up/down move at once
            self.focus_tab(self.query_one(TabbedContent).active)

    @on(DbFailed)
    def failed(self, event: DbFailed) -> None:
        """The file could not be read: said in its heading (and by the app)."""
        if event.done is self.Loaded:
            self.query_one("#pupil-head", Static).update(Content(failure_text(event.error)))

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self.focus_tab(tab)

    @on(TabbedContent.TabActivated, "#pupil-tabs")
    def tab_shown(self, event: TabbedContent.TabActivated) -> None:
        self.refresh_bindings()  # "e" depends on the tab

    def focus_tab(self, tab: str) -> None:
        pane = self.query_one(f"#{tab}-pane")
        found = [w for w in pane.query("*") if w.focusable]
        if found:
            found[0].focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_class":
            return self.is_mounted and self.query_one(TabbedContent).active in ("attitude", "bigwrite")
        return True

    def action_enter_class(self) -> None:
        if self.file is None or self.file.summary.pupil.class_name == "":
            self.notify("This pupil has no class to enter records for.", severity="warning")
            return
        screen = "attitude" if self.query_one(TabbedContent).active == "attitude" else "bigwrite"
        self.app.open_screen(screen, class_name=self.file.summary.pupil.class_name,  # type: ignore[attr-defined]
                             pupil_id=self.pupil_id)

    def action_log_event(self) -> None:
        if self.file is None:
            return
        dialog = LogEventDialog(self.app.user, self.pupil_id, self.file.summary.pupil.name)  # type: ignore[attr-defined]
        self.app.push_screen(dialog, self.logged)

    def action_refer(self) -> None:
        if self.file is not None:
            self.app.open_screen("refer", pupil_id=self.pupil_id,  # type: ignore[attr-defined]
                                 pupil_name=self.file.summary.pupil.name)

    def logged(self, event_id: object) -> None:
        if event_id is not None:
            self.notify("Logged on the pupil's file.", title="Rewards and sanctions")
            self.action_refresh()

