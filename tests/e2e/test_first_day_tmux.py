"""The README's first day, exactly as written there, on a fresh path: from nothing to a
working school in a real terminal at 80x24, with the pupil list as SIMS or Arbor export
it, then joiners by their Common Transfer File and the MIS's list again."""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import sys

import pytest

from tmux import REPO, Terminal, terminal_env

DATA = REPO / "tests" / "data"
FILES = {
    "staff.csv": DATA / "first-day" / "staff.csv",
    "criteria.csv": REPO / "data" / "criteria_banks.csv",
    "baselines.csv": DATA / "first-day" / "baselines.csv",
    "joiners.xml": DATA / "ctf-joiners.xml",
}
# The school's MIS: its pupil list on the first day, and exported again once joiners have classes.
PUPIL_LISTS = {
    "sims": (DATA / "mis" / "sims-student-list.csv", DATA / "first-day" / "sims-pupils-with-joiners.csv"),
    "arbor": (DATA / "first-day" / "arbor-pupils.csv", DATA / "first-day" / "arbor-pupils-with-joiners.csv"),
}


def readme_blocks() -> list[list[str]]:
    """The commands of each shell block in the README's first-day section, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## The first day: a new school", 1)[1].split("\n## ", 1)[0]
    return [[line.strip() for line in block.splitlines() if line.strip()]
            for block in re.findall(r"```sh\n(.*?)```", section, re.S)]


def first_day_commands() -> list[str]:
    return readme_blocks()[0]


def joiners_commands() -> list[str]:
    return readme_blocks()[1]


def test_the_readme_names_at_most_six_commands_from_nothing_to_the_app():
    commands = first_day_commands()
    assert 1 < len(commands) <= 6
    assert commands[0].startswith("amtui init --school") and commands[-1] == "amtui"
    assert all(command.startswith("amtui") for command in commands)
    assert joiners_commands() == ["amtui import ctf joiners.xml", "amtui import pupils pupils.csv"]


@pytest.mark.parametrize("mis", sorted(PUPIL_LISTS))
def test_the_readme_first_day_makes_a_working_school(tmp_path, mis):
    for name, source in FILES.items():
        shutil.copyfile(source, tmp_path / name)
    first_list, later_list = PUPIL_LISTS[mis]
    shutil.copyfile(first_list, tmp_path / "pupils.csv")
    shutil.copyfile(later_list, tmp_path / "pupils-later.csv")
    db = tmp_path / "school" / "oak.db"
    db.parent.mkdir()
    command = (f"cd {shlex.quote(str(tmp_path))} && export AMTUI_DB={shlex.quote(str(db))} "
               f"AMTUI_CONFIG={shlex.quote(str(tmp_path / 'none.toml'))} && "
               f"amtui() {{ {shlex.quote(sys.executable)} -m amtui \"$@\"; }} && "
               f"{' && '.join(first_day_commands())}; echo AMTUI-EXIT=$?; "
               # The MIS's list exported again, now with the joiners in their classes.
               f"mv pupils-later.csv pupils.csv && clear && {' && '.join(joiners_commands())}; "
               "echo JOINERS-EXIT=$?; sleep 30")
    term = Terminal(command, terminal_env(tmp_path, "head"))
    try:
        home = term.wait_until(lambda s: "Meetings overdue" in s or "AMTUI-EXIT" in s or "Traceback" in s,
                               "the home screen after the first day", timeout=90)
        assert "Oak Primary" in home and "Meetings overdue" in home, home
        assert "5 pupils" in home and "First day" not in home  # every step done: the figures
        assert all(len(line) <= 80 for line in home.splitlines())
        term.keys("q")
        joined = term.wait_until(lambda s: "JOINERS-EXIT" in s or "Traceback" in s, "the joiners' imports",
                                 timeout=60)
        said = "".join(joined.splitlines())  # the messages as one line, unwrapped
        assert "JOINERS-EXIT=0" in said, joined
        assert "Common Transfer File joiners.xml: 2 new, 0 updated, 1 unchanged" in said, joined
        assert "from pupils.csv: 0 new, 2 updated, 5 unchanged" in said, joined  # the joiners' classes
    finally:
        term.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT username FROM staff WHERE roles = 'admin'").fetchall() == [("head",)]
        teachers = conn.execute("SELECT c.name, s.username FROM class_staff l JOIN school_class c "
                                "ON c.id = l.school_class_id JOIN staff s ON s.id = l.staff_id "
                                "ORDER BY c.name").fetchall()
        assert teachers == [("3B", "bpatel"), ("4W", "tester"), ("5H", "jsmith")]
        assert conn.execute("SELECT COUNT(*) FROM long_term_target").fetchone() == (6,)
        placed = dict(conn.execute("SELECT p.upn, c.name FROM pupil p JOIN class_membership m ON m.pupil_id = p.id "
                                   "JOIN school_class c ON c.id = m.school_class_id "
                                   "WHERE m.end IS NULL").fetchall())
        assert len(placed) == 7
        assert (placed["X936402117006"], placed["C93640212401A"], placed["E936402117003"]) == ("4W", "RA", "4W")
        sen = dict(conn.execute("SELECT upn, sen_status FROM pupil").fetchall())
        assert (sen["Q936402116001"], sen["E936402117003"]) == ("K", "E")  # both MIS layouts say it
    conn.close()
