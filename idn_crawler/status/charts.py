"""Inline SVG bar charts: no script, no network, readable in any browser or mail client.

Every bar carries its numbers as ``data-*`` attributes and a ``<title>`` (the browser's
tooltip), so the page can be checked by a parser as well as by eye.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from html import escape

WIDTH, HEIGHT = 1000, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 12, 12, 44  # room for the axis labels
MAX_SLOT = 64  # a group's width at most, so a few bars do not fill the chart
MAX_LABELS = 16  # x labels shown at most; the others stay in the tooltips


@dataclass(frozen=True)
class Bar:
    value: int
    kind: str  # CSS class: its colour, and the legend's name
    tip: str  # tooltip text
    marked: bool = False  # its number written above it (a small bar that must not be missed)


@dataclass
class Group:
    label: str
    bars: list[Bar]
    data: dict[str, str] = field(default_factory=dict)  # data-* attributes of the group


def nice_ceiling(value: int) -> int:
    """A round axis maximum at or above ``value``, four whole ticks of 1, 2 or 5 times a power of ten."""
    step = max(1, math.ceil(value / 4))
    power = 10 ** math.floor(math.log10(step))
    steps = (m * power for m in (1, 2, 2.5, 5, 10) if float(m * power).is_integer())
    return 4 * int(next(s for s in steps if s >= step))


def bar_chart(groups: list[Group], caption: str) -> str:
    """Groups side by side, each group's bars next to each other, one shared y axis."""
    top = nice_ceiling(max((bar.value for g in groups for bar in g.bars), default=0))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = min(plot_w / max(len(groups), 1), MAX_SLOT)
    parts = [*_grid(top, plot_h), *_groups(groups, top, slot, plot_h), *_labels(groups, slot)]
    return (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(caption)}"'
        f' xmlns="http://www.w3.org/2000/svg">{"".join(parts)}</svg>'
    )


def _grid(top: int, plot_h: float) -> list[str]:
    lines = []
    for step in range(5):
        value = top * step / 4
        y = TOP + plot_h - plot_h * step / 4
        text = f"{value:,.0f}"
        lines.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>')
        lines.append(f'<text class="axis" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{text}</text>')
    return lines


def _groups(groups: list[Group], top: int, slot: float, plot_h: float) -> list[str]:
    shapes = []
    for index, group in enumerate(groups):
        width = slot * 0.8 / max(len(group.bars), 1)
        x = LEFT + slot * index + slot * 0.1
        attributes = "".join(f' data-{escape(k)}="{escape(v)}"' for k, v in group.data.items())
        shapes.append(f'<g class="group"{attributes}>')
        for bar in group.bars:
            height = plot_h * bar.value / top
            y = TOP + plot_h - height
            shapes.append(
                f'<rect class="{bar.kind}" data-value="{bar.value}" x="{x:.1f}" y="{y:.1f}"'
                f' width="{max(width - 1, 1):.1f}" height="{height:.1f}">'
                f"<title>{escape(bar.tip)}</title></rect>"
            )
            if bar.marked and bar.value:
                shapes.append(
                    f'<text class="mark" x="{x + width / 2:.1f}" y="{y - 4:.1f}" text-anchor="middle">'
                    f"{bar.value:,}</text>"
                )
            x += width
        shapes.append("</g>")
    return shapes


def _labels(groups: list[Group], slot: float) -> list[str]:
    """As many x labels as fit without touching (about 7 px a character), evenly spread."""
    widest = max((len(g.label) for g in groups), default=0) * 7 + 10
    every = max(1, math.ceil(len(groups) / MAX_LABELS), math.ceil(widest / slot))
    labels = []
    for index, group in enumerate(groups):
        if index % every == 0:
            x = LEFT + slot * (index + 0.5)
            labels.append(
                f'<text class="axis" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle">'
                f"{escape(group.label)}</text>"
            )
    return labels


def legend(entries: list[tuple[str, str]]) -> str:
    """(CSS class, name) pairs as a row of coloured keys."""
    keys = "".join(f'<span class="key"><i class="{kind}"></i>{escape(name)}</span>' for kind, name in entries)
    return f'<div class="legend">{keys}</div>'
