"""The printed half-term profile, as a pupil and parent would see it: the text line by line,
and a class's profiles in one document rendered by headless Chromium to a PDF with exactly
one A4 page per pupil."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from amtui.db.connection import write
from amtui.db.models import CriteriaBank, Criterion, Subject, Target, WeeklyLevel, WeeklyResult
from amtui.db.repo.pupil_file import load_pupil_file
from amtui.reports.profile import profile_html, profile_text, write_profiles

from tests.printed import is_a4, needs_chromium, rendered

sys.path.insert(0, str(Path(__file__).parent / "db"))
from pupil_school import build  # noqa: E402


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def zoe_file(made_school):
    return load_pupil_file(made_school.pupils["Zoë O'Neill"], made_school.today)


def test_the_text_profile_line_by_line(made):
    made_school, _ = made
    year = made_school.start_year
    due = zoe_file(made_school).summary.meeting.due
    lines = profile_text(zoe_file(made_school), "Oakfield Primary", made_school.today).splitlines()
    assert lines[:3] == [f"Pupil profile: Zoë O'Neill, Spring 2 {year}-{(year + 1) % 100:02d}",
                         "Oakfield Primary", f"4B · Year 4 · mentor Tess Tester · next meeting * due by {due:%d %b}"]
    start = lines.index("ATTAINMENT AGAINST TARGETS")
    assert [line.split() for line in lines[start + 3:start + 6]] == [
        ["Reading", "1R", "2Dm", "A", "2Dm", "A", "2Dm", "A", "2Dm", "A", "1S", "1D", "A", "Above"],
        ["Writing", "2R", "2R", "2R", "2R", "2R", "-", "-", "-"],
        ["Maths", "3R", "2El", "B", "2El", "B", "2El", "B", "2El", "B", "4R", "3D", "B", "Not", "achieving"],
    ]
    assert lines[start + 6] == "A above · O on target · N nearly there · B below"
    # Every code on the page spelled out for parents, lowest first, never broken inside a code.
    assert lines[start + 7:start + 10] == [
        "Codes: 1R Stage 1, Ready · 1D Stage 1, Developing · 1S Stage 1, Securing · 2R Stage 2, Ready",
        "  2El Stage 2, Emerging (low) · 2Dm Stage 2, Developing (mid) · 3R Stage 3, Ready",
        "  3D Stage 3, Developing · 4R Stage 4, Ready"]
    start = lines.index("ATTITUDE (G good, Y acceptable, R unacceptable)")
    assert lines[start + 1].split() == ["Last", "year", "HT1", "HT2", "HT3", "HT4", "HT5", "HT6"]
    assert lines[start + 3].split() == ["Attendance", "96.8%", "G", "97%", "G", "93.5%", "Y", "88%", "R"]
    assert lines[start + 7].split() == ["Homework", "G", "G", "R", "R"]
    start = lines.index("CURRENT TARGETS")
    assert [line.split(None, 1)[0] for line in lines[start + 3:start + 9]] == [
        "Long-term", "Long-term", "Medium-term", "Medium-term", "Medium-term", "Attitude/personal"]
    assert "R2/1 " not in "\n".join(lines)  # achieved: its criterion is X, so not a current target
    assert lines[start + 4].split() == ["Long-term", "Maths", "4R", "Stage", "4,", "Ready"]
    assert lines[lines.index("LAST THREE WEEKLY TESTS (out of 25; G 21+, Y 15-20, R below 15)") + 1] == \
        "No weekly tests yet."
    key = lines.index("GRADING KEY")
    assert lines[key + 1].startswith("R Red    (very poor, poor; code .): little effort;")
    assert lines[key + 3].endswith("fully achieved; go!")
    assert lines[-1] == f"Printed {made_school.today:%d %b %Y}"


def test_the_last_three_weekly_tests_newest_first(made):
    made_school, _ = made
    finn = load_pupil_file(made_school.pupils["Finn Ford"], made_school.today)
    lines = profile_text(finn, "", made_school.today).splitlines()
    start = lines.index("LAST THREE WEEKLY TESTS (out of 25; G 21+, Y 15-20, R below 15)")
    # Date, level, test, score and its letter: tests 4, 3 and 2 of Level 2, all green.
    assert [line.split()[-5:] for line in lines[start + 3:start + 6]] == [
        ["Level", "2", "4", "23", "G"], ["Level", "2", "3", "23", "G"], ["Level", "2", "2", "23", "G"]]
    assert lines[start + 6] == ""


def test_the_html_colours_every_status_and_says_its_letter(made):
    made_school, _ = made
    page = profile_html(zoe_file(made_school), "Oakfield Primary <Trust>", made_school.today)
    assert "@page { size: A4; margin: 10mm; }" in page and "<script" not in page
    # Baseline, target and expected: the code, and beneath it the words.
    assert '<td class="words"><b>4R</b><br>Stage 4, Ready</td>' in page
    assert "<b>2El</b> Stage 2, Emerging (low)" in page
    assert "Oakfield Primary &lt;Trust&gt;" in page  # escaped
    assert '<td style="background:#7bc67b">2Dm A</td>' in page  # green above, with its letter
    assert '<td style="background:#ef7b7b">2El B</td>' in page  # red below
    assert '<td style="background:#ef7b7b">B Not achieving</td>' in page
    assert page.count("<svg") == 3 and "Zoë O&#x27;Neill" in page
    assert '<td style="background:#ef7b7b">88% R</td>' in page  # attendance below 90%


def crowd(made_school, extras) -> None:
    """A pupil with a busy file: four subjects, many open targets with long texts, weekly tests."""

    def fill() -> None:
        zoe = made_school.pupils["Zoë O'Neill"]
        writing = Subject.get(Subject.code == "W")
        long_text = "Write in paragraphs, each with a clear topic sentence, and link them with adverbials " * 2
        for criterion in extras.writing_criteria[6:22]:
            Criterion.update(text=long_text).where(Criterion.id == criterion).execute()
            Target.create(pupil=zoe, kind="medium", subject=writing, criterion=criterion, text=long_text)
        WeeklyLevel.create(pupil=zoe, level="Level 3", started_on=made_school.today)
        for week, score in enumerate((12, 19, 24, 25)):
            WeeklyResult.create(pupil=zoe, level="Level 3", test=week + 1, score=score,
                                sat_on=made_school.today - dt.timedelta(weeks=4 - week))

    write(fill)


def test_an_earlier_stages_target_is_not_on_the_profile(made):
    """Zoë works in Reading stage 2; an open target left on a stage 1 criterion is done with."""
    made_school, _ = made

    def earlier() -> None:
        reading = Subject.get(Subject.code == "R")
        bank = CriteriaBank.create(subject=reading, stage=1)
        old = Criterion.create(bank=bank, subject=reading, number=1, ref="R1/1", text="Read simple words aloud")
        Target.create(pupil=made_school.pupils["Zoë O'Neill"], kind="medium", subject=reading, criterion=old,
                      text="R1/1")

    write(earlier)
    text = profile_text(zoe_file(made_school), "", made_school.today)
    assert "R1/1" not in text and "R2/15 criterion R2/15" in text
    assert "Read simple words" not in profile_html(zoe_file(made_school), "", made_school.today)


@needs_chromium
def test_a_class_prints_as_one_document_an_a4_page_per_pupil_even_when_busy(made, tmp_path):
    made_school, extras = made
    crowd(made_school, extras)
    batch = write_profiles(made_school.classes["4B"], tmp_path / "out", formats=("html", "text"),
                           today=made_school.today)
    assert [p.name for p in batch.paths] == ["profiles-4B-ht4.txt", "profiles-4B-ht4.html"]
    assert batch.pupils == 5  # five on roll; the leaver is not printed
    page = batch.paths[1].read_text()
    assert page.count('<section class="pupil">') == 5 and "... and 8 more on the pupil&#x27;s file" in page
    assert batch.paths[0].read_text().count("\f") == 4  # a page each on a text printer too
    pages, size = rendered(batch.paths[1])
    assert pages == 5 and is_a4(size)  # Zoë's busy profile still fits its one page


def test_the_batch_reports_progress_and_names_the_file_by_class(made, tmp_path):
    made_school, _ = made
    seen = []
    batch = write_profiles(made_school.classes["4B"], tmp_path, today=made_school.today,
                           progress=lambda step, fraction: seen.append((step, fraction)))
    assert [p.name for p in batch.paths] == ["profiles-4B-ht4.html"]
    assert seen[0] == ("Adam Ash", 0.0) and seen[-1] == ("written", 0.9) and len(seen) == 6
    assert all(a[1] <= b[1] for a, b in zip(seen, seen[1:]))


def test_a_school_without_a_name_prints_none_rather_than_amtui(made, tmp_path):
    """A school made before it had a name (an older file): its prints leave the name out."""
    from amtui.db.models import School
    from amtui.db.repo import school
    from amtui.reports.governors import governors_html

    made_school, _ = made
    write(lambda: School.update(name="").execute())
    assert school.school_name() == ""
    batch = write_profiles(made_school.classes["4B"], tmp_path, formats=("html", "text"), today=made_school.today)
    for path in batch.paths:
        assert "amtui" not in path.read_text(encoding="utf-8").lower(), path
    text = next(p for p in batch.paths if p.suffix == ".txt").read_text(encoding="utf-8")
    assert text.splitlines()[1].strip()  # the facts under the title, no blank line for a name
    page = governors_html(school.current_half_term(made_school.today), [], school.school_name())
    assert "<h1>Progress by group, " in page and "amtui" not in page
