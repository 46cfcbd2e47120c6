"""Moving pupils up a level on the weekly sheet: one (p) or every proposed move (P), and
setting a level by hand (l). Confirmations go through the sheet's ordered database
thread, after any scores still being saved, and are checked again in the transaction."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from amtui.db.repo import weekly as repo
from amtui.db.repo.weekly import Promotion, SheetRow
from amtui.domain.permissions import Action, refusal
from amtui.domain.weekly import LEVELS
from amtui.ui.dialogs.pick import PickScreen


@dataclass
class Promoted(Message):
    promotions: list[Promotion]


@dataclass
class LevelSet(Message):
    level: object


class MovesUp:
    """Mixin for the weekly sheet (it provides ``pupil()``, ``source``, ``db``, ``load``...)."""

    def promote(self, pupils: list[SheetRow]) -> None:
        user = self.user
        if why := refusal(user.roles, Action.CONFIRM_PROMOTION, all(p.class_id in user.class_ids for p in pupils)):
            self.refuse(why)
            return
        ids, today = [p.pupil_id for p in pupils], self.today
        self.db.post(lambda: repo.confirm_promotions(user, ids, today), done=Promoted)

    def action_promote(self) -> None:
        if (pupil := self.pupil()) and pupil.due:
            self.promote([pupil])

    def action_promote_all(self) -> None:
        self.promote([r for r in self.source.rows if r.due])

    def on_promoted(self, event: Promoted) -> None:
        moves = "; ".join(f"{p.name} to {p.new}" for p in event.promotions)
        self.say(f"Moved up (test 1 next): {moves}." if moves else "Nobody is due to move up any more.")
        self.load()

    def action_level(self) -> None:
        pupil, user = self.pupil(), self.user
        if pupil is None:
            return
        if why := refusal(user.roles, Action.CONFIRM_PROMOTION, pupil.class_id in user.class_ids):
            self.refuse(why)
            return
        current = LEVELS.index(pupil.level) if pupil.level in LEVELS else 0
        self.app.push_screen(PickScreen(f"Weekly level for {pupil.name}", [(lv, lv) for lv in LEVELS], current),
                             lambda level: self.level_picked(pupil, level))

    def level_picked(self, pupil: SheetRow, level: object) -> None:
        if level is None or level == pupil.level:
            return
        user, today, pid = self.user, self.today, pupil.pupil_id
        self.db.post(lambda: repo.set_level(user, pid, str(level), today), done=LevelSet)
        self.say(f"{pupil.name}: {level} from today.")

    def on_level_set(self, event: LevelSet) -> None:
        self.load()
