"""The school server for real: staff log in over SSH and amtui is all they can run.

sshd forces ``amtui-session`` on the staff group, sudo runs it as the service account,
which alone may open the school's file. Every trick a teacher with an SSH login might try
is refused, and the file is byte-for-byte unchanged; the admin's import and the teacher's
export go through, recorded under their own logins. Every test runs twice: amtui started
cold by the session, and through the warm server running as the service account (the
README's systemd unit). Needs root, sshd and sudo.
"""

from __future__ import annotations

import hashlib
import os
import pwd
import sqlite3
import stat
import subprocess
from pathlib import Path

import pytest
from deployment import ADMIN, SERVICE, STAFF_CSV, TEACHER, as_account, deployment, missing, warm_server

pytestmark = pytest.mark.skipif(missing() is not None, reason=missing() or "")


@pytest.fixture(scope="module")
def deployed():
    with deployment() as running:
        yield running


@pytest.fixture(scope="module", params=["cold", "warm"])
def warm_log(deployed, request):
    """None for cold starts; with the warm server running, the path of its log."""
    if request.param == "cold":
        yield None
    else:
        with warm_server(deployed) as log:
            yield log


@pytest.fixture
def server(deployed, warm_log):
    return deployed


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit_rows(db: Path, action: str) -> list[tuple[str, str]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT login, entity_id FROM audit_entry WHERE action = ? ORDER BY id",
                            (action,)).fetchall()
    conn.close()
    return rows


@pytest.fixture
def unchanged(server):
    """The school's file and folder are exactly as they were when the test ends."""
    before, listing = digest(server.db), sorted(os.listdir(server.data))
    yield
    assert digest(server.db) == before
    assert sorted(os.listdir(server.data)) == listing


def test_the_file_is_the_service_accounts_alone(server):
    svc = pwd.getpwnam(SERVICE).pw_uid
    for path, mode in ((server.data, 0o700), (server.db, 0o600)):
        info = path.stat()
        assert (info.st_uid, stat.S_IMODE(info.st_mode)) == (svc, mode), path
    peek = as_account(TEACHER, "cat", server.db)
    assert peek.returncode != 0 and b"SQLite format" not in peek.stdout


@pytest.mark.parametrize("command", [
    "bash", "sh -c 'cat {db}'", "sqlite3 {db} 'UPDATE staff SET roles = \"admin\"'",
    "python3 -c 'print(open(\"{db}\", \"rb\").read())'", "cat {db}", "internal-sftp",
    "/usr/lib/openssh/sftp-server", "amtui; bash", "amtui demo",
])
def test_anything_but_amtui_is_refused(server, unchanged, command):
    done = server.ssh(TEACHER, command.format(db=server.db))
    assert done.returncode == 1
    assert b"refused" in done.stderr and b"Traceback" not in done.stderr
    assert b"SQLite format" not in done.stdout


def test_logname_and_user_do_not_make_a_teacher_admin(server, unchanged):
    done = server.ssh(TEACHER, "LOGNAME=amtuit-admin USER=amtuit-admin amtui import staff -", STAFF_CSV)
    assert done.returncode == 1 and b"refused" in done.stderr
    done = server.ssh(TEACHER, "amtui import staff -", STAFF_CSV, "-o", f"SetEnv=LOGNAME={ADMIN} USER={ADMIN} "
                      "SUDO_UID=0 AMTUI_DB=/tmp/x.db")
    assert done.returncode == 1
    assert b"Only Admin may import data" in done.stderr and TEACHER.encode() in done.stderr


@pytest.mark.parametrize("command", [
    "amtui --db /tmp/amtuit-other.db export tracking", "amtui --db={db} import staff -",
    "amtui --as amtuit-admin import staff -", "amtui import staff - --as=amtuit-admin",
])
def test_db_and_as_are_refused(server, unchanged, command):
    done = server.ssh(TEACHER, command.format(db=server.db), STAFF_CSV)
    assert done.returncode == 1 and b"is not allowed here" in done.stderr
    assert not Path("/tmp/amtuit-other.db").exists()


def test_out_is_refused_even_into_the_data_folder(server, unchanged):
    done = server.ssh(TEACHER, f"amtui export tracking --out {server.data}/x.csv")
    assert done.returncode == 1 and b"--out is not allowed here" in done.stderr


def test_scp_and_sftp_of_the_file_are_refused(server, unchanged, tmp_path):
    copy = tmp_path / "copy.db"
    for legacy in ([], ["-O"]):
        done = subprocess.run(["scp", *legacy, *server.options(TEACHER, "-P"),
                               f"{TEACHER}@127.0.0.1:{server.db}", str(copy)], capture_output=True, timeout=60)
        assert done.returncode != 0 and not copy.exists()
    done = subprocess.run(["sftp", *server.options(TEACHER, "-P"), "-b", "-", f"{TEACHER}@127.0.0.1"],
                          input=f"get {server.db} {copy}\n".encode(), capture_output=True, timeout=60)
    assert done.returncode != 0 and not copy.exists()


def test_the_teachers_export_comes_to_their_computer_and_is_recorded_as_them(server):
    done = server.ssh(TEACHER, "amtui export tracking")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("upn,surname,forename") and len(lines) > 500
    assert audit_rows(server.db, "export.tracking")[-1] == (TEACHER, "stdout")


def test_prints_come_to_the_persons_computer_and_nothing_is_left_on_the_server(server):
    home = Path(pwd.getpwnam(SERVICE).pw_dir)
    before = sorted(p.name for p in home.iterdir())
    done = server.ssh(TEACHER, "amtui print parents-evening --class Elm")
    assert done.returncode == 0, done.stderr
    assert done.stdout[:4] == b"PK\x03\x04" and b"zip of" in done.stderr  # its text and HTML, zipped
    assert sorted(p.name for p in home.iterdir()) == before


def test_with_a_shell_of_their_own_sudo_still_runs_only_the_session_cleanly(server):
    """If a teacher got a shell some other way, sudo is the only door, and it is narrow."""
    session, python = server.prefix / "bin" / "amtui-session", server.prefix / "bin" / "python3"
    assert as_account(TEACHER, "sudo", "-n", "-u", SERVICE, python, "-c", "print(1)").returncode != 0
    assert as_account(TEACHER, "sudo", "-n", "-u", SERVICE, session, "--db", "/tmp/x").returncode != 0
    evil = server.base / "evil"  # a folder everyone may read and write, as /tmp would be
    evil.mkdir(mode=0o777, exist_ok=True)
    evil.chmod(0o777)
    marker = evil / "ran"
    (evil / "sitecustomize.py").write_text(f"open({str(marker)!r}, 'w').write('ran')\n")
    (evil / "sitecustomize.py").chmod(0o644)
    mine = as_account(TEACHER, python, "-c", "pass", PYTHONPATH=str(evil))
    assert mine.returncode == 0 and marker.exists()  # the trick works on the teacher's own python...
    marker.unlink()
    done = as_account(TEACHER, "sudo", "-n", "-u", SERVICE, session, PYTHONPATH=str(evil),
                      PYTHONINSPECT="1", SSH_ORIGINAL_COMMAND="amtui export weekly")
    assert done.returncode == 0, done.stderr
    assert not marker.exists()  # ...but not through sudo: env_reset dropped PYTHONPATH
    done = as_account(TEACHER, "sudo", "-n", "-u", SERVICE, session, SSH_ORIGINAL_COMMAND="sqlite3 x")
    assert done.returncode == 1 and b"refused" in done.stderr


def test_an_import_names_no_file_on_the_server(server, unchanged):
    done = server.ssh(ADMIN, f"amtui import staff {server.db}")
    assert done.returncode == 1 and b"standard input" in done.stderr


def test_the_admins_import_from_their_computer_is_recorded_as_the_admin(server):
    extra = STAFF_CSV + b"amtuit-extra,Ed Extra,ta\n"
    done = server.ssh(ADMIN, "amtui import staff -", extra)
    assert done.returncode == 0, done.stderr
    assert b"Imported 3 rows" in done.stdout
    assert audit_rows(server.db, "import.staff")[-1][0] == ADMIN
    with sqlite3.connect(f"file:{server.db}?mode=ro", uri=True) as conn:
        assert conn.execute("SELECT roles FROM staff WHERE username = 'amtuit-extra'").fetchone() == ("ta",)
    conn.close()


def test_the_admins_backup_is_the_service_accounts_and_private(server):
    done = server.ssh(ADMIN, "amtui backup")
    assert done.returncode == 0, done.stderr
    backups = server.data / "backups"
    assert stat.S_IMODE(backups.stat().st_mode) == 0o700
    for made in backups.iterdir():
        assert stat.S_IMODE(made.stat().st_mode) == 0o600 and made.stat().st_uid == pwd.getpwnam(SERVICE).pw_uid
    assert server.ssh(TEACHER, "amtui backup").returncode == 1  # not an admin


def test_doctor_over_ssh_finds_the_deployment_safe(server):
    done = server.ssh(ADMIN, "amtui doctor")
    text = done.stdout.decode()
    assert b"Traceback" not in done.stderr
    assert f"amtui runs as the service account {SERVICE} for {ADMIN}" in text
    assert "UNSAFE" not in text, text
    assert "sshd forces amtui on the staff" in text


def test_no_command_and_no_terminal_says_what_to_do(server, unchanged):
    done = server.ssh(TEACHER, None, b"", "-T")
    assert done.returncode == 1 and b"needs a terminal" in done.stderr


def test_a_shell_request_opens_amtui_not_a_shell(server):
    done = server.ssh(TEACHER, None, b"q", "-tt", timeout=60)  # no command: what PuTTY asks for
    assert done.returncode == 0
    assert b"\x1b[?1049h" in done.stdout  # the app's full screen opened, and q closed it
    assert b"$ " not in done.stdout and b"Traceback" not in done.stdout


def test_the_teachers_grid_opens_and_through_the_warm_server_when_it_runs(server, warm_log):
    before = warm_log.read_bytes() if warm_log else b""
    done = server.ssh(TEACHER, "amtui grid Elm Maths", b"q", "-tt", timeout=60)
    assert done.returncode == 0, done.stdout[-2000:]
    assert b"\x1b[?1049h" in done.stdout and b"Elm" in done.stdout and b"Traceback" not in done.stdout
    if warm_log:
        assert f"session for {TEACHER}".encode() in warm_log.read_bytes()[len(before):]


def test_doctor_says_plainly_when_the_staff_could_open_the_file(server):
    """The set-up of the original issue: the file 0660 for the staff group."""
    import shutil

    from deployment import GROUP

    try:
        shutil.chown(server.data, group=GROUP)
        shutil.chown(server.db, group=GROUP)
        server.data.chmod(0o2770)
        server.db.chmod(0o660)
        done = server.ssh(ADMIN, "amtui doctor")
        text = done.stdout.decode()
        assert done.returncode == 1, text
        assert "UNSAFE" in text and f"{TEACHER} (read and write)" in text
        assert "chmod 600" in text and "Traceback" not in done.stderr.decode()
    finally:
        shutil.chown(server.data, group=SERVICE)
        shutil.chown(server.db, group=SERVICE)
        server.data.chmod(0o700)
        server.db.chmod(0o600)


def test_doctor_as_root_asks_sshd_and_sudo_themselves(server):
    done = subprocess.run([str(server.prefix / "bin" / "amtui"), "doctor"], capture_output=True, text=True,
                          env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root"}, cwd="/", timeout=120)
    assert "Traceback" not in done.stderr
    assert "sshd forces amtui on the staff" in done.stdout and "not from sshd -T" not in done.stdout
    assert "run only amtui-session as amtuit-svc" in done.stdout, done.stdout
    assert "UNSAFE" not in done.stdout, done.stdout
