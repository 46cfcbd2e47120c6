"""A meeting's notes, the mentor's reason and the intervention bank refuse control
characters and over-long text (amtui.domain.text); nothing is saved then."""

from __future__ import annotations

import pytest

from amtui.db import models
from amtui.db.repo import interventions
from amtui.db.repo import meeting_saves as saves
from amtui.db.repo.meetings import change_mentor, open_meeting, possible_mentors
from amtui.db.repo.staff import identify
from amtui.domain.text import TextRefused


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in models.ALL_MODELS}


def test_meeting_texts_refuse_escapes_and_keep_line_breaks(school, tester, zoe):
    meeting = open_meeting(tester, zoe, school.today)
    before = counts()
    with pytest.raises(TextRefused, match=r"The summary holds a control character \(ESC\) at position 4"):
        saves.set_text(tester, meeting, "summary", "Ok\n\x1b[2J")
    with pytest.raises(TextRefused, match=r"The note is 4,001 characters; the most is 4,000"):
        saves.set_follow_up(tester, meeting, "parents", "a" * 4001)
    with pytest.raises(TextRefused, match=r"direction control \(U\+202E\)"):
        saves.set_personal_target(tester, meeting, "punctuality", "On time \u202eevery day")
    homework = school.ids["target_homework"]
    with pytest.raises(TextRefused, match=r"The comment holds a control character \(BEL\)"):
        saves.set_self_assessment(tester, meeting, homework, comment="I forget\x07")
    assert counts() == before
    saves.set_text(tester, meeting, "summary", "Reading strong.\nMaths:\tneeds lines.")
    assert models.Meeting.get_by_id(meeting).summary == "Reading strong.\nMaths:\tneeds lines."


def test_a_mentor_change_and_an_intervention_refuse_control_characters(school, zoe):
    head = identify("head")
    before = counts()
    with pytest.raises(TextRefused, match=r"The name holds a control character \(ESC\)"):
        interventions.save_intervention(head, None, "Buddies\x1b[2J", None, "")
    with pytest.raises(TextRefused, match=r"The description is 4,001 characters"):
        interventions.save_intervention(head, None, "Buddies", None, "a" * 4001)
    mentor = possible_mentors()[0][0]
    with pytest.raises(TextRefused, match=r"The reason holds a control character \(NUL\)"):
        change_mentor(head, zoe, mentor, "new\x00class", school.today)
    assert counts() == before
