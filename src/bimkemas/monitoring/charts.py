"""A grouped bar chart drawn on the server as SVG geometry (the template writes the elements): no
JavaScript, readable by screen readers through its title/desc and the table printed next to it."""

import math
from dataclasses import dataclass, field

# Colours with at least 3:1 contrast against white (WCAG 1.4.11) and distinct in grey scale.
PALETTE = ("#0b4f8a", "#b45309", "#15803d", "#6d28d9")

WIDTH, HEIGHT = 400, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 6, 12, 30


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # tooltip: "Februari 2025 — Aplikasi: 12"


@dataclass(frozen=True)
class Tick:
    pos: float
    text: str


@dataclass
class BarChart:
    title: str
    desc: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: float = HEIGHT - BOTTOM
    bars: list[Bar] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (colour, label)


def nice_step(maximum: int, ticks: int = 4) -> int:
    """A round step (1, 2, 5 × 10^k) so that `ticks` steps cover `maximum`."""
    if maximum <= ticks:
        return 1
    raw = maximum / ticks
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return int(m * power)
    return int(10 * power)  # pragma: no cover


def grouped_bars(
    *,
    groups: list[tuple[str, str, list[int]]],  # (axis label, full label, one value per series)
    series: list[str],
    title: str,
    desc: str,
    number=str,
) -> BarChart:
    chart = BarChart(title=title, desc=desc)
    chart.legend = [(PALETTE[i % len(PALETTE)], s) for i, s in enumerate(series)]
    top = max((v for _, _, values in groups for v in values), default=0)
    step = nice_step(top)
    scale_max = max(step * math.ceil(top / step), step)
    plot_h = chart.baseline - TOP
    for k in range(0, scale_max + 1, step):
        chart.y_ticks.append(Tick(pos=chart.baseline - plot_h * k / scale_max, text=number(k)))
    if not groups:
        return chart
    slot = (chart.right_edge - chart.left) / len(groups)
    bar_w = slot * 0.8 / max(len(series), 1)
    for g, (axis_label, full_label, values) in enumerate(groups):
        x0 = chart.left + slot * g + slot * 0.1
        chart.x_ticks.append(Tick(pos=chart.left + slot * (g + 0.5), text=axis_label))
        for i, value in enumerate(values):
            h = plot_h * value / scale_max
            chart.bars.append(
                Bar(
                    x=round(x0 + bar_w * i, 2),
                    y=round(chart.baseline - h, 2),
                    width=round(bar_w, 2),
                    height=round(h, 2),
                    fill=PALETTE[i % len(PALETTE)],
                    label=f"{full_label} — {series[i]}: {number(value)}",
                )
            )
    return chart
