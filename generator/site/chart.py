"""Bar charts drawn at build time as inline SVG.

Guarantees:

* The chart is plain SVG inside a ``<figure>``: no script, no external file,
  so it works offline, from ``file://`` and in print. Colours come from CSS
  classes (``docs/assets/stylesheets/site.css``).
* It is accessible: a ``<title>`` and a ``<desc>`` that reads out every bar
  (label and value), a text alternative to the picture; ``role="img"``, or
  ``role="group"`` when bars are links (an image holds nothing to press), so
  each bar link is reached and named by its label and value.
* Bars are drawn in the order given, from zero, against an axis below them
  with :data:`TICKS` or so evenly spaced round ticks (1, 2 or 5 times a power
  of ten) that reach past the longest bar; a bar with ``href`` is a link.
* Output depends only on the bars given (coordinates rounded to 0.1), so
  it is deterministic; its size grows linearly with the number of bars.
* One label line above each bar keeps the chart readable on a phone: the
  SVG scales to the width of the page.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from generator.site.html import Html, tag

WIDTH = 420
ROW = 40
TOP = 6
VALUE_SPACE = 130  # room right of the longest bar for its value text
AXIS = 28  # room below the bars for the axis and its tick labels
TICKS = 4


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_max: float | None
    text: str  # what the value reads as: 'dưới 4 % (2025)'
    href: str | None = None  # where the bar leads: the clause that sets the value


def tick_step(top: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about :data:`TICKS` ticks up to ``top``."""
    if top <= 0:
        return 1.0
    rough = top / TICKS
    power = 10 ** math.floor(math.log10(rough))
    return next(factor * power for factor in (1, 2, 5, 10) if factor * power >= rough)


def bar_chart(chart_id: str, title: str, bars: list[Bar], tick_text: Callable[[float], str] = str) -> Html:
    """A horizontal bar chart of ``bars`` (in the given order), scaled from zero, with an axis
    whose ticks read as ``tick_text`` gives them."""
    top = max([bar.value_max or bar.value for bar in bars] + [0])
    step = tick_step(top)
    end_tick = step * math.ceil(top / step) if top > 0 else step
    scale = (WIDTH - VALUE_SPACE) / end_tick
    bottom = TOP + ROW * len(bars)
    height = bottom + AXIS
    rows = []
    for number, bar in enumerate(bars):
        y = TOP + number * ROW
        length = max(bar.value, 0) * scale
        shapes = [
            tag("text", bar.label, x="0", y=f"{y + 13}", class_="chart__label"),
            tag("rect", x="0", y=f"{y + 18}", width=f"{length:.1f}", height="14", class_="chart__bar"),
        ]
        end = length
        if bar.value_max is not None:
            end = max(bar.value_max, 0) * scale
            shapes.append(tag("rect", x=f"{length:.1f}", y=f"{y + 18}", width=f"{end - length:.1f}", height="14",
                              class_="chart__range"))
        shapes.append(tag("text", bar.text, x=f"{end + 6:.1f}", y=f"{y + 30}", class_="chart__value"))
        group = tag("g", *shapes)
        rows.append(tag("a", group, href=bar.href) if bar.href else group)
    ticks = []
    for index in range(round(end_tick / step) + 1):
        x = index * step * scale
        ticks.append(tag("line", x1=f"{x:.1f}", x2=f"{x:.1f}", y1=f"{TOP:.1f}", y2=f"{bottom + 4:.1f}",
                         class_="chart__grid"))
        ticks.append(tag("text", tick_text(index * step), x=f"{x:.1f}", y=f"{bottom + 18}",
                         class_="chart__tick", text_anchor="start" if index == 0 else "middle"))
    axis = tag("g", tag("line", x1="0", x2=f"{end_tick * scale:.1f}", y1=f"{bottom:.1f}", y2=f"{bottom:.1f}",
                        class_="chart__axis"), *ticks, aria_hidden="true")
    description = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    svg = tag(
        "svg",
        tag("title", title, id=f"{chart_id}-title"),
        tag("desc", description, id=f"{chart_id}-desc"),
        axis,
        *rows,
        viewBox=f"0 0 {WIDTH} {height}",
        role="group" if any(bar.href for bar in bars) else "img",
        aria_labelledby=f"{chart_id}-title {chart_id}-desc",
        class_="chart__svg",
    )
    return tag("figure", svg, tag("figcaption", title), class_="chart", id=chart_id)
