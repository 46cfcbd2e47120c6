"""Every screen a user can go to, by key: the one way to open a screen.

A screen never imports another screen to open it: it asks for it by key,
``self.app.open_screen("pupil", pupil_id=...)``, so features stay apart and import no
cycle. A new screen registers itself with one line here (its module is imported only
when it is first opened, so start-up stays quick)::

    register("class_grid", "Class grid", "Mark a class against its criteria",
             "amtui.ui.screens.grid.class_grid:ClassGridScreen")

The factory is called with the keyword arguments given to ``open_screen``. The palette
and the home menu list the ``listed`` entries and open them with no arguments, so a
listed screen must open without them, or name a ``chooser``: the entry opened instead
when no arguments are given (the pupil's page opens the finder). A screen finds the
session (user, today) on the app. Opening an entry whose screen is already open, with no
arguments, goes back to it.
"""

from __future__ import annotations

import importlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen


@dataclass(frozen=True)
class ScreenEntry:
    """A destination: its title and help in the palette and menu, and how to build it."""

    title: str
    help: str
    factory: Callable[..., Screen]
    chooser: str | None = None
    """The entry to open instead when this one is asked for with no arguments."""
    listed: bool = True
    """Offered in the palette and the home menu (else reached from another screen only)."""
    trust_only: bool = False
    """Offered on the home menu only to a trust role (the palette offers it to everyone, and
    the screen says who may use it)."""


SCREENS: dict[str, ScreenEntry] = {}
"""Every destination by key (the key also names it for ``amtui --screen``)."""


def lazy(path: str) -> Callable[..., Screen]:
    """A factory for ``"package.module:ClassName"``, importing the module on first use."""
    module_name, _, class_name = path.partition(":")

    def build(**kwargs: object) -> Screen:
        return getattr(importlib.import_module(module_name), class_name)(**kwargs)

    return build


def register(key: str, title: str, help: str, factory: Callable[..., Screen] | str,
             chooser: str | None = None, listed: bool = True, trust_only: bool = False) -> ScreenEntry:
    """Add (or replace) a destination; ``factory`` may be a "module:Class" path."""
    entry = ScreenEntry(title, help, lazy(factory) if isinstance(factory, str) else factory,
                        chooser, listed, trust_only)
    SCREENS[key] = entry
    return entry


def listed() -> dict[str, ScreenEntry]:
    """The destinations the palette and the home menu offer."""
    return {key: entry for key, entry in SCREENS.items() if entry.listed}


def open_screen(app: App, key: str, callback: Callable[[Any], object] | None = None,
                **kwargs: object) -> Awaitable[object] | None:
    """Show the screen for ``key``: back to it if it is open (and no arguments ask for
    something new), else on top of the stack; ``callback`` gets what it is dismissed with.

    Returns what can be awaited for the new screen to be mounted, if one was pushed.
    """
    entry = SCREENS[key]
    if not kwargs and entry.chooser is not None:
        return open_screen(app, entry.chooser, callback)
    screen = entry.factory(**kwargs)
    stack = app.screen_stack
    for index in range(len(stack) - 1, 0, -1):
        if not kwargs and type(stack[index]) is type(screen):
            for _ in range(len(stack) - 1 - index):
                app.pop_screen()
            return None
    return app.push_screen(screen, callback)


register("home", "Home", "Your classes, your mentees and the school's figures",
         "amtui.ui.screens.home.home:HomeScreen")
register("find", "Find a pupil", "Search by name or UPN and open a pupil's summary",
         "amtui.ui.screens.pupil.finder:PupilFinderScreen")
register("class_grid", "Class grid", "Mark a class against a stage's criteria: . / x",
         "amtui.ui.screens.grid.class_grid:ClassGridScreen")
register("pupil", "Pupil's file", "A pupil's page: attainment, tracking sheet, targets, records",
         "amtui.ui.screens.pupil.page:PupilScreen", chooser="find")
register("attitude", "Attitude", "Enter a class's attendance and G/Y/R attitude for a half-term",
         "amtui.ui.screens.attitude.sheet:AttitudeScreen")
register("bigwrite", "Big Write", "Rate a class's Big Write against writing targets: r y g",
         "amtui.ui.screens.bigwrite.sheet:BigWriteScreen")
register("weekly", "Weekly tests", "A class's weekly basic skills sheet: scores, promotions, the year",
         "amtui.ui.screens.weekly.sheet:WeeklyScreen")
register("halfterm", "Half-term tests", "Enter a class's half-term test marks; they feed the criteria record",
         "amtui.ui.screens.halfterm.sheet:HalfTermScreen")
register("mentees", "My mentees", "Your mentees: meetings due and overdue; book and open meetings",
         "amtui.ui.screens.meeting.mentees:MenteesScreen")
register("meeting", "Mentoring meeting", "Hold a pupil's meeting: the agenda step by step",
         "amtui.ui.screens.meeting.meeting:MeetingScreen", chooser="mentees")
register("monitor", "Monitoring", "SLT: meetings per mentor, status per class, assessments missing",
         "amtui.ui.screens.monitor.monitor:MonitorScreen")
register("progress", "Progress meeting", "After the half-term: who excelled, who needs support, gaps",
         "amtui.ui.screens.meeting.progress:ProgressMeetingScreen")
register("interventions", "Interventions", "The bank of interventions and how well each one works",
         "amtui.ui.screens.interventions.interventions:InterventionsScreen")
register("audit", "Audit trail", "SLT and admin: who changed what and when, across the school",
         "amtui.ui.screens.audit.audit:AuditScreen")
register("weekly_overview", "Weekly tests: the year", "A class's weekly results, pupils x weeks",
         "amtui.ui.screens.weekly.overview:WeeklyOverviewScreen", listed=False)
register("weekly_history", "Weekly tests: a pupil", "A pupil's weekly test history",
         "amtui.ui.screens.weekly.history:WeeklyHistoryScreen", listed=False)
register("settings", "Settings", "SLT and admin: the school's name, thresholds and half-term dates",
         "amtui.ui.screens.settings.settings:SettingsScreen")
register("staff", "Staff", "Admin: the staff list, roles, leavers and who teaches which class",
         "amtui.ui.screens.staff.staff:StaffScreen")
register("returns", "Progress return", "Teachers: enter your groups' return (A/O/B or projected grades)",
         "amtui.ui.screens.returns.enter:ReturnScreen")
register("returns-check", "Check returns", "Heads of department: approve or query the projected grades",
         "amtui.ui.screens.returns.check:ReturnsCheckScreen")
register("returns-missing", "Missing returns", "Who has not returned yet, per department and teacher",
         "amtui.ui.screens.returns.missing:ReturnsMissingScreen")
register("leaders", "Leaders' analysis", "SLT, HoD, HoY: groups of pupils by subject, the gaps, the trend",
         "amtui.ui.screens.leaders.leaders:LeadersScreen")
register("review", "AMT review", "After a return: pupils causing concern; onto the programme or monitoring",
         "amtui.ui.screens.programme.review:AmtReviewScreen")
register("referrals", "Referrals", "Refer a pupil causing concern; the referrals that reached you and yours",
         "amtui.ui.screens.programme.referrals:ReferralsScreen")
register("heads", "Year and department", "HoY and HoD: the year's concerns and parental interviews; "
         "pupils below target by group", "amtui.ui.screens.programme.heads:HeadsScreen")
register("targets", "Grade targets", "A teaching group's KS3 / KS4 and end-of-year targets: t, and k for the AMT",
         "amtui.ui.screens.targets.group:GroupTargetsScreen")
register("trust", "Trust view", "The trust's leaders: every school's statuses, meetings and widest gap; "
         "Enter opens one school", "amtui.ui.screens.trust.trust:TrustScreen", trust_only=True)
register("refer", "Refer a pupil", "Refer one pupil, with why, to their mentor or head of year",
         "amtui.ui.screens.programme.referrals:ReferDialog", listed=False)
register("group_pupils", "A group's pupils", "The pupils behind a figure of the leaders' analysis",
         "amtui.ui.screens.leaders.pupils:GroupPupilsScreen", listed=False)
