"""The README's school-server deployment, made for real by a test running as root.

A venv any account may run (``/usr/bin/python3``; root's own Python lives in /root, 0700),
amtui installed into it non-editable and cached by a hash of what is installed; test
accounts and a staff group; ``/etc/amtui/config.toml`` (any existing one kept and put
back); a sudoers rule checked with ``visudo -cf``; and an sshd of the test's own on a spare
port of 127.0.0.1. Everything is removed afterwards except the cached install.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SERVICE, GROUP, TEACHER, ADMIN = "amtuit-svc", "amtuit-staff", "amtuit-teacher", "amtuit-admin"
SYSTEM_CONFIG = Path("/etc/amtui/config.toml")
SUDOERS = Path("/etc/sudoers.d/amtuit")
SSHD = Path("/usr/sbin/sshd")


def missing() -> str | None:
    """Why this machine cannot run the deployment tests (None: it can)."""
    if os.geteuid() != 0:
        return "the deployment tests make accounts and run sshd: they need root"
    for tool in (str(SSHD), "sudo", "visudo", "ssh", "ssh-keygen", "useradd", "/usr/bin/python3"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (CI installs openssh-server and sudo)"
    return None


def run(*cmd: str | Path, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(c) for c in cmd], check=True, capture_output=True, text=True, **kw)


# --- the install -------------------------------------------------------------------------


def source_digest() -> str:
    digest = hashlib.sha256()
    files = [REPO / "pyproject.toml", REPO / "README.md", *sorted((REPO / "data").glob("*.csv"))]
    files += sorted(p for p in (REPO / "src").rglob("*") if p.suffix in (".py", ".tcss"))
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def install() -> Path:
    """The prefix of a venv holding amtui as the admin installs it (cached by source hash)."""
    prefix = Path(f"/opt/amtuit-{source_digest()}")
    if (prefix / ".complete").exists():
        return prefix
    for old in Path("/opt").glob("amtuit-*"):
        shutil.rmtree(old, ignore_errors=True)
    stage = Path(tempfile.mkdtemp(prefix="amtuit-src-"))
    try:
        for name in ("pyproject.toml", "README.md"):
            shutil.copy(REPO / name, stage / name)
        ignore = shutil.ignore_patterns("__pycache__", "*.egg-info")
        shutil.copytree(REPO / "src", stage / "src", ignore=ignore)
        shutil.copytree(REPO / "data", stage / "data", ignore=ignore)
        run("/usr/bin/python3", "-m", "venv", prefix)
        run(prefix / "bin" / "pip", "install", "-q", stage, timeout=900)
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    run("chmod", "-R", "a+rX,go-w", prefix)
    (prefix / ".complete").write_text("ok\n")
    return prefix


# --- accounts ----------------------------------------------------------------------------


def remove_accounts(*logins: str, group: str | None = None) -> None:
    for login in logins:
        subprocess.run(["userdel", "-r", login], capture_output=True)
    if group:
        subprocess.run(["groupdel", group], capture_output=True)


def make_person(login: str, group: str | None = None) -> None:
    """A member of staff as the directory gives them: a home, a shell, no usable password."""
    extra = ["-G", group] if group else []
    run("useradd", "--create-home", "--shell", "/bin/bash", *extra, login)
    run("usermod", "-p", "*", login)  # '*': no password, yet not locked (sshd refuses '!')


def as_account(login: str, *cmd: str | Path, stdin: bytes = b"", **extra: str) -> subprocess.CompletedProcess:
    """Run ``cmd`` as ``login`` (real and effective uid), with a clean environment (plus ``extra``)."""
    import pwd

    entry = pwd.getpwnam(login)
    env = {"PATH": "/usr/bin:/bin", "HOME": entry.pw_dir, "LANG": "C.UTF-8", **extra}
    return subprocess.run([str(c) for c in cmd], input=stdin, capture_output=True, env=env, cwd="/",
                          user=entry.pw_uid, group=entry.pw_gid, extra_groups=os.getgrouplist(login, entry.pw_gid),
                          timeout=300)


# --- the server --------------------------------------------------------------------------


@dataclass
class Server:
    """What the tests need to reach the deployment."""

    prefix: Path
    base: Path
    data: Path
    port: int
    keys: Path

    @property
    def db(self) -> Path:
        return self.data / "school.db"

    def ssh(self, login: str, command: str | None = None, stdin: bytes = b"", *options: str,
            timeout: float = 120) -> subprocess.CompletedProcess:
        """``ssh login@127.0.0.1 command`` with this test's key; the result's output as bytes."""
        cmd = ["ssh", *self.options(login), *options, f"{login}@127.0.0.1"]
        if command is not None:
            cmd.append(command)
        return subprocess.run(cmd, input=stdin, capture_output=True, timeout=timeout)

    def options(self, login: str, port_flag: str = "-p") -> list[str]:
        return ["-i", str(self.keys / f"id_{login}"), "-o", "StrictHostKeyChecking=no",
                "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR",
                "-o", "ConnectTimeout=10", port_flag, str(self.port)]


def spare_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def sshd_config(base: Path, port: int, session_command: str) -> str:
    return f"""\
Port {port}
ListenAddress 127.0.0.1
HostKey {base}/host_ed25519
PidFile {base}/sshd.pid
AuthorizedKeysFile {base}/keys/%u.pub
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM no
StrictModes no
# Accepted on purpose: amtui must not believe them even when sshd passes them on.
AcceptEnv LANG LC_* LOGNAME USER SUDO_UID AMTUI_DB
Subsystem sftp internal-sftp
AllowUsers {TEACHER} {ADMIN}

# The README's block, with the test's names.
Match Group {GROUP}
    ForceCommand {session_command}
    DisableForwarding yes
    PermitTunnel no
    PermitUserRC no
    PermitTTY yes
"""


def sudoers(session: Path) -> str:
    return (f'Defaults!{session} env_reset, env_keep += "SSH_ORIGINAL_COMMAND"\n'
            f'%{GROUP} ALL=({SERVICE}) NOPASSWD: {session} ""\n')  # "": no arguments


STAFF_CSV = (f"username,name,roles\n{TEACHER},Tess Teacher,teacher\n{ADMIN},Adam Admin,admin\n").encode()


@contextlib.contextmanager
def deployment():
    """Yield a running Server; remove the accounts, files and sshd afterwards."""
    prefix = install()
    remove_accounts(TEACHER, ADMIN, SERVICE, group=GROUP)
    base = Path(tempfile.mkdtemp(prefix="amtuit-"))
    saved = SYSTEM_CONFIG.with_name("config.toml.amtuit-saved")
    made_etc = not SYSTEM_CONFIG.parent.exists()
    sshd = None
    try:
        base.chmod(0o755)
        run("groupadd", GROUP)
        run("useradd", "--system", "--user-group", "--create-home", "--home-dir", f"/var/lib/{SERVICE}",
            "--shell", "/usr/sbin/nologin", SERVICE)
        make_person(TEACHER, GROUP)
        make_person(ADMIN, GROUP)
        data = base / "data"
        data.mkdir(mode=0o700)
        shutil.chown(data, SERVICE, SERVICE)
        data.chmod(0o700)

        SYSTEM_CONFIG.parent.mkdir(mode=0o755, exist_ok=True)
        if SYSTEM_CONFIG.exists():
            SYSTEM_CONFIG.rename(saved)
        SYSTEM_CONFIG.write_text(f'service_account = "{SERVICE}"\ndatabase = "{data}/school.db"\n'
                                 f'staff_group = "{GROUP}"\nsshd_config = "{base}/sshd_config"\n'
                                 f'warm_socket = "{base}/warm/warm.sock"\n')
        SYSTEM_CONFIG.chmod(0o644)

        session = prefix / "bin" / "amtui-session"
        rule = base / "sudoers"
        rule.write_text(sudoers(session))
        run("visudo", "-cf", rule)
        rule.chmod(0o440)
        shutil.move(rule, SUDOERS)

        built = as_account(SERVICE, prefix / "bin" / "amtui", "demo", "--create-only")
        assert built.returncode == 0, built.stderr.decode()
        staff = as_account(SERVICE, prefix / "bin" / "amtui", "import", "staff", "-", stdin=STAFF_CSV)
        assert staff.returncode == 0, staff.stderr.decode()

        keys = base / "keys"
        keys.mkdir(mode=0o755)
        run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", base / "host_ed25519")
        for login in (TEACHER, ADMIN):
            run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", keys / f"id_{login}")
            shutil.copy(keys / f"id_{login}.pub", keys / f"{login}.pub")
        port = spare_port()
        config = base / "sshd_config"
        config.write_text(sshd_config(base, port, f"/usr/bin/sudo -n -u {SERVICE} {session}"))
        Path("/run/sshd").mkdir(mode=0o755, exist_ok=True)  # sshd's privilege-separation folder
        run(SSHD, "-t", "-f", config)
        log = (base / "sshd.log").open("wb")
        sshd = subprocess.Popen([str(SSHD), "-D", "-e", "-f", str(config)], stdout=log, stderr=log)
        wait_for_port(port, sshd, base / "sshd.log")
        yield Server(prefix, base, data, port, keys)
    finally:
        if sshd is not None:
            sshd.terminate()
            sshd.wait(timeout=10)
        SUDOERS.unlink(missing_ok=True)
        SYSTEM_CONFIG.unlink(missing_ok=True)
        if saved.exists():
            saved.rename(SYSTEM_CONFIG)
        elif made_etc:
            shutil.rmtree(SYSTEM_CONFIG.parent, ignore_errors=True)
        remove_accounts(TEACHER, ADMIN, SERVICE, group=GROUP)
        shutil.rmtree(base, ignore_errors=True)


@contextlib.contextmanager
def warm_server(server: Server):
    """``amtui-warm`` running as the service account, as the README's systemd unit runs it
    (its socket folder made for it, 0700, as systemd's RuntimeDirectory would); yields the
    path of its log."""
    import pwd

    folder, log_path = server.base / "warm", server.base / "warm.log"
    folder.mkdir(mode=0o700, exist_ok=True)
    shutil.chown(folder, SERVICE, SERVICE)
    entry = pwd.getpwnam(SERVICE)
    with log_path.open("wb") as log:
        warm = subprocess.Popen([str(server.prefix / "bin" / "amtui-warm")], stdin=subprocess.DEVNULL,
                                stdout=log, stderr=log, cwd="/", user=entry.pw_uid, group=entry.pw_gid,
                                extra_groups=[], env={"PATH": "/usr/bin:/bin", "HOME": entry.pw_dir,
                                                      "LANG": "C.UTF-8"})
    try:
        deadline = time.monotonic() + 60
        while b"ready on" not in log_path.read_bytes():
            if warm.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"amtui-warm did not start: {log_path.read_text(errors='replace')}")
            time.sleep(0.05)
        yield log_path
    finally:
        warm.terminate()
        warm.wait(timeout=10)


def wait_for_port(port: int, sshd: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if sshd.poll() is not None:
            raise RuntimeError(f"sshd stopped: {log.read_text(errors='replace')}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"sshd did not listen on {port}: {log.read_text(errors='replace')}")
