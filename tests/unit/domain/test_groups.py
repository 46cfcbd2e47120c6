"""The leaders' group figures, each worked out by hand on a small school."""

from __future__ import annotations

import pytest

from amtui.domain.groups import PupilFacts, prior_band, split, spread, signed, typical_baselines
from amtui.domain.scale import default_scale
from amtui.domain.targets import Status

S = default_scale()
A, O, N, B = Status.ABOVE, Status.ON_TARGET, Status.NEARLY, Status.NOT_ACHIEVING


def pupil(pid, *, gender="F", sen="N", pp=False, eal=False, year=5, klass="5A", base="St 3 Ready",
          now="St 3 Emerging", status=O, mentor="Ms Oak") -> PupilFacts:
    return PupilFacts(pid, gender, sen, pp, eal, year, klass, S.parse(base) if base else None,
                      S.parse(now) if now else None, status, mentor)


# Six girls, one boy, one pupil with no baseline.
SCHOOL = [
    pupil(1, status=A, now="St 3 Developing"),  # 2 steps
    pupil(2, status=A, now="St 3 Securing"),  # 3 steps
    pupil(3, status=O),  # 1 step
    pupil(4, status=N, now="St 3 Ready", pp=True),  # 0 steps
    pupil(5, status=B, now="St 3 Ready", pp=True),  # 0 steps
    pupil(6, status=None, now=None, sen="K"),  # a baseline, nothing placed yet: no status, no steps
    pupil(7, gender="M", status=O, sen="K", pp=True),  # 1 step
    pupil(8, gender="M", base=None, status=None),  # no baseline: counted nowhere
]


def row(found, name):
    return next(r for r in found.rows if r.group.name == name)


def test_gender_by_hand():
    found = split("gender", SCHOOL)
    girls, boys = row(found, "Girls"), row(found, "Boys")
    # Girls: 6 with a baseline; statuses A A O N B (pupil 6 has none): on or above 3 of 5 = 60%.
    assert girls.group.pupils == 6 and girls.group.shares.counts == (2, 1, 1, 1)
    assert girls.group.on_or_above_pct == 60
    assert girls.group.mean_steps == 1.2  # (2 + 3 + 1 + 0 + 0) / 5
    # The one boy is a group of one: too small to read; 1 of 1 on target = 100%, 1 step.
    assert boys.group.pupils == 1 and boys.group.too_small and boys.group.on_or_above_pct == 100
    assert boys.group.mean_steps == 1.0
    # Each is set beside the other: the gap is group minus others, with both sizes.
    assert girls.others.pupils == 1 and boys.others.pupils == 6
    assert girls.gap_pct == -40 and boys.gap_pct == 40
    assert girls.gap_steps == 0.2 and boys.gap_steps == -0.2
    assert not girls.readable  # the other side is one pupil
    # The pupil with no baseline is in no group, and is said to be missing.
    assert found.missing == (8,)
    assert 8 not in girls.group.pupil_ids + boys.group.pupil_ids
    assert found.everyone.pupils == 7


def test_an_empty_group_is_listed_and_has_no_figures():
    found = split("sen", SCHOOL)
    ehc = row(found, "EHC plan")
    assert ehc.group.pupils == 0 and ehc.group.too_small
    assert ehc.group.on_or_above_pct is None and ehc.group.mean_steps is None
    assert ehc.gap_pct is None and ehc.gap_steps is None
    assert ehc.others.pupils == 7
    support = row(found, "SEN support")  # pupils 6 and 7: only 7 has a status
    assert support.group.pupils == 2 and support.group.shares.counts == (0, 1, 0, 0)
    assert support.group.mean_steps == 1.0


def test_pupil_premium_gap_by_hand():
    found = split("pp", SCHOOL)
    pp = row(found, "Pupil premium")  # 4 (N, 0), 5 (B, 0), 7 (O, 1)
    assert pp.group.pupils == 3 and pp.group.on_or_above_pct == 33
    assert pp.group.mean_steps == 0.3
    others = pp.others  # 1 (A, 2), 2 (A, 3), 3 (O, 1), 6 (no status)
    assert others.pupils == 4 and others.on_or_above_pct == 100 and others.mean_steps == 2.0
    assert pp.gap_pct == -67 and pp.gap_steps == -1.7


def test_nobody_with_a_baseline():
    found = split("eal", [pupil(1, base=None), pupil(2, base=None)])
    assert found.everyone.pupils == 0 and found.missing == (1, 2)
    assert all(r.group.pupils == 0 for r in found.rows)


@pytest.mark.parametrize(("baseline", "band"), [
    ("St 2 Developing", "low"),  # 2 steps below St 3 Ready
    ("St 2 Securing", "middle"),  # 1 below
    ("St 3 Ready", "middle"),
    ("St 3 Emerging", "middle"),  # 1 above
    ("St 3 Developing", "high"),  # 2 above
    ("N1", "low"),
])
def test_prior_attainment_boundaries(baseline, band):
    assert prior_band(S.parse(baseline), S.parse("St 3 Ready")) == band


def test_prior_attainment_is_against_the_year_groups_median_baseline():
    facts = [pupil(1, base="St 2 Ready"), pupil(2, base="St 3 Ready"), pupil(3, base="St 3 Ready"),
             pupil(4, base="St 4 Ready"), pupil(5, year=6, base="St 5 Ready")]
    assert typical_baselines(facts) == {5: S.parse("St 3 Ready"), 6: S.parse("St 5 Ready")}
    found = split("prior", facts)
    assert [r.group.pupil_ids for r in found.rows] == [(1,), (2, 3, 5), (4,)]


def test_year_and_class_groups_are_those_present():
    facts = [pupil(1, year=5, klass="5A"), pupil(2, year=6, klass="6B"), pupil(3, year=6, klass="6B")]
    assert [r.group.name for r in split("year", facts).rows] == ["Year 5", "Year 6"]
    assert [(r.group.name, r.group.pupils) for r in split("class", facts).rows] == [("5A", 1), ("6B", 2)]


def test_spread_counts_pupils_at_each_substage():
    assert spread(SCHOOL) == [(S.parse("St 3 Ready"), 2), (S.parse("St 3 Emerging"), 2),
                              (S.parse("St 3 Developing"), 1), (S.parse("St 3 Securing"), 1)]


def test_an_unknown_split_is_refused():
    with pytest.raises(ValueError, match="no split by 'shoe'"):
        split("shoe", SCHOOL)


def test_signed():
    assert (signed(4, " pts"), signed(-0.5), signed(0), signed(None)) == ("+4 pts", "-0.5", "0", "-")
