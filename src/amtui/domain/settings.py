"""The school's adjustable thresholds: every number DOMAIN.md calls a "setting"."""

from __future__ import annotations

import math
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, Mapping, NamedTuple, get_type_hints

from amtui.domain.errors import InputRefused


def _setting(default: Any, description: str, low: float | None = None, high: float | None = None) -> Any:
    # The description and range live on the field so SETTING_SPECS can never drift from them.
    return field(default=default, metadata={"description": description, "low": low, "high": high})


@dataclass(frozen=True)
class Settings:
    """All adjustable thresholds, with the defaults DOMAIN.md decides."""

    target_steps: int = _setting(
        3, "Steps above the baseline sub-stage for a default long-term target", 1, 12)
    weekly_max: int = _setting(25, "Marks available in a weekly basic skills test", 1, 100)
    weekly_green_min: int = _setting(21, "Lowest weekly score that is green (above 20)", 0, 100)
    weekly_yellow_min: int = _setting(15, "Lowest weekly score that is yellow", 0, 100)
    weekly_tests_per_level: int = _setting(
        15, "Weekly tests per level (after the last, back to test 1)", 1, 100)
    promotion_greens: int = _setting(
        4, "Green weekly results at a level needed to move to the next level", 1, 20)
    promotion_consecutive: bool = _setting(
        True, "The greens for promotion must be consecutive sittings")
    attendance_green_min: float = _setting(
        96.0, "Lowest attendance percentage that is green", 0, 100)
    attendance_yellow_min: float = _setting(
        90.0, "Lowest attendance percentage that is yellow", 0, 100)
    meeting_every_half_terms: int = _setting(
        1, "A mentoring meeting falls due every this many half-terms", 1, 6)
    backup_keep: int = _setting(14, "Database backups to keep", 1, 1000)
    retention_years: int = _setting(
        6, "Years a leaver's records are kept before they may be erased", 0, 100)
    poll_seconds: float = _setting(
        1.0, "Seconds between checks for other users' changes", 0.2, 60)
    print_queue: str = _setting(
        "", "The CUPS print queue prints are sent to (lpstat -p lists them); empty: prints are files")
    fine_grades: bool = _setting(
        False, "GCSE grades are recorded fine (5-, 5, 5+: three steps a grade); off: whole grades")
    concern_subjects_below: int = _setting(
        3, "Subjects below target in the latest return that make a pupil a concern for the AMT", 1, 20)
    year10_joins_in_may: bool = _setting(
        True, "From May of Year 10 the whole year group joins the mentoring programme")

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
            out[spec.key] = spec.text(getattr(self, spec.key))
        return out

    def problems(self) -> list[str]:
        """Human-readable reasons these settings make no sense (empty when fine)."""
        found = [f"{spec.key} must be {_number(spec.low)} to {_number(spec.high)} "
                 f"(not {_number(getattr(self, spec.key))})"
                 for spec in SETTING_SPECS if spec.low is not None
                 and not spec.low <= getattr(self, spec.key) <= spec.high]
        if not 0 <= self.weekly_yellow_min < self.weekly_green_min <= self.weekly_max:
            found.append("weekly scores need 0 <= yellow minimum < green minimum"
                         " <= maximum marks")
        if not (0.0 <= self.attendance_yellow_min <= self.attendance_green_min
                <= 100.0):
            found.append("attendance needs 0 <= yellow minimum <= green minimum <= 100")
        if not queue_name_fits(self.print_queue):
            found.append(f"print_queue must be a CUPS queue name: at most {QUEUE_NAME_MAX} characters, no "
                         f"spaces, slashes, quotes or #, not starting with '-' (not {self.print_queue!r})")
        return found

    def validate(self) -> None:
        """Raise ValueError listing every problem, if there are any."""
        found = self.problems()
        if found:
            raise InputRefused("Settings do not make sense: " + "; ".join(found))


class SettingSpec(NamedTuple):
    """One setting's key, Python type, default, description and range (for the editor)."""

    key: str
    type: type
    default: Any
    description: str
    low: float | None = None
    high: float | None = None

    def text(self, value: Any) -> str:
        """A value as the settings list shows it and :meth:`Settings.from_mapping` reads it."""
        if self.type is bool:
            return "yes" if value else "no"
        return _number(value)

    @property
    def accepts(self) -> str:
        """What a value may be, in words: "a whole number, 1 to 12"."""
        what = _TYPE_WORDS[self.type]
        return f"{what}, {_number(self.low)} to {_number(self.high)}" if self.low is not None else what


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _specs() -> tuple[SettingSpec, ...]:
    # Resolve string annotations (from __future__) to real types.
    hints = get_type_hints(Settings)
    specs = []
    for f in fields(Settings):
        assert f.default is not MISSING
        specs.append(SettingSpec(f.name, hints[f.name], f.default, f.metadata["description"],
                                 f.metadata["low"], f.metadata["high"]))
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


_TYPE_WORDS = {bool: "yes/no value", int: "whole number", float: "number", str: "name, or empty for none"}

QUEUE_NAME_MAX = 127  # CUPS's own limits on a queue's name (man lpadmin)
_NOT_IN_QUEUE_NAMES = set(" \t/\\'\"#")


def queue_name_fits(name: str) -> bool:
    """Whether ``name`` may be a CUPS print queue; '' (no queue: prints are files) fits."""
    return (len(name) <= QUEUE_NAME_MAX and not name.startswith("-")
            and all(ch.isprintable() and ch not in _NOT_IN_QUEUE_NAMES for ch in name))
