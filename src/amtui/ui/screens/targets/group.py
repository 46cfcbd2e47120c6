"""Grade targets, a teaching group at a time: each pupil's FFT estimate, end-of-key-stage
target (KS3 in Years 7-9, KS4 in 10-11; none in Years 12-13) and this year's end-of-year
target.

``t`` sets the highlighted pupil's end-of-year target (offered from their key-stage target
when they have none), ``k`` their end-of-key-stage target (the Assertive Mentoring team and
SLT); ``[`` ``]`` go to the previous or next group. The rule is the targets import's
(``db.repo.grade_targets``): up, not down; only SLT lowers, and is then asked why; never
below FFT. A refusal is said as it is; ``k`` for a sixth-former says why there is none.

At 80 columns every target shows whole ("St 5 Developing"): the key stage is the column's
title, not each cell's; a longer name (or a pupil of another key stage in the group) ends "…".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import grade_targets as repo
from amtui.db.repo.grade_targets import KIND_TITLES, PupilTargets, ReasonNeeded
from amtui.db.repo.groups import GroupInfo
from amtui.db.repo.staff import CurrentUser
from amtui.domain.calendar import academic_year_of
from amtui.domain.grades import key_stage_kind, target_in_grades
from amtui.domain.permissions import Action
from amtui.domain.targets import no_key_stage_target
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.screens.lists import ListsScreen
from amtui.ui.serial import DbFailed
from amtui.ui.widgets.heading import fitted_heading
from amtui.ui.widgets.tables import OpenTable, highlighted_key, refill
from amtui.ui.widgets.steady_footer import footer


WIDTHS = (24, 15, 15, 15)
"""Pupil, FFT, key-stage target, this year: with their padding and the scrollbar, 79 columns."""


def key_stage_cell(row: PupilTargets, kind: str | None) -> str:
    """The pupil's end-of-key-stage target; its key stage said only when it is not the
    group's (the column's title); "none" in Years 12-13, "-" where not set yet."""
    if row.key_kind is None:
        return "none"
    target = row.key_stage or "-"
    return target if row.key_kind == kind else f"{target} ({row.key_kind.upper()})"


@dataclass(frozen=True)
class Asked:
    """A target being set: whose, which kind, what was typed."""

    row: PupilTargets
    kind: str
    text: str


@dataclass(frozen=True)
class GroupsRead:
    """The groups whose targets the person looks after, the one shown and its pupils."""

    groups: list[GroupInfo]
    index: int
    rows: list[PupilTargets]


def read_group(person: CurrentUser, today: dt.date, name: str | None) -> GroupsRead:
    """The person's groups and the targets of the one called ``name`` (else the first)."""
    groups = repo.groups_for(person, academic_year_of(today))
    index = next((i for i, g in enumerate(groups) if g.name == name), 0)
    return GroupsRead(groups, index, repo.group_targets(groups[index].id, today) if groups else [])


class GroupTargetsScreen(ListsScreen):
    """A teaching group's pupils and their targets in its subject."""

    HEAD = "#targets-head"
    COLUMNS = {"#targets-table": ()}  # titled by the group's key stage when it is shown
    BINDINGS = [
        Binding("t", "set_target('year')", "Year target", tooltip="Set the pupil's end-of-year target",
                id="grade_targets.year"),
        Binding("k", "set_target('key')", "KS target", tooltip="Set the pupil's end-of-key-stage target "
                "(the Assertive Mentoring team, SLT)", id="grade_targets.key_stage"),
        Binding("left_square_bracket", "group(-1)", "Group", key_display="[ ]",
                tooltip="The previous / next group", id="grade_targets.prev"),
        Binding("right_square_bracket", "group(1)", "Next group", show=False, id="grade_targets.next"),
        Binding("escape", "app.pop_screen", "Back", tooltip="Back to the previous screen", id="grade_targets.back"),
    ]

    def __init__(self, group: str | None = None) -> None:
        super().__init__()
        self.group_name = group
        self.groups: list[GroupInfo] = []
        self.index = 0
        self.rows: dict[str, PupilTargets] = {}
        self.asked: Asked | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="targets-head")
        yield OpenTable(id="targets-table")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], GroupsRead]:
        today, name = self.app.today, self.group_name  # type: ignore[attr-defined]
        return lambda person: read_group(person, today, name)

    def show(self, read: GroupsRead) -> None:
        self.groups, self.index = read.groups, read.index
        if not self.groups:
            self.head("No teaching groups to set targets for (a school's groups come from amtui import groups).")
            return
        group = self.groups[self.index]
        self.group_name = group.name
        kind = key_stage_kind(group.year_group)
        self.rows = {str(r.pupil_id): r for r in read.rows}
        table = self.query_one("#targets-table", OpenTable)
        titles = ("Pupil", "FFT", f"{kind.upper()} target" if kind else "Key stage", "This year")
        if tuple(str(c.label) for c in table.columns.values()) != titles:
            table.clear(columns=True)
            for title, width in zip(titles, WIDTHS):
                table.add_column(title, width=width)
        refill(table, [(key, (r.name, r.fft or "-", key_stage_cell(r, kind), r.year or "-"))
                       for key, r in self.rows.items()])
        more = f" · [ ] {self.index + 1} of {len(self.groups)}" if len(self.groups) > 1 else ""
        keys = "t end-of-year target · k key-stage target" if kind else "t end-of-year target (no key stage)"
        self.head(fitted_heading(self.app.size.width, f"Targets · {group.name} {group.subject} · "
                                 f"{len(self.rows)} pupils{more}", (keys, 1)))

    def head(self, text: str) -> None:
        self.query_one("#targets-head", Static).update(Content(text))

    def action_group(self, step: int) -> None:
        if self.groups:
            self.group_name = self.groups[(self.index + step) % len(self.groups)].name
            self.action_refresh()

    @on(DataTable.RowSelected, "#targets-table")
    def _open_pupil(self, event: DataTable.RowSelected) -> None:
        """Enter: the pupil's file (the footer's "Open"), their targets and history there."""
        self.app.open_screen("pupil", pupil_id=int(str(event.row_key.value)))  # type: ignore[attr-defined]

    def action_set_target(self, which: str) -> None:
        row = self.rows.get(highlighted_key(self.query_one("#targets-table", OpenTable)) or "")
        if row is None:
            return
        kind = "year" if which == "year" else row.key_kind
        if kind is None:  # Years 12-13
            self.notify(f"{row.name}: {no_key_stage_target(row.year_group)}.", severity="warning", markup=False)
            return
        if kind != "year" and (why := self.refused(Action.SET_KEY_STAGE_TARGET)):
            self.notify(why, severity="warning")  # before a target is typed, not after (the save checks again)
            return
        value = (row.year or row.key_stage) if kind == "year" else row.key_stage
        example = "7 (a GCSE grade)" if target_in_grades(kind, row.year_group) else "St 7 Emerging or 7e"
        self.app.push_screen(
            LineDialog(f"{row.name}: {KIND_TITLES[kind]} target", f"The new target, e.g. {example}:", value=value,
                       check=lambda text: "" if text.strip() else "Type the target.", kind="entry"),
            lambda text: text and self.save(Asked(row, kind, text.strip()), ""))

    def save(self, asked: Asked, reason: str) -> None:
        """Queue the target, then the group read again behind it; what was done is said."""
        self.asked = asked
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        subject = self.groups[self.index].subject_id
        self.change(lambda: repo.set_target(user, asked.row.pupil_id, subject, asked.kind, asked.text, reason, today),
                    said=str)

    @on(DbFailed)
    def _reason_needed(self, event: DbFailed) -> None:
        """Lowering a target needs a reason: asked for, and the target queued again with it."""
        asked = self.asked
        if isinstance(event.error, ReasonNeeded) and asked is not None:
            event.stop()
            self.app.push_screen(
                LineDialog(f"{asked.row.name}: lower the target", f"{event.error}:",
                           check=lambda text: "" if text.strip() else "Say why: it stays on the pupil's record.",
                           kind="reason"),
                lambda reason: reason and self.save(asked, reason))
