"""Half-termly test marks turned into criterion codes."""

from __future__ import annotations

from amtui.domain.codes import Code
from amtui.domain.errors import InputRefused


def mark_to_code(mark: int | None, max_marks: int) -> Code:
    """Full marks X, part marks /, zero ., not attempted (None) blank."""
    if max_marks < 1:
        raise ValueError(f"a question must be worth at least 1 mark, not {max_marks}")
    if mark is None:
        return Code.BLANK
    if not 0 <= mark <= max_marks:
        raise InputRefused(f"mark {mark} is outside 0 to {max_marks}")
    if mark == max_marks:
        return Code.CROSS
    if mark == 0:
        return Code.DOT
    return Code.LINE
