"""What a field lets a person type: nothing the save would refuse (amtui.domain.text).

Typing or pasting a control character into a field does nothing (the terminal bell
rings), and a field stops at its kind's limit, so a refusal on saving is no surprise
and a pasted escape sequence never reaches the screen.
"""

from __future__ import annotations

from amtui.domain.text import LINE_PATTERN, limit


def typing_rules(kind: str) -> dict[str, object]:
    """``Input`` keyword arguments for a ``kind`` of text (a key of amtui.domain.text.FIELDS)."""
    return {"restrict": LINE_PATTERN, "max_length": limit(kind)}
