"""Files amtui writes for people: exports, prints and backups, with safe owners and modes.

Exports and prints hold pupils' personal data, so they are the writer's alone (0600);
nobody else on the server should read them by default. Backups must work for every
admin, not only the first: as the service account everything is the service's (0700
folder, 0600 files); for people sharing a file through a group, the folder is 0770 with
the setgid bit (new backups keep the database's group) and files are 0660.
An ``--out`` that lands in the database's folder is refused in every mode: that folder
is the school's, and a file dropped there (or a symlink followed there) must not be
able to shadow or replace the database, its journal or its backups.
"""

from __future__ import annotations

import contextlib
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from amtui import config

if TYPE_CHECKING:
    import tempfile

PRIVATE_UMASK = 0o077


class OutputRefused(Exception):
    """Amtui will not write there; the message says why and what to do instead."""


@contextlib.contextmanager
def private_umask() -> Iterator[None]:
    """Everything created while a command runs is its writer's alone unless set otherwise."""
    old = os.umask(PRIVATE_UMASK)
    try:
        yield
    finally:
        os.umask(old)


def check_out(out: Path | None, database: Path | None) -> None:
    """Refuse ``--out`` as the service account, and anywhere inside the database's folder."""
    if out is None:
        return
    if config.in_service_mode():
        raise OutputRefused("--out is not allowed here: the output comes to your own computer on "
                            "standard output, e.g. ssh SERVER amtui export tracking > tracking.csv")
    if database is not None and inside(out, database.parent):
        raise OutputRefused(f"--out {out} is inside the school database's folder "
                            f"({database.parent}); write it somewhere else.")


def inside(path: Path, folder: Path) -> bool:
    """Whether ``path``, after symlinks and '..', is ``folder`` or within it."""
    target = Path(os.path.realpath(path.expanduser()))
    return target == Path(os.path.realpath(folder)) or target.is_relative_to(os.path.realpath(folder))


def open_private(path: Path, encoding: str = "utf-8-sig") -> io.TextIOWrapper:
    """Open ``path`` for writing as a file only its owner may read (0600), even if it existed."""
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    return open(fd, "w", newline="", encoding=encoding)


def database_mode() -> int:
    """The mode of a database file amtui creates: the service account's alone, if it is one."""
    return 0o600 if config.in_service_mode() else 0o660


def write_private(path: Path, text: str) -> None:
    """Write a print: its writer's alone (0600), even over an older print left 0644."""
    with open_private(path, encoding="utf-8") as out:
        out.write(text)


def backup_modes() -> tuple[int, int]:
    """(folder mode, file mode) for backups in this mode of running."""
    if config.in_service_mode():
        return 0o700, 0o600
    return 0o2770, 0o660


def prepare_backup_folder(folder: Path, database: Path) -> int:
    """Make ``folder`` ready for this admin's backup; returns the mode for the backup file.

    A folder made by another admin is used as it is when it lets us write; when it does
    not, the message says whose it is and the command that fixes it for every admin.
    """
    folder_mode, file_mode = backup_modes()
    if not folder.exists():
        try:
            folder.mkdir(parents=True)
            with contextlib.suppress(OSError):  # not in the database's group: keep our own
                os.chown(folder, -1, database.stat().st_gid)
            os.chmod(folder, folder_mode)
        except OSError as error:
            raise OutputRefused(f"Cannot create the backups folder {folder}: {error.strerror}.") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        info = folder.stat()
        raise OutputRefused(
            f"Cannot write a backup into {folder}: it belongs to {_owner(info.st_uid)} with mode "
            f"{stat.S_IMODE(info.st_mode):04o}, and you may not write there. Nothing was changed. "
            f"The admin fixes it once for every admin with: chgrp {_group(database.stat().st_gid)} "
            f"{folder} && chmod 2770 {folder} (or run amtui as the service account: amtui doctor).")
    return file_mode


def _owner(uid: int) -> str:
    import pwd

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        return f"uid {uid}"


def _group(gid: int) -> str:
    import grp

    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def stream_files(paths: list[Path], out=None) -> str:
    """Send written files to standard output (one file as it is, several as a zip).

    As the service account this is how prints reach the person's own computer: ssh
    carries standard output, and nothing is left in the service account's home.
    """
    out = out or sys.stdout.buffer
    if len(paths) == 1:
        out.write(paths[0].read_bytes())
        what = paths[0].name
    else:
        import zipfile

        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in paths:
                archive.write(path, path.name)
        out.write(buffer.getvalue())
        what = f"a zip of {len(paths)} files"
    out.flush()
    return what


def private_temp_folder() -> tempfile.TemporaryDirectory:
    """A folder only this process's user can enter, removed afterwards (0700)."""
    import tempfile

    return tempfile.TemporaryDirectory(prefix="amtui-")
