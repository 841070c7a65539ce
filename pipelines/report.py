"""The daily HTML report: one self-contained, offline page over the supply/demand marts.

``render_report(marts, day, meta) -> str``. No external URL of any kind (a Content-Security-Policy
forbids loading anything), charts are inline SVG drawn here, tables sort with a few lines of
inline JavaScript (the page reads fine without it). Every value that comes from data (job titles,
company names, roles, meta) goes through :func:`html.escape`, in text and in attributes alike.

The chart SVGs carry ``data-chart`` and ``data-marks`` (the number of bars/points drawn) so tests
and readers can check what was rendered.
"""

from __future__ import annotations

import datetime as dt
import html
import math
from collections.abc import Iterable, Sequence

import polars as pl

from pipelines.schemas import EXPOSURE_CLASSES

__all__ = ["render_report"]

CLASS_COLORS = {
    "ai_builder": "#6a3d9a",
    "augmented": "#1f78b4",
    "substitution_exposed": "#e31a1c",
    "low_exposure": "#33a02c",
}
POSTINGS_COLOR = "#1f78b4"
SUPPLY_COLOR = "#ff7f00"
TOP_ROLES = 15
TOP_COMPANIES = 10
# the marts the report reads (its inputs in the asset graph)
REPORT_MARTS = ("role_supply_demand", "exposure_trends", "company_recomposition", "seniority_mix")


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _fmt(value: object, digits: int = 2) -> str:
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


def _sort_key(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(float(value)) if math.isfinite(float(value)) else ""
    return str(value)


# --- svg helpers ----------------------------------------------------------------------------
def _svg_open(name: str, width: int, height: int, marks: int, label: str) -> str:
    return (
        f'<svg class="chart" data-chart="{esc(name)}" data-marks="{marks}" role="img" '
        f'aria-label="{esc(label)}" viewBox="0 0 {width} {height}" width="{width}" height="{height}">'
    )


def _text(x: float, y: float, s: object, anchor: str = "start", cls: str = "lbl") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" class="{cls}">{esc(s)}</text>'


def _empty_chart(name: str, message: str) -> str:
    return (_svg_open(name, 640, 40, 0, message) + _text(8, 24, message, cls="note") + "</svg>")


def hbar_chart(
    name: str,
    labels: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    value_fmt=lambda v: _fmt(v),
    notes: Sequence[str] | None = None,
    width: int = 760,
    label_width: int = 210,
) -> str:
    """Horizontal grouped bars: one group per label, one bar per series (name, color, values).

    Negative values extend left of a zero line (diverging bars)."""
    if not labels:
        return _empty_chart(name, "no data for this chart")
    bar_h, gap = 12, 8
    group_h = bar_h * len(series) + gap
    legend_h = 22
    height = legend_h + group_h * len(labels) + 10
    values = [v for _, _, vals in series for v in vals if v is not None and math.isfinite(v)]
    lo, hi = min([0.0, *values]), max([0.0, *values])
    span = (hi - lo) or 1.0
    plot_w = width - label_width - 120
    x0 = label_width + (0 - lo) / span * plot_w
    marks = 0
    parts = []
    for i, (sname, color, _) in enumerate(series):
        lx = label_width + i * 170
        parts.append(f'<rect x="{lx}" y="4" width="12" height="12" fill="{esc(color)}"/>')
        parts.append(_text(lx + 16, 14, sname))
    for g, label in enumerate(labels):
        top = legend_h + g * group_h
        parts.append(_text(label_width - 6, top + group_h / 2, label, anchor="end"))
        for i, (sname, color, vals) in enumerate(series):
            v = vals[g]
            y = top + i * bar_h
            if v is None or not math.isfinite(v):
                parts.append(_text(x0 + 4, y + bar_h - 2, "n/a", cls="note"))
                continue
            w = abs(v) / span * plot_w
            x = x0 if v >= 0 else x0 - w
            marks += 1
            parts.append(
                f'<rect class="bar" data-series="{esc(sname)}" x="{x:.1f}" y="{y:.1f}" width="{max(w, 0.5):.1f}" '
                f'height="{bar_h - 1}" fill="{esc(color)}"><title>{esc(label)} · {esc(sname)}: {esc(value_fmt(v))}</title></rect>'
            )
            tx = x + w + 4 if v >= 0 else x - 4
            parts.append(_text(tx, y + bar_h - 2, value_fmt(v), anchor="start" if v >= 0 else "end", cls="val"))
        if notes and notes[g]:
            parts.append(_text(width - 4, top + group_h / 2, notes[g], anchor="end", cls="note"))
    parts.append(f'<line x1="{x0:.1f}" x2="{x0:.1f}" y1="{legend_h}" y2="{height - 6}" class="axis"/>')
    return _svg_open(name, width, height, marks, name) + "".join(parts) + "</svg>"


def line_chart(
    name: str,
    xs: Sequence[str],
    series: Sequence[tuple[str, str, Sequence[float | None]]],
    *,
    width: int = 760,
    height: int = 260,
    y_label: str = "",
) -> str:
    """Lines with a circle per observed point; gaps (None) break the line."""
    pts = [v for _, _, vals in series for v in vals if v is not None and math.isfinite(v)]
    if not xs or not pts:
        return _empty_chart(name, "no observed weeks yet")
    left, right, top, bottom = 60, 20, 48, 40
    pw, ph = width - left - right, height - top - bottom
    lo, hi = min(0.0, *pts), max(pts)
    hi = hi if hi > lo else lo + 1
    n = len(xs)

    def px(i: int) -> float:
        return left + (pw * (i / (n - 1)) if n > 1 else pw / 2)

    def py(v: float) -> float:
        return top + ph - (v - lo) / (hi - lo) * ph

    parts = [f'<line x1="{left}" x2="{left + pw}" y1="{top + ph}" y2="{top + ph}" class="axis"/>',
             f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + ph}" class="axis"/>',
             _text(left - 6, top + 4, _fmt(hi, 0), anchor="end"), _text(left - 6, top + ph, _fmt(lo, 0), anchor="end"),
             _text(left, top - 10, y_label, cls="note")]
    step = max(1, n // 8)
    for i, x in enumerate(xs):
        if i % step == 0 or i == n - 1:
            parts.append(_text(px(i), top + ph + 16, x, anchor="middle"))
    marks = 0
    for k, (sname, color, vals) in enumerate(series):
        lx = left + k * 180
        parts.append(f'<rect x="{lx}" y="4" width="12" height="12" fill="{esc(color)}"/>')
        parts.append(_text(lx + 16, 14, sname))
        seg: list[str] = []
        for i, v in enumerate(vals):
            if v is None or not math.isfinite(v):
                if len(seg) > 1:
                    parts.append(f'<polyline fill="none" stroke="{esc(color)}" stroke-width="2" points="{" ".join(seg)}"/>')
                seg = []
                continue
            seg.append(f"{px(i):.1f},{py(v):.1f}")
            marks += 1
            parts.append(
                f'<circle class="point" data-series="{esc(sname)}" cx="{px(i):.1f}" cy="{py(v):.1f}" r="3.5" '
                f'fill="{esc(color)}"><title>{esc(sname)} {esc(xs[i])}: {esc(_fmt(v))}</title></circle>'
            )
        if len(seg) > 1:
            parts.append(f'<polyline fill="none" stroke="{esc(color)}" stroke-width="2" points="{" ".join(seg)}"/>')
    return _svg_open(name, width, height, marks, name) + "".join(parts) + "</svg>"


# --- tables ---------------------------------------------------------------------------------
def table(name: str, frame: pl.DataFrame, columns: Iterable[str], *, limit: int | None = None) -> str:
    cols = [c for c in columns if c in frame.columns]
    rows = frame.select(cols).head(limit) if limit else frame.select(cols)
    head = "".join(
        f'<th scope="col" data-col="{i}" tabindex="0" aria-sort="none">{esc(c)}</th>' for i, c in enumerate(cols)
    )
    body = []
    for row in rows.iter_rows():
        cells = []
        for v in row:
            num = isinstance(v, (int, float)) and not isinstance(v, bool)
            cls = ' class="num"' if num else ""
            cells.append(f'<td{cls} data-sort="{esc(_sort_key(v))}">{esc(_fmt(v))}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = f'<p class="note">first {limit} of {frame.height} rows</p>' if limit and frame.height > limit else ""
    return (f'<table class="sortable" data-table="{esc(name)}"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>{more}')


SORT_JS = """
(function () {
  function key(td) { var s = td.getAttribute('data-sort'); var n = parseFloat(s);
    return (s !== '' && !isNaN(n) && isFinite(n)) ? [0, n] : [s === '' ? 2 : 1, s]; }
  function cmp(a, b) { if (a[0] !== b[0]) return a[0] - b[0];
    return a[0] === 0 ? a[1] - b[1] : (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); }
  function sortBy(th) {
    var table = th.closest('table'), tbody = table.tBodies[0], col = +th.getAttribute('data-col');
    var asc = th.getAttribute('aria-sort') !== 'ascending';
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.setAttribute('aria-sort', 'none'); });
    th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(tbody.rows);
    rows.sort(function (r1, r2) { var k1 = key(r1.cells[col]), k2 = key(r2.cells[col]);
      if (k1[0] === 2 || k2[0] === 2) return k1[0] - k2[0]; var c = cmp(k1, k2); return asc ? c : -c; });
    rows.forEach(function (r) { tbody.appendChild(r); });
  }
  document.querySelectorAll('table.sortable th').forEach(function (th) {
    th.addEventListener('click', function () { sortBy(th); });
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(th); } });
  });
  document.body.setAttribute('data-sortable', 'ready');
})();
"""

CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1100px;color:#222;padding:0 16px}
h1{font-size:22px}h2{font-size:18px;margin-top:32px;border-bottom:1px solid #ddd;padding-bottom:4px}
.note{color:#666;font-size:12px}.lbl{font-size:11px;fill:#333}.val{font-size:10px;fill:#444}
svg .note{fill:#888;font-size:11px}.axis{stroke:#999;stroke-width:1}
table{border-collapse:collapse;margin:8px 0;font-size:12px;display:block;overflow-x:auto}
th,td{border:1px solid #ddd;padding:3px 6px;white-space:nowrap}th{background:#f3f3f3;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums}dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}
dt{font-weight:600}dd{margin:0}.warn{background:#fff6e0;border-left:4px solid #f0a000;padding:6px 10px}
"""


# --- sections -------------------------------------------------------------------------------
def _rows(frame: pl.DataFrame | None) -> pl.DataFrame:
    return frame if frame is not None else pl.DataFrame()


def _supply_demand_section(rsd: pl.DataFrame) -> str:
    if rsd.is_empty():
        return "<h2>Supply and demand per role</h2>" + _empty_chart("supply_demand", "role_supply_demand is empty")
    known = rsd.filter(pl.col("role") != "unknown").sort(["open_postings", "role"], descending=[True, False]).head(TOP_ROLES)
    labels = known["role"].to_list()
    ratios = known["demand_supply_ratio"].to_list()
    notes = [f"ratio {_fmt(r)}" if r is not None else "no candidates" for r in ratios]
    chart = hbar_chart(
        "supply_demand", labels,
        [("open postings", POSTINGS_COLOR, [float(v) for v in known["open_postings"].to_list()]),
         ("candidates (HN)", SUPPLY_COLOR, [float(v) for v in known["candidates"].to_list()])],
        value_fmt=lambda v: _fmt(int(v)), notes=notes,
    )
    totals = rsd.select(pl.col("open_postings").sum(), pl.col("candidates").sum(), pl.col("laid_off_estimate_28d").sum()).row(0)
    cols = ["role", "role_family", "exposure_class", "open_postings", "new_postings_7d", "new_postings_28d", "candidates",
            "candidates_28d", "demand_supply_ratio", "ratio_note", "laid_off_estimate_28d", "laid_off_estimate_method",
            "median_salary_usd", "salary_postings", "ai_premium", "family_ai_premium", "median_days_open"]
    return (
        "<h2>Supply and demand per role</h2>"
        f"<p>{_fmt(totals[0])} open postings, {_fmt(totals[1])} self-posted candidates (HN), "
        f"{_fmt(totals[2])} employees laid off in 28 days (allocated to roles: an estimate). "
        f"Top {len(labels)} roles by open postings; ratio = open postings per candidate.</p>"
        '<p class="warn">Candidates come from one HN thread, which skews to software: a high ratio means '
        "few HN self-posts for the role, not necessarily a tight market. See docs/methodology.md.</p>"
        + chart + table("role_supply_demand", rsd, cols)
    )


def _exposure_section(et: pl.DataFrame) -> str:
    if et.is_empty():
        return "<h2>Exposure trends</h2>" + _empty_chart("exposure_index", "exposure_trends is empty")
    weeks = et.select("week_start", "iso_week").unique().sort("week_start")
    observed = et.group_by("week_start").agg(pl.col("days_observed").max()).filter(pl.col("days_observed") > 0)
    first_obs = observed["week_start"].min()
    shown = weeks.filter(pl.col("week_start") >= first_obs) if first_obs is not None else weeks.tail(8)
    xs = shown["iso_week"].to_list()
    series = []
    for c in EXPOSURE_CLASSES:
        sub = shown.join(et.filter(pl.col("exposure_class") == c), on=["week_start", "iso_week"], how="left")
        series.append((c, CLASS_COLORS[c], sub["postings_index"].to_list()))
    index_chart = line_chart("exposure_index", xs, series, y_label="postings index (first observed week = 100)")
    last4 = weeks.tail(4)["week_start"]
    lay = (et.filter(pl.col("week_start").is_in(last4.implode()))
           .group_by("exposure_class").agg(pl.col("laid_off_estimate").sum(), pl.col("laid_off_named").sum(),
                                           pl.col("layoff_events").sum()))
    lay = pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}).join(lay, on="exposure_class", how="left")
    lay_chart = hbar_chart(
        "exposure_layoffs", lay["exposure_class"].to_list(),
        [("laid off (estimate)", "#b15928", [float(v or 0) for v in lay["laid_off_estimate"].to_list()]),
         ("of which roles named by source", "#fdbf6f", [float(v or 0) for v in lay["laid_off_named"].to_list()])],
        value_fmt=lambda v: _fmt(round(v)),
    )
    table_rows = et.filter(pl.col("days_observed") > 0) if observed.height else et.tail(8)
    return (
        "<h2>Exposure trends</h2><p>Postings index per AI-exposure class, by ISO week (weeks with a postings "
        "partition).</p>" + index_chart +
        "<p>Layoffs of the last 4 weeks by exposure class (allocated by role mix where the source names no "
        "roles, so mostly an estimate).</p>" + lay_chart
        + table("exposure_trends", table_rows.sort("week_start", descending=True), list(et.columns))
    )


def _seniority_section(sm: pl.DataFrame) -> str:
    if sm.is_empty():
        return "<h2>Junior pipeline</h2>" + _empty_chart("junior_share", "seniority_mix is empty")
    last = sm["week_start"].max()
    latest = sm.filter(pl.col("week_start") == last).sort(["postings", "role_family"], descending=[True, False])
    latest = latest.filter(pl.col("postings") >= 5)
    chart = hbar_chart(
        "junior_share", latest["role_family"].to_list(),
        [("entry + intern share", "#33a02c", latest["junior_share"].to_list()),
         ("staff + principal share", "#6a3d9a", latest["staff_plus_share"].to_list())],
        value_fmt=lambda v: f"{v * 100:.0f}%",
    )
    overall = sm.filter(pl.col("week_start") == last).select(
        (pl.col("junior_postings").sum() / pl.col("postings").sum()).alias("j")).item()
    return (
        f"<h2>Junior pipeline</h2><p>Week {esc(latest['iso_week'][0] if latest.height else '')}: "
        f"{_fmt((overall or 0) * 100, 1)}% of open postings are entry or intern level (families with at least 5 "
        "postings shown).</p>" + chart + table("seniority_mix", sm.sort("week_start", descending=True), list(sm.columns))
    )


def _recomposition_section(cr: pl.DataFrame) -> str:
    if cr.is_empty():
        return "<h2>Companies recomposing</h2>" + _empty_chart("recomposition", "company_recomposition is empty")
    last = cr["month"].max()
    both = cr.filter((pl.col("month") == last) & pl.col("recomposition_index").is_not_null())
    top = both.sort([pl.col("recomposition_index").abs(), pl.col("company_key")], descending=[True, False]).head(TOP_COMPANIES)
    notes = [f"cuts {_fmt(c)} · named {_fmt((s or 0) * 100, 0)}%" for c, s in
             zip(top["cuts_estimate"].to_list(), top["cuts_named_share"].to_list())]
    chart = hbar_chart(
        "recomposition", [str(c or k) for c, k in zip(top["company"].to_list(), top["company_key"].to_list())],
        [("recomposition index", "#1f78b4", top["recomposition_index"].to_list())],
        value_fmt=lambda v: f"{v:+.2f}", notes=notes,
    )
    cols = ["month", "company", "company_key", "postings", "layoff_events", "cuts_estimate", "hiring_ai_share",
            "cuts_ai_share", "cuts_named_share", "recomposition_index"]
    return (
        f"<h2>Companies recomposing</h2><p>{esc(last)}: {both.height} companies both posting and cutting. Index = "
        "share of hiring in ai_builder + augmented roles minus their share of the cuts (top "
        f"{top.height} by size). Where cuts_named_share is 0 the cut mix is the market's posting mix, "
        "not the company's: read the index as a hiring tilt, not as evidence of role swapping.</p>"
        + chart + table("company_recomposition", both.sort("recomposition_index", descending=True), cols, limit=50)
    )


def render_report(marts: dict[str, pl.DataFrame], day: dt.date, meta: dict | None = None) -> str:
    """The report of ``day`` as one HTML string (self-contained, offline, scraped text escaped).

    ``marts``: ``role_supply_demand``, ``exposure_trends``, ``company_recomposition``,
    ``seniority_mix`` (missing or empty ones render as a note). ``meta``: free key/values shown in
    the header (e.g. run id, taxonomy version, FX table date, row counts).
    """
    meta = dict(meta or {})
    meta_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta.items())
    body = "".join([
        _supply_demand_section(_rows(marts.get("role_supply_demand"))),
        _exposure_section(_rows(marts.get("exposure_trends"))),
        _seniority_section(_rows(marts.get("seniority_mix"))),
        _recomposition_section(_rows(marts.get("company_recomposition"))),
    ])
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>Hiring Signals — {esc(day)}</title><style>{CSS}</style></head><body>"
        f"<h1>Hiring Signals — {esc(day)}</h1>"
        "<p>Which tech roles is AI shrinking, which is it growing, and how tight is the market for each? "
        "Demand = postings on tracked job boards; supply = HN “Who wants to be hired?” self-posts; "
        "layoffs are allocated to roles (estimated). Click a column header to sort.</p>"
        f"<dl class=\"meta\">{meta_html}</dl>{body}"
        f"<script>{SORT_JS}</script></body></html>\n"
    )
