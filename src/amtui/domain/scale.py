"""The stage scale: pre-stage N1, then St 0 Ready ... St 8 Ready, counted in steps.

The seed's LONG TERM TARGET SETTING table ties sub-stages to APS points and old NC
levels; it ships as ``data/stage_scale.csv`` and is read here.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from amtui.domain.errors import InputRefused
from amtui.paths import data_file

BANDS = ("Ready", "Emerging", "Developing", "Securing")
PRE_BAND = "Pre"
PRE_LABEL = "N1"
TOP_STAGE = 8  # only "St 8 Ready" exists: the end of stage 7's bank
# The seed's own pattern, used for the sub-stages its table does not name:
# St N Ready = 5N+3, Emerging = 5N+5, Developing = 5N+6, Securing = 5N+7.
_APS_OFFSET = {"Ready": 3, "Emerging": 5, "Developing": 6, "Securing": 7}


@dataclass(frozen=True, order=True)
class SubStage:
    """One step of the scale; orders by ``step``."""

    step: int
    stage: int | None
    band: str
    label: str
    aps: int | None
    nc: str
    from_seed: bool

    @property
    def short(self) -> str:
        """Compact form for narrow columns: "2E", "3R"; "N1" below stage 0."""
        if self.stage is None:
            return self.label
        return f"{self.stage}{self.band[0]}"

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class ScaleRow:
    """One row of the seed's table, blanks kept as empty strings."""

    aps: int
    nc_level: str
    old_expect: str
    new_pos: str
    banding: str
    progress16: str


def label_for(stage: int, band: str) -> str:
    """The canonical label, e.g. ``label_for(2, "Emerging") == "St 2 Emerging"``."""
    return f"St {stage} {band}"


_PARSE_RE = re.compile(r"^(?:st(?:age)?\.?)?\s*(\d+)\s*([a-z]+)$")
_HINT = "use a label like 'St 2 Emerging' or '2E' (St 0 Ready to St 8 Ready, or N1)"


class Scale:
    """The ordered sub-stages with their APS and NC equivalents."""

    def __init__(self, rows: list[ScaleRow]):
        self.rows = tuple(rows)
        by_aps = {r.aps: r for r in rows}
        by_banding = {r.banding: r for r in rows if r.banding}
        # The seed names N1 in its "16 point progress" column (APS 1).
        pre_row = next((r for r in rows if r.progress16 == PRE_LABEL), None)
        pre_aps = pre_row.aps if pre_row else 1
        steps = [SubStage(0, None, PRE_BAND, PRE_LABEL, pre_aps,
                          self._nc_at(pre_aps, by_aps), pre_row is not None)]
        for stage in range(TOP_STAGE + 1):
            for band in BANDS if stage < TOP_STAGE else BANDS[:1]:
                label = label_for(stage, band)
                row = by_banding.get(label)
                aps = row.aps if row else 5 * stage + _APS_OFFSET[band]
                steps.append(SubStage(len(steps), stage, band, label, aps,
                                      self._nc_at(aps, by_aps), row is not None))
        self._steps = tuple(steps)
        self._by_key = {(s.stage, s.band): s for s in steps}

    @classmethod
    def load(cls, path: str | Path) -> Scale:
        """Read the scale from a CSV with the seed's columns."""
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [ScaleRow(int(r["aps"]), r["nc_level"].strip(),
                             r["old_expect"].strip(), r["new_pos"].strip(),
                             r["banding"].strip(), r["progress16"].strip())
                    for r in csv.DictReader(handle)]
        if not rows:
            raise ValueError(f"{path}: the stage scale has no rows")
        return cls(rows)

    @staticmethod
    def _nc_at(aps: int, by_aps: dict[int, ScaleRow]) -> str:
        row = by_aps.get(aps)
        if row and row.nc_level:
            return row.nc_level
        # The seed gives NC levels on alternate APS rows only: show the span.
        below = next((by_aps[a].nc_level for a in range(aps - 1, 0, -1)
                      if a in by_aps and by_aps[a].nc_level), "")
        above = next((by_aps[a].nc_level for a in range(aps + 1, max(by_aps) + 1)
                      if a in by_aps and by_aps[a].nc_level), "")
        return "-".join(x for x in (below, above) if x)

    @property
    def steps(self) -> list[SubStage]:
        """Every sub-stage, lowest first (index = step)."""
        return list(self._steps)

    def __len__(self) -> int:
        return len(self._steps)

    def at(self, step: int) -> SubStage:
        """The sub-stage at a step, clamped to the ends of the scale."""
        return self._steps[max(0, min(step, len(self._steps) - 1))]

    def ready(self, stage: int) -> SubStage:
        """``St <stage> Ready``; ValueError outside 0..8."""
        try:
            return self._by_key[(stage, "Ready")]
        except KeyError:
            raise ValueError(f"there is no stage {stage} (stages run 0 to "
                             f"{TOP_STAGE})") from None

    def plus(self, sub: SubStage, n: int) -> SubStage:
        """The sub-stage n steps on (or back, when n < 0), clamped to the scale."""
        return self.at(sub.step + n)

    @staticmethod
    def steps_between(a: SubStage, b: SubStage) -> int:
        """Steps from a to b (negative when b is below a)."""
        return b.step - a.step

    def parse(self, text: str) -> SubStage:
        """Read "St 2 Emerging", "st2 emerging", "Stage 2 Emerging", "2E" or "N1"."""
        cleaned = " ".join(str(text).lower().split())
        if cleaned in (PRE_LABEL.lower(), "pre", "pre-stage"):
            return self._steps[0]
        match = _PARSE_RE.match(cleaned)
        if match:
            stage, word = int(match.group(1)), match.group(2)
            # Any prefix of a band name will do: the bands start with R, E, D, S.
            band = next((b for b in BANDS if b.lower().startswith(word)), None)
            found = self._by_key.get((stage, band))
            if found is not None:
                return found
        raise InputRefused(f"{str(text).strip()!r} is not a sub-stage; {_HINT}")


@cache
def default_scale() -> Scale:
    """The shipped scale (``data/stage_scale.csv``), loaded once."""
    return Scale.load(data_file("stage_scale.csv"))
