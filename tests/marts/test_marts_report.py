"""The HTML report: self-contained, escaped, charts drawn; rendered in headless Chromium (slow)."""

from __future__ import annotations

import re
import shutil
import subprocess

import polars as pl
import pytest
from support.marts_frames import DAY, scenario, stub_tagger

from pipelines.report import render_report
from pipelines.marts.company_recomposition import company_recomposition
from pipelines.marts.exposure_trends import exposure_trends
from pipelines.marts.role_supply_demand import role_supply_demand
from pipelines.marts.seniority_mix import seniority_mix

EVIL_COMPANY = '<script>alert("pwned")</script>'
EVIL_ROLE = '"><img src=x onerror=alert(1)>'


def sample_marts() -> dict[str, pl.DataFrame]:
    postings, candidates, layoffs = scenario()
    # scraped text reaches the report through company names (and, in principle, any string)
    postings = postings.with_columns(
        pl.when(pl.col("company_key") == "a").then(pl.lit(EVIL_COMPANY)).otherwise(pl.col("company")).alias("company")
    )
    rsd = role_supply_demand(postings, candidates, layoffs, DAY, tagger=stub_tagger)
    rsd = rsd.with_columns(pl.when(pl.col("role") == "qa_manual").then(pl.lit(EVIL_ROLE)).otherwise(pl.col("role")).alias("role"))
    return {
        "role_supply_demand": rsd,
        "exposure_trends": exposure_trends(postings, layoffs, DAY, weeks=4, tagger=stub_tagger),
        "company_recomposition": company_recomposition(postings, layoffs, DAY, tagger=stub_tagger),
        "seniority_mix": seniority_mix(postings, DAY, weeks=4),
    }


def marks(page: str, chart: str) -> int:
    m = re.search(rf'data-chart="{chart}" data-marks="(\d+)"', page)
    assert m, f"chart {chart} missing"
    return int(m.group(1))


def test_report_escapes_scraped_text_and_is_offline():
    page = render_report(sample_marts(), DAY, {"run": "<b>run</b>", "fx_table": "2025-10-01"})
    assert EVIL_COMPANY not in page and "<img" not in page and "<b>run</b>" not in page
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in page
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    assert page.count("<script>") == 1  # ours, the table sorter
    assert "://" not in page  # no URL of any kind: nothing to fetch
    assert not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert "Content-Security-Policy" in page


def test_report_charts_have_expected_marks():
    m = sample_marts()
    page = render_report(m, DAY, {})
    known = m["role_supply_demand"].filter(pl.col("role") != "unknown").height
    assert marks(page, "supply_demand") == 2 * min(known, 15)  # postings + candidates per role
    assert marks(page, "exposure_index") == 3  # three classes have postings in the one observed week
    assert marks(page, "exposure_layoffs") == 8  # 4 classes x (estimate, named)
    assert marks(page, "junior_share") == 0  # no family has 5 postings: chart drawn, no bars
    assert marks(page, "recomposition") == 1  # only company a both posts and cuts (in March)
    assert page.count('data-table="role_supply_demand"') == 1


def test_report_with_missing_marts():
    page = render_report({}, DAY, None)
    assert "role_supply_demand is empty" in page and page.count("data-marks=\"0\"") == 4


# --- headless Chromium ------------------------------------------------------------------------
PROBE = """<script>
(function () {
  var root = document.documentElement;
  function note(kind, msg) { root.setAttribute('data-' + kind, (root.getAttribute('data-' + kind) || '') + '|' + msg); }
  window.addEventListener('error', function (e) { note('errors', e.message); });
  var ce = console.error; console.error = function () { note('errors', Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };
  window.alert = function (m) { note('alerts', String(m)); };
  document.addEventListener('DOMContentLoaded', function () {
    var th = document.querySelector('table[data-table="role_supply_demand"] th[data-col="3"]');
    th.click();  // sort by open_postings, ascending
    root.setAttribute('data-probe', 'ran');
  });
})();
</script>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.slow
@pytest.mark.skipif(chromium() is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)")
def test_report_renders_in_headless_chromium(tmp_path):
    m = sample_marts()
    page = render_report(m, DAY, {"company": EVIL_COMPANY})
    path = tmp_path / "index.html"
    path.write_text(page.replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    cmd = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={tmp_path / 'profile'}",
           "--enable-logging=stderr", "--v=0", "--dump-dom", path.as_uri()]
    proc = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=90)
    dom = proc.stdout
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'data-probe="ran"' in dom, "probe script did not run"
    assert "data-errors" not in dom, re.search(r'data-errors="([^"]*)"', dom).group(1)
    assert "data-alerts" not in dom  # the <script> in a company name stayed text
    assert 'data-sortable="ready"' in dom
    console = [ln for ln in proc.stderr.splitlines() if "CONSOLE" in ln or "Uncaught" in ln]
    assert not console, console
    # charts rendered: as many SVG marks in the live DOM as the page announces
    for chart, tag in (("supply_demand", "rect"), ("exposure_index", "circle"), ("recomposition", "rect")):
        svg = re.search(rf'<svg[^>]*data-chart="{chart}"[^>]*>(.*?)</svg>', dom, re.DOTALL)
        assert svg, chart
        drawn = len(re.findall(rf'<{tag} class="(?:bar|point)"', svg.group(1)))
        assert drawn == marks(dom, chart) > 0
    # the click sorted the table ascending by open_postings
    table = re.search(r'<table class="sortable" data-table="role_supply_demand">(.*?)</table>', dom, re.DOTALL).group(1)
    assert 'aria-sort="ascending"' in table
    col = [float(v) for v in re.findall(r'<tr>(?:<td[^>]*>[^<]*</td>){3}<td class="num" data-sort="([^"]*)"', table)]
    assert col == sorted(col) and len(col) == m["role_supply_demand"].height
    assert EVIL_COMPANY not in dom
