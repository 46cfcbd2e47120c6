"""Who is at the keyboard: the operating system says, never the environment.

``getpass.getuser()`` believes ``LOGNAME`` and ``USER``, which anyone can set, so a
teacher once became admin with ``LOGNAME=admin``. The person is the real uid's passwd
entry. The one exception is the school server's deployment: staff reach amtui through
sudo as the service account, and sudo records who asked in ``SUDO_UID``. That variable is
believed only when this process runs (really and effectively) as the configured service
account, which only the sudoers rule the admin wrote can bring about.

A session opened through the warm server (``amtui.warm``) runs in a process forked from
it, not under sudo: ``amtui-session`` works the person out by the rule above and hands it
over, and the session's process is pinned to it (:func:`pin`).
"""

from __future__ import annotations

import os
import pwd
from collections.abc import Callable
from dataclasses import dataclass

UNKNOWN = "unknown user"  # a uid with no passwd entry; the space keeps it off any staff list, so read-only


@dataclass(frozen=True)
class Person:
    """The person amtui acts for: their login, their uid, and how amtui knows."""

    login: str
    uid: int | None
    via_service: bool = False  # True: the service account, on behalf of sudo's SUDO_UID


def _named(uid: int, lookup: Callable[[int], pwd.struct_passwd], via_service: bool) -> Person:
    try:
        return Person(lookup(uid).pw_name, uid, via_service)
    except KeyError:
        return Person(UNKNOWN, uid, via_service)


def resolve(real_uid: int, effective_uid: int, sudo_uid: str | None, service_uid: int | None,
            lookup: Callable[[int], pwd.struct_passwd] = pwd.getpwuid) -> Person:
    """The person, from the process's uids, sudo's ``SUDO_UID`` and the service account's uid.

    ``SUDO_UID`` counts only when both uids are the service account's; otherwise anyone
    could set it. A malformed one makes the person unknown (read-only), not the service.
    """
    if service_uid is not None and real_uid == effective_uid == service_uid and sudo_uid:
        try:
            return _named(int(sudo_uid), lookup, via_service=True)
        except ValueError:
            return Person(UNKNOWN, None, via_service=True)
    return _named(real_uid, lookup, via_service=False)


_pinned: Person | None = None


def pin(person: Person) -> None:
    """This process acts for ``person`` from now on (a warm server's session, see above)."""
    global _pinned
    _pinned = person


def current_person() -> Person:
    """The person at the keyboard of this process (see the module docstring)."""
    if _pinned is not None:
        return _pinned
    from amtui import config

    return resolve(os.getuid(), os.geteuid(), os.environ.get("SUDO_UID"), config.service_uid())


def current_login() -> str:
    """The login the staff list and the audit trail know this person by."""
    return current_person().login
