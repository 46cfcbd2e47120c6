import csv

import pytest

from amtui.domain.scale import Scale, default_scale
from amtui.paths import data_file


def rows():
    with open(data_file("stage_scale.csv"), newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_has_one_row_per_aps_1_to_43_with_the_seed_columns():
    table = rows()
    assert list(table[0]) == ["aps", "nc_level", "old_expect", "new_pos", "banding",
                              "progress16"]
    assert [int(r["aps"]) for r in table] == list(range(1, 44))


def test_csv_rows_match_the_seed_including_blanks():
    table = {int(r["aps"]): r for r in rows()}
    assert list(table[5].values()) == ["5", "WA", "YR", "Stage 0", "St 0 Emerging", "N2"]
    assert list(table[15].values()) == ["15", "2B", "", "Stage 2", "St 2 Emerging", "(+4)"]
    assert list(table[18].values()) == ["18", "", "", "", "St 3 Ready", ""]
    assert list(table[1].values()) == ["1", "WC", "N", "", "", "N1"]
    assert list(table[43].values()) == ["43", "7C", "", "", "", ""]
    assert table[17]["progress16"] == "Y2 (2A)"


def test_sequence_runs_from_n1_to_st_8_ready(scale):
    labels = [s.label for s in scale.steps]
    assert len(scale) == 34
    assert labels[:3] == ["N1", "St 0 Ready", "St 0 Emerging"]
    assert labels[-2:] == ["St 7 Securing", "St 8 Ready"]
    assert [s.step for s in scale.steps] == list(range(34))
    assert labels.index("St 2 Securing") + 1 == labels.index("St 3 Ready")


@pytest.mark.parametrize("label, aps, nc", [
    ("St 2 Emerging", 15, "2B"),
    ("St 3 Ready", 18, "2A-3C"),
    ("St 4 Emerging", 25, "4C"),
    ("St 1 Ready", 8, "1C-1B"),
    ("St 7 Ready", 38, "6C-6B"),
    ("N1", 1, "WC"),
])
def test_seed_examples(scale, label, aps, nc):
    sub = scale.parse(label)
    assert (sub.aps, sub.nc, sub.from_seed) == (aps, nc, True)


@pytest.mark.parametrize("label, aps, nc", [
    ("St 0 Ready", 3, "WB"),
    ("St 7 Emerging", 40, "6B-6A"),
    ("St 7 Developing", 41, "6A"),
    ("St 7 Securing", 42, "6A-7C"),
    ("St 8 Ready", 43, "7C"),
])
def test_unnamed_substages_follow_the_seed_pattern(scale, label, aps, nc):
    sub = scale.parse(label)
    assert (sub.aps, sub.nc, sub.from_seed) == (aps, nc, False)


def test_short_and_str(scale):
    assert scale.parse("St 2 Emerging").short == "2E"
    assert scale.parse("St 3 Developing").short == "3D"
    assert scale.at(0).short == "N1"
    assert str(scale.parse("St 3 Ready")) == "St 3 Ready"
    assert scale.at(0).stage is None and scale.at(0).band == "Pre"


@pytest.mark.parametrize("text", ["St 2 Emerging", "st2 emerging", "Stage 2 Emerging",
                                  "2E", "2e", "  ST  2   EMERGING ", "2 em"])
def test_parse_is_tolerant(scale, text):
    assert scale.parse(text).label == "St 2 Emerging"


def test_parse_n1(scale):
    assert scale.parse("n1").step == 0


@pytest.mark.parametrize("text", ["St 9 Emerging", "St 8 Emerging", "2X", "", "St 2"])
def test_parse_refuses_with_the_accepted_form(scale, text):
    with pytest.raises(ValueError, match="is not a sub-stage; use a label like "
                                         "'St 2 Emerging'"):
        scale.parse(text)


def test_at_and_plus_clamp(scale):
    assert scale.at(-5).label == "N1"
    assert scale.at(99).label == "St 8 Ready"
    st2e = scale.parse("St 2 Emerging")
    assert scale.plus(st2e, 3).label == "St 3 Ready"
    assert scale.plus(st2e, -1).label == "St 2 Ready"
    assert scale.plus(st2e, 100).label == "St 8 Ready"


def test_ready_and_steps_between(scale):
    assert scale.ready(3).label == "St 3 Ready"
    assert scale.steps_between(scale.ready(2), scale.ready(3)) == 4
    assert scale.steps_between(scale.ready(3), scale.ready(2)) == -4
    with pytest.raises(ValueError):
        scale.ready(9)


def test_substages_order_by_step(scale):
    assert scale.parse("St 2 Securing") < scale.parse("St 3 Ready")
    assert max(scale.parse("2E"), scale.parse("1S")).label == "St 2 Emerging"


def test_default_scale_is_cached():
    assert default_scale() is default_scale()


def test_load_a_custom_table(tmp_path):
    path = tmp_path / "scale.csv"
    path.write_text("aps,nc_level,old_expect,new_pos,banding,progress16\n"
                    "1,WC,,,,N1\n2,,,,St 0 Ready,\n3,X1,,,,\n")
    scale = Scale.load(path)
    assert scale.parse("St 0 Ready").aps == 2
    assert scale.parse("St 0 Ready").nc == "WC-X1"
    assert scale.parse("St 0 Ready").from_seed
