"""Whose records an audit entry is about: one entry per pupil."""

from __future__ import annotations

from amtui.domain.audit_subject import split_by_pupil


def test_a_block_of_codes_is_one_entry_per_pupil():
    found = split_by_pupil("mark.set", "half_term", 3, {"source": "grid", "cells": [[7, 1, "X"], [8, 1, "/"], [7, 2, "."]]})
    assert found == [(7, {"source": "grid", "cells": [[7, 1, "X"], [7, 2, "."]]}),
                     (8, {"source": "grid", "cells": [[8, 1, "/"]]})]


def test_the_pupil_is_the_entity_the_detail_or_the_meetings():
    assert split_by_pupil("event.log", "pupil", "12", {"kind": "reward"}) == [(12, {"kind": "reward"})]
    assert split_by_pupil("meeting.book", "meeting", 5, {"pupil": 9}) == [(9, {"pupil": 9})]
    assert split_by_pupil("meeting.step", "meeting", 5, {"step": 2}, {5: 4}.get) == [(4, {"step": 2})]
    assert split_by_pupil("setting.change", "setting", "backup_keep", {"value": "3"}) == [(None, {"value": "3"})]
