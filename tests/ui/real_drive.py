"""A real small drive for the database: a 2 MB tmpfs that can be filled up and remounted
read-only, as a school's shared drive fills up or turns read-only under amtui.

Needs root (CI runs as root); where mounting is not permitted the tests are skipped
with the reason.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
from pathlib import Path

import pytest


class RealDrive:
    """A tmpfs mounted at ``folder``."""

    def __init__(self, folder: Path, size: str = "2m") -> None:
        self.folder = folder
        self.size = size
        self.filler = folder / "filler"

    def _mount(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["mount", *args], capture_output=True, text=True)

    def mount(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        done = self._mount("-t", "tmpfs", "-o", f"size={self.size},mode=0777", "tmpfs", str(self.folder))
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs to stand for the drive ({done.stderr.strip() or 'not root'})")

    def unmount(self) -> None:
        self._mount("-o", "remount,rw", str(self.folder))
        if subprocess.run(["umount", str(self.folder)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)  # a connection still open

    def fill(self) -> None:
        """Take every free byte."""
        fd = os.open(self.filler, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        try:
            for size in (1 << 16, 4096, 512, 1):
                try:
                    while True:
                        os.write(fd, b"\0" * size)
                except OSError:
                    pass
        finally:
            os.close(fd)

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def read_only(self) -> None:
        """Remount read-only (every connection that writes must be closed first)."""
        done = self._mount("-o", "remount,ro", str(self.folder))
        assert done.returncode == 0, done.stderr

    def writable(self) -> None:
        done = self._mount("-o", "remount,rw", str(self.folder))
        assert done.returncode == 0, done.stderr


def rows(db: Path, sql: str, *args) -> list[tuple]:
    """Read the file on a connection of its own (what another machine would see)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()
