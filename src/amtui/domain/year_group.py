"""Year groups, from Nursery to Year 13, as one ordered whole number.

Nursery 1 is -2, Nursery 2 is -1, Reception 0 and Years 1 to 13 themselves, so sorting
by the number puts the youngest first, and the Reception and Year 1-11 of older files
keep their meaning. ``year_label`` is the one way a year group is shown.
"""

from __future__ import annotations

import re

from amtui.domain.errors import InputRefused

NURSERY_1, NURSERY_2, RECEPTION = -2, -1, 0
YOUNGEST, OLDEST = NURSERY_1, 13

_WORDS = {"n1": NURSERY_1, "nursery1": NURSERY_1, "n2": NURSERY_2, "nursery2": NURSERY_2,
          "r": RECEPTION, "rec": RECEPTION, "reception": RECEPTION, "yr": RECEPTION}
# "4", "Year 4", "Yr 4", "Y4", "NC Year 4", "Year 04"; the MIS's own codes are N1, N2, R, 1-13.
_NUMBER_RE = re.compile(r"^(?:nc)?(?:year|yr|y)?0*([0-9]{1,2})$")


def parse_year_group(text: str) -> int:
    """"N1", "Nursery 2", "R", "Reception", "4", "Year 4", "Y4", "NC Year 12" -> the number."""
    word = re.sub(r"[\s_\-.]+", "", text.lower())
    if word in _WORDS:
        return _WORDS[word]
    match = _NUMBER_RE.match(word)
    if match and 0 <= int(match.group(1)) <= OLDEST:
        return int(match.group(1))
    raise InputRefused(f"'{text}' is not a year group (N1, N2, R, 1 to 13, or 'Year 4')")


def year_label(year_group: int, short: bool = False) -> str:
    """"Nursery 1", "Reception", "Year 4"; short: "N1", "R", "Y4"."""
    if year_group == NURSERY_1:
        return "N1" if short else "Nursery 1"
    if year_group == NURSERY_2:
        return "N2" if short else "Nursery 2"
    if year_group == RECEPTION:
        return "R" if short else "Reception"
    return f"Y{year_group}" if short else f"Year {year_group}"
