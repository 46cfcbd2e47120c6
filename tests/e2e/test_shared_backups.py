"""Two admins sharing a school file through a group: the second one's backup works too.

The first admin's ``amtui backup`` once made the backups folder 0755, so the second's
failed with a traceback. Now the folder is 0770 with the setgid bit (backups keep the
database's group) and backups are 0660; a folder that still refuses is a message.
Real accounts, made and removed by the test; needs root.
"""

from __future__ import annotations

import grp
import shutil
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from deployment import as_account, install, make_person, missing, remove_accounts, run

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")
GROUP, FIRST, SECOND = "amtuit-admins", "amtuit-adm1", "amtuit-adm2"


@pytest.fixture(scope="module")
def school():
    prefix = install()
    remove_accounts(FIRST, SECOND, group=GROUP)
    base = Path(tempfile.mkdtemp(prefix="amtuit-"))
    try:
        base.chmod(0o755)
        run("groupadd", GROUP)
        make_person(FIRST, GROUP)
        make_person(SECOND, GROUP)
        folder = base / "school"
        folder.mkdir()
        shutil.chown(folder, "root", GROUP)
        folder.chmod(0o2770)  # the README's shared folder for a personal install
        db = folder / "school.db"
        amtui = prefix / "bin" / "amtui"
        made = as_account(FIRST, amtui, "--db", db, "demo", "--create-only")
        assert made.returncode == 0, made.stderr.decode()
        staff = as_account(FIRST, amtui, "--db", db, "import", "staff", "-",
                           stdin=f"username,name,roles\n{SECOND},Sam Second,admin\n".encode())
        assert staff.returncode == 0, staff.stderr.decode()
        yield amtui, db
    finally:
        remove_accounts(FIRST, SECOND, group=GROUP)
        shutil.rmtree(base, ignore_errors=True)


def test_the_second_admins_backup_works_after_the_first(school):
    amtui, db = school
    for login in (FIRST, SECOND, FIRST):
        done = as_account(login, amtui, "--db", db, "backup")
        assert done.returncode == 0, done.stderr.decode()
    backups = db.parent / "backups"
    assert stat.S_IMODE(backups.stat().st_mode) == 0o2770
    made = sorted(backups.glob("amtui-backup-*.db"))
    assert made
    for path in made:
        assert stat.S_IMODE(path.stat().st_mode) == 0o660
        assert grp.getgrgid(path.stat().st_gid).gr_name == GROUP


def test_a_folder_the_first_admin_made_private_is_a_message_not_a_traceback(school):
    amtui, db = school
    backups = db.parent / "backups"
    shutil.rmtree(backups)
    assert as_account(FIRST, "mkdir", "-m", "755", backups).returncode == 0  # as an old amtui did
    done = as_account(SECOND, amtui, "--db", db, "backup")
    assert done.returncode == 1
    err = done.stderr.decode()
    assert "Cannot write a backup into" in err and "chmod 2770" in err and "Traceback" not in err
    subprocess.run(["rm", "-rf", str(backups)], check=True)
