"""The trust view: a row per school, for the trust's leaders (a trust role reads every
school of a trust's server; on one school's database, its SLT see their school's row).

Each row: the school's pupils on roll, its Above / On / Nearly / Not shares for the year
group and subject chosen (y and s; all of them at first) in the half-term chosen (h: now
at first, then each half-term kept for today), its meetings held against those the
half-term asks for, and the widest gap of the leaders' analysis between a group of
pupils and the others. Enter opens the highlighted school's own monitoring, l its leaders'
analysis (at the half-term and subject chosen), as that school: the session's school is
switched to it, read-only, until the trust view is back on top.

On a trust's server a trust role sees each school's kept figures at once
(``repo.trust_kept``), a school whose data changed since they were read saying "as of
HH:MM"; those schools are read again in the background, one at a time, each line
updated as it comes in (and kept, when the trust's admin is looking)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.content import Content
from textual.widgets import DataTable, Header, Static

from amtui.db.repo import trust_kept
from amtui.db.repo import trust_view as reading
from amtui.db.repo.staff import CurrentUser
from amtui.domain import trust_view
from amtui.domain.groups import signed
from amtui.domain.permissions import Action, refusal
from amtui.domain.roles import Role
from amtui.domain.targets import Status
from amtui.domain.trust_view import Meetings, SchoolFigures, TrustRow
from amtui.domain.year_group import year_label
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.widgets.tables import OpenTable, fitted_cells, refill
from amtui.ui.widgets.steady_footer import footer

COLUMNS = (("School", 14), ("Pupils", None), ("Above", None), ("On", None), ("Nearly", None), ("Not", None),
           ("Mtgs", None), ("Widest gap", 13), ("As of", 5))
WIDTHS = tuple(width or 20 for _, width in COLUMNS)  # the school's name, the gap and the time are held to a width


def percent(row: TrustRow, status: Status) -> str:
    value = row.shares.percent(status)
    return "-" if value is None else f"{value}%"


def cells(row: TrustRow, as_of: str = "") -> tuple:
    """A school's line as the table shows it, a long name or gap ending "…" (the gap's
    subject is in the line below); ``as_of``: when its figures were read, if its data
    changed since ("14:05"; "…" while it has none)."""
    gap = "-" if row.gap is None else f"{signed(row.gap.points)} {row.gap.group}"
    overdue = Text(f" !{row.meetings.overdue}", style="bold") if row.meetings.overdue else ""
    return fitted_cells([row.name, row.pupils, *(percent(row, s) for s in Status),
                         Text.assemble(row.meetings.text, overdue), gap, as_of], WIDTHS)


def detail(row: TrustRow) -> str:
    """The highlighted school in words: its half-term, the gap in full, meetings overdue."""
    gap = ("no gap readable (groups under 5)" if row.gap is None else
           f"widest gap: {row.gap.group} {signed(row.gap.points)} points on or above target in "
           f"{row.gap.subject} ({row.gap.pupils} against {row.gap.others})")
    return (f"{row.name} · {row.half_term} · {row.shares.total} assessed · {gap} · "
            f"meetings {row.meetings.done} held of {row.meetings.due}, {row.meetings.overdue} overdue")


def not_read(school_id: int, name: str) -> SchoolFigures:
    """A school with no figures kept for the day, until it is read: its name alone."""
    return SchoolFigures(school_id, name, "not read yet", 0, (), Meetings(0, 0, 0), ())


@dataclass(frozen=True)
class Trust:
    """What the trust view read: every school's figures, or why this person may not see them."""

    schools: list[SchoolFigures]
    trust_role: bool  # a trust role: drilling down switches the session's school
    why_not: str = ""  # why this person may not see the trust view ("" when they may)
    as_of: dict[int, str] = dataclasses.field(default_factory=dict)  # school -> "as of 14:05": out of date
    keeps: bool = False  # the trust's admin: what is read again is kept
    half_terms: tuple[int, ...] = ()  # the half-terms offered by number, besides now


@dataclass
class ReadAgain(Message):
    """One out-of-date school's figures, read again in the background."""

    figures: SchoolFigures
    number: int | None  # the half-term it was read for (None: now)


class TrustScreen(ListsScreen):
    """Every school the session may read, at a glance; drill down into one."""

    HEAD = "#trust-head"
    COLUMNS = {"#trust-table": COLUMNS}

    BINDINGS = [
        Binding("h", "half_term", "Half-term", tooltip="The next half-term kept (or now)", id="trust.half_term"),
        Binding("y", "year", "Year", tooltip="The next year group (or all of them)", id="trust.year"),
        Binding("s", "subject", "Subject", tooltip="The next subject (or all of them)", id="trust.subject"),
        Binding("l", "leaders", "Leaders", tooltip="The highlighted school's leaders' analysis", id="trust.leaders"),
        *refresh_and_back("trust", "Read every school again"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.schools: list[SchoolFigures] = []
        self.trust_role = False
        self.number: int | None = None  # the half-term shown (None: the current one)
        self.half_terms: tuple[int, ...] = ()
        self.year: int | None = None
        self.subject: str | None = None
        self.shown: list[TrustRow] = []
        self.inside: tuple | None = None  # (the session, its school, its sub-title) before a drill-down
        self.as_of: dict[int, str] = {}
        self.reading = 0  # out-of-date schools still being read again

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Counting every school...", id="trust-head")
        yield OpenTable(id="trust-table")
        yield Static("", id="trust-detail")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Trust]:
        """A trust role reads every school; anyone else must be allowed to monitor their own
        (whether they hold a trust role is the server's to say, so it is asked in the read)."""
        today, number = self.app.today, self.number  # type: ignore[attr-defined]

        def load(person: CurrentUser) -> Trust:
            trust_role = reading.trust_reader()
            why = "" if trust_role else refusal(person.roles, Action.MONITOR)
            if why:
                return Trust([], False, why)
            if not trust_role:  # one school (a file, or its staff on a server): read live
                return Trust(reading.figures(today, number), False, half_terms=reading.half_terms_so_far(today))
            kept = trust_kept.kept(today, number)
            return Trust([k.figures or not_read(k.school_id, k.name) for k in kept], True,
                         as_of={k.school_id: k.as_of or "…" for k in kept if not k.current},
                         keeps=trust_kept.may_keep(), half_terms=tuple(trust_kept.kept_half_terms(today)))

        return load

    def show(self, read: Trust) -> None:
        if read.why_not:
            self.query_one("#trust-head", Static).update(Content(read.why_not))
            return
        self.schools, self.trust_role, self.as_of = read.schools, read.trust_role, dict(read.as_of)
        self.half_terms = read.half_terms
        self.reading = len(self.as_of)
        self._draw()
        today, keep = self.app.today, read.keeps  # type: ignore[attr-defined]
        for school in self.schools:
            if school.school_id in self.as_of:
                self.db.post(_read_again(school.school_id, school.name, today, self.number, keep))

    @on(ReadAgain)
    def _school_read_again(self, event: ReadAgain) -> None:
        """An out-of-date school read again: its line now says what its data says."""
        found = event.figures
        if event.number != self.number:
            return  # read for the half-term shown before
        self.schools = [found if s.school_id == found.school_id else s for s in self.schools]
        if self.as_of.pop(found.school_id, None) is not None:
            self.reading -= 1
        self._draw()

    def _draw(self) -> None:
        self.shown = trust_view.rows(self.schools, self.year, self.subject)
        year = "every year" if self.year is None else year_label(self.year)
        subject = "every subject" if self.subject is None else self.subject
        half = "now" if self.number is None else f"HT{self.number}"
        count = len(self.shown)
        said = f"reading {self.reading} changed school{'s' if self.reading != 1 else ''} again…" \
            if self.reading else "% of those assessed"
        self.query_one("#trust-head", Static).update(Content(
            f"{count} school{'s' if count != 1 else ''} · {half} · {year} · {subject} · {said}\n"
            "h half-term · y year · s subject · ⏎ monitoring · l leaders · Mtgs held/due"))  # fits 80
        refill(self.query_one("#trust-table", OpenTable),
               [(str(row.school_id), cells(row, _time(self.as_of.get(row.school_id, "")))) for row in self.shown])
        self._detail()

    @on(DataTable.RowHighlighted, "#trust-table")
    def _detail(self) -> None:
        row = self._highlighted()
        text = detail(row) if row else ""
        if row is not None and (as_of := self.as_of.get(row.school_id)):
            text += " · " + ("not read yet" if as_of == "…" else f"figures {as_of}: its data changed since")
        self.query_one("#trust-detail", Static).update(Content(text))

    def _highlighted(self) -> TrustRow | None:
        table = self.query_one("#trust-table", OpenTable)
        if not self.shown or not table.row_count:
            return None
        return self.shown[min(table.cursor_row, len(self.shown) - 1)]

    def action_half_term(self) -> None:
        """The next half-term offered (each school's kept figures for it, read at once)."""
        if not self.half_terms:  # a trust role's, before the day's refresh has kept any
            self.notify("No other half-term is kept for today yet: amtui trust refresh (the trust's admin, "
                        "from cron) keeps each one with marks.", title="Half-terms")
            return
        self.number = _next(list(self.half_terms), self.number)
        self.action_refresh()

    def action_year(self) -> None:
        self.year = _next(trust_view.choices(self.schools)[0], self.year)
        self._draw()

    def action_subject(self) -> None:
        self.subject = _next(trust_view.choices(self.schools)[1], self.subject)
        self._draw()

    @on(DataTable.RowSelected, "#trust-table")
    def _open_monitoring(self) -> None:
        self._open_school("monitor")

    def action_leaders(self) -> None:
        self._open_school("leaders")

    def _open_school(self, key: str) -> None:
        """Open the highlighted school's own screen ``key``, as that school (a trust role:
        the session's school switched to it, and a read-only leader's view)."""
        row = self._highlighted()
        if row is None:
            return
        if self.trust_role:
            app = self.app
            self.inside = (app.session, reading.enter_school(row.school_id), app.sub_title)  # type: ignore[attr-defined]
            user = app.user  # type: ignore[attr-defined]
            looking = CurrentUser(user.login, None, user.name, roles=frozenset({Role.SLT}))
            app.session = dataclasses.replace(app.session, user=looking, school_name=row.name,  # type: ignore[attr-defined]
                                              trust_only=False)  # inside a school now
            app.sub_title = f"{row.name} · READ-ONLY (trust view)"
        # At the half-term (and, for the analysis, the subject) the trust view shows.
        chosen = {"half_term": self.number, **({"subject": self.subject} if key == "leaders" else {})}
        shown = {name: value for name, value in chosen.items() if value}  # none: back to it if open
        self.app.open_screen(key, **shown)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        """Left for good (the palette went home from inside a school): the trust's session too."""
        self.on_screen_resume()

    def on_screen_resume(self) -> None:
        """Back from a school: the session is the trust's again."""
        if self.inside is None:
            return
        session, school, sub_title = self.inside
        self.inside = None
        reading.enter_school(school)
        self.app.session = session  # type: ignore[attr-defined]
        self.app.sub_title = sub_title


def _read_again(school_id: int, name: str, today, number: int | None, keep: bool) -> Callable[[], ReadAgain]:
    return lambda: ReadAgain(trust_kept.read_again(school_id, name, today, number, keep=keep), number)


def _time(as_of: str) -> str:
    """"14:05" of "as of 14:05" (the column says "As of")."""
    return as_of.removeprefix("as of ")


def _next(choices: list, current):
    """The choice after ``current``, then None (every one) after the last."""
    if current is None:
        return choices[0] if choices else None
    at = choices.index(current) if current in choices else len(choices) - 1
    return choices[at + 1] if at + 1 < len(choices) else None
