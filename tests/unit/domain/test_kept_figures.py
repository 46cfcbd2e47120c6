"""A school's figures as they are kept: every line the trust view can ask for is the one
worked out from the pupils' facts, and the kept text gives back the very figures."""

from __future__ import annotations

import json

from amtui.domain.kept_figures import from_text, to_text
from amtui.domain.trust_view import choices, rows, summed
from tests.unit.domain.test_trust_view import MATHS, READING, SHARES, school


def test_summed_figures_give_every_line_the_facts_give_and_the_text_gives_them_back():
    oak = school(1, "Oak «Primary»", SHARES, (("Maths", MATHS), ("Reading", READING), ("Writing", ())))
    kept = summed(oak)
    assert kept.standings == () and kept.gaps is not None
    assert choices([kept]) == choices([oak])
    for year in (None, 5, 6, 7):  # 7: a year the school has none of
        for subject in (None, "Maths", "Reading", "Writing", "Art"):
            assert rows([kept], year, subject) == rows([oak], year, subject), (year, subject)
    assert any(gap is not None for gap in kept.gaps.values())
    text = to_text(oak)
    assert from_text(text) == kept == from_text(to_text(kept))
    assert "pupil_id" not in text and len(text) < 2000  # no pupil's facts kept
    assert from_text(json.dumps({**json.loads(text), "v": 1})) is None  # another version: read again


def test_kept_text_changed_outside_amtui_reaches_the_screen_clean_or_not_at_all():
    """A row changed through psql: its names are made safe for a terminal, and text that
    does not read as figures is taken as none kept (read again), not a failure."""
    text = json.loads(to_text(school(1, "Oak", SHARES, (("Maths", MATHS),))))
    text["name"] = "Oak\x1b[2J"
    text["shares"][0][1] = "Maths\x07"
    read = from_text(json.dumps(text))
    assert read is not None
    assert "\x1b" not in read.name and "\x07" not in read.shares[0].subject
    assert read.name.startswith("Oak") and read.shares[0].subject.startswith("Maths")
    for broken in ("{", "[]", json.dumps({"v": 2}), json.dumps({**text, "shares": [[5]]})):
        assert from_text(broken) is None, broken
