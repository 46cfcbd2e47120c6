"""The small school with Zoë's meeting records, for the meeting repository tests."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "ui"))

from meeting_school import add_meeting_records  # noqa: E402
from small_school import build  # noqa: E402

from amtui.db.repo.staff import identify  # noqa: E402


@pytest.fixture
def school(tmp_path):
    made = build(tmp_path / "school.db")
    made.ids = add_meeting_records(made)
    yield made
    made.opened.db.close()


@pytest.fixture
def tester(school):
    return identify("tester")


@pytest.fixture
def zoe(school):
    return school.pupils["Zoë O'Neill"]
