"""A meeting's "Not saved yet" goes once its save lands: it never stays beside the saved
state (or, later, beside "Meeting finished")."""

from __future__ import annotations

from amtui.db.connection import DatabaseUnavailable
from amtui.db.repo import meeting_saves
from amtui.ui import serial
from meeting_pilot import settle, until_text
from test_meeting_screen import meeting_app, zoe  # noqa: F401 (zoe: a fixture)


async def test_not_saved_yet_goes_when_the_save_lands(school, zoe, monkeypatch, notifications):
    monkeypatch.setattr(serial, "RETRY_SECONDS", 0.2)
    real, away = meeting_saves.set_check, [True]

    def flaky(*args, **kwargs):
        if away[0]:
            raise DatabaseUnavailable("The database cannot be reached: the network drive has gone away.")
        return real(*args, **kwargs)

    monkeypatch.setattr(meeting_saves, "set_check", flaky)
    async with meeting_app(school, zoe).run_test(size=(80, 24)) as pilot:
        notes = notifications(pilot.app)
        await until_text(pilot, "1. Preparation")
        await pilot.press(*["down"] * 6, "space")  # "Other records up to date": the mentor's own tick
        await until_text(pilot, "NOT SAVED YET")
        assert any("Not saved yet" in text for _, text in notes)
        assert pilot.app._notifications  # the warning is up
        away[0] = False
        await settle(pilot)
        await until_text(pilot, "saved")
        assert not pilot.app._notifications  # no longer true: gone
