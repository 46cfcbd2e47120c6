"""Sessions through the warm server, in a real pseudo-terminal, as the school server runs them.

``amtui-session`` runs as sudo leaves it (the request in ``SSH_ORIGINAL_COMMAND``, the
person in ``SUDO_UID``, the running user standing for the service account through
``login_shim``) and hands its terminal to ``amtui-warm``; each test checks the screen and
the database, as a cold start's tests do. The real sshd and sudo are in test_sshd.py.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pwd
import shutil
import signal
import socket
import sqlite3
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.pty_session import PtySession
from benchmarks.warm_server import ServerPlay, sessions_of
from tmux import REPO, load_small_school

ME = pwd.getpwuid(os.getuid()).pw_name


def school(path: Path) -> Path:
    """The small school at ``path``, with the running user as SLT (amtui-session's person)."""
    made = load_small_school().build(path)
    from amtui.db.connection import write
    from amtui.db.models import Staff

    write(lambda: Staff.get_or_create(username=ME, defaults={"name": "Sam Senior", "roles": "slt"}))
    made.opened.db.close()
    return path


@pytest.fixture
def play(tmp_path, monkeypatch) -> ServerPlay:
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))
    return ServerPlay(school(tmp_path / "school.db"), tmp_path)


def marks(db: Path) -> list[tuple]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id FROM criterion_mark ORDER BY id").fetchall()
    conn.close()
    return rows


def audited_logins(db: Path, action: str) -> list[str]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = [r[0] for r in conn.execute("SELECT login FROM audit_entry WHERE action = ?", (action,))]
    conn.close()
    return rows


def within(check, seconds: float = 10.0) -> bool:
    """Whether ``check()`` comes true within ``seconds``."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@contextlib.contextmanager
def grid(play: ServerPlay, size: tuple[int, int] = (80, 24)) -> Iterator[PtySession]:
    """amtui-session for the 4B Reading grid, once it is drawn; closed after the block."""
    session = play.session("amtui grid 4B Reading", size=size)
    try:
        try:
            session.wait_for(b"Secured", timeout=60)  # a busy machine (a load of 25) has taken over 30 s
        except TimeoutError:
            raise AssertionError(f"no grid: {bytes(session.output[-600:])!r}; the server said "
                                 f"{play.log()[-600:]!r}") from None
        session.read_for(0.3)
        yield session
    finally:
        session.close()


def test_a_mark_typed_through_the_warm_server_is_saved_as_the_person(play):
    db = play.folder / "school.db"
    before = len(marks(db))
    with play.warm_server() as server:
        with grid(play) as session:
            forked = sessions_of(server.pid)
            assert len(forked) == 1  # the grid runs in the server's child, not in amtui-session
            assert os.getpgid(forked[0]) == forked[0] != os.getpgid(server.pid)  # its own group
            os.write(session.master, b"x")
            session.read_for(0.3)
            os.write(session.master, b"q")
            assert session.process.wait(timeout=15) == 0
        assert b"Traceback" not in session.output
        assert within(lambda: sessions_of(server.pid) == [])  # ended and reaped
    assert len(marks(db)) == before + 1
    assert audited_logins(db, "mark.set")[-1] == ME


def waiting_for_sessions(pid: int) -> bool:
    """Whether the warm server is in its accept loop: its epoll watches its socket and its
    signal pipe. ('ready on' comes a little before: the server still reads its own code's
    dates, a folder at a time, for the version amtui doctor compares.)"""
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/{pid}/fd/{fd}") == "anon_inode:[eventpoll]":
                return Path(f"/proc/{pid}/fdinfo/{fd}").read_text().count("tfd:") == 2
    return False


def test_the_server_holds_nothing_but_its_socket(play):
    """Nothing is opened before a fork but imports: no database, journal or config file."""
    with play.warm_server() as server:
        assert within(lambda: waiting_for_sessions(server.pid), 60)
        held = [os.readlink(f"/proc/{server.pid}/fd/{fd}") for fd in os.listdir(f"/proc/{server.pid}/fd")]
        threads = os.listdir(f"/proc/{server.pid}/task")
    files = [h for h in held if h.startswith("/") and not h.startswith("/dev/")]
    assert files == [str(play.folder / "warm.log")] * len(files)  # its log (stdout and stderr)
    assert not any(str(play.folder / "school.db") in h for h in held)
    assert len(threads) == 1
    assert play.socket.parent.stat().st_mode & 0o777 == 0o700


def test_the_terminals_size_and_exit_status_reach_through(play):
    """The child reads the size from the terminal passed to it; a command's refusal comes
    back as amtui-session's own exit status, its message on the person's terminal."""
    with play.warm_server():
        session = play.session("amtui grid Nowhere Reading")
        try:
            assert session.process.wait(timeout=15) == 1
            session.read_for(0.2)
        finally:
            session.close()
        assert b"There is no class 'Nowhere'" in session.output
        with grid(play, size=(100, 30)) as session:
            assert b"\x1b[30;" in session.output  # the last of 30 rows is drawn
            fcntl.ioctl(session.master, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
            os.killpg(session.process.pid, signal.SIGWINCH)  # as the kernel does for the terminal's group
            session.wait_for(b"\x1b[40;", timeout=15)  # relayed: redrawn at 40 rows
            os.write(session.master, b"q")
            assert session.process.wait(timeout=15) == 0


@pytest.fixture
def drive(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("real_drive", REPO / "tests" / "ui" / "real_drive.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = module.RealDrive(tmp_path / "drive")
    made.mount()
    yield made
    made.unmount()


@pytest.mark.parametrize("drop", ["SIGHUP", "terminal gone", "amtui-session killed"])
def test_a_dropped_link_through_the_warm_server_journals_what_the_full_drive_refused(
        drive, tmp_path, monkeypatch, drop):
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))
    db = school(drive.folder / "school.db")
    play = ServerPlay(db, tmp_path / "server")
    before = len(marks(db))
    with play.warm_server() as server:
        with grid(play) as session:
            drive.fill()
            os.write(session.master, b".")
            session.wait_for(b"Not saved yet")
            if drop == "SIGHUP":
                os.killpg(session.process.pid, signal.SIGHUP)  # sshd's hangup, to amtui-session's group
                assert session.process.wait(timeout=20) == 0
            elif drop == "terminal gone":
                os.close(session.master)  # gone without a SIGHUP: the session notices within 3 s
                assert session.process.wait(timeout=20) == 0
            else:  # the session's process dies: its amtui is hung up, as a cold one would be
                session.process.kill()
            assert within(lambda: sessions_of(server.pid) == [], 20)
        journals = list((play.home / ".local" / "state" / "amtui" / "journal").glob("*.jsonl"))
        assert len(journals) == 1 and journals[0].stat().st_mode & 0o777 == 0o600
        assert '"kind": "mark.set"' in journals[0].read_text() and f'"login": "{ME}"' in journals[0].read_text()
        assert len(marks(db)) == before

        drive.free()
        session = play.session("amtui grid 4B Reading")
        try:
            session.wait_for(b"Saved 1 entry")  # the next start, warm too, replays it and says so
            os.write(session.master, b"q")
            assert session.process.wait(timeout=20) == 0
        finally:
            session.close()
    assert len(marks(db)) == before + 1 and not journals[0].exists()


CONNECT_AS_ANOTHER = """
import socket, sys
conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
conn.connect(sys.argv[1])
print(conn.recv(200).decode().strip())
"""


def test_a_peer_with_another_uid_is_refused_even_when_it_can_reach_the_socket(tmp_path, monkeypatch):
    if os.geteuid() != 0 or not Path("/usr/bin/python3").exists():
        pytest.skip("running a client as another account needs root and /usr/bin/python3")
    monkeypatch.setenv("PYTHONPATH", str(REPO / "src"))
    other = pwd.getpwnam("nobody")
    base = Path(tempfile.mkdtemp(prefix="amtui-warm-peer-"))  # not under the tests' 0700 folder
    try:
        play = ServerPlay(school(tmp_path / "school.db"), base)
        with play.warm_server() as server:
            # Open the folder and socket to all, as a mistaken chmod would: the uid check still holds.
            for path in (base, play.socket.parent):
                path.chmod(0o711)
            play.socket.chmod(0o666)
            done = subprocess.run(["/usr/bin/python3", "-I", "-c", CONNECT_AS_ANOTHER, str(play.socket)],
                                  capture_output=True, text=True, user=other.pw_uid, group=other.pw_gid,
                                  extra_groups=[], timeout=30, cwd="/")
            assert done.stdout.startswith("refused only the service account"), done.stderr
            assert sessions_of(server.pid) == []  # nothing was forked for it
        assert f"refused a connection from uid {other.pw_uid}".encode() in play.log()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def refusing_server(path: Path, asked: list[bytes]) -> socket.socket:
    """A server at ``path`` that answers every session "refused" (a newer amtui-warm, say),
    keeping in ``asked`` what each session sent."""
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(4)

    def refuse() -> None:
        try:
            while True:
                conn, _ = listener.accept()
                data, ancillary, _, _ = conn.recvmsg(65536, socket.CMSG_SPACE(16))
                asked.append(data)
                for _level, _kind, fds in ancillary:
                    for fd in struct.unpack(f"{len(fds) // 4}i", fds):
                        os.close(fd)
                conn.sendall(b"refused busy\n")
                conn.close()
        except OSError:
            pass  # closed by the test

    threading.Thread(target=refuse, daemon=True).start()
    return listener


@pytest.mark.parametrize("case", ["no socket", "a stale socket", "a server that refuses"])
def test_without_a_warm_server_that_takes_it_the_session_starts_cold(play, case):
    play.socket.parent.mkdir(mode=0o700)
    server, asked = None, []
    if case == "a stale socket":
        stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        stale.bind(str(play.socket))  # left by a server that is gone: nobody listens
        stale.close()
    elif case == "a server that refuses":
        server = refusing_server(play.socket, asked)
    try:
        with grid(play) as session:
            os.write(session.master, b"q")
            assert session.process.wait(timeout=20) == 0
    finally:
        if server is not None:
            server.close()
    assert b"Traceback" not in session.output and b"warm" not in session.output
    assert len(asked) == (1 if server else 0) and all(b'"grid", "4B", "Reading"' in a for a in asked)


def test_the_session_program_stays_small():
    """amtui-session loads neither Textual, the database layer nor amtui's command line
    before handing over."""
    code = ("import sys, amtui.session, amtui.warm.client; amtui.session.allowed_commands(); "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'peewee', 'rich', 'sqlite3', "
            "'argparse'} | {m for m in sys.modules if m.startswith('amtui.cli')}))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert done.stdout.strip() == "[]"
