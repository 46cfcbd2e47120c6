"""The UI tests chosen to run on PostgreSQL too by default exist: a renamed test would
otherwise drop out of the PostgreSQL run unnoticed."""

from __future__ import annotations

import ast
from pathlib import Path

import engines

ROOT = Path(__file__).resolve().parents[2]


def test_every_ui_test_chosen_for_both_engines_exists():
    for where, names in engines.UI_ON_BOTH_ENGINES.items():
        tree = ast.parse((ROOT / where).read_text())
        defined = {node.name for node in tree.body if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))}
        assert names == "all" or set(names) <= defined, (where, set(names) - defined)
