"""Bar charts drawn at build time as inline SVG.

Guarantees:

* The chart is plain SVG inside a ``<figure>``: no script, no external file,
  so it works offline, from ``file://`` and in print. Colours come from CSS
  classes (``docs/assets/stylesheets/site.css``).
* It is accessible: ``role="img"`` with a ``<title>`` and a ``<desc>`` that
  reads out every bar (label and value), a text alternative to the picture.
* Output depends only on the bars given (coordinates rounded to 0.1), so
  it is deterministic; its size grows linearly with the number of bars.
* One label line above each bar keeps the chart readable on a phone: the
  SVG scales to the width of the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.site.html import Html, tag

WIDTH = 420
ROW = 40
TOP = 6
VALUE_SPACE = 130  # room right of the longest bar for its value text


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    value_max: float | None
    text: str  # what the value reads as: '< 4 % (2025)'


def bar_chart(chart_id: str, title: str, bars: list[Bar]) -> Html:
    """A horizontal bar chart of ``bars`` (in the given order), scaled from zero."""
    top = max([bar.value_max or bar.value for bar in bars] + [0])
    scale = (WIDTH - VALUE_SPACE) / top if top > 0 else 0
    height = TOP * 2 + ROW * len(bars)
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
            shapes.append(
                tag(
                    "rect",
                    x=f"{length:.1f}",
                    y=f"{y + 18}",
                    width=f"{end - length:.1f}",
                    height="14",
                    class_="chart__range",
                )
            )
        shapes.append(tag("text", bar.text, x=f"{end + 6:.1f}", y=f"{y + 30}", class_="chart__value"))
        rows.append(tag("g", *shapes))
    description = "; ".join(f"{bar.label}: {bar.text}" for bar in bars)
    svg = tag(
        "svg",
        tag("title", title, id=f"{chart_id}-title"),
        tag("desc", description, id=f"{chart_id}-desc"),
        *rows,
        viewBox=f"0 0 {WIDTH} {height}",
        role="img",
        aria_labelledby=f"{chart_id}-title {chart_id}-desc",
        class_="chart__svg",
    )
    return tag("figure", svg, tag("figcaption", title), class_="chart", id=chart_id)
