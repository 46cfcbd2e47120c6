"""Others at work on the same class: the class grid's change check.

When someone may have saved (on a PostgreSQL server as soon as they commit; on SQLite at
every poll, each second or two) the grid asks whether anything changed and, if so, which
entries are new, without disturbing what is being typed. Someone who changes a cell this session has
just set is named; so is the same login in another session (two windows, or a laptop
left logged in): entries are compared with this session's own saves, never by login.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from amtui.db.repo import class_grid
from amtui.db.repo.class_grid import NewEntry
from amtui.domain.class_record import cell_state


@dataclass
class Polled(Message):
    """The change check: None when nobody saved since the last one, else the database's
    change count and the entries made since the newest shown."""

    found: tuple[int, list[NewEntry]] | None


class SeesOthers:
    """Mixed into ``ClassGridScreen``: the poll, and what others saved."""

    def poll(self) -> bool:
        """Queue a look at what others saved; False when it cannot look now (a save in hand)."""
        if self.data is None or self.db.busy:
            return False
        pupils = [p.id for p in self.data.pupils]
        criteria = [c.id for c in self.data.criteria]
        after, seen = self.data.last_mark_id, self.data_version

        def job() -> tuple[int, list[NewEntry]] | None:
            version = class_grid.data_version()
            if version == seen:
                return None
            return version, class_grid.entries_since(after, pupils, criteria)

        self.db.post(job, done=Polled)
        return True

    def on_polled(self, event: Polled) -> None:
        if event.found is None:
            return
        version, entries = event.found
        self.data_version = version
        record, at = self.data.record, self.data.half_term.ordinal
        changed = []
        for new in entries:
            self.data.last_mark_id = max(self.data.last_mark_id, new.entry.seq)
            key = (new.pupil_id, new.criterion_id)
            history = self.data.histories.setdefault(key, [])
            if any(e.seq == new.entry.seq for e in history) or new.entry.half_term > at:
                continue
            history.append(new.entry)
            history.sort(key=lambda e: e.seq)
            record.set_cell(*key, cell_state(history, at))
            changed.append(key)
            # Compared by session, not login: the same teacher in two windows is told too.
            if key in self.mine and new.entry.seq > self.mine[key] and new.entry.seq not in self.saved_here:
                self.say(f"{self.who(new.staff_id, new.staff_name)} changed a code you had just set to "
                         f"'{new.entry.code.symbol}': theirs is the newest and is shown.")
        if changed:
            self.redraw(changed)

    def who(self, staff_id: int | None, name: str) -> str:
        """Who made an entry this session did not: a name, or you in another session."""
        return "You, in another session," if staff_id == self.app.user.staff_id else name  # type: ignore[attr-defined]
