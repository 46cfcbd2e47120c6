"""The secondary demo: ``amtui demo --secondary``, a school of Years 7-11 (about 900 pupils).

Built as the primary demo is (``amtui.demo.builder``: one transaction, seeded, the same
school for the same seed and day), from its own steps.
"""

from __future__ import annotations

import datetime as dt

from amtui.demo import secondary_people as people
from amtui.demo import secondary_programme as programme
from amtui.demo import secondary_records as records
from amtui.demo import secondary_returns as returns
from amtui.demo.builder import DemoSummary, Progress, build_demo

STEPS = (
    ("School, calendar and subjects", people.build_school, 1),
    ("Staff and their roles", people.build_staff, 1),
    ("Tutor groups and teaching groups", people.build_groups, 1),
    ("Pupils, their groups and mentors", people.build_pupils, 3),
    ("Criteria banks", records.load_banks, 1),
    ("Baselines, FFT and targets", records.write_targets, 4),
    ("KS3 dots, lines and crosses", records.write_marks, 4),
    ("A year of progress returns", returns.write_returns, 2),
    ("The mentoring programme and referrals", programme.build_programme, 1),
)


def build_secondary_demo(today: dt.date | None = None, seed: int = 2026,
                         progress: Progress | None = None) -> DemoSummary:
    """Fill the open, empty database with the secondary demo school."""
    return build_demo(today, seed, progress, steps=STEPS, school=people.SCHOOL_NAME, plan=people.SecondaryDemo)
