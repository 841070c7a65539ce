"""The daily HTML report: one self-contained, offline page per partition.

``render_report(marts, day, meta, *, history, layoffs, freshness, archive_links) -> str`` draws,
in this order: a headline sentence per question of DESIGN.md with its number and trend; line
charts with a point per observed week; the AI-attributed layoffs with their verbatim evidence
and links to the source and its archived copy; per-company hiring and cuts by exposure class;
freshness and failures per source; the per-role table. Each chart's data downloads as CSV
(data: URI, formula-escaped); each number links to its "how to read" anchor in
docs/methodology.md. :func:`load_report_inputs` reads all of it from a lake.

Nothing is loaded from the network (a Content-Security-Policy forbids it); every value that
comes from data goes through :func:`html.escape`, and only http(s) URLs become links.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.report import figures as fg
from pipelines.report.html import esc
from pipelines.report.inputs import REPORT_MARTS, ReportInputs, load_report_inputs, source_freshness
from pipelines.report.page import (
    DEFAULT_METHODOLOGY,
    Page,
    _ai_layoffs,
    _ai_premium,
    _ai_table,
    _charts,
    _companies,
    _freshness,
    _growth,
    _junior,
    _layoffs,
    _roles,
    _tightest,
    ai_layoffs_frame,
)

__all__ = [
    "REPORT_MARTS",
    "ReportInputs",
    "load_report_inputs",
    "render_inputs",
    "render_report",
    "report_path",
    "source_freshness",
    "write_report",
]

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
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:20px auto;max-width:1180px;color:#222;padding:0 20px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:18px;margin-top:30px;border-bottom:1px solid #ddd;padding-bottom:4px}
.note{color:#666;font-size:12px}.lbl{font-size:11px;fill:#333}.tick{font-size:10px;fill:#555}
svg .note{fill:#777;font-size:11px}.axis{stroke:#999;stroke-width:1}.grid{stroke:#eee;stroke-width:1}
svg.chart{width:100%;max-width:900px;height:auto;display:block}
figure{margin:14px 0 22px}figcaption{margin-bottom:4px}
ol.headlines{padding-left:22px}ol.headlines li{margin:8px 0}
a.how,a.csv{font-size:12px;white-space:nowrap}
table{border-collapse:collapse;margin:8px 0;font-size:12px;width:100%}
th,td{border:1px solid #ddd;padding:3px 6px;vertical-align:top;overflow-wrap:anywhere}
th{background:#f3f3f3;text-align:left}table.sortable th{cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}th[aria-sort=descending]::after{content:" ▼"}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.date{white-space:nowrap}
table.evidence th{white-space:nowrap}td.evidence{width:55%}td.evidence q{font-style:italic}
td.status{font-weight:600}.s-ok{color:#2a7}.s-failed,.s-no-snapshot{color:#c22}.s-stale{color:#b70}
dl{display:grid;grid-template-columns:max-content auto;gap:2px 12px}dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
.warn{background:#fff6e0;border-left:4px solid #f0a000;padding:6px 10px}
.banner{background:#fde8e8;border:2px solid #c22;padding:8px 12px;font-weight:600}
"""


def render_report(
    marts: dict[str, pl.DataFrame],
    day: dt.date,
    meta: dict | None = None,
    *,
    history: pl.DataFrame | None = None,
    layoffs: pl.DataFrame | None = None,
    freshness: pl.DataFrame | None = None,
    archive_links: dict[str, str] | None = None,
    methodology: str = DEFAULT_METHODOLOGY,
) -> str:
    """The report of ``day`` as one HTML string.

    ``marts``: the day's partitions of :data:`REPORT_MARTS` (missing or empty ones render as a
    note). ``history``: ``role_supply_demand`` partitions up to ``day`` with a ``dt`` column
    (default: the day's partition only, so no trend). ``layoffs``: the day's
    ``clean/layoff_events``. ``freshness``: :func:`source_freshness` (None: "not available").
    ``archive_links``: archive_sha256 -> link to the archived body. ``meta``: key/values shown
    at the end; ``meta["data_origin"] == "sample"`` shows the synthetic-sample banner.
    ``methodology``: the URL of docs/methodology.md the "how to read" links point into.
    """
    meta = dict(meta or {})
    empty = pl.DataFrame()
    rsd = marts.get("role_supply_demand")
    rsd = rsd if rsd is not None else empty
    et = marts.get("exposure_trends")
    et = et if et is not None else empty
    sm = marts.get("seniority_mix")
    sm = sm if sm is not None else empty
    cr = marts.get("company_recomposition")
    cr = cr if cr is not None else empty
    if history is None or history.is_empty():
        history = rsd.with_columns(pl.lit(day, dtype=pl.Date).alias("dt")) if rsd.height else empty
    history = history.filter(pl.col("dt") <= day) if history.height else history
    weeks = fg.role_weeks(history) if history.height else fg.role_weeks(pl.DataFrame())
    jw = fg.junior_weeks(sm)
    ai = ai_layoffs_frame(layoffs, day)
    p = Page(methodology)
    headlines = "".join(
        [
            _tightest(p, rsd, weeks, day),
            _growth(p, weeks, day),
            _layoffs(p, et, day),
            _ai_layoffs(p, ai, day),
            _ai_premium(p, rsd, history, day),
            _junior(p, jw),
        ]
    )
    banner = ""
    if str(meta.get("data_origin", "")).lower() == "sample":
        banner = (
            '<p class="banner" data-banner="sample">Synthetic sample data: these figures come from the bundled '
            "sample archive, made up to exercise the pipeline. They say nothing about the real labour market.</p>"
        )
    meta_html = "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in meta.items())
    body = "".join(
        [
            banner,
            "<p>Which tech roles is AI shrinking, which is it growing, and how tight is the market for each? Demand = "
            "postings on tracked job boards; supply = HN “Who wants to be hired?” self-posts; layoffs are allocated to "
            f"roles (an estimate unless the source named them). {p.how('reading-the-report', 'How to read this report')}.</p>",
            f'<h2 id="answers">The answers on {esc(day)}</h2><ol class="headlines">{headlines}</ol>',
            _charts(p, rsd, weeks, history, et, jw, day),
            _ai_table(p, ai, archive_links or {}),
            _companies(p, cr),
            _freshness(p, freshness, day),
            _roles(p, rsd),
            f'<h2 id="run">About this page</h2><dl class="meta">{meta_html}</dl>',
        ]
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Hiring Signals — {esc(day)}</title><style>{CSS}</style></head><body>"
        f"<h1>Hiring Signals — {esc(day)}</h1>{body}"
        f"<script>{SORT_JS}</script></body></html>\n"
    )


def render_inputs(inputs: ReportInputs, day: dt.date, meta: dict | None = None, **kwargs) -> str:
    """:func:`render_report` over :func:`load_report_inputs`' result."""
    return render_report(
        inputs.marts,
        day,
        meta,
        history=inputs.history,
        layoffs=inputs.layoffs,
        freshness=inputs.freshness,
        archive_links=inputs.archive_links,
        **kwargs,
    )


def report_path(lake, day: dt.date) -> str:
    """Where the report of ``day`` lives: ``{lake}/reports/dt=YYYY-MM-DD/index.html``."""
    return lake.path("reports", f"dt={day.isoformat()}", "index.html")


def methodology_href(lake, day: dt.date) -> str:
    """A link from the report's folder to this checkout's docs/methodology.md when both are
    local files, else the repo-relative default (a lake at ./data_lake of the checkout)."""
    import os
    from pathlib import Path

    docs = Path(__file__).resolve().parents[2] / "docs" / "methodology.md"
    folder = report_path(lake, day).rsplit("/", 1)[0]
    if docs.exists() and getattr(lake, "_protocol", "file") in ("file", "local"):
        return Path(os.path.relpath(docs, folder)).as_posix()
    return DEFAULT_METHODOLOGY


def write_report(
    lake, day: dt.date, meta: dict | None = None, tracked: dict[str, int] | None = None
) -> tuple[str, int, ReportInputs]:
    """Read the inputs of ``day`` from ``lake``, render the page and write it atomically to
    :func:`report_path`; return (path, bytes written, the inputs)."""
    inputs = load_report_inputs(lake, day, tracked)
    page = render_inputs(inputs, day, meta, methodology=methodology_href(lake, day)).encode("utf-8")
    path = report_path(lake, day)
    lake.write_bytes_atomic(path, page)
    return path, len(page), inputs
