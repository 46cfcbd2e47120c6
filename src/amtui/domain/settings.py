"""The school's adjustable thresholds: every number DOMAIN.md calls a "setting"."""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Mapping, NamedTuple, get_type_hints


def _setting(default: Any, description: str) -> Any:
    # The description lives on the field so SETTING_SPECS can never drift from it.
    return field(default=default, metadata={"description": description})


@dataclass(frozen=True)
class Settings:
    """All adjustable thresholds, with the defaults DOMAIN.md decides."""

    target_steps: int = _setting(
        3, "Steps above the baseline sub-stage for a default long-term target")
    weekly_max: int = _setting(25, "Marks available in a weekly basic skills test")
    weekly_green_min: int = _setting(21, "Lowest weekly score that is green (above 20)")
    weekly_yellow_min: int = _setting(15, "Lowest weekly score that is yellow")
    weekly_tests_per_level: int = _setting(
        15, "Weekly tests per level (after the last, back to test 1)")
    promotion_greens: int = _setting(
        4, "Green weekly results at a level needed to move to the next level")
    promotion_consecutive: bool = _setting(
        True, "The greens for promotion must be consecutive sittings")
    attendance_green_min: float = _setting(
        96.0, "Lowest attendance percentage that is green")
    attendance_yellow_min: float = _setting(
        90.0, "Lowest attendance percentage that is yellow")
    meeting_every_half_terms: int = _setting(
        1, "A mentoring meeting falls due every this many half-terms")
    backup_keep: int = _setting(14, "Database backups to keep")
    retention_years: int = _setting(6, "Years a leaver's records are kept before they may be erased")
    poll_seconds: float = _setting(
        1.0, "Seconds between checks for other users' changes")

    @classmethod
    def from_mapping(cls, values: Mapping[str, str]) -> Settings:
        """Settings from stored text values; missing keys keep their defaults.

        Keys that are not settings are ignored (the settings table may hold other
        things). Raises ValueError naming the key and value that cannot be read,
        or the problems found by :meth:`validate`.
        """
        kwargs = {}
        for spec in SETTING_SPECS:
            if spec.key in values:
                kwargs[spec.key] = _parse_value(spec, values[spec.key])
        settings = cls(**kwargs)
        settings.validate()
        return settings

    def to_mapping(self) -> dict[str, str]:
        """The settings as text, in the form :meth:`from_mapping` reads back."""
        out = {}
        for spec in SETTING_SPECS:
            value = getattr(self, spec.key)
            if spec.type is bool:
                value = "yes" if value else "no"
            out[spec.key] = str(value)
        return out

    def problems(self) -> list[str]:
        """Human-readable reasons these settings make no sense (empty when fine)."""
        found = []
        if not 0 <= self.weekly_yellow_min < self.weekly_green_min <= self.weekly_max:
            found.append("weekly scores need 0 <= yellow minimum < green minimum"
                         " <= maximum marks")
        if not (0.0 <= self.attendance_yellow_min <= self.attendance_green_min
                <= 100.0):
            found.append("attendance needs 0 <= yellow minimum <= green minimum <= 100")
        for key in ("weekly_tests_per_level", "promotion_greens",
                    "meeting_every_half_terms"):
            if getattr(self, key) < 1:
                found.append(f"{key} must be at least 1")
        for key in ("target_steps", "backup_keep", "retention_years"):
            if getattr(self, key) < 0:
                found.append(f"{key} cannot be negative")
        if self.poll_seconds <= 0:
            found.append("poll_seconds must be more than 0")
        return found

    def validate(self) -> None:
        """Raise ValueError listing every problem, if there are any."""
        found = self.problems()
        if found:
            raise ValueError("Settings do not make sense: " + "; ".join(found))


class SettingSpec(NamedTuple):
    """One setting's key, Python type, default and description (for the editor)."""

    key: str
    type: type
    default: Any
    description: str


def _specs() -> tuple[SettingSpec, ...]:
    # Resolve string annotations (from __future__) to real types.
    hints = get_type_hints(Settings)
    specs = []
    for f in fields(Settings):
        assert f.default is not MISSING
        specs.append(SettingSpec(f.name, hints[f.name], f.default,
                                 f.metadata["description"]))
    return tuple(specs)


SETTING_SPECS: tuple[SettingSpec, ...] = _specs()

_TRUE = {"yes", "true", "1", "y", "on"}
_FALSE = {"no", "false", "0", "n", "off"}


def _parse_value(spec: SettingSpec, text: str) -> Any:
    raw = str(text).strip()
    bad = ValueError(f"setting {spec.key}: {text!r} is not a valid "
                     f"{_TYPE_WORDS[spec.type]}")
    if spec.type is bool:
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise bad
    try:
        value = spec.type(raw)
    except ValueError:
        raise bad from None
    if spec.type is float and not math.isfinite(value):
        raise bad
    return value


_TYPE_WORDS = {bool: "yes/no value", int: "whole number", float: "number"}
