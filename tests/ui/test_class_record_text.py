"""The text class record fits a 132-column printer and says on it which pupils it leaves out."""

from __future__ import annotations

from amtui.db.connection import write
from amtui.db.models import Subject, WorkingStage
from amtui.db.repo.class_grid import load_named
from amtui.reports.class_record import class_record_text


def test_the_text_record_fits_132_columns_and_says_who_it_leaves_out(school):
    reading = Subject.get(Subject.name == "Reading")
    write(lambda: WorkingStage.create(pupil=school.pupils["Bella Brown"], subject=reading, stage=3))
    data = load_named("4B", "Reading", school.today)
    others = {stage: n for stage, n in data.stages_in_class.items() if stage != data.bank_stage}
    assert others == {3: 1}
    text = class_record_text(data)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 132
    count = sum(others.values())
    assert f"Not on this record: {count} pupil{'s' if count != 1 else ''} of 4B working in another stage's bank" \
        in text
    header = next(line for line in lines if line.startswith("Pupil"))
    assert header.split()[1] == "".join(str(c.number % 10) for c in data.criteria)
    tens = lines[lines.index(header) - 1]
    assert tens[header.index("1") + 9:header.index("1") + 11] == "11"  # 10 and 11: tens over units
    for pupil in data.pupils:  # a character a criterion, then the crosses
        row = next(line for line in lines if line.startswith(pupil.name))
        figures = data.record.figures(pupil.id)
        cells = row[header.index("1"):header.index("1") + len(data.criteria)]
        assert cells.count("X") == figures.crosses
    assert f"R{data.bank_stage}/1 " in text and "secured" in text
