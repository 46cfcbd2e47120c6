"""The domain package must stay pure: no database, no screen.

The import-linter contracts in pyproject.toml (run by test_architecture.py) check the
source; this checks what importing the domain really loads.
"""

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
DOMAIN = SRC / "amtui" / "domain"


def domain_modules():
    return sorted(p.stem for p in DOMAIN.glob("*.py") if p.stem != "__init__")


def test_the_expected_modules_exist():
    assert {"scale", "codes", "substage", "targets", "roles", "ryg", "weekly",
            "halfterm_tests", "attitude", "settings", "calendar",
            "meetings"} <= set(domain_modules())


def test_importing_domain_loads_neither_peewee_nor_textual():
    imports = "; ".join(f"import amtui.domain.{name}" for name in domain_modules())
    code = (f"{imports}; import sys; "
            "assert 'peewee' not in sys.modules and 'textual' not in sys.modules, "
            "sorted(m for m in sys.modules if m.split('.')[0] in ('peewee', 'textual'))")
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True)
    assert run.returncode == 0, run.stderr
