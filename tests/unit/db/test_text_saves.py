"""Free text saved from the screens passes the one rule (amtui.domain.text): a control
character or an over-long value is refused with a plain reason, and nothing is saved."""

from __future__ import annotations

import pytest

from amtui.db import models
from amtui.db.repo import bigwrite, events, staff, targets
from amtui.domain.text import TextRefused
from pupil_school import build

ESCAPE = "Star\x1b]0;owned\x07\x1b[2J"


@pytest.fixture
def made(tmp_path):
    school_, extras = build(tmp_path / "school.db")
    yield school_, extras
    school_.opened.db.close()


def counts() -> dict[str, int]:
    return {model.__name__: model.select().count() for model in models.ALL_MODELS}


def test_each_save_refuses_a_control_character_or_too_much(made):
    made_school, extras = made
    zoe, teacher = made_school.pupils["Zoë O'Neill"], staff.identify("tester")
    saves = [
        ("event", lambda text: events.log_event(teacher, zoe, "reward", text), 200),
        ("target", lambda text: targets.add_target(teacher, zoe, "short", text), 300),
        ("title", lambda text: bigwrite.create_piece(teacher, made_school.classes["4B"],
                                                     made_school.today, text), 200),
        ("feedback", lambda text: bigwrite.save_feedback(teacher, extras.piece_id, zoe, text), 4000),
    ]
    before = counts()
    for label, save, most in saves:
        with pytest.raises(TextRefused, match=rf"^The {label} holds a control character \(ESC\) at position 5\.$"):
            save(ESCAPE)
        with pytest.raises(TextRefused, match=rf"^The {label} holds a control character \(NUL\)"):
            save("a\x00b")
        with pytest.raises(TextRefused, match=rf"^The {label} is {most + 1:,} characters; the most is {most:,}\.$"):
            save("a" * (most + 1))
        save("a" * most)  # the limit itself is allowed
    after = counts()
    assert after["RecordEvent"] == before["RecordEvent"] + 1
    assert after["Target"] == before["Target"] + 1
    assert after["BigWritePiece"] == before["BigWritePiece"] + 1
    assert "\x1b" not in str([e.text for e in events.pupil_events(zoe)])


def test_text_stored_before_is_read_back_drawn_visibly_and_left_as_it_was(made):
    """Rows written before the rule (here straight into the file) reach no screen raw."""
    made_school, _ = made
    zoe = made_school.pupils["Zoë O'Neill"]
    db = made_school.opened.db
    db.execute_sql("UPDATE pupil SET forename = ? WHERE id = ?", ("Zo\x1b]0;owned\x07", zoe))
    db.execute_sql("UPDATE criterion SET text = ?", ("One\nTwo\x1b[2J",))
    assert models.Pupil.get_by_id(zoe).forename == "Zo^[]0;owned^G"
    assert models.Pupil.select(models.Pupil.forename).where(models.Pupil.id == zoe).tuples()[0] == (
        "Zo^[]0;owned^G",)
    assert {c.text for c in models.Criterion.select()} == {"One^JTwo^[[2J"}  # one line, always
    assert db.execute_sql("SELECT forename FROM pupil WHERE id = ?", (zoe,)).fetchone() == ("Zo\x1b]0;owned\x07",)


def test_a_setting_refuses_a_control_character_and_the_school_name_is_drawn_visibly(made):
    from amtui.db.repo import school
    from amtui.db.repo.staff import CurrentUser
    from amtui.domain.roles import Role

    with pytest.raises(TextRefused, match=r"The weekly_max setting holds a control character \(ESC\)"):
        school.save_setting(CurrentUser("head", None, "Head", frozenset({Role.SLT})), "weekly_max", "2\x1b[2J")
    made[0].opened.db.execute_sql("UPDATE school SET name = ?",
                                  ("Oak\x1b]0;owned\x07",))
    assert school.school_name() == "Oak^[]0;owned^G"


def test_the_audit_trail_shows_an_old_entrys_escape_drawn_visibly(made):
    """Audit detail is JSON: an escape saved before the rule decodes back to a real ESC."""
    from amtui.db.audit import audit
    from amtui.db.connection import write
    from amtui.db.repo.audit_trail import school_audit
    from amtui.db.repo.pupil_history import pupil_audit

    zoe = made[0].pupils["Zoë O'Neill"]
    write(lambda: audit("tester", "event.log", "pupil", zoe, text="Star\x1b]0;owned\x07"))
    shown = [e.detail for e in school_audit()] + [e.detail for e in pupil_audit(zoe)]
    assert any("Star^[]0;owned^G" in detail for detail in shown)
    assert not any("\x1b" in detail or "\x07" in detail for detail in shown)
