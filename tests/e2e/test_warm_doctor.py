"""amtui doctor on the warm server: its socket's place, that it answers, and that it runs
the amtui installed (an upgrade needs a restart), asked over SSH as staff ask it."""

from __future__ import annotations

import os
import socket
from pathlib import Path

from benchmarks.warm_server import ServerPlay
from test_warm import play  # noqa: F401  (the fixture: a school server's config and socket folder)

import amtui


def doctor(play: ServerPlay) -> str:  # noqa: F811
    """``ssh SERVER amtui doctor``'s output (through the warm server when it runs)."""
    session = play.session("amtui doctor")
    try:
        session.process.wait(timeout=60)
        session.read_for(0.3)
    finally:
        session.close()
    text = bytes(session.output).decode(errors="replace")
    assert "Traceback" not in text, text
    return text


def warm_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if "warm server" in line]


def test_the_doctor_sees_the_warm_server_answer_and_an_upgrade_that_needs_a_restart(play):  # noqa: F811
    newest = max(Path(amtui.__file__).parent.rglob("*.py"), key=lambda path: path.stat().st_mtime_ns)
    with play.warm_server():
        said = warm_lines(doctor(play))
        assert said[0].startswith("ok") and "socket" in said[0] and "0700" in said[0], said
        assert said[1].startswith("ok") and "running the amtui installed" in said[1], said

        was = newest.stat()
        os.utime(newest, ns=(was.st_atime_ns, was.st_mtime_ns + 10**9))  # amtui upgraded
        try:
            said = warm_lines(doctor(play))
        finally:
            os.utime(newest, ns=(was.st_atime_ns, was.st_mtime_ns))
    assert said[1].startswith("warn") and "older amtui" in said[1] and "until it is restarted" in said[1], said
    assert "systemctl restart amtui-warm" in said[1]


def test_a_socket_nobody_answers_and_a_folder_others_can_open_are_said(play):  # noqa: F811
    play.socket.parent.mkdir(mode=0o755)
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(str(play.socket))  # left behind by a server that stopped
    stale.close()

    said = warm_lines(doctor(play))  # amtui-session starts it the usual way

    assert said[0].startswith("UNSAFE") and "not the service account's alone" in said[0], said
    assert said[1].startswith("warn") and "does not answer" in said[1], said
