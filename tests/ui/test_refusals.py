"""One list of what a person is shown: a refusal of the rules is said as it is; anything
else, a ValueError from a bug included, is reported as a failure, never passed off as one
(a screen's queue hands each failure to this list: tests/ui/test_serial_db.py)."""

from __future__ import annotations

import pytest

from amtui.db.connection import DatabaseBusy
from amtui.db.repo.weekly import EntryRefused
from amtui.domain.errors import InputRefused, UserFacingError
from amtui.domain.permissions import NotAllowed
from amtui.domain.targets import TargetChangeRefused
from amtui.domain.text import TextRefused
from amtui.ui.serial import failure_text


@pytest.mark.parametrize("error", [UserFacingError("Give the piece a title."), NotAllowed("Not your class."),
                                   EntryRefused("11 is more than 10."), TargetChangeRefused("Below FFT."),
                                   TextRefused("The title holds a control character."),
                                   InputRefused("'q' is not a rating; use R, Y or G")])
def test_every_refusal_of_the_rules_is_said_as_it_is(error):
    assert failure_text(error) == str(error)


@pytest.mark.parametrize("error", [ValueError("invalid literal for int() with base 10: 'x'"),
                                   LookupError("no such row"), KeyError("pupil_id")])
def test_a_bugs_error_is_not_taken_for_a_refusal(error):
    assert failure_text(error).startswith(f"amtui could not read the database ({type(error).__name__}")


def test_the_database_out_of_reach_says_why_too():
    error = DatabaseBusy("The database is busy: try again in a moment.")
    assert failure_text(error) == str(error)


def test_a_bug_says_what_amtui_could_not_do_and_a_refusal_stays_as_it_is():
    said = failure_text(KeyError("pupil_id"), doing="reach", then="Nothing is lost on screen.")
    assert said == "amtui could not reach the database (KeyError: 'pupil_id'). Nothing is lost on screen."
    assert failure_text(NotAllowed("Not your class."), doing="use") == "Not your class."
