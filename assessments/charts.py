"""The trend chart of a municipality's assessments as inline SVG, drawn on the server.

One row per series (overall level, then each indicator); each row has its own scale, the
points are coloured by level and labelled with their value, so the chart reads without
JavaScript, in the browser and in the PDF alike.
"""

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import INDICATOR_SHORT_LABELS, Indicator

LEVEL_COLOURS = {1: "#2e7d32", 2: "#9e9d24", 3: "#f9a825", 4: "#ef6c00", 5: "#c62828"}
NO_LEVEL_COLOUR = "#78909c"
LABEL_WIDTH = 150
ROW_HEIGHT = 58
TOP = 8
AXIS_HEIGHT = 30
RIGHT = 40
# Room between the scale and the first point, and after the last: a point's label is centred
# on it and would otherwise lie on the scale's figures.
PAD = 36
LEGEND_HEIGHT = 26


def format_value(value, indicator: str | None = None) -> str:
    """Norwegian decimal comma; R with two decimals, other figures with one."""
    if value is None:
        return "–"
    value = Decimal(value)
    if indicator is None:
        text = f"{value:.0f}"
    elif indicator == Indicator.R_NUMBER:
        text = f"{value:.2f}".rstrip("0").rstrip(".") if value != value.to_integral() else f"{value:.1f}"
    else:
        text = f"{value:.1f}"
    return text.replace(".", ",")


def _series(assessments) -> list[tuple[str, str | None, list[tuple[Decimal | None, int | None]]]]:
    rows = [
        (
            str(_("Samlet risikonivå")),
            None,
            [(Decimal(a.risk_level) if a.risk_level else None, a.risk_level) for a in assessments],
        )
    ]
    for code in Indicator.values:
        points = []
        for a in assessments:
            reading = next((r for r in a.readings.all() if r.indicator == code), None)
            points.append((reading.value, reading.level) if reading else (None, None))
        rows.append((str(INDICATOR_SHORT_LABELS[code]), code, points))
    return rows


def week_label(assessment) -> str:
    """«uke 9 2021»: the week with its ISO year, so a chart across new year reads right."""
    return _("uke %(week)s %(year)s") % {"week": assessment.iso_week, "year": assessment.iso_year}


def _point_text(value, level, code) -> str:
    if value is None:
        return str(_("mangler"))
    shown = f"{level}" if code is None else format_value(value, code)
    return f"{shown} (N{level})" if code is not None and level else shown


def trend_table(assessments) -> dict:
    """The chart's values as a table: one row per week, one column per series, the same texts."""
    assessments = list(assessments)
    rows = _series(assessments)
    return {
        "series": [label for label, _code, _points in rows],
        "weeks": [
            (week_label(a), [_point_text(*points[i], code) for _label, code, points in rows])
            for i, a in enumerate(assessments)
        ],
    }


def trend_svg(assessments, *, width: int = 720, title: str = "", font_size: int = 11) -> SafeString:
    """An SVG of the overall level and the five indicators over the given assessments (oldest first)."""
    assessments = list(assessments)
    rows = _series(assessments)
    height = TOP + ROW_HEIGHT * len(rows) + AXIS_HEIGHT + LEGEND_HEIGHT
    plot_w = width - LABEL_WIDTH - RIGHT
    n = len(assessments)

    def x_at(i: int) -> float:
        return LABEL_WIDTH + (plot_w / 2 if n == 1 else PAD + (plot_w - 2 * PAD) * i / (n - 1))

    title = title or _("Utvikling per uke")
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="trend-chart" role="img" aria-labelledby="trend-title trend-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" font-family="Liberation Sans, Archive Sans, Arial, sans-serif" font-size="{font_size}">',
        f'<title id="trend-title">{escape(title)}</title>',
        '<desc id="trend-desc">'
        + escape(_("Samlet risikonivå og hver indikator per uke; punktenes farge viser nivået N1–N5."))
        + "</desc>",
    ]
    if n == 0:
        parts.append(f'<text x="{LABEL_WIDTH}" y="30">{escape(_("Ingen godkjente vurderinger ennå."))}</text></svg>')
        return mark_safe("".join(parts))
    for index, (label, code, points) in enumerate(rows):
        top = TOP + index * ROW_HEIGHT
        inner_top, inner_bottom = top + 16, top + ROW_HEIGHT - 10
        parts.append(f'<g class="series" data-series="{escape(code or "risk_level")}">')
        parts.append(
            f'<line x1="{LABEL_WIDTH}" y1="{top + ROW_HEIGHT}" x2="{width - RIGHT}" y2="{top + ROW_HEIGHT}" stroke="#e0e4e8"/>'
        )
        parts.append(f'<text x="4" y="{top + ROW_HEIGHT / 2 + 4:.1f}" font-weight="bold">{escape(label)}</text>')
        parts.append(
            f'<line x1="{LABEL_WIDTH - 2}" y1="{inner_top}" x2="{LABEL_WIDTH - 2}" y2="{inner_bottom}" stroke="#90a4ae"/>'
        )
        known = [v for v, _lvl in points if v is not None]
        if code is None:
            low, high = Decimal(1), Decimal(5)
        else:
            low, high = Decimal(0), max(known) if known else Decimal(1)
            if high <= low:
                high = low + 1

        for tick in (low, high):
            tick_text = f"N{tick}" if code is None else format_value(tick, code)
            tick_y = inner_bottom if tick == low else inner_top
            parts.append(
                f'<text x="{LABEL_WIDTH - 6}" y="{tick_y + 4:.1f}" text-anchor="end" class="scale" '
                f'fill="#5b6572" font-size="{font_size - 2}">{escape(tick_text)}</text>'
            )

        def y_at(value: Decimal, low=low, high=high, inner_top=inner_top, inner_bottom=inner_bottom) -> float:
            return float(inner_bottom - (inner_bottom - inner_top) * float((value - low) / (high - low)))

        path = []
        for i, (value, _level) in enumerate(points):
            if value is None:
                if len(path) > 1:
                    parts.append(
                        f'<polyline fill="none" stroke="#90a4ae" stroke-width="1.5" points="{" ".join(path)}"/>'
                    )
                path = []
                continue
            path.append(f"{x_at(i):.1f},{y_at(value):.1f}")
        if len(path) > 1:
            parts.append(f'<polyline fill="none" stroke="#90a4ae" stroke-width="1.5" points="{" ".join(path)}"/>')
        for i, (value, level) in enumerate(points):
            x = x_at(i)
            if value is None:
                parts.append(
                    f'<text x="{x:.1f}" y="{inner_bottom:.1f}" text-anchor="middle" fill="#78909c">{escape(_("mangler"))}</text>'
                )
                continue
            y = y_at(value)
            colour = LEVEL_COLOURS.get(level, NO_LEVEL_COLOUR)
            tip = _point_text(value, level, code)
            parts.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" fill="{colour}"><title>{escape(tip)}</title></circle>'
                f'<text x="{x:.1f}" y="{y - 7:.1f}" text-anchor="middle">{escape(tip)}</text>'
            )
        parts.append("</g>")
    axis_y = TOP + ROW_HEIGHT * len(rows) + 16
    for i, a in enumerate(assessments):
        parts.append(
            f'<text x="{x_at(i):.1f}" y="{axis_y}" text-anchor="middle" class="week">{escape(week_label(a))}</text>'
        )
    legend_y = axis_y + LEGEND_HEIGHT
    parts.append(f'<g class="legend"><text x="4" y="{legend_y}" font-weight="bold">{escape(_("Nivå"))}:</text>')
    step = (width - LABEL_WIDTH - RIGHT) / 6
    for i, (level, colour) in enumerate(LEVEL_COLOURS.items()):
        x = LABEL_WIDTH + step * i
        parts.append(
            f'<circle cx="{x + 5:.1f}" cy="{legend_y - 4}" r="4.5" fill="{colour}"/>'
            f'<text x="{x + 14:.1f}" y="{legend_y}">N{level}</text>'
        )
    x = LABEL_WIDTH + step * 5
    parts.append(
        f'<circle cx="{x + 5:.1f}" cy="{legend_y - 4}" r="4.5" fill="{NO_LEVEL_COLOUR}"/>'
        f'<text x="{x + 14:.1f}" y="{legend_y}">{escape(_("uten nivå"))}</text></g>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))
