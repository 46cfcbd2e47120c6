"""The school's settings as a list to read and edit: its name, every threshold with its
value, default and meaning, and the half-terms' dates."""

from __future__ import annotations

from dataclasses import dataclass

from amtui.db.repo.school import SCHOOL_NAME, half_terms, school_name, stored_settings
from amtui.domain.calendar import default_half_terms
from amtui.domain.settings import SETTING_SPECS, Settings


@dataclass(frozen=True)
class SettingLine:
    """One line: ``key`` is "school_name", a ``Settings`` key, or a half-term ("HT3")."""

    key: str
    value: str
    default: str
    meaning: str

    @property
    def changed(self) -> bool:
        return bool(self.default) and self.value != self.default

    @property
    def is_half_term(self) -> bool:
        return self.key.startswith("HT")


def _span(start, end) -> str:
    return f"{start:%d/%m/%Y} to {end:%d/%m/%Y}"


def setting_lines(year: int) -> list[SettingLine]:
    """The school's name, every setting, then the six half-terms of ``year``."""
    stored = stored_settings()
    current = Settings.from_mapping({k: v for k, v in stored.items() if k in Settings.__dataclass_fields__})
    lines = [SettingLine(SCHOOL_NAME, school_name(), "",
                         "The school's name, on every screen and printed record")]
    lines += [SettingLine(spec.key, spec.text(getattr(current, spec.key)), spec.text(spec.default),
                          f"{spec.description} ({spec.accepts})") for spec in SETTING_SPECS]
    defaults = {d.number: d for d in default_half_terms(year)}
    lines += [SettingLine(term.dates.short, _span(term.start, term.end),
                          _span(defaults[term.number].start, defaults[term.number].end),
                          f"{term.dates.name} {year}-{(year + 1) % 100:02d}: first and last school day")
              for term in half_terms(year)]
    return lines
