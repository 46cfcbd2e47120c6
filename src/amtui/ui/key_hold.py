"""Keys typed ahead of the screen go where the person meant them, one after another.

Textual hands a key to the widget with the focus and goes straight on to the next key,
while the first is still on its way: a binding that is not a priority one runs only once
the key has climbed, queue by queue, from the focused widget back up to the app, and a
dialog it opens is mounted, and takes the focus, later still. A quick mentor's keys
typed after ``n`` (the intervention dialog) or Enter on the "who" field (the staff list)
were handed to the table or field still focused on the screen below, and lost.

So the app hands on one key at a time (:class:`KeyHold`): a key typed while the one
before is still being handled is held, and handed on once that one has settled, that
is once every queue it went through, and every queue on the way from the widget with
the focus now up to the app, has handled what was in it when the key was handed on,
and nothing moved meanwhile (the screen, the focus). A dialog pushed by a key is
mounted and focused before the next key is handed on, so the keys typed into it land in
it in order; keys typed before the key that opens it stay with the screen below.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump

PASS_SECONDS = 2.0
"""At most this long for one queue to come round (a queue closing, or stuck on a slow
handler, must not hold the keys for ever): then the key is taken as settled."""
MOST_PASSES = 6
"""Rounds after the key's own way up, while each round still moves the screen or the focus."""

log = logging.getLogger(__name__)

# Whether a key was stopped where it was handed (a letter typed into a field), read from
# Textual's private flag: a key its widget kept needs no further round of the queues. If a
# Textual release renames it, every key takes the full rounds (slower, as safe).
STOPPED_FLAG = "_stop_propagation"
if not hasattr(events.Key("a", "a"), STOPPED_FLAG):
    log.warning("Textual's Key has no %s: each key typed ahead takes every round of the queues", STOPPED_FLAG)
    STOPPED_FLAG = ""


def kept_where_handed(key: events.Key) -> bool:
    """The widget the key was handed to kept it: it went no further up."""
    return bool(STOPPED_FLAG) and bool(getattr(key, STOPPED_FLAG))


def way_up(node: MessagePump, app: App) -> list[MessagePump]:
    """The queues a key handed to ``node`` goes through, ``node`` first and the app last."""
    nodes = list(node.ancestors_with_self) if node is not app else []  # type: ignore[attr-defined]
    return [n for n in nodes if n is not app] + [app]


async def come_round(node: MessagePump) -> None:
    """Until ``node`` has handled everything in its queue now."""
    done = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not node.call_later(mark):
        return  # closed: it handles nothing more
    try:
        await asyncio.wait_for(done, PASS_SECONDS)
    except TimeoutError:
        log.warning("%s did not come round in %.0f s: the next key is handed on", node, PASS_SECONDS)


class KeyHold:
    """The keys from the terminal, handed on one at a time (see the module's text)."""

    def __init__(self, app: App) -> None:
        self.app = app
        self.held: deque[events.Key] = deque()
        self.busy = False
        self.releasing: events.Key | None = None
        self.settling: asyncio.Task | None = None

    async def hand_on(self, key: events.Key, handle: Callable[[events.Key], Awaitable[None]]) -> None:
        """Give ``key`` to ``handle`` (Textual's own handing on) now, or hold it for later."""
        if self.busy and key is not self.releasing:
            self.held.append(key)
            return
        self.busy, self.releasing = True, None
        app = self.app
        try:
            target: MessagePump = app.focused or app.screen
        except ScreenStackError:  # the app is closing: its last screen is gone
            target = app
        try:
            await handle(key)
        finally:
            self.settling = asyncio.create_task(self._settle(key, target), name="key settling")

    async def _settle(self, key: events.Key, target: MessagePump) -> None:
        app = self.app
        try:
            where = (app.screen, target)
            first, *rest = way_up(target, app)
            await come_round(first)
            if first is not app and kept_where_handed(key):
                await come_round(app)  # where a focus() it asked for is made
                if (app.screen, app.focused) == where:
                    return  # typed into the focused widget, which kept it: nothing more to wait for
            else:
                for node in rest:
                    await come_round(node)
            for _ in range(MOST_PASSES):
                before = (app.screen, app.focused, len(app.screen_stack))
                for node in way_up(app.focused or app.screen, app):
                    await come_round(node)
                if before == (app.screen, app.focused, len(app.screen_stack)):
                    break
        except Exception:  # a bug here must never keep the keys from the screen
            log.exception("settling a key failed")
        finally:
            self._next()

    def _next(self) -> None:
        """Hand on the key held longest (through the app's queue, as it came), if any."""
        self.settling = None
        if self.held:
            self.releasing = self.held.popleft()
            if self.app.post_message(self.releasing):
                return
            self.held.clear()  # the app is closing: it handles no more keys
        self.busy, self.releasing = False, None
