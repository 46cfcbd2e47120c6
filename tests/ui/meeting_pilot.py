"""Helpers for the meeting Pilot tests: the screen as text, waiting for saves, stepping."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot

from amtui.ui.serial import OwnsDb


def screen_text(app) -> str:
    """Every line the terminal shows now (80x24 in these tests), as plain text."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


async def settle(pilot: Pilot, timeout: float = 8.0) -> None:
    """Let the meeting take every key typed, save everything and read back what it must."""
    screen = pilot.app.screen
    deadline = time.monotonic() + timeout
    await pilot.pause(0.05)
    while (getattr(screen, "unsaved", 0) or any(w.is_running for w in pilot.app.workers)
           or pilot.app.key_hold.busy):  # keys typed ahead, still held for their turn
        if time.monotonic() > deadline:
            raise AssertionError(f"saves still pending after {timeout}s")
        await pilot.pause(0.05)
    if isinstance(screen, OwnsDb):
        await asyncio.wait_for(screen.db.idle(), max(deadline - time.monotonic(), 0.1))  # and what it reads again
    await pilot.pause(0.05)


async def until_text(pilot: Pilot, *texts: str, timeout: float = 8.0) -> str:
    """Wait until every text is on the screen; fail showing the screen."""
    deadline = time.monotonic() + timeout
    while True:
        shown = screen_text(pilot.app)
        if all(text in shown for text in texts):
            return shown
        if time.monotonic() > deadline:
            raise AssertionError(f"waited for {texts!r}; the screen shows:\n{shown}")
        await pilot.pause(0.05)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type like a person: one key at a time ("space" for spaces)."""
    await pilot.press(*["space" if ch == " " else ch for ch in text])


async def go_to_step(pilot: Pilot, number: int) -> str:
    """Page through the agenda to step ``number``; returns the screen."""
    screen = pilot.app.screen
    while screen.step != number:
        await pilot.press("pagedown" if screen.step < number else "pageup")
        await settle(pilot)
    return await until_text(pilot, f"{number}. ")
