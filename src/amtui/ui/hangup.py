"""When the SSH link drops: make the saves in hand, then leave, rather than spin.

sshd sends SIGHUP when a connection drops. Python's default is to die on the spot,
which could cut off a save queued a few milliseconds before; here SIGHUP closes the app
the normal way, so each screen's queued saves are made before the process ends.

A terminal can also vanish without a SIGHUP (a session with no controlling terminal):
Textual's input thread then reads end-of-file for ever and takes a whole core. A check
every few seconds sees that the terminal is gone and closes the app the same way.
"""

from __future__ import annotations

import asyncio
import signal
import termios

from textual.app import App

CHECK_SECONDS = 3.0


def terminal_gone(fd: int) -> bool:
    """True once the terminal on ``fd`` has hung up (its settings can no longer be read)."""
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return True
    return False


def close_on_hangup(app: App, fd: int) -> None:
    """Close ``app`` when its terminal hangs up, with or without a SIGHUP."""

    def check() -> None:
        if terminal_gone(fd):
            app.exit()

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, app.exit)  # amtui runs in the main thread
    app.set_interval(CHECK_SECONDS, check, name="terminal-check")
