"""One check of the deployment, and the file-permission logic the checks share.

Kept free of the database and of sshd so each rule can be tested with a tmp folder.
"""

from __future__ import annotations

import grp
import os
import pwd
import stat
from dataclasses import dataclass
from pathlib import Path

OK, WARN, UNSAFE = "ok", "warn", "UNSAFE"


@dataclass(frozen=True)
class Check:
    """A finding: its status word (not colour alone), what was seen, and what to do."""

    status: str
    what: str
    todo: str = ""

    def line(self) -> str:
        return f"{self.status:<6} {self.what}" + (f" -> {self.todo}" if self.todo else "")


def name_of_user(uid: int) -> str:
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def name_of_group(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return f"gid {gid}"


def groups_of(uid: int) -> set[int]:
    """The gids a user belongs to (their primary group and every supplementary one)."""
    try:
        entry = pwd.getpwuid(uid)
    except KeyError:
        return set()
    return set(os.getgrouplist(entry.pw_name, entry.pw_gid))


def allowed(info: os.stat_result, uid: int, gids: set[int], bits: int) -> bool:
    """Whether ``uid`` (in ``gids``) has every one of ``bits`` (as r=4, w=2, x=1) on a file.

    The kernel's rule: the owner's bits for the owner, else the group's for a member,
    else the others'; root passes (its reads and writes are never limited by the mode).
    """
    if uid == 0:
        return True
    mode = info.st_mode
    if info.st_uid == uid:
        have = (mode >> 6) & 7
    elif info.st_gid in gids:
        have = (mode >> 3) & 7
    else:
        have = mode & 7
    return have & bits == bits


def could_open(path: Path, uid: int, gids: set[int] | None = None) -> str | None:
    """How ``uid`` could open ``path`` themselves ('read', 'read and write'), or None.

    Every folder on the way must let them through (x) as well as the file its r or w bit.
    ACLs are not read; the doctor says so where it matters.
    """
    gids = groups_of(uid) if gids is None else gids
    path = Path(os.path.abspath(path))
    for folder in reversed(path.parents):
        if not allowed(folder.stat(), uid, gids, 1):
            return None
    info = path.stat()
    can_read, can_write = allowed(info, uid, gids, 4), allowed(info, uid, gids, 2)
    if can_read and can_write:
        return "read and write"
    return "read" if can_read else ("write" if can_write else None)


def own_private_group(info: os.stat_result) -> bool:
    """Whether the file's group is its owner's personal group (Debian's default), nobody else's."""
    try:
        owner, group = pwd.getpwuid(info.st_uid), grp.getgrgid(info.st_gid)
    except KeyError:
        return False
    return (owner.pw_gid == info.st_gid and group.gr_name == owner.pw_name
            and set(group.gr_mem) <= {owner.pw_name})


def describe(info: os.stat_result) -> str:
    return (f"owner {name_of_user(info.st_uid)}, group {name_of_group(info.st_gid)}, "
            f"mode {stat.S_IMODE(info.st_mode):04o}")


def ownership(path: Path, kind: str, service_uid: int | None, private_mode: int) -> Check:
    """The database file's or folder's owner and mode against what the deployment needs."""
    try:
        info = path.stat()
    except OSError as error:
        return Check(UNSAFE, f"{kind} {path}: cannot be examined ({error.strerror})",
                     "run amtui doctor as the service account (sudo -u amtui amtui doctor)")
    mode = stat.S_IMODE(info.st_mode)
    seen = f"{kind} {path}: {describe(info)}"
    if service_uid is not None:
        account = name_of_user(service_uid)
        if info.st_uid != service_uid:
            return Check(UNSAFE, seen, f"chown {account}:{account} {path}")
        if mode & 0o077:
            return Check(UNSAFE, seen + " (others than the service account may open it)",
                         f"chmod {private_mode:o} {path}")
        return Check(OK, seen)
    if path.is_dir():
        if mode & 0o022:
            return Check(UNSAFE, seen + " (others may replace the files in it)", f"chmod go-w {path}")
        return Check(OK, seen)
    if mode & 0o007:
        return Check(UNSAFE, seen + " (every account on this machine may open it)",
                     f"chmod o-rwx {path}; better, run amtui as a service account (README)")
    if mode & 0o070 and own_private_group(info):
        return Check(OK, seen + " (its group is its owner's own, with nobody else in it)")
    if mode & 0o070:
        return Check(UNSAFE, seen + f" (every member of {name_of_group(info.st_gid)} may open it "
                     "with sqlite3 and rewrite marks and the audit trail)",
                     "run amtui as a service account: the README's admin section")
    return Check(OK, seen + " (only its owner may open it)")
