"""``amtui doctor``: check the deployment amtui runs in, and say plainly what is unsafe.

One line per check, ``ok`` / ``warn`` / ``UNSAFE`` in words, with what to do; exit
status 1 when anything is unsafe. The README's admin section starts from it.
"""

from __future__ import annotations

import sys

from amtui.doctor.checks import UNSAFE, Check
from amtui.doctor.run import all_checks


def run_doctor(cli_db: str | None = None, out=None) -> int:
    """Print every check; 1 when one is UNSAFE, else 0."""
    out = out or sys.stdout
    try:
        found: list[Check] = all_checks(cli_db)
    except Exception as error:  # a check that breaks is reported, never a traceback
        found = [Check(UNSAFE, f"the doctor could not finish its checks: {error!r}",
                       "run it as root or as the service account, and report this")]
    for check in found:
        print(check.line(), file=out)
    unsafe = sum(c.status == UNSAFE for c in found)
    warnings = sum(c.status == "warn" for c in found)
    print(f"amtui doctor: {unsafe} unsafe, {warnings} warning(s), "
          f"{len(found) - unsafe - warnings} ok.", file=out)
    return 1 if unsafe else 0
