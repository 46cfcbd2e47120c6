"""Schools built once, for the tests to copy: a copy takes milliseconds.

An empty school file at the latest schema (making one runs every table's DDL and its row
seals, about 0.1 s of CPU) is made once in each test process and copied for every test
that starts from an empty SQLite school (``empty_school``).

A demo school takes seconds to build. Test modules that need the same demo (the same kind,
day and builder's login) share one build: the first to ask builds it under a lock, in a
folder both pytest-xdist workers see, and every other module, on either worker, waits for
it and copies the file. Each test or module then changes only its own copy.
"""

from __future__ import annotations

import atexit
import datetime as dt
import fcntl
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.startup import Opened, open_database
from amtui.demo import build_demo
from amtui.demo.builder import DemoSummary
from amtui.demo.secondary import build_secondary_demo
from amtui.outputs import database_mode

_EMPTY: list[Path] = []
"""This process's empty school at the latest schema, once made."""


def empty_school(path: Path) -> None:
    """An empty school at the latest schema at ``path``, unless a file is there already (as
    ``open_database(..., create=True)`` would make it, copied). Open it after."""
    if path.exists():
        return
    if not _EMPTY:
        folder = Path(tempfile.mkdtemp(prefix="amtui-empty-school-"))
        atexit.register(shutil.rmtree, folder, True)
        open_database(Target(str(folder / "empty.db")), create=True).db.close()
        _EMPTY.append(folder / "empty.db")
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_EMPTY[0], path)
    os.chmod(path, database_mode())  # personal data: the mode a new school file is given


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this test run's that every worker sees (a worker's own base is inside it)."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "built-schools"
    folder.mkdir(exist_ok=True)
    return folder


def built_once(tmp_path_factory: pytest.TempPathFactory, name: str,
               build: Callable[[Path], object]) -> tuple[Path, object]:
    """The file ``build(path)`` makes, made once in the run under ``name``: (its path, what
    ``build`` returned). Copy the file before changing it."""
    folder = _run_folder(tmp_path_factory)
    path, kept = folder / f"{name}.db", folder / f"{name}.pickle"
    with open(folder / f"{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not kept.exists():
            made = build(path)
            kept.write_bytes(pickle.dumps(made))
        return path, pickle.loads(kept.read_bytes())


def demo_school(tmp_path_factory: pytest.TempPathFactory, today: dt.date, login: str | None = None,
                secondary: bool = False) -> tuple[Path, DemoSummary]:
    """The demo school (the secondary one if ``secondary``) as built on ``today`` by ``login``
    (None: whoever runs the tests), built once in the run: (its file, the build's summary)."""
    kind = "secondary" if secondary else "primary"
    builder = build_secondary_demo if secondary else build_demo

    def build(path: Path) -> DemoSummary:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("AMTUI_SYSLOG", "0")
            if login is not None:
                patch.setattr(identity, "current_person", lambda: identity.Person(login, None))
            opened = open_database(Target(str(path)), create=True)
            summary = builder(today=today)
            opened.db.close()
        return summary

    who = login if login is not None else identity.current_person().login
    return built_once(tmp_path_factory, f"{kind}-{today:%Y%m%d}-{who}", build)


def copy_of(built: Path, folder: Path, name: str = "demo.db") -> Path:
    """A copy of the built school in ``folder`` (with the built file's mode), for one test or
    module to change."""
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(built, folder / name))


def opened_copy(built: Path, folder: Path, name: str = "demo.db") -> Opened:
    """A copy of the built school in ``folder``, opened (the models bound to it)."""
    return open_database(Target(str(copy_of(built, folder, name))))
