"""The cyclic garbage collector is held back while amtui starts, then works as usual.

Start-up builds thousands of objects and frees few (modules, classes, styles), so the
collector's frequent passes over them found nothing and took up to a tenth of the time
to the first screen. ``hold`` makes them rare (``amtui.cli`` holds as it is imported,
and again in ``main``); ``release`` puts the usual settings back (when a command ends;
the app releases once its first screen is up, and freezes what start-up built, so
later passes, between keystrokes, no longer walk it). Only the
collection of reference cycles waits: everything else is freed as soon as it is unused.
"""

from __future__ import annotations

import gc

USUAL = gc.get_threshold()
WHILE_STARTING = 100_000  # allocations between passes (usually 700); still bounded


def hold() -> None:
    """Make collections rare until ``release``."""
    gc.set_threshold(WHILE_STARTING, *USUAL[1:])


def release(freeze: bool = False) -> None:
    """The usual collector again (if held); with ``freeze``, what exists now is left out
    of later passes (for a process that lives on, like the app, never for a test run)."""
    if gc.get_threshold()[0] == WHILE_STARTING:
        if freeze:
            gc.freeze()
        gc.set_threshold(*USUAL)
