"""The home screen: the user's classes, mentees due a meeting, the school's figures."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, OptionList, Static
from textual.widgets.option_list import Option

from amtui.db.repo.founding import FIRST_DAY, setup_done
from amtui.db.repo.home import HomeData, SchoolFigures, home_data
from amtui.db.repo.pupils import year_label
from amtui.db.repo.referrals import open_for
from amtui.db.repo.returns_read import open_queries
from amtui.db.repo.staff import CurrentUser
from amtui.domain.roles import Role
from amtui.ui import navigation
from amtui.ui.widgets.status import due_text
from amtui.ui.widgets.steady_footer import footer
from amtui.ui.widgets.tables import OpenTable, fitted_row
from amtui.ui.serial import DbFailed, OwnsDb, failure_text


PANEL_TITLES = {"classes": "My classes", "mentees": "My mentees", "figures": "School", "menu": "Go to"}
SHARE_ROOM = 11
"""What the My classes panel holds of a share at 80 columns ("77% (23/30)"): a tutor
group's, over all its subjects ("71% (212/300)"), shows its percentage only."""
FOCUS_MARK = "▶ "
"""Before the focused panel's title: under NO_COLOR its border's colour says nothing."""


def figures_text(figures: SchoolFigures) -> str:
    lines = [f"{figures.half_term.label} · {figures.pupils} pupils", "On or above target:"]
    lines += [f"  {name:<10} {share.text}" for name, share in figures.subjects]
    lines += [f"Meetings overdue: {figures.meetings_overdue}",
              f"Weekly promotions due: {figures.promotions_due}"]
    return "\n".join(lines)


def checklist_text(done: dict[str, bool]) -> str:
    """A new school's first day for its admin: each step ticked [x] when done, with its command."""
    lines = ["First day: amtui COMMAND FILE.csv"]
    lines += [f"[{'x' if done.get(step.key) else ' '}] {step.what:<9} {step.short}" for step in FIRST_DAY]
    return "\n".join(lines)


class HomeScreen(OwnsDb, Screen):
    """Where every session starts; Enter opens the highlighted class, pupil or screen."""

    BINDINGS = [Binding("r", "refresh", "Refresh", tooltip="Read the figures again", id="home.refresh")]
    setup: dict[str, bool] | None = None
    """The first day's steps done (an admin's home only), once read."""
    trust_shown = False
    """The trust's screens are on the menu (a trust role's home only)."""

    @dataclass
    class Loaded(Message):
        person: CurrentUser  # who the person is now: home's classes are theirs, and the session's
        data: HomeData

    @dataclass
    class SetupRead(Message):
        done: dict[str, bool]

    def compose(self) -> ComposeResult:
        yield Header()
        with Grid(id="home-panels"):
            # Home's "/" finds any pupil in the school (ctrl+f goes to a class or mentee here).
            yield OpenTable(id="classes", slash_starts_jump=False)
            yield OpenTable(id="mentees", slash_starts_jump=False)
            yield Static("Loading...", id="figures")
            yield OptionList(id="menu")
        yield Static("", id="referrals-note")
        yield footer()

    def on_mount(self) -> None:
        self.mark_focused(self.focused)
        classes = self.query_one("#classes", OpenTable)
        classes.add_columns("Class", "Year", "Pupils", "On/above")
        mentees = self.query_one("#mentees", OpenTable)
        # Fixed widths keep the due column in view at 80 columns; a long name ends "…".
        mentees.add_column("Pupil", width=14)
        mentees.add_column("Last", width=6)
        mentees.add_column("Due", width=9)
        menu = self.query_one("#menu", OptionList)
        menu.add_options([Option(entry.title, id=key) for key, entry in navigation.listed().items()
                          if key != "home" and not entry.trust_only])
        menu.highlighted = 0 if menu.option_count else None
        self.action_refresh()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.mark_focused(event.widget)

    def mark_focused(self, focused: object) -> None:
        """Each panel's title, the focused one's after ``FOCUS_MARK`` (its border is double too)."""
        for panel in self.query_one("#home-panels").children:
            has_focus = focused is not None and (focused is panel or panel in getattr(focused, "ancestors", ()))
            panel.border_title = (FOCUS_MARK if has_focus else "") + PANEL_TITLES[panel.id or ""]

    def action_refresh(self) -> None:
        """Read who the person is now and home's figures for them, in one job: a role or class
        given or taken away since login shows here, in the title, and on every screen after."""
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        self.read_as_now(lambda person: home_data(person, today), self.Loaded)
        if user.staff_id is not None:
            self.db.post(lambda: self.ReferralsRead(len(open_for(user.staff_id)), len(open_queries(user))))
        if not self.trust_shown:
            self.db.post(self._trust_role)

    @dataclass
    class ReferralsRead(Message):
        open: int
        queried: int = 0  # the person's progress returns a head of department sent back

    @on(ReferralsRead)
    def show_referrals(self, event: ReferralsRead) -> None:
        """The open referrals that reached this person, one line above the keys."""
        note = self.query_one("#referrals-note", Static)
        note.display = bool(event.open or event.queried)
        plural = "referral" if event.open == 1 else "referrals"
        parts = [f"{event.open} {plural} reached you and await you: Referrals in the menu"] if event.open else []
        if event.queried:
            parts.append(f"{event.queried} of your returns queried by a head of department: Progress return")
        note.update(Content(" · ".join(parts)))

    @dataclass
    class TrustRole(Message):
        reader: bool  # the session reads every school of a trust

    def _trust_role(self) -> TrustRole:
        # Imported here: the trust view's reading brings monitoring and the leaders'
        # analysis, which the home screen's first draw does not need.
        from amtui.db.repo.trust_view import trust_reader

        return self.TrustRole(trust_reader())

    @on(TrustRole)
    def show_trust(self, event: TrustRole) -> None:
        """A trust role's menu starts with the trust's screens."""
        if event.reader and not self.trust_shown:
            self.trust_shown = True
            menu = self.query_one("#menu", OptionList)
            trust = [Option(entry.title, id=key) for key, entry in navigation.listed().items() if entry.trust_only]
            menu.set_options([*trust, *(Option(o.prompt, id=o.id) for o in menu.options)])
            menu.highlighted = 0

    @on(SetupRead)
    def show_checklist(self, event: SetupRead) -> None:
        """Until the school has pupils, criteria and baselines, the admin sees what is left."""
        if not all(event.done.values()):
            self.setup = event.done
            self.query_one("#figures", Static).update(Content(checklist_text(event.done)))

    @on(Loaded)
    def show(self, event: Loaded) -> None:
        self.app.know_user(event.person)  # type: ignore[attr-defined]
        if Role.ADMIN in event.person.roles:
            self.db.post(setup_done, done=self.SetupRead)
        else:
            self.setup = None
        data = event.data
        classes = self.query_one("#classes", OpenTable)
        classes.clear()
        for c in data.classes:
            share = c.share.text if len(c.share.text) <= SHARE_ROOM else f"{c.share.percent}%"
            cells = (c.name, year_label(c.year_group, short=True), c.pupils, share)
            classes.add_row(*fitted_row(classes, cells), key=str(c.id))
        classes.border_subtitle = "" if data.classes else "none linked to you"
        mentees = self.query_one("#mentees", OpenTable)
        mentees.clear()
        for m in data.mentees:
            last = f"{m.meeting.last:%d %b}" if m.meeting.last else "never"
            mentees.add_row(*fitted_row(mentees, (m.name, last, due_text(m.meeting))), key=str(m.pupil_id))
        mentees.border_subtitle = "! overdue  * due this half-term" if data.mentees else "none"
        if self.setup is None or all(self.setup.values()):
            self.query_one("#figures", Static).update(Content(figures_text(data.school)))
        else:
            self.query_one("#figures", Static).update(Content(checklist_text(self.setup)))

    @on(DbFailed)
    def failed(self, event: DbFailed) -> None:
        self.query_one("#figures", Static).update(Content(failure_text(event.error)))

    @on(DataTable.RowSelected, "#classes")
    def open_class(self, event: DataTable.RowSelected) -> None:
        from amtui.ui.dialogs.class_menu import ClassMenu

        name = str(event.data_table.get_row(event.row_key)[0])
        self.app.push_screen(ClassMenu(int(event.row_key.value), name))

    @on(DataTable.RowSelected, "#mentees")
    def open_mentee(self, event: DataTable.RowSelected) -> None:
        self.app.open_screen("pupil", pupil_id=int(event.row_key.value))  # type: ignore[attr-defined]

    @on(OptionList.OptionSelected, "#menu")
    def open_menu_entry(self, event: OptionList.OptionSelected) -> None:
        self.app.open_screen(event.option.id)  # type: ignore[attr-defined]
