"""Does sshd force amtui on the staff group? From ``sshd -T``, else the config files.

``sshd -T -C user=...`` answers exactly (it applies the Match blocks) but needs root to
read the host keys; as the service account the doctor falls back to reading
``/etc/ssh/sshd_config`` and ``sshd_config.d/*.conf`` for a ``Match Group`` block.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
from pathlib import Path

from amtui.doctor.checks import OK, UNSAFE, WARN, Check

SSHD_CONFIG = Path("/etc/ssh/sshd_config")
NEEDED = {  # setting -> the value the staff's Match block needs (sshd -T prints lower case)
    "disableforwarding": "yes",
    "x11forwarding": "no",
    "allowagentforwarding": "no",
    "allowtcpforwarding": "no",
    "permittunnel": "no",
    "permituserrc": "no",
}


FORWARDING = {"x11forwarding", "allowagentforwarding", "allowtcpforwarding"}  # DisableForwarding wins


def effective_settings(user: str, config: Path = SSHD_CONFIG) -> dict[str, str] | None:
    """sshd's settings for ``user`` logging in from this machine, or None if sshd -T cannot say."""
    sshd = shutil.which("sshd") or ("/usr/sbin/sshd" if Path("/usr/sbin/sshd").exists() else None)
    if sshd is None:
        return None
    try:
        done = subprocess.run([sshd, "-T", "-f", str(config), "-C", f"user={user},host=localhost,addr=127.0.0.1"],
                              capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    settings: dict[str, str] = {}
    for line in done.stdout.splitlines():
        key, _, value = line.partition(" ")
        settings.setdefault(key.lower(), value.strip())
    return settings


def judge(settings: dict[str, str], session: str) -> list[Check]:
    """Checks from effective sshd settings (``sshd -T`` output as a dict)."""
    force = settings.get("forcecommand", "none")
    if session not in force:
        return [Check(UNSAFE, f"sshd does not force amtui on the staff (ForceCommand {force})",
                      "add the README's Match Group block to /etc/ssh/sshd_config")]
    found = [Check(OK, f"sshd forces amtui on the staff: ForceCommand {force}")]
    covered = FORWARDING if settings.get("disableforwarding") == "yes" else set()
    wrong = [f"{key} {settings.get(key, '?')}" for key, value in NEEDED.items()
             if key in settings and settings[key] != value and key not in covered]
    if wrong:
        found.append(Check(UNSAFE, "sshd lets the staff " + ", ".join(wrong),
                           "set DisableForwarding yes and PermitUserRC no in the Match block"))
    return found


def blocks(text: str) -> list[tuple[list[str], dict[str, str]]]:
    """(Match words, settings) of each Match block in a config file's text."""
    found: list[tuple[list[str], dict[str, str]]] = []
    current: dict[str, str] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        key, _, value = line.replace("=", " ", 1).partition(" ")
        if key.lower() == "match":
            current = {}
            found.append((value.split(), current))
        elif current is not None:
            current.setdefault(key.lower(), value.strip())
    return found


def matches_group(words: list[str], group: str) -> bool:
    """Whether Match words such as ``Group amtui-staff,teachers`` select ``group``."""
    for index, word in enumerate(words[:-1]):
        if word.lower() == "group":
            patterns = words[index + 1].split(",")
            hits = [p for p in patterns if fnmatch.fnmatch(group, p.lstrip("!"))]
            return any(not p.startswith("!") for p in hits) and not any(p.startswith("!") for p in hits)
    return False


def from_files(group: str, session: str, main: Path = SSHD_CONFIG) -> list[Check]:
    """Read the config files (no Include logic beyond sshd_config.d/*.conf)."""
    files = sorted((main.parent / "sshd_config.d").glob("*.conf")) + [main]
    for path in files:
        try:
            text = path.read_text(errors="replace")
        except OSError:
            continue
        for words, settings in blocks(text):
            if matches_group(words, group) and session in settings.get("forcecommand", ""):
                return judge(settings, session) + [Check(WARN, f"read from {path}, not from sshd -T",
                                                         "run amtui doctor as root for sshd's own answer")]
    if not main.exists():
        return [Check(WARN, f"no {main}: is sshd installed here?")]
    return [Check(UNSAFE, f"no 'Match Group {group}' block with ForceCommand {session} in {main.parent}",
                  "add the README's Match Group block to /etc/ssh/sshd_config")]


def sshd_checks(group: str, member: str | None, session: str, config: Path = SSHD_CONFIG) -> list[Check]:
    """The sshd checks for the staff group (``member``: a login in it, for sshd -T)."""
    settings = effective_settings(member, config) if member else None
    if settings is not None:
        return judge(settings, session)
    return from_files(group, session, config)
