"""The report in headless Chromium at 1280 px: what a reader's browser builds from the page.

A screenshot at 1280 px wide, and the live DOM (after scripts ran) checked for: no script error
or alert (hostile text stayed text), no horizontal scrolling, the headline numbers, the evidence
table, and as many points per line as observed weeks. Skips only when Chromium is absent.
"""

from __future__ import annotations

import html
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from pipelines.report import write_report
from support.report_lake import DAY, EVIDENCE_1, EVIDENCE_3, N_WEEKS, build_lake

WIDTH = 1280
PROBE = """<script>
(function () {
  var root = document.documentElement;
  function note(kind, msg) { root.setAttribute('data-' + kind, (root.getAttribute('data-' + kind) || '') + '|' + msg); }
  window.addEventListener('error', function (e) { note('errors', e.message); });
  var ce = console.error; console.error = function () { note('errors', Array.prototype.join.call(arguments, ' ')); ce.apply(console, arguments); };
  window.alert = function (m) { note('alerts', String(m)); };
  window.addEventListener('load', function () {
    var th = document.querySelector('table[data-table="role_supply_demand"] th[data-name="open_postings"]');
    th.click();  // sort by open postings, ascending
    root.setAttribute('data-scroll-width', String(document.documentElement.scrollWidth));
    root.setAttribute('data-inner-width', String(window.innerWidth));
    var lines = document.querySelectorAll('svg.chart g.line');
    var drawn = [];
    lines.forEach(function (g) {
      var svg = g.closest('svg'), box = svg.getBoundingClientRect();
      var inside = Array.prototype.filter.call(g.querySelectorAll('circle.point'), function (c) {
        var r = c.getBoundingClientRect(); return r.width > 0 && r.left >= box.left - 1 && r.right <= box.right + 1; });
      drawn.push(svg.getAttribute('data-chart') + ':' + g.getAttribute('data-series') + '=' + inside.length);
    });
    root.setAttribute('data-drawn', drawn.join(';'));
    root.setAttribute('data-probe', 'ran');
  });
})();
</script>"""


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def browser(page: Path, profile: Path, *args: str) -> subprocess.CompletedProcess:
    cmd = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        "--hide-scrollbars",
        *args,
        page.as_uri(),
    ]
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=120)


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.slow
@pytest.mark.skipif(
    chromium() is None, reason="chromium is not installed (apt-get install -y chromium; .ci/run installs it)"
)
def test_report_in_headless_chromium(tmp_path):
    lake = build_lake(str(tmp_path / "lake"))
    path, _, _ = write_report(lake, DAY, {"data_origin": "sample"})
    path = Path(path)

    shot = tmp_path / "report.png"
    proc = browser(path, tmp_path / "profile-shot", f"--window-size={WIDTH},4000", f"--screenshot={shot}")
    assert proc.returncode == 0 and shot.exists(), proc.stderr[-2000:]
    assert png_size(shot) == (WIDTH, 4000) and shot.stat().st_size > 100_000  # a drawn page, not a blank one

    probed = path.with_name("probed.html")
    probed.write_text(path.read_text(encoding="utf-8").replace("<head>", "<head>" + PROBE, 1), encoding="utf-8")
    proc = browser(
        probed, tmp_path / "profile-dom", f"--window-size={WIDTH},900", "--virtual-time-budget=5000", "--dump-dom"
    )
    dom = proc.stdout
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert 'data-probe="ran"' in dom, "probe script did not run"
    assert "data-errors" not in dom, re.search(r'data-errors="([^"]*)"', dom).group(1)
    assert "data-alerts" not in dom  # no hostile string ran
    assert 'data-sortable="ready"' in dom
    # readable at 1280 px: nothing wider than the window
    scroll = int(re.search(r'data-scroll-width="(\d+)"', dom).group(1))
    inner = int(re.search(r'data-inner-width="(\d+)"', dom).group(1))
    assert inner == WIDTH and scroll <= inner, (scroll, inner)
    # headline numbers as the browser has them
    values = dict(re.findall(r'<li data-headline="(\w+)" data-value="([^"]*)">', dom))
    assert list(values) == ["tightest", "growth", "layoffs", "ai_layoffs", "ai_premium", "junior"]
    assert float(values["tightest"]) == pytest.approx(13 / 3, abs=1e-4) and float(values["growth"]) == 4
    assert float(values["ai_layoffs"]) == 2
    text = re.sub(r"<[^>]+>", "", dom)
    assert "ml_engineer with 4.3 open postings per HN candidate" in html.unescape(text)
    # the evidence table: two events, the verbatim sentences as text
    table = re.search(r'<table data-table="ai_layoffs".*?</table>', dom, re.DOTALL).group(0)
    quotes = [html.unescape(q) for q in re.findall(r"<q>(.*?)</q>", table, re.DOTALL)]
    assert quotes == [EVIDENCE_3, EVIDENCE_1]
    # every line drawn inside its chart with a point per observed week
    drawn = dict(item.split("=") for item in re.search(r'data-drawn="([^"]*)"', dom).group(1).split(";"))
    assert drawn["role_postings:ml_engineer"] == drawn["role_postings:qa_manual"] == str(N_WEEKS)
    for cls in ("ai_builder", "augmented", "substitution_exposed", "low_exposure"):
        assert drawn[f"exposure_index:{cls}"] == str(N_WEEKS)
    assert drawn["junior_share:intern + entry"] == str(N_WEEKS)
    # the click sorted the role table ascending by open postings
    roles = re.search(r'<table class="sortable" data-table="role_supply_demand">(.*?)</table>', dom, re.DOTALL).group(1)
    col = [
        float(v)
        for v in re.findall(r'<tr><td[^>]*>[^<]*</td><td[^>]*>[^<]*</td><td class="num" data-sort="([^"]*)"', roles)
    ]
    assert col == sorted(col) and len(col) == 4
