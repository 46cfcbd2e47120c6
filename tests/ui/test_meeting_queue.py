"""The meeting's save queue: while the drive is away it says so once, keeps the save,
and makes it when the drive is back; saves stay in the order they were made."""

from __future__ import annotations

from amtui.db.connection import DatabaseUnavailable
from amtui.ui.screens import meeting_queue
from amtui.ui.screens.meeting_queue import Job, Saved, SaveFailed, SaveQueue


class Screen:
    def __init__(self):
        self.messages = []

    def post_message(self, message):
        self.messages.append(message)


def test_a_save_waits_for_the_drive_and_keeps_its_order(monkeypatch):
    monkeypatch.setattr(meeting_queue, "RETRY_SECONDS", 0.05)
    made, failures = [], []

    def first():
        if len(failures) < 2:
            failures.append(1)
            raise DatabaseUnavailable("the network drive holding it has gone away")
        made.append("barriers")
        return "ok"

    screen = Screen()
    queue = SaveQueue(screen)
    queue.put(Job(first, "barriers"))
    queue.put(Job(lambda: made.append("summary"), "summary"))
    assert queue.wait(5)
    assert made == ["barriers", "summary"]
    kinds = [type(m).__name__ for m in screen.messages]
    assert kinds == ["SaveFailed", "Saved", "Saved"]  # told once, then both saved in order
    assert isinstance(screen.messages[0], SaveFailed) and isinstance(screen.messages[1], Saved)
