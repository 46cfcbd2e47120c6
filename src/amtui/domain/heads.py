"""What a head of department or of year heads: a subject (HoD) or a year group (HoY).

One reading of ``Science`` or ``Year 10`` for the staff import's ``heads`` column and for
``amtui staff heads``, with the rule both keep: a subject needs the hod role, a year group
the hoy role.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from amtui.domain.errors import InputRefused
from amtui.domain.roles import Role
from amtui.domain.year_group import parse_year_group, year_label


@dataclass(frozen=True)
class Head:
    """A subject (``subject_id``) or a year group (``year_group``) someone heads."""

    subject_id: int | None
    year_group: int | None
    label: str  # "Science", "Year 10"

    @property
    def role(self) -> Role:
        return Role.HOD if self.subject_id is not None else Role.HOY


def parse_head(text: str, subjects: Iterable, kind: str | None = None) -> Head:
    """``Science`` (one of ``subjects``, rows with ``id``, ``name`` and ``code``: by name, else
    by code) or ``Year 10``; ``kind`` ``subject`` or ``year`` reads only that. InputRefused
    says why not."""
    word = text.strip()
    known = sorted(subjects, key=lambda s: s.name.lower() != word.lower())  # a name wins over a code
    found = next((s for s in known if word.lower() in (s.name.lower(), s.code.lower())), None)
    if kind != "year" and found is not None:
        return Head(found.id, None, found.name)
    if kind == "subject":
        raise InputRefused(f"there is no subject '{word}'")
    try:
        year = parse_year_group(word)
    except ValueError:
        if kind == "year":
            raise
        raise InputRefused(f"'{word}' is neither a subject nor a year group") from None
    return Head(None, year, year_label(year))


def head_refusal(head: Head, roles: Collection[Role]) -> str | None:
    """Why a person with ``roles`` may not head ``head`` (None: they may)."""
    return None if head.role in roles else f"{head.label} needs the {head.role.value} role"
