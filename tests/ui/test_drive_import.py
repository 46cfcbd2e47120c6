"""An import onto a full or read-only drive (a real tmpfs): a message and exit status 1,
never a traceback, and nothing of the file written."""

from __future__ import annotations

import os
import pwd
import subprocess
import sys

import pytest

from amtui import cli
from amtui.db.connection import write
from amtui.db.models import Staff
from real_drive import rows
from small_school import build

ROW = "upn,forename,surname,dob,year,class\nW300000000001,Nia,New,2017-05-04,4,4B\n"


@pytest.fixture
def school_file(drive, tmp_path):
    """The small school on the drive, with whoever runs the tests as its admin (a program
    started here is that person), and a one-row pupils file beside the test, not on the drive."""
    made = build(drive.folder / "school.db")
    me = pwd.getpwuid(os.getuid()).pw_name
    write(lambda: Staff.get_or_create(username=me, defaults={"name": "The Admin", "roles": "admin"}))
    made.opened.db.close()
    (tmp_path / "pupils.csv").write_text(ROW)
    return drive.folder / "school.db"


def pupils(db) -> int:
    return rows(db, "SELECT COUNT(*) FROM pupil")[0][0]


def run_both(db, csv, capsys, login_as) -> list[tuple[int, str]]:
    """The import through ``cli.main`` and as a program of its own: (status, stderr) of each."""
    login_as(pwd.getpwuid(os.getuid()).pw_name)
    status = cli.main(["--db", str(db), "import", "pupils", str(csv)])
    in_process = (status, capsys.readouterr().err)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(p) for p in sys.path if p])}
    done = subprocess.run([sys.executable, "-m", "amtui", "--db", str(db), "import", "pupils", str(csv)],
                          capture_output=True, text=True, env=env, timeout=60)
    return [in_process, (done.returncode, done.stderr)]


@pytest.mark.parametrize("how", ["full", "read-only"])
def test_an_import_onto_a_full_or_read_only_drive_is_a_message_and_status_1(school_file, drive, tmp_path,
                                                                            capsys, login_as, how):
    before = pupils(school_file)
    if how == "full":
        drive.fill()
    else:
        drive.read_only()
    for status, err in run_both(school_file, tmp_path / "pupils.csv", capsys, login_as):
        assert status == 1, err
        assert "Traceback" not in err
        assert "pupils.csv was not imported" in err and how in err, err
        assert "Nothing was written" in err
    assert pupils(school_file) == before
    drive.free() if how == "full" else drive.writable()
    login_as(pwd.getpwuid(os.getuid()).pw_name)
    assert cli.main(["--db", str(school_file), "import", "pupils", str(tmp_path / "pupils.csv")]) == 0
    assert pupils(school_file) == before + 1  # once the drive is back, the same file imports
