"""A key that arrives as the app closes, its last screen gone, is still handed on, never a
crash on the way out (it raised ScreenStackError at exit)."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App

from amtui.ui.key_hold import KeyHold


async def test_a_key_arriving_with_no_screen_left_is_handed_on():
    app = App()  # never run: no screen on its stack, as at the end of closing
    hold, handed = KeyHold(app), []

    async def handle(key: events.Key) -> None:
        handed.append(key.key)

    await hold.hand_on(events.Key("q", "q"), handle)
    await asyncio.wait_for(hold.settling, 5)
    assert handed == ["q"]
    assert not hold.busy  # and the next key is not held for ever
