"""The arrows point one way: cli -> ui / doctor -> imports / reports -> db -> domain.

The rules are import-linter contracts in ``pyproject.toml`` (see the comment there); these
tests run them, so a stray import fails here, not in review. What import-linter cannot see,
what is loaded at run time, is checked here and in ``test_import_hygiene.py``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "amtui"

LINT = ("import sys; from importlinter.cli import lint_imports; "
        "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))")


def test_the_import_contracts_are_kept(capsys):
    status = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True,
                          no_logo=True)
    assert status == 0, capsys.readouterr().out


def lint_with(tmp_path, wrong: dict[str, str]) -> str:
    """import-linter's report on a copy of the package with ``wrong`` files added
    (path under ``src/amtui`` -> source); asserts the contracts fail."""
    shutil.copytree(SRC, tmp_path / "src" / "amtui",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for path, source in wrong.items():
        (tmp_path / "src" / "amtui" / path).write_text(source)
    env = dict(os.environ, PYTHONPATH=str(tmp_path / "src"))
    run = subprocess.run([sys.executable, "-c", LINT], cwd=tmp_path, env=env,
                         capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    return run.stdout


def test_the_contracts_catch_a_bad_import(tmp_path):
    """A copy of the package with two wrong imports: both contracts report it broken."""
    report = lint_with(tmp_path, {"domain/oops.py": "import textual\n",
                                  "ui/oops.py": "from amtui.db.models import Pupil\n"})
    assert "amtui.domain.oops -> textual" in report, report
    assert "amtui.ui.oops -> amtui.db.models" in report, report


def test_the_contracts_catch_a_screen_opening_another_features_screen(tmp_path):
    report = lint_with(tmp_path, {
        "ui/screens/home/oops.py": "from amtui.ui.screens.pupil.page import PupilScreen\n"})
    assert "amtui.ui.screens.home.oops -> amtui.ui.screens.pupil.page" in report, report


def test_the_contracts_catch_an_import_cycle(tmp_path):
    """Two modules of one package importing each other, even inside functions."""
    report = lint_with(tmp_path, {
        "ui/widgets/oops_a.py": "def f():\n    from amtui.ui.widgets import oops_b\n",
        "ui/widgets/oops_b.py": "from amtui.ui.widgets import oops_a\n"})
    assert "No cycles are allowed in amtui.ui.widgets" in report, report
    assert ".oops_a -> .oops_b" in report or ".oops_b -> .oops_a" in report, report


def test_the_command_line_starts_without_the_ui():
    """`amtui --help` (and every non-UI command) must not pay for importing Textual."""
    code = (
        "import sys, amtui.cli; "
        "amtui.cli.build_parser(); "
        "assert 'textual' not in sys.modules, 'textual imported at start-up'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SRC.parents[1])
