"""Every printed record carries the school's name the same way as the parents' profile:
in text, on the line under the title; in HTML, beside the title in the page's heading."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from meeting_school import add_meeting_records  # noqa: E402
from small_school import SCHOOL_NAME, build  # noqa: E402

from amtui.db.repo import meeting_saves as saves  # noqa: E402
from amtui.db.repo.class_grid import load_named  # noqa: E402
from amtui.db.repo.meeting_agenda import load_agenda  # noqa: E402
from amtui.db.repo.meetings import open_meeting  # noqa: E402
from amtui.db.repo.school import ClassInfo  # noqa: E402
from amtui.db.repo.staff import identify  # noqa: E402
from amtui.reports import html as h  # noqa: E402
from amtui.reports.class_record import write_class_record  # noqa: E402
from amtui.reports.meeting_summary import write_summary  # noqa: E402
from amtui.reports.parents_evening import write_evening  # noqa: E402
from amtui.reports.profile import write_profiles  # noqa: E402
from amtui.reports.tracking_sheet import write_tracking_sheets  # noqa: E402


@pytest.fixture
def school(tmp_path):
    made = build(tmp_path / "school.db")
    add_meeting_records(made)
    yield made
    made.opened.db.close()


def printed(school, out: Path) -> dict[str, list[Path]]:
    """Each record the school prints, written to ``out``: record -> its files."""
    zoe, c4 = school.pupils["Zoë O'Neill"], school.classes["4B"]
    tester = identify("tester")
    meeting = open_meeting(tester, zoe, school.today)
    saves.set_step(tester, meeting, 3, dt.datetime.combine(school.today, dt.time(10)))
    return {
        "class record": write_class_record(load_named("4B", "Reading", school.today), out / "record"),
        "tracking sheet": write_tracking_sheets(zoe, "Zoë O'Neill", out / "sheet", today=school.today),
        "meeting summary": list(write_summary(load_agenda(tester, meeting, school.today), out / "meeting")),
        "parents' evening": write_evening(ClassInfo(c4, "4B", 4, 5), out / "evening", today=school.today),
        "profiles": write_profiles(c4, out / "profiles", formats=("text", "html"), today=school.today).paths,
    }


def test_every_printed_record_has_the_schools_name_under_or_beside_its_title(school, tmp_path):
    records = printed(school, tmp_path)
    banner = h.letterhead("", SCHOOL_NAME).split("<h1>")[0]  # the heading's own frame
    for record, paths in records.items():
        assert sorted(p.suffix for p in paths) == [".html", ".txt"], record
        text = next(p for p in paths if p.suffix == ".txt").read_text(encoding="utf-8").splitlines()
        assert text[1] == SCHOOL_NAME, (record, text[:3])
        page = next(p for p in paths if p.suffix == ".html").read_text(encoding="utf-8")
        assert f'{banner}<h1>' in page and f'<span class="muted">{SCHOOL_NAME}</span></div>' in page, record
