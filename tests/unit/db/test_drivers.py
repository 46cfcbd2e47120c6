"""peewee without the PostgreSQL driver until a server's database is opened: a session on
a school's file never loads psycopg (17 MB of its memory), a server's database still opens."""

from __future__ import annotations

import subprocess
import sys

from amtui.db import drivers

OPEN_FILE = """
import sys
from amtui.cli import build_parser
build_parser()  # as every start does: no command's module may import peewee on the way
from amtui.db.connection import Target
from amtui.db.startup import open_database
opened = open_database(Target(sys.argv[1]), create=True)
print(sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "psycopg_binary", "psycopg_c")))
"""

OPEN_SERVER = """
import sys
from amtui.db import connection
from amtui.db.connection import Target
import peewee
assert peewee.psycopg is None, "held back until a server's database is made"
db = connection.make_database(Target(sys.argv[1]))
print(type(db._adapter).__name__, db.execute_sql("SELECT 6 * 7").fetchone()[0], db.in_transaction())
import psycopg
print(psycopg.__version__, psycopg.version.__version__, "importlib.metadata" in sys.modules, "email" in sys.modules)
"""


def _run(script: str, *args: str) -> str:
    done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_a_session_on_a_schools_file_never_loads_the_server_driver(tmp_path):
    assert _run(OPEN_FILE, str(tmp_path / "school.db")) == "[]"


def test_a_servers_database_opens_with_the_driver_given_to_peewee_when_it_is_made(pg_server):
    from importlib.metadata import version

    opened, versions = _run(OPEN_SERVER, pg_server.url("amtui_template")).splitlines()
    assert opened == "Psycopg3Adapter 42 False"
    # the driver's version read from its install record, without importlib.metadata and the
    # email package it brings (1.4 MB of the session's memory)
    assert versions == f"{version('psycopg')} {version('psycopg')} False False"


def _package(site, name: str, *records: str) -> None:
    (site / name).mkdir()
    (site / name / "__init__.py").write_text("")
    for record in records:
        (site / record).mkdir()


def test_a_packages_version_is_read_from_the_name_of_its_one_install_record(tmp_path, monkeypatch):
    _package(tmp_path, "amtui_probe_one", "amtui_probe_one-3.2.1.dist-info")
    _package(tmp_path, "amtui_probe_two", "amtui_probe_two-1.0.dist-info", "amtui_probe_two-1.1.dist-info")
    _package(tmp_path, "amtui_probe_none")
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in ("amtui_probe_one", "amtui_probe_two", "amtui_probe_none"):
        monkeypatch.setitem(sys.modules, f"{name}.version", None)  # put back as it was after
        del sys.modules[f"{name}.version"]
        drivers._version_from_install_record(name)
    assert sys.modules["amtui_probe_one.version"].__version__ == "3.2.1"
    # two records (an old one left beside the new) or none: the package reads its own
    assert "amtui_probe_two.version" not in sys.modules
    assert "amtui_probe_none.version" not in sys.modules


def test_a_peewee_that_sets_its_driver_up_otherwise_is_imported_with_it(monkeypatch):
    import peewee

    monkeypatch.setattr(peewee, "psycopg", object())  # as a peewee that kept its driver would be
    assert not drivers._driver_can_be_given(peewee)
