"""Referrals: those that reached you (open), and those you made with what became of them.

``n`` refers a pupil (their name or UPN, then why); on a referral that reached you, ``a``
accepts it (the pupil joins the programme), ``p`` passes it on to someone named, ``c``
closes it with the outcome. The pupil's file opens the same referral dialog with ``c`` (concern).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Header, Input, Static

from amtui.db.repo import referrals
from amtui.db.repo.meetings import possible_mentors
from amtui.db.repo.pupils import search_pupils
from amtui.db.repo.referrals import ReferralInfo
from amtui.db.repo.staff import CurrentUser
from amtui.db.repo.staffing import staff_list
from amtui.domain.errors import UserFacingError
from amtui.ui.dialogs.ask import LineDialog
from amtui.ui.dialogs.pick import PickScreen
from amtui.ui.screens.lists import ListsScreen, refresh_and_back
from amtui.ui.serial import DbFailed, OwnsDb, failure_text
from amtui.ui.typing_rules import typing_rules
from amtui.ui.widgets.tables import OpenTable, highlighted_key, refill
from amtui.ui.widgets.steady_footer import footer

KEEP_MENTOR = 0


class ReferDialog(OwnsDb, ModalScreen[int | None]):
    """Why a pupil is referred; Enter saves the referral and says whom it reached (a
    refusal shows under the line, and the dialog stays); Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel", id="refer.cancel")]

    @dataclass
    class Referred(Message):
        info: ReferralInfo

    def __init__(self, pupil_id: int, pupil_name: str = "the pupil") -> None:
        super().__init__()
        self.pupil_id, self.pupil_name = pupil_id, pupil_name

    def compose(self) -> ComposeResult:
        with Vertical(classes="meeting-dialog"):
            yield Static(Content("Why? It reaches their mentor, or their head of year if they have none, "
                                 "and you will see what became of it."), classes="dialog-note")
            yield Input(placeholder="the reason", id="refer-reason", **typing_rules("reason"))
            yield Static(id="refer-error")

    def on_mount(self) -> None:
        self.query_one(".meeting-dialog").border_title = f"Refer {self.pupil_name}"

    @on(Input.Submitted, "#refer-reason")
    def _submitted(self, event: Input.Submitted) -> None:
        user, pupil_id, reason = self.app.user, self.pupil_id, event.value  # type: ignore[attr-defined]
        self.db.post(lambda: referrals.refer(user, pupil_id, reason), done=self.Referred)

    @on(Referred)
    def _done(self, event: Referred) -> None:
        self.app.notify(f"{event.info.pupil} referred to {event.info.referred_to}.")
        self.dismiss(event.info.id)

    @on(DbFailed)
    def _not_referred(self, event: DbFailed) -> None:
        """Said under the line, where it can be put right (anything but a refusal: by the app too)."""
        self.query_one("#refer-error", Static).update(Content(failure_text(event.error)))
        if isinstance(event.error, UserFacingError):
            event.stop()


@dataclass(frozen=True)
class Lists:
    to_me: list[ReferralInfo]
    mine: list[ReferralInfo]


class ReferralsScreen(ListsScreen):
    """The referrals that reached you, and those you made."""

    HEAD = "#to-me-head"
    COLUMNS = {table: (("Pupil", 18), ("Yr", 2), ("Reason", 24), last)
               for table, last in (("#to-me", ("From", 14)), ("#mine", ("What became of it", 28)))}
    BINDINGS = [
        Binding("n", "refer", "Refer", tooltip="Refer a pupil: their name or UPN, then why", id="referrals.new"),
        Binding("a", "accept", "Accept", tooltip="Accept: the pupil joins the programme", id="referrals.accept"),
        Binding("p", "pass_on", "Pass on", tooltip="Pass the referral on to someone named", id="referrals.pass"),
        Binding("c", "close", "Close", tooltip="Close the referral with its outcome", id="referrals.close"),
        Binding("v", "view", "Pupil", tooltip="The pupil's file", id="referrals.view"),
        *refresh_and_back("referrals", "Read the lists again"),
    ]

    @dataclass
    class Chosen(Message):
        """Choices read for a dialog: ``then`` opens it with them."""
        choices: list[tuple[object, str]]
        then: object

    def __init__(self) -> None:
        super().__init__()
        self.to_me: dict[str, ReferralInfo] = {}
        self.mine: dict[str, ReferralInfo] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Loading...", id="to-me-head")
        yield OpenTable(id="to-me")
        yield Static("", id="mine-head")
        yield OpenTable(id="mine")
        yield footer()

    def reader(self) -> Callable[[CurrentUser], Lists]:
        staff_id = self.app.user.staff_id  # type: ignore[attr-defined]
        return lambda person: Lists(referrals.open_for(staff_id), referrals.made_by(staff_id))

    def show(self, lists: Lists) -> None:
        self.to_me = {str(r.id): r for r in lists.to_me}
        self.mine = {str(r.id): r for r in lists.mine}
        for table_id, rows, last in (("#to-me", self.to_me, lambda r: r.referred_by),
                                     ("#mine", self.mine, lambda r: r.became)):
            refill(self.query_one(table_id, OpenTable),
                   [(key, (r.pupil, str(r.year_group), r.reason, last(r))) for key, r in rows.items()])
        self.query_one("#to-me-head", Static).update(Content(
            f"Referrals that reached you, open: {len(self.to_me)}  (a accept · p pass on · c close)"))
        self.query_one("#mine-head", Static).update(Content(f"Referrals you made: {len(self.mine)}"))

    def _current(self, table_id: str = "#to-me") -> ReferralInfo | None:
        rows = self.to_me if table_id == "#to-me" else self.mine
        return rows.get(highlighted_key(self.query_one(table_id, OpenTable)))

    def _open_one(self) -> ReferralInfo | None:
        found = self._current()
        if found is None:
            self.notify("No open referral has reached you.", severity="warning")
        return found

    def action_view(self) -> None:
        focused = "#mine" if self.focused is self.query_one("#mine") else "#to-me"
        if (r := self._current(focused)) is not None:
            self.app.open_screen("pupil", pupil_id=r.pupil_id)  # type: ignore[attr-defined]

    def action_refer(self) -> None:
        self.app.push_screen(LineDialog("Refer a pupil", "Their name or UPN:", kind="entry"), self._find)

    def _find(self, text: str | None) -> None:
        if text and text.strip():
            self.db.post(lambda: self.Chosen([(p.id, f"{p.name} ({p.year}, {p.upn})") for p in search_pupils(text)],
                                             self._pick_pupil), holds_keys=True)  # keys typed on wait for the list

    @on(Chosen)
    def _chosen(self, event: Chosen) -> None:
        event.then(event.choices)  # type: ignore[operator]

    def _pick_pupil(self, choices: list[tuple[object, str]]) -> None:
        if not choices:
            self.notify("No pupil on roll has that name or UPN.", severity="warning")
            return
        names = dict(choices)
        self.app.push_screen(PickScreen("Which pupil?", choices),
                             lambda pid: pid is not None and self.app.push_screen(
                                 ReferDialog(int(pid), names[pid].split(" (")[0]), lambda _: self.action_refresh()))

    def action_accept(self) -> None:
        if (r := self._open_one()) is None:
            return

        def then(choices):
            self.app.push_screen(PickScreen(f"Accept {r.pupil} onto the programme: mentor?", choices),
                                 lambda mentor: self._accept(r, mentor))

        def choices() -> list[tuple[object, str]]:
            mentor = referrals.mentor_name(r.pupil_id)  # offered only when there is one to keep: else refused
            return ([(KEEP_MENTOR, f"Keep their mentor, {mentor}")] if mentor else []) + possible_mentors()

        self.db.post(lambda: self.Chosen(choices(), then), holds_keys=True)

    def _accept(self, r: ReferralInfo, mentor: int | None) -> None:
        if mentor is None:
            return
        user, today = self.app.user, self.app.today  # type: ignore[attr-defined]
        mentor_id = None if mentor == KEEP_MENTOR else int(mentor)
        self.change(lambda: referrals.accept(user, r.id, today, mentor_id), f"{r.pupil} is on the mentoring programme.")

    def action_pass_on(self) -> None:
        if (r := self._open_one()) is None:
            return

        def then(choices):
            self.app.push_screen(PickScreen(f"Pass {r.pupil}'s referral on to", choices),
                                 lambda to: to is not None and self.change(
                                     lambda: referrals.pass_on(self.app.user, r.id, int(to)),  # type: ignore[attr-defined]
                                     f"Referral passed on to {dict(choices)[to]}."))

        self.db.post(lambda: self.Chosen([(s.id, s.name) for s in staff_list(include_leavers=False)], then), holds_keys=True)

    def action_close(self) -> None:
        if (r := self._open_one()) is None:
            return
        self.app.push_screen(LineDialog(f"Close {r.pupil}'s referral", "The outcome (the referrer reads it):",
                                        check=lambda text: "" if text.strip() else "Say what the outcome was.",
                                        kind="reason"),
                             lambda outcome: outcome is not None and self.change(
                                 lambda: referrals.close(self.app.user, r.id, outcome),  # type: ignore[attr-defined]
                                 f"{r.pupil}'s referral is closed."))
