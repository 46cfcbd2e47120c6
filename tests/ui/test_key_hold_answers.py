"""Keys typed while the screen waits on the database are held and handed on, in order,
once its answer has been handled; a database that does not answer holds them only so
long; and a burst of letters handed on from the hold is drawn once, not once a key."""

from __future__ import annotations

import asyncio
import time

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Input

from amtui.ui import key_hold
from amtui.ui.key_hold import KeyHold


class Typing(App):
    """One field, its keys handed on through the hold as amtui's are."""

    def __init__(self) -> None:
        super().__init__()
        self.key_hold = KeyHold(self)
        self.frames = 0
        self.drawn = ""  # the field's text as last drawn on the terminal

    def compose(self) -> ComposeResult:
        yield Input(id="field")

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            await self.key_hold.hand_on(event, super().on_event)
        else:
            await super().on_event(event)

    def post_display_hook(self) -> None:
        self.frames += 1
        self.drawn = self.query_one(Input).value


def type_at_once(app: App, text: str) -> None:
    for char in text:
        app.post_message(events.Key(char, char))


async def until(pilot, check, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "never happened"
        await pilot.pause(0.02)


async def test_keys_typed_while_an_answer_is_awaited_wait_for_it_then_go_on_in_order():
    async with Typing().run_test() as pilot:
        app = pilot.app
        field = app.query_one(Input)
        answered = app.key_hold.awaiting()
        type_at_once(app, "who")
        await pilot.pause(0.3)
        assert field.value == "" and list(k.key for k in app.key_hold.held) == ["w", "h", "o"]
        answered()
        await until(pilot, lambda: field.value == "who" and not app.key_hold.busy)
        assert not app.key_hold.answers_due and list(app.key_hold.held) == []


async def test_a_database_that_does_not_answer_holds_the_keys_only_so_long(monkeypatch):
    monkeypatch.setattr(key_hold, "ANSWER_SECONDS", 0.5)
    async with Typing().run_test() as pilot:
        app = pilot.app
        field = app.query_one(Input)
        app.key_hold.awaiting()  # never answered
        type_at_once(app, "late")
        await pilot.pause(0.2)
        assert field.value == ""
        await until(pilot, lambda: field.value == "late", timeout=5)


async def test_a_burst_handed_on_from_the_hold_is_drawn_once():
    async with Typing().run_test() as pilot:
        app = pilot.app
        field = app.query_one(Input)
        await pilot.pause(0.2)
        answered = app.key_hold.awaiting()
        type_at_once(app, "a burst of forty letters typed straight on")
        await pilot.pause(0.2)
        before = app.frames
        answered()
        await until(pilot, lambda: field.value == "a burst of forty letters typed straight on")
        await pilot.pause(0.3)
        assert app.key_hold.batch is None and not app.key_hold.busy
        assert 1 <= app.frames - before <= 3, f"{app.frames - before} redraws for one burst"
        assert app.drawn == field.value, "the burst's end was never drawn"



async def test_closing_waits_until_every_key_typed_has_been_handed_on():
    """What a hangup waits for before amtui closes: the keys already given to the app,
    held ones included, handed on and settled (then their saves are queued)."""
    async with Typing().run_test() as pilot:
        app = pilot.app
        field = app.query_one(Input)
        answered = app.key_hold.awaiting()
        type_at_once(app, "who")
        closing = asyncio.create_task(app.key_hold.handed_on(5.0))
        await pilot.pause(0.3)
        assert not closing.done() and field.value == ""
        answered()
        assert await closing and field.value == "who"
        app.key_hold.awaiting()  # never answered
        type_at_once(app, "late")
        assert not await app.key_hold.handed_on(0.3)
