"""Every export, and every command that prints, read by a program that stops early
(``amtui export tracking | head -1``): amtui ends quietly, with exit status 0, and an
audited export is recorded with the rows it handed over. Each runs as its own process
whose standard output is a real pipe, its reader gone before amtui writes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from amtui import cli
from amtui.db.models import AuditEntry
from imports.builders import ANN, seed_tracking
from tests.returns_school import seed_with_a_return_made

# amtui as the admin of the test's school (amtui asks the OS who is at the keyboard).
AS_ADMIN = ("import sys\nfrom amtui import cli, identity\n"
            "identity.current_person = lambda: identity.Person('admin', None)\nsys.exit(cli.main(sys.argv[1:]))")
ON_RETURN = ("--return", "Y11 Now")
EXPORTS = {"tracking": (), "weekly": (), "groups": (), "returns": ON_RETURN, "missing-returns": ON_RETURN,
           "concerns": (), "programme": (), "trust": (), "pupil": (ANN,)}
WITH_RETURNS = {"returns", "missing-returns", "concerns", "programme"}  # the others: a primary's marks
NOT_AUDITED = {"groups", "trust"}  # figures by group and by school, naming no pupil
NOT_PASSED = ("AMTUI_DB", "PYTHONUNBUFFERED")  # standard output buffered, as in a person's shell
QUIET = ("Traceback", "Broken pipe", "BrokenPipeError", "Cannot write", "Exception ignored")


@pytest.fixture
def school(opened, db_path, tmp_path, login_as, monkeypatch, request):
    """The kind's school: a primary with marks, or a secondary with a return made."""
    monkeypatch.delenv("AMTUI_DB", raising=False)
    login_as("admin")
    kind = getattr(request.node, "callspec", None) and request.node.callspec.params.get("kind")
    (seed_with_a_return_made if kind in WITH_RETURNS else seed_tracking)(tmp_path)
    return db_path


def into_a_stopped_reader(db, *words: str) -> tuple[int, str]:
    """Run ``amtui --db DB WORDS`` with standard output a pipe nobody reads any more."""
    reading, writing = os.pipe()
    os.close(reading)  # the reader has stopped
    try:
        done = subprocess.run([sys.executable, "-c", AS_ADMIN, "--db", str(db), *words], stdout=writing,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True, timeout=120,
                              env={k: v for k, v in os.environ.items() if k not in NOT_PASSED})
    finally:
        os.close(writing)
    return done.returncode, done.stderr


def rows_of(db, capsys, kind: str) -> int:
    """How many rows the export gives a reader that reads it all (its audit entry says)."""
    capsys.readouterr()
    assert cli.main(["--db", str(db), "export", kind, *EXPORTS[kind]]) == 0
    assert capsys.readouterr().out
    return json.loads(AuditEntry.select().where(AuditEntry.action == f"export.{kind}")
                      .order_by(AuditEntry.id.desc()).get().detail)["rows"]


@pytest.mark.parametrize("kind", list(EXPORTS))
def test_an_export_whose_reader_stops_ends_quietly_and_is_recorded(school, capsys, kind):
    code, err = into_a_stopped_reader(school, "export", kind, *EXPORTS[kind])
    assert code == 0, err
    assert not any(word in err for word in QUIET), err
    assert "the program reading the export stopped it after at most" in err
    if kind == "pupil":  # recorded as it is gathered, before a line of it is written
        assert AuditEntry.select().where(AuditEntry.action == "pupil.export").count() == 1
        return
    entries = AuditEntry.select().where(AuditEntry.action == f"export.{kind}")
    if kind in NOT_AUDITED:
        assert not entries.exists()
        return
    entry = entries.get()
    given = json.loads(entry.detail)["rows"]
    assert entry.entity_id == "stdout" and f"at most {given} rows" in err
    assert given == rows_of(school, capsys, kind)  # handed over in one write: at most all of them


@pytest.mark.parametrize("words", [("staff", "list"), ("returns", "windows"), ("settings",)])
def test_a_listing_whose_reader_stops_ends_quietly(school, words):
    code, err = into_a_stopped_reader(school, *words)
    assert code == 0 and not err, err
