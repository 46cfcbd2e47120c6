"""import baselines: baseline, FFT, long-term target and working stage for this year."""

from __future__ import annotations

import pytest

from amtui.db.models import Baseline, FftEstimate, LongTermTarget, Pupil, Subject, WorkingStage
from amtui.imports import ImportFailed
from imports.builders import ANN, BOB, CAT, import_text, table_counts

HEADER = "upn,subject,baseline,target,fft\n"


def stored(model, upn: str, subject: str = "Maths") -> list:
    field = model.stage if model is WorkingStage else model.substage
    return [value for (value,) in model.select(field).join_from(model, Pupil)
            .join_from(model, Subject)
            .where(Pupil.upn == upn, Subject.name == subject).order_by(model.id).tuples()]


def test_baselines_set_targets_and_working_stages(school):
    result = import_text(school, "baselines", HEADER +
                         f"{ANN},Maths,St 2 Emerging,,\n"        # default: + 3 steps
                         f"{BOB},maths,2E,,St 3 Emerging\n"        # default lifted to FFT
                         f"{CAT},M,St 3 Ready,St 4 Ready,St 3 Securing\n"
                         f"{CAT},Reading,N1,,\n")
    assert result.created == 4
    assert stored(Baseline, ANN) == ["St 2 Emerging"]
    assert stored(LongTermTarget, ANN) == ["St 3 Ready"]
    assert stored(LongTermTarget, BOB) == ["St 3 Emerging"]
    assert stored(FftEstimate, BOB) == ["St 3 Emerging"]
    assert stored(LongTermTarget, CAT) == ["St 4 Ready"]
    assert stored(WorkingStage, ANN) == [2]
    assert stored(WorkingStage, CAT) == [3]  # St N Ready works in stage N's bank
    assert stored(WorkingStage, CAT, "Reading") == [0]  # N1 works in stage 0's bank


def test_a_re_import_updates_rather_than_duplicates(school):
    import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,,\n")
    again = import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,,\n")
    assert (again.created, again.updated) == (0, 0)
    changed = import_text(school, "baselines", HEADER + f"{ANN},Maths,St 3 Ready,,\n")
    assert (changed.created, changed.updated) == (0, 1)
    assert stored(Baseline, ANN) == ["St 3 Ready"]  # one baseline a year, updated
    assert stored(LongTermTarget, ANN) == ["St 3 Ready", "St 3 Securing"]  # history kept
    assert stored(WorkingStage, ANN) == [2, 3]


def test_an_unchanged_baseline_keeps_a_pupils_later_move_to_the_next_bank(school):
    import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,,\n")
    ann = Pupil.get(Pupil.upn == ANN)
    WorkingStage.create(pupil=ann, subject=WorkingStage.select().get().subject, stage=3)
    import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,,\n")
    assert stored(WorkingStage, ANN) == [2, 3]


@pytest.mark.parametrize("row, reason", [
    (f"{ANN},Maths,St 2 Emerging,St 2 Securing,St 3 Ready",
     "target St 2 Securing is below the FFT Aspire estimate St 3 Ready"),
    (f"{ANN},Maths,St 2 Emergent,,", "baseline: 'St 2 Emergent' is not a sub-stage"),
    (f"{ANN},Maths,St 9 Ready,,", "baseline: 'St 9 Ready' is not a sub-stage"),
    (f"{ANN},Science,St 2 Emerging,,", "there is no subject 'Science'"),
    ("F261000000009,Maths,St 2 Emerging,,", "no pupil has UPN F261000000009"),
])
def test_bad_rows_are_refused(school, row, reason):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_text(school, "baselines", HEADER + f"{BOB},Maths,2E,,\n" + row + "\n", name="b.csv")
    assert f"{school / 'b.csv'}:3: {reason}" in str(caught.value)
    assert table_counts() == before


def test_a_target_is_checked_against_a_stored_fft_too(school):
    import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,,St 3 Ready\n")
    with pytest.raises(ImportFailed, match="below the FFT Aspire estimate St 3 Ready"):
        import_text(school, "baselines", "upn,subject,baseline,target\n"
                    f"{ANN},Maths,St 2 Emerging,St 2 Securing\n")
