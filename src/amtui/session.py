"""``amtui-session``: the only program staff run on the school server.

sshd's ``ForceCommand`` starts it (through a fixed sudoers rule, as the service account)
whatever the person asked for; what they asked for arrives in ``SSH_ORIGINAL_COMMAND``.
Only amtui's own commands pass: a shell, ``sqlite3``, ``python3 -c``, scp and sftp are
refused, and so are ``--db`` (the school's file is fixed by root's config) and ``--as``
(the person is who sudo says). Nothing here trusts the person's environment: sudo's
``env_reset`` cleared it, and identity comes from ``amtui.identity``.

Where the admin runs the warm server (:mod:`amtui.warm`), the checked command, the person
and the terminal are handed to it, and a process it forks runs amtui for them; without
one (or if it does not answer) amtui starts here, the usual way.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Sequence

REFUSED_OPTIONS = ("--db", "--as")
OVER_SSH = frozenset({
    "archive", "attitude", "audit", "backup", "bigwrite", "doctor", "erase", "export", "grid", "halfterm",
    "import", "init", "meeting", "meetings", "monitor", "new-year", "print", "programme", "pupil",
    "restore", "returns", "settings", "staff", "trust", "weekly",
})
"""amtui's commands a session runs. Each command of ``amtui.cli.COMMANDS`` is here or in
NOT_OVER_SSH (a test holds it): listed here, not read from the command line, so that this
program loads nothing of the command line's before handing over."""
NOT_OVER_SSH = frozenset({"demo"})  # the demo builds a school of its own; the server has the real one


class Refused(Exception):
    """The request is not an amtui command this session runs; the message says why."""


def allowed_commands() -> set[str]:
    return set(OVER_SSH)


def parse_request(original: str | None) -> list[str]:
    """amtui's arguments for an SSH request (empty or absent: open the app).

    ``amtui grid Elm Maths`` -> ``["grid", "Elm", "Maths"]``; anything that is not
    amtui with one of its own commands raises Refused.
    """
    if original is None or not original.strip():
        return []
    try:
        words = shlex.split(original)
    except ValueError as error:
        raise Refused(f"cannot read the command ({error})") from None
    if not words or words[0] != "amtui":
        raise Refused(f"'{words[0] if words else original}' is not amtui; this server runs only amtui "
                      "for you (e.g. ssh SERVER amtui export tracking > tracking.csv)")
    args = words[1:]
    for word in args:
        for option in REFUSED_OPTIONS:
            if word == option or word.startswith(option + "="):
                raise Refused(f"{option} is not allowed here: the school's database and who you are "
                              "are set by the server")
    command = next((word for word in args if not word.startswith("-")), None)
    if command is None:
        if any(word not in ("--help", "-h", "--version") for word in args):
            raise Refused(f"'{' '.join(args)}' is not an amtui command")
        return args
    if command not in allowed_commands():
        raise Refused(f"'{command}' is not an amtui command here (amtui --help lists them)")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the amtui command the SSH request names, as the service account; exit 1 if refused."""
    from amtui import config

    try:
        if not config.in_service_mode():
            raise Refused("amtui-session runs only as the service account, started by sshd through "
                          "sudo (see the README's admin section and amtui doctor)")
        args = parse_request(os.environ.get("SSH_ORIGINAL_COMMAND"))
        if not args and not (sys.stdin.isatty() and sys.stdout.isatty()):
            raise Refused("the app needs a terminal: use ssh -t SERVER, or give a command "
                          "(ssh SERVER amtui export tracking > tracking.csv)")
    except (Refused, config.ConfigError) as error:
        print(f"amtui: refused: {error}", file=sys.stderr)
        return 1
    from amtui.identity import current_person
    from amtui.warm.client import hand_over
    from amtui.warm_wire import forget_the_persons_settings

    status = hand_over(args, current_person())  # quicker, when the admin runs the warm server
    if status is not None:
        return status
    forget_the_persons_settings()
    from amtui.cli import main as amtui_main

    return amtui_main(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
