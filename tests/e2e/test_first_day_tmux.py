"""The README's first day, exactly as written there, on a fresh path: from nothing to a
working school in a real terminal at 80x24."""

from __future__ import annotations

import re
import shlex
import shutil
import sqlite3
import sys

from tmux import REPO, Terminal, terminal_env

FILES = {
    "staff.csv": REPO / "tests" / "data" / "first-day" / "staff.csv",
    "pupils.csv": REPO / "tests" / "data" / "mis" / "sims-student-list.csv",
    "criteria.csv": REPO / "data" / "criteria_banks.csv",
    "baselines.csv": REPO / "tests" / "data" / "first-day" / "baselines.csv",
}


def first_day_commands() -> list[str]:
    """The commands of the README's first-day block, in order."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## The first day: a new school", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.strip() for line in block.splitlines() if line.strip()]


def test_the_readme_names_at_most_six_commands_from_nothing_to_the_app():
    commands = first_day_commands()
    assert 1 < len(commands) <= 6
    assert commands[0].startswith("amtui init --school") and commands[-1] == "amtui"
    assert all(command.startswith("amtui") for command in commands)


def test_the_readme_first_day_makes_a_working_school(tmp_path):
    for name, source in FILES.items():
        shutil.copyfile(source, tmp_path / name)
    db = tmp_path / "school" / "oak.db"
    db.parent.mkdir()
    steps = " && ".join(first_day_commands())
    command = (f"cd {shlex.quote(str(tmp_path))} && export AMTUI_DB={shlex.quote(str(db))} "
               f"AMTUI_CONFIG={shlex.quote(str(tmp_path / 'none.toml'))} && "
               f"amtui() {{ {shlex.quote(sys.executable)} -m amtui \"$@\"; }} && {steps}; "
               "echo AMTUI-EXIT=$?; sleep 30")
    term = Terminal(command, terminal_env(tmp_path, "head"))
    try:
        home = term.wait_until(lambda s: "Meetings overdue" in s or "AMTUI-EXIT" in s or "Traceback" in s,
                               "the home screen after the first day", timeout=90)
        assert "Oak Primary" in home and "Meetings overdue" in home, home
        assert "5 pupils" in home and "First day" not in home  # every step done: the figures
        assert all(len(line) <= 80 for line in home.splitlines())
        term.keys("q")
        term.wait_for("AMTUI-EXIT=0")
    finally:
        term.close()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT username FROM staff WHERE roles = 'admin'").fetchall() == [("head",)]
        assert conn.execute("SELECT COUNT(*) FROM pupil").fetchone() == (5,)
        teachers = conn.execute("SELECT c.name, s.username FROM class_staff l JOIN school_class c "
                                "ON c.id = l.school_class_id JOIN staff s ON s.id = l.staff_id "
                                "ORDER BY c.name").fetchall()
        assert teachers == [("3B", "bpatel"), ("4W", "tester"), ("5H", "jsmith")]
        assert conn.execute("SELECT COUNT(*) FROM long_term_target").fetchone() == (6,)
    conn.close()
