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
     "target: A target cannot go below the FFT Aspire estimate (St 3 Ready)"),
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
    with pytest.raises(ImportFailed, match=r"below the FFT Aspire estimate \(St 3 Ready\)"):
        import_text(school, "baselines", "upn,subject,baseline,target\n"
                    f"{ANN},Maths,St 2 Emerging,St 2 Securing\n")


def import_as(folder, login: str, text: str):
    from imports.builders import csv_file
    from amtui.imports import run_import

    return run_import("baselines", csv_file(folder, "b.csv", HEADER + text), login)


@pytest.fixture
def office(school):
    """The school with 'office': an admin who is not SLT (the seed's admin is both)."""
    import_text(school, "staff", "username,name,roles\noffice,Olly Office,admin\n")
    import_text(school, "baselines", HEADER + f"{ANN},Maths,St 2 Emerging,St 3 Securing,\n")
    return school


def test_an_admin_who_is_not_slt_cannot_lower_a_target_by_import(office):
    before = table_counts()
    with pytest.raises(ImportFailed) as caught:
        import_as(office, "office", f"{ANN},Maths,St 2 Emerging,St 3 Ready,\n")
    assert f"{office / 'b.csv'}:2: target: Only Senior leadership may lower a long-term target" in str(caught.value)
    assert table_counts() == before
    assert stored(LongTermTarget, ANN) == ["St 3 Securing"]


def test_slt_lowers_a_target_by_import_but_never_below_fft(office):
    result = import_as(office, "admin", f"{ANN},Maths,St 2 Emerging,St 3 Emerging,\n")
    assert result.updated == 1
    assert stored(LongTermTarget, ANN) == ["St 3 Securing", "St 3 Emerging"]
    with pytest.raises(ImportFailed, match="below the FFT Aspire estimate"):
        import_as(office, "admin", f"{ANN},Maths,St 2 Emerging,St 3 Ready,St 3 Developing\n")


@pytest.mark.parametrize("target", ["St 2 Emerging", "St 2 Ready"])
def test_a_target_at_or_below_the_baseline_is_refused(school, target):
    with pytest.raises(ImportFailed) as caught:
        import_as(school, "admin", f"{BOB},Maths,St 2 Emerging,{target},\n")
    assert "2: target: A target must be above the baseline (St 2 Emerging)" in str(caught.value)
    assert stored(LongTermTarget, BOB) == []


def test_a_target_less_than_three_steps_above_the_baseline_warns_in_the_summary(school):
    result = import_as(school, "admin", f"{ANN},Maths,St 2 Emerging,St 2 Securing,\n"
                                        f"{BOB},Maths,St 2 Emerging,,\n")
    assert stored(LongTermTarget, ANN) == ["St 2 Securing"]
    assert "Warning: 1 target is fewer than 3 steps above the baseline (line 2)" in result.summary


def test_a_lower_baseline_never_lowers_a_target_by_itself(office):
    result = import_as(office, "office", f"{ANN},Maths,St 2 Ready,,\n")
    assert stored(Baseline, ANN) == ["St 2 Ready"]
    assert stored(LongTermTarget, ANN) == ["St 3 Securing"]  # not lowered to St 2 Ready + 3
    assert "1 target was kept above the default" in result.summary
