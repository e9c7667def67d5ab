"""Server-side charts: geometry computed here, drawn as inline SVG by templates/targets/_*_chart.html.

No JavaScript and no CDN: the page prints, works offline, and the figures stay readable as text.
"""

from dataclasses import dataclass

from partycell.targets.selectors.achievement import Achievement
from partycell.targets.selectors.pipeline import FunnelStep

LABEL_WIDTH = 220
BAR_AREA = 360
ROW_HEIGHT = 34
BAR_HEIGHT = 12


@dataclass(frozen=True)
class TargetBar:
    label: str
    unit_id: int  # the label links to the unit's dashboard
    y: int
    target: int | None
    achieved: int
    target_width: int
    achieved_width: int
    behind_pace: bool

    @property
    def achieved_y(self) -> int:
        return self.y + BAR_HEIGHT + 2

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT


@dataclass(frozen=True)
class Chart:
    rows: list
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT

    @property
    def value_x(self) -> int:
        return self.label_width + BAR_AREA + 8


LABEL_CHARACTERS = 34


def chart_label(text: str, limit: int = LABEL_CHARACTERS) -> str:
    """``text`` shortened to ``limit`` characters at a word boundary, with "…": never cut mid-word
    ("Chi bộ Tổ dân phố 5 phường Phan Đình Phùng" → "Chi bộ Tổ dân phố 5 phường Phan…")."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut and not text[limit - 1].isspace():
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–") + "…"


def _scale(value: int, largest: int) -> int:
    return round(BAR_AREA * value / largest) if largest else 0


def target_bars(achievements: list[Achievement]) -> Chart:
    """Two bars per unit: its target (outline) and what it achieved (filled)."""
    largest = max([max(a.total.target or 0, a.total.achieved) for a in achievements], default=0)
    rows = [
        TargetBar(
            label=chart_label(str(a.unit)),
            unit_id=a.unit.pk,
            y=8 + i * ROW_HEIGHT,
            target=a.total.target,
            achieved=a.total.achieved,
            target_width=_scale(a.total.target or 0, largest),
            achieved_width=_scale(a.total.achieved, largest),
            behind_pace=a.total.behind_pace,
        )
        for i, a in enumerate(achievements)
    ]
    return Chart(rows=rows, width=LABEL_WIDTH + BAR_AREA + 80, height=16 + len(rows) * ROW_HEIGHT)


@dataclass(frozen=True)
class FunnelBar:
    label: str
    stage: str  # the label links to the unit's open candidacies in this stage
    y: int
    count: int
    x: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + 15


def funnel_bars(steps: list[FunnelStep]) -> Chart:
    """One centred bar per stage, widths proportional to the open candidacies in it."""
    largest = max([step.count for step in steps], default=0)
    rows = []
    for i, step in enumerate(steps):
        width = max(_scale(step.count, largest), 2 if step.count else 0)
        rows.append(
            FunnelBar(
                label=chart_label(str(step.label)),
                stage=step.stage,
                y=4 + i * 24,
                count=step.count,
                x=LABEL_WIDTH + (BAR_AREA - width) // 2,
                width=width,
            )
        )
    return Chart(rows=rows, width=LABEL_WIDTH + BAR_AREA + 80, height=8 + len(rows) * 24)
