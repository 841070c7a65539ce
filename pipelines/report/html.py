"""HTML building blocks of the report: escaping, number formats, safe links, CSV downloads,
inline SVG line and bar charts, tables. No network, no external asset of any kind.

Every string that reaches the page goes through :func:`esc` (text and attributes alike); a link
from data becomes an ``<a>`` only when it is ``http(s)://`` (:func:`safe_href`), so a scraped
``javascript:`` URL stays text. Charts carry ``data-chart`` and ``data-marks`` (the points or bars
drawn) and each line ``data-points``, so tests and readers can check what was rendered.
"""

from __future__ import annotations

import csv
import html
import io
import math
import urllib.parse
from collections.abc import Sequence
from typing import TypeGuard

import polars as pl

CLASS_COLORS = {
    "ai_builder": "#6a3d9a",
    "augmented": "#1f78b4",
    "substitution_exposed": "#e31a1c",
    "low_exposure": "#33a02c",
}
PALETTE = ("#1f78b4", "#e31a1c", "#33a02c", "#6a3d9a", "#ff7f00", "#b15928", "#a6cee3", "#fb9a99")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def finite(value: object) -> TypeGuard[float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(float(value))


def fmt(value: object, digits: int = 2) -> str:
    """A display value: thousands separators, ``digits`` decimals below 1000, ``–`` for none."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if abs(value) >= 1000:
            return f"{value:,.0f}"
        return f"{value:,.{digits}f}"
    return str(value)


def pct(value: float | None, digits: int = 0, signed: bool = False) -> str:
    if not finite(value):
        return "–"
    if signed:
        return f"{value * 100:+.{digits}f}%".replace("-", "−")
    return f"{value * 100:.{digits}f}%"


def signed(value: float | None, digits: int = 0) -> str:
    if not finite(value):
        return "–"
    return f"{value:+,.{digits}f}".replace("-", "−")


def safe_href(url: object) -> str | None:
    """``url`` if it is an absolute http(s) URL, else None (never a javascript: or data: link)."""
    if not isinstance(url, str):
        return None
    text = url.strip()
    parsed = urllib.parse.urlsplit(text)
    if parsed.scheme.lower() not in ("http", "https") or not parsed.netloc:
        return None
    return text


def link(url: object, label: object) -> str:
    href = safe_href(url)
    if href is None:
        return esc(label)
    return f'<a href="{esc(href)}" rel="noopener noreferrer nofollow" target="_blank">{esc(label)}</a>'


# --- CSV downloads ----------------------------------------------------------------------------
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A CSV cell that a spreadsheet will not run: text starting with = + - @ TAB CR gets a
    leading apostrophe (OWASP CSV injection); numbers are written as numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return "" if isinstance(value, float) and not math.isfinite(value) else value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_text(frame: pl.DataFrame) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([csv_cell(c) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


def csv_download(name: str, frame: pl.DataFrame, label: str = "data (CSV)") -> str:
    """A link that downloads ``frame`` as ``name.csv`` from a data: URI (no server involved)."""
    uri = "data:text/csv;charset=utf-8," + urllib.parse.quote(csv_text(frame), safe="")
    return f'<a class="csv" data-csv="{esc(name)}" download="{esc(name)}.csv" href="{esc(uri)}">{esc(label)}</a>'


# --- SVG charts -------------------------------------------------------------------------------
def _svg_open(name: str, width: int, height: int, marks: int, label: str) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(name)}" data-marks="{marks}" role="img" '
        f'aria-label="{esc(label)}" viewBox="0 0 {width} {height}" preserveAspectRatio="xMinYMin meet">'
    )


def _text(x: float, y: float, s: object, anchor: str = "start", cls: str = "lbl") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{esc(s)}</text>'


def empty_chart(name: str, message: str) -> str:
    return _svg_open(name, 720, 40, 0, message) + _text(8, 24, message, cls="note") + "</svg>"


def _nice_max(hi: float) -> float:
    if hi <= 0:
        return 1.0
    mag = 10 ** math.floor(math.log10(hi))
    for m in (1, 2, 2.5, 5, 10):
        if hi <= m * mag:
            return m * mag
    return 10 * mag


def line_chart(
    name: str,
    xs: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    label: str,
    value_fmt=fmt,
    width: int = 720,
    height: int = 250,
    zero_based: bool = True,
) -> str:
    """One line per series (name, color, one value per x); a circle on every observed point, a
    gap (None) breaks the line. ``data-points`` on each line's group counts its circles."""
    pts = [float(v) for _, _, vals in series for v in vals if finite(v)]
    if not xs or not pts:
        return empty_chart(name, "no observed weeks yet")
    left, right, top, bottom = 56, 40, 30 + 16 * ((len(series) - 1) // 4), 34
    pw, ph = width - left - right, height - top - bottom
    lo = 0.0 if zero_based else min(pts)
    hi = _nice_max(max(pts)) if zero_based else max(pts)
    if not zero_based:  # a margin around the observed range (a flat line sits in the middle)
        pad = max((hi - lo) * 0.1, abs(hi) * 0.05, 0.01)
        lo, hi = lo - pad, hi + pad
    if hi <= lo:
        hi = lo + 1
    n = len(xs)

    def px(i: int) -> float:
        return left + (pw * (i / (n - 1)) if n > 1 else pw / 2)

    def py(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    parts = [
        f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" class="axis"/>',
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" class="axis"/>',
    ]
    for frac in (0.0, 0.5, 1.0):
        v = lo + (hi - lo) * frac
        parts.append(f'<line x1="{left}" x2="{left + pw}" y1="{py(v):.1f}" y2="{py(v):.1f}" class="grid"/>')
        parts.append(_text(left - 6, py(v) + 4, value_fmt(v), anchor="end", cls="tick"))
    step = max(1, math.ceil(n / 9))
    for i, x in enumerate(xs):
        if i == n - 1 or (i % step == 0 and n - 1 - i >= max(step, 2) * 0.75):
            parts.append(_text(px(i), top + ph + 16, x, anchor="middle", cls="tick"))
    marks = 0
    for k, (sname, color, vals) in enumerate(series):
        lx, ly = left + (k % 4) * 165, 12 + 16 * (k // 4)
        parts.append(f'<rect x="{lx}" y="{ly - 9}" width="12" height="10" fill="{esc(color)}"/>')
        parts.append(_text(lx + 16, ly, sname))
        group: list[str] = []
        seg: list[str] = []
        count = 0
        for i, val in enumerate([*list(vals), None]):
            if i == len(vals) or not finite(val):
                if len(seg) > 1:
                    group.insert(
                        0, f'<polyline fill="none" stroke="{esc(color)}" stroke-width="2" points="{" ".join(seg)}"/>'
                    )
                seg = []
                continue
            cx, cy = px(i), py(float(val))
            seg.append(f"{cx:.1f},{cy:.1f}")
            count += 1
            group.append(
                f'<circle class="point" cx="{cx:.1f}" cy="{cy:.1f}" r="3.5" fill="{esc(color)}">'
                f"<title>{esc(sname)} {esc(xs[i])}: {esc(value_fmt(float(val)))}</title></circle>"
            )
        marks += count
        parts.append(f'<g class="line" data-series="{esc(sname)}" data-points="{count}">{"".join(group)}</g>')
    return _svg_open(name, width, height, marks, label) + "".join(parts) + "</svg>"


def stacked_share_chart(
    name: str,
    rows: Sequence[tuple[str, str, Sequence[float], str]],
    *,
    label: str,
    classes: Sequence[str],
    width: int = 760,
    label_width: int = 280,
) -> str:
    """Horizontal 100 % bars: per row (label, sub-label, values per class, note), each class a
    segment of its share; a row whose values sum to 0 shows its note only."""
    if not rows:
        return empty_chart(name, "no company both hiring and cutting in the window")
    bar_h, gap, legend_h = 14, 6, 22
    height = legend_h + len(rows) * (bar_h + gap) + 6
    plot_w = width - label_width - 150
    parts = []
    for i, c in enumerate(classes):
        lx = label_width + i * 150
        parts.append(f'<rect x="{lx}" y="4" width="12" height="10" fill="{CLASS_COLORS.get(c, "#999")}"/>')
        parts.append(_text(lx + 16, 13, c))
    marks = 0
    for r, (lbl, sub, values, note) in enumerate(rows):
        y = legend_h + r * (bar_h + gap)
        short = lbl if len(lbl) <= 24 else lbl[:23] + "…"
        parts.append(_text(label_width - 6, y + bar_h - 3, f"{short} · {sub}", anchor="end"))
        total = sum(v for v in values if finite(v))
        x = float(label_width)
        if total > 0:
            marks += 1
            for c, v in zip(classes, values):
                if not finite(v) or v <= 0:
                    continue
                w = v / total * plot_w
                parts.append(
                    f'<rect class="bar" data-series="{esc(c)}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                    f'fill="{CLASS_COLORS.get(c, "#999")}"><title>{esc(lbl)} {esc(sub)} · {esc(c)}: '
                    f"{esc(fmt(v, 0))} ({esc(pct(v / total))})</title></rect>"
                )
                x += w
        parts.append(_text(label_width + plot_w + 6, y + bar_h - 3, note, cls="note"))
    return _svg_open(name, width, height, marks, label) + "".join(parts) + "</svg>"


# --- tables -----------------------------------------------------------------------------------
def _sort_key(value: object) -> str:
    if value is None:
        return ""
    if finite(value):
        return repr(float(value))
    return str(value)


def table(
    name: str,
    frame: pl.DataFrame,
    columns: Sequence[str],
    *,
    limit: int | None = None,
    formats: dict | None = None,
    headers: dict | None = None,
) -> str:
    """A sortable table of ``columns`` (the ones ``frame`` has); ``formats``: column -> value
    formatter returning plain text (escaped here); ``headers``: column -> display name."""
    formats, headers = formats or {}, headers or {}
    cols = [c for c in columns if c in frame.columns]
    rows = frame.select(cols).head(limit) if limit else frame.select(cols)
    head = "".join(
        f'<th scope="col" data-col="{i}" data-name="{esc(c)}" tabindex="0" aria-sort="none">{esc(headers.get(c, c))}</th>'
        for i, c in enumerate(cols)
    )
    body = []
    for row in rows.iter_rows():
        cells = []
        for c, v in zip(cols, row):
            cls = ' class="num"' if finite(v) else ""
            text = formats[c](v) if c in formats else fmt(v)
            cells.append(f'<td{cls} data-sort="{esc(_sort_key(v))}">{esc(text)}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = (
        f'<p class="note">first {limit} of {frame.height} rows (all in the CSV)</p>'
        if limit and frame.height > limit
        else ""
    )
    return (
        f'<table class="sortable" data-table="{esc(name)}"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>{more}"
    )
