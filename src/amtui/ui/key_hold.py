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

The same hold keeps the keys typed while a screen waits on the database for what the
next keys need (:meth:`KeyHold.awaiting`): a mentor who agrees an intervention and types
straight on types "who" before the agreed row has been read back, and those keys went
to fields that had nothing to change yet. A screen's database queue says when a job the
next keys depend on is posted, and when its answer has been handled (``ui.serial``); the
keys typed meanwhile are handed on after it, in order, once the focus has settled. A
database that does not answer within :data:`ANSWER_SECONDS`, or that is out of reach (its
saves are kept and tried again), no longer holds the keys.

A burst of letters handed on from the hold, each kept by the field it was typed into, is
drawn once at its end (Textual's ``batch_update``) rather than once a key.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager

from textual import events
from textual.app import App, ScreenStackError
from textual.message_pump import MessagePump

PASS_SECONDS = 2.0
"""At most this long for one queue to come round (a queue closing, or stuck on a slow
handler, must not hold the keys for ever): then the key is taken as settled."""
MOST_PASSES = 6
"""Rounds after the key's own way up, while each round still moves the screen or the focus."""
ANSWER_SECONDS = 5.0
"""At most this long the keys wait for the database's answer (see the module's text)."""

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
        self.in_hand = False  # a key is being handled or settling
        self.releasing: events.Key | None = None  # the held key on its way through the app's queue
        self.settling: asyncio.Task | None = None
        self.answers_due: dict[object, asyncio.TimerHandle] = {}  # the database's answers awaited
        self.batch: AbstractContextManager | None = None  # a burst handed on, drawn at its end

    @property
    def busy(self) -> bool:
        """A key is on its way, or keys are held."""
        return self.in_hand or self.releasing is not None or bool(self.held)

    async def hand_on(self, key: events.Key, handle: Callable[[events.Key], Awaitable[None]]) -> None:
        """Give ``key`` to ``handle`` (Textual's own handing on) now, or hold it for later."""
        if key is not self.releasing and (self.busy or self.answers_due):
            self.held.append(key)
            return
        self.in_hand, self.releasing = True, None
        app = self.app
        try:
            target: MessagePump = app.focused or app.screen
        except ScreenStackError:  # the app is closing: its last screen is gone
            target = app
        try:
            await handle(key)
        finally:
            self.settling = asyncio.create_task(self._settle(key, target), name="key settling")

    async def handed_on(self, seconds: float) -> bool:
        """Until every key the app has been given so far has been handed on and has settled
        (False when that took more than ``seconds``): the app is closing, and the keys
        typed before must be handled first."""
        deadline = asyncio.get_running_loop().time() + seconds
        await come_round(self.app)  # the keys in its queue have reached the hold
        while self.busy:
            if asyncio.get_running_loop().time() > deadline:
                return False
            await asyncio.sleep(0.01)
        return True

    def awaiting(self) -> Callable[[], None]:
        """Hold the keys typed from now on until the returned callable is called (from any
        thread; once is enough): the screen waits on the database for what they need. At
        most :data:`ANSWER_SECONDS`."""
        loop, token = asyncio.get_running_loop(), object()
        self.answers_due[token] = loop.call_later(ANSWER_SECONDS, self._answered, token, True)

        def answered() -> None:
            try:
                loop.call_soon_threadsafe(self._answered, token, False)
            except RuntimeError:  # the loop has closed: there are no keys left to hand on
                pass

        return answered

    def _answered(self, token: object, late: bool) -> None:
        timer = self.answers_due.pop(token, None)
        if timer is None:
            return
        timer.cancel()
        if late:
            log.warning("the database did not answer in %.0f s: the keys typed meanwhile are handed on",
                        ANSWER_SECONDS)
        if not self.answers_due and self.held and not self.in_hand and self.releasing is None:
            self.in_hand = True  # the answer is being shown: the keys go on once the focus settles
            self.settling = asyncio.create_task(self._settle_focus(), name="key settling")

    async def _settle(self, key: events.Key, target: MessagePump) -> None:
        app, kept = self.app, False
        try:
            where = (app.screen, target)
            first, *rest = way_up(target, app)
            await come_round(first)
            if first is not app and kept_where_handed(key):
                await come_round(app)  # where a focus() it asked for is made
                if (app.screen, app.focused) == where:
                    kept = True
                    return  # typed into the focused widget, which kept it: nothing more to wait for
            else:
                for node in rest:
                    await come_round(node)
            await self._rounds()
        except Exception:  # a bug here must never keep the keys from the screen
            log.exception("settling a key failed")
        finally:
            self._next(kept)

    async def _settle_focus(self) -> None:
        try:
            await self._rounds()
        except Exception:
            log.exception("settling the focus after the database's answer failed")
        finally:
            self._next(False)

    async def _rounds(self) -> None:
        """Round the queues from the focused widget up, until the screen and focus stay put."""
        app = self.app
        for _ in range(MOST_PASSES):
            before = (app.screen, app.focused, len(app.screen_stack))
            for node in way_up(app.focused or app.screen, app):
                await come_round(node)
            if before == (app.screen, app.focused, len(app.screen_stack)):
                break

    def _next(self, kept: bool) -> None:
        """Hand on the key held longest (through the app's queue, as it came), if any and no
        answer is awaited. ``kept``: the key before it was kept by the focused widget, so a
        burst of such keys is drawn once, at its end."""
        self.settling, self.in_hand = None, False
        if not (kept and self.held and not self.answers_due):
            self._draw()
        if self.answers_due or not self.held:
            return  # held until the answer (``_answered``), or none to hand on
        if kept and self.batch is None:
            self.batch = self.app.batch_update()
            self.batch.__enter__()
        self.releasing = self.held.popleft()
        if not self.app.post_message(self.releasing):
            self.held.clear()  # the app is closing: it handles no more keys
            self.releasing = None
            self._draw()

    def _draw(self) -> None:
        """The burst is over: what it changed is drawn. Textual's end of a batch wakes only
        the app: the screen on top (one a key of the burst may have pushed, whose layout
        waited for the batch's end) is woken too, or it stays undrawn until something
        else changes on it."""
        if self.batch is not None:
            batch, self.batch = self.batch, None
            batch.__exit__(None, None, None)
            try:
                self.app.screen.check_idle()
            except ScreenStackError:  # the app is closing: nothing left to draw
                pass
