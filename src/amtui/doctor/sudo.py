"""Does sudo let the staff run amtui-session as the service account, and only that?

``sudo -l -U LOGIN`` lists what a person may run; only root may ask it about another
person, so as the service account this check says it was not made.
"""

from __future__ import annotations

import os
import shutil
import subprocess

from amtui.doctor.checks import OK, UNSAFE, WARN, Check


def listing(member: str) -> str | None:
    """``sudo -l -U member``'s answer, or None when it cannot be asked (not root, no sudo)."""
    sudo = shutil.which("sudo")
    if sudo is None or os.geteuid() != 0:
        return None
    try:
        done = subprocess.run([sudo, "-n", "-l", "-U", member], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def judge(text: str, member: str, account: str, session: str) -> Check:
    """The check from sudo's listing for ``member``."""
    rules = [line.strip() for line in text.splitlines() if line.startswith((" ", "\t")) and "(" in line]
    as_service = [rule for rule in rules if rule.startswith(f"({account})") and session in rule]
    if not as_service:
        return Check(UNSAFE, f"sudo does not let {member} run {session} as {account}",
                     "add the README's rule to /etc/sudoers.d/amtui (visudo -f)")
    others = [rule for rule in rules if rule.startswith(f"({account}") and session not in rule]
    if others:
        return Check(UNSAFE, f"sudo lets {member} run more than {session} as {account}: {'; '.join(others)}",
                     "the service account's rule names amtui-session alone")
    if not as_service[0].rstrip().endswith('""'):
        return Check(WARN, f"sudo lets {member} give {session} arguments (it ignores them)",
                     f'end the rule with {session} ""')
    return Check(OK, f"sudo lets {member} run only {session} as {account}")


def sudo_check(member: str | None, account: str, session_path: str) -> list[Check]:
    if member is None:
        return []
    text = listing(member)
    if text is None:
        return [Check(WARN, "sudo's rule for the staff was not checked (only root may ask sudo about others)",
                      "run amtui doctor as root")]
    return [judge(text, member, account, session_path)]
