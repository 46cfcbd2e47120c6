"""The doctor's checks of the warm server (:mod:`amtui.warm`): its socket's place, that it
answers, and that it runs the amtui installed (after an upgrade it must be restarted)."""

from __future__ import annotations

import socket
import stat
from pathlib import Path

from amtui.doctor.checks import OK, UNSAFE, WARN, Check, describe
from amtui import warm_wire as wire

RESTART = "systemctl restart amtui-warm"
ANSWER_SECONDS = 5.0


def warm_checks(service_uid: int | None) -> list[Check]:
    path = wire.socket_path()
    folder = path.parent
    try:
        folder_info = folder.stat()
        socket_info = path.lstat()
    except FileNotFoundError:
        return [Check(WARN, f"no warm server: nothing listens at {path}, so each session loads amtui itself "
                      "(about twice as slow to open)", "run amtui-warm as the service account: README, "
                      "the warm server")]
    except PermissionError:
        return [Check(WARN, f"cannot see the warm server's socket {path} as this user",
                      "run amtui doctor as root or as the service account")]
    found = []
    if folder_info.st_uid != service_uid or stat.S_IMODE(folder_info.st_mode) & 0o077:
        found.append(Check(UNSAFE, f"the warm server's folder {folder} is not the service account's alone "
                           f"({describe(folder_info)}): whoever reaches its socket starts sessions",
                           f"chown {service_uid} {folder} && chmod 700 {folder}, then {RESTART}"))
    elif socket_info.st_uid != service_uid or not stat.S_ISSOCK(socket_info.st_mode):
        found.append(Check(UNSAFE, f"{path} is not the service account's socket ({describe(socket_info)})",
                           f"rm {path}, then {RESTART}"))
    else:
        found.append(Check(OK, f"the warm server's socket {path} is the service account's, in a folder only "
                           "it can open (0700)"))
    found.append(version_check(path))
    return found


def version_check(path: Path) -> Check:
    """Is the server answering, and with the amtui installed now?"""
    try:
        running = ask_version(path)
    except OSError as error:
        return Check(WARN, f"the warm server does not answer at {path} ({error.strerror or error}): sessions "
                     "start without it, slower", RESTART)
    installed = wire.code_stamp()
    if running is None:
        return Check(WARN, f"the warm server at {path} did not say which amtui it runs (it may be older "
                     "than this one)", RESTART)
    if running != installed:
        return Check(WARN, f"the warm server runs an older amtui ({running}) than the one installed "
                     f"({installed}): sessions get the old code until it is restarted", RESTART)
    return Check(OK, f"the warm server answers, running the amtui installed ({installed})")


def ask_version(path: Path) -> str | None:
    """The server's code stamp (``amtui.warm_wire.code_stamp``), None if it says something else."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
        conn.settimeout(ANSWER_SECONDS)
        conn.connect(str(path))
        conn.sendall(wire.VERSION_REQUEST)
        line = wire.LineReader(conn).line()
    if line is None or not line.startswith("version "):
        return None
    return line.removeprefix("version ")
