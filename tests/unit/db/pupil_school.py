"""The Pilot tests' small school (tests/ui/small_school.py) with the pupil-file extras, for
the repository tests here (tests/ui is not a package, so the modules load by path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

UI = Path(__file__).resolve().parents[2] / "ui"


def load(name: str):
    """tests/ui/<name>.py as a module (once)."""
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, UI / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def build(path: Path):
    """(school, extras): the small school at ``path`` with the extras added."""
    school = load("small_school").build(path)
    return school, load("pupil_extras").add_extras(school)


@pytest.fixture
def primary(db_target):
    """The small school on the test's engine: Tess teaches 4B (Zoë, her mentee), Jo 6R (Finn,
    on weekly tests). A test module takes it by importing it."""
    made = load("small_school").build(db_target)
    yield made
    made.opened.db.close()
