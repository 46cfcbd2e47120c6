"""The arrows point one way: ui -> db / imports / reports -> domain.

Checked on the source with ``ast`` so that a stray import fails here, not in review.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "amtui"

# package -> packages (of amtui, or third-party) it must never import
FORBIDDEN = {
    "domain": {"amtui.db", "amtui.ui", "amtui.imports", "amtui.reports", "amtui.demo", "peewee", "textual", "playhouse"},
    "db": {"amtui.ui", "amtui.imports", "amtui.reports", "textual"},
    "imports": {"amtui.ui", "textual"},
    "reports": {"amtui.ui", "textual"},
    "demo": {"amtui.ui", "textual"},
}


def imported_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def violations(package: str) -> list[str]:
    found = []
    for path in sorted((SRC / package).rglob("*.py")):
        for name in imported_names(path):
            for banned in FORBIDDEN[package]:
                if name == banned or name.startswith(banned + "."):
                    found.append(f"{path.relative_to(SRC)} imports {name}")
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_layers_import_only_downwards(package):
    assert violations(package) == []


def test_the_rule_itself_catches_a_bad_import(tmp_path, monkeypatch):
    bad = tmp_path / "domain"
    bad.mkdir()
    (bad / "oops.py").write_text("from amtui.db.models import Pupil\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", tmp_path)
    assert violations("domain") == ["domain/oops.py imports amtui.db.models"]


def test_the_command_line_starts_without_the_ui():
    """`amtui --help` (and every non-UI command) must not pay for importing Textual."""
    code = (
        "import sys, amtui.cli; "
        "amtui.cli.build_parser(); "
        "assert 'textual' not in sys.modules, 'textual imported at start-up'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=SRC.parents[1])
