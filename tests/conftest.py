"""Fixtures shared by every test: a fresh school database per test.

A test whose database comes from ``db_target`` (``opened``, the UI tests' ``school``) may
run on either engine: a SQLite file, or a database of a real PostgreSQL server
(``tests/pg_server.py``, one per test run and worker). By default the database tests
(``ON_BOTH_ENGINES``) and the UI tests in ``engines.UI_ON_BOTH_ENGINES`` (every main screen opened
and saved in, and what differs by engine: others' saves arriving, concurrent saves) run
on both, the rest on SQLite. ``pytest --engine=postgres tests/ui`` runs every one of them on
PostgreSQL instead, ``--engine=both`` on both, ``--engine=sqlite`` on SQLite alone. A test
marked ``sqlite_only`` (it needs SQLite's file itself) runs on SQLite whatever is asked.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from amtui import identity
from amtui.db.connection import Target
from amtui.db.startup import Opened, open_database
from built_schools import empty_school
from engines import UI_ON_BOTH_ENGINES


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """The e2e tests share the machine: one worker runs them one after another (workers.py)."""
    from workers import make_scheduler

    return make_scheduler(config, log)


@pytest.fixture
def db_path(tmp_path):
    """Where this test's SQLite file lives (a file: worker threads need their own connections)."""
    return tmp_path / "school.db"


ON_BOTH_ENGINES = ("tests/unit/db/", "tests/unit/imports/", "tests/unit/test_exports.py")
ENGINES = {"sqlite": ["sqlite"], "postgres": ["postgres"], "both": ["sqlite", "postgres"]}
_ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--engine", choices=sorted(ENGINES), default=None,
                     help="run the tests whose database may be either engine on this one ('both': on "
                          "each); default: SQLite, and PostgreSQL too for the database tests and the "
                          "UI tests listed in tests/conftest.py")


def _on_both_by_default(where: str, name: str) -> bool:
    if where.startswith(ON_BOTH_ENGINES):
        return True
    listed = UI_ON_BOTH_ENGINES.get(where, ())
    return listed == "all" or name in listed


def pytest_generate_tests(metafunc):
    """``db_engine``, for a test whose database comes from ``db_target``: see the module's
    docstring (a test that parametrizes ``db_engine`` itself chooses its own)."""
    path = Path(str(metafunc.definition.fspath)).resolve()
    if not path.is_relative_to(_ROOT):  # a suite a test builds elsewhere
        return
    where = path.relative_to(_ROOT).as_posix()
    chosen = any("db_engine" in str(mark.args[0]) for mark in metafunc.definition.iter_markers("parametrize"))
    if "db_engine" not in metafunc.fixturenames or chosen or metafunc.definition.get_closest_marker("sqlite_only"):
        return
    asked = metafunc.config.getoption("--engine")
    if asked is not None:
        engines = ENGINES[asked]
    else:
        engines = ENGINES["both" if _on_both_by_default(where, metafunc.definition.originalname) else "sqlite"]
    if engines != ["sqlite"]:
        metafunc.parametrize("db_engine", engines)


@pytest.fixture
def db_engine() -> str:
    return "sqlite"


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL server for this test run (skipped, saying why, where none can start),
    with a template database at the latest schema that each test's database is copied from."""
    import pg_server as server_module
    from amtui.db.startup import open_database as open_school

    reason = server_module.why_not()
    if reason:
        pytest.skip(reason)
    server = server_module.start()
    try:
        _admin_sql(server, "CREATE DATABASE amtui_template")
        open_school(Target(server.url("amtui_template")), create=True).db.close()
        yield server
    finally:
        server.stop()


def _admin_sql(server, *statements: str) -> None:
    import psycopg

    with psycopg.connect(server.url(), autocommit=True) as conn:
        for sql in statements:
            conn.execute(sql)


_databases = itertools.count(1)


@pytest.fixture
def db_target(db_engine, db_path, request) -> Target:
    """Where this test's database is: a SQLite file, or a fresh database on the server."""
    if db_engine == "sqlite":
        yield Target(str(db_path))
        return
    server = request.getfixturevalue("pg_server")
    name = f"school_{os.getpid()}_{next(_databases)}"
    _admin_sql(server, f"CREATE DATABASE {name} TEMPLATE amtui_template")
    yield Target(server.url(name))
    _admin_sql(server, f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def opened(db_target) -> Opened:
    """An empty, migrated school database bound to the models."""
    if db_target.path is not None:
        empty_school(db_target.path)  # a copy: the same file, without running the schema again
    result = open_database(db_target, create=True)
    yield result
    result.db.close()


def pretend_login(patch: pytest.MonkeyPatch, login: str) -> None:
    """Make amtui believe ``login`` is at the keyboard (it asks the OS, not LOGNAME)."""
    patch.setattr(identity, "current_person", lambda: identity.Person(login, None))


@pytest.fixture
def login_as(monkeypatch):
    """``login_as("admin1")``: the rest of the test runs as that login."""
    return lambda login: pretend_login(monkeypatch, login)
