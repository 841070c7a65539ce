"""The report over a ten-week lake, through the entry point the asset uses (write_report)."""

from __future__ import annotations

import csv
import html
import io
import re
import urllib.parse
from pathlib import Path

import polars as pl
import pytest

from pipelines.report import render_report, write_report
from pipelines.report.html import csv_download, csv_text, safe_href
from support import REPO
from support.report_lake import DAY, E1_SHA, EVIDENCE_1, EVIDENCE_3, EVIL_COMPANY, N_WEEKS, WEEKS, build_lake

HEADLINES = ["tightest", "growth", "layoffs", "ai_layoffs", "ai_premium", "junior"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("lake") / "lake"
    lake = build_lake(str(root))
    path, _size, inputs = write_report(lake, DAY, {"data_origin": "sample", "run": "<b>run</b>"})
    return root, Path(path), Path(path).read_text(encoding="utf-8"), inputs


def headline(page: str, key: str) -> tuple[str, str]:
    m = re.search(rf'<li data-headline="{key}" data-value="([^"]*)">(.*?)</li>', page, re.DOTALL)
    assert m, key
    return m.group(1), re.sub(r"<[^>]+>", "", m.group(2))


def line_points(page: str, chart: str) -> dict[str, int]:
    svg = re.search(rf'<svg[^>]*data-chart="{chart}"[^>]*>(.*?)</svg>', page, re.DOTALL).group(1)
    out = {}
    for name, count, body in re.findall(
        r'<g class="line" data-series="([^"]*)" data-points="(\d+)">(.*?)</g>', svg, re.DOTALL
    ):
        assert body.count('<circle class="point"') == int(count)
        out[html.unescape(name)] = int(count)
    return out


def test_headlines_in_question_order_with_numbers_and_trends(built):
    _, _, page, _ = built
    assert re.findall(r'<li data-headline="(\w+)"', page) == HEADLINES
    value, text = headline(page, "tightest")  # ml_engineer: 13 open postings, 3 candidates; 4 weeks earlier 9/3
    assert float(value) == pytest.approx(13 / 3, abs=1e-4)
    assert "ml_engineer with 4.3 open postings per HN candidate (4 weeks earlier: 3.0)" in text
    assert "software_engineer 2.7" in text and "qa_manual" not in text  # qa has 1 candidate: not ranked
    value, text = headline(page, "growth")
    assert float(value) == 4
    assert "growing most ml_engineer +4 open postings (9 → 13, +44%)" in text
    assert "shrinking most qa_manual −4 open postings (7 → 3, −57%)" in text
    assert f"Over 12 weeks: not measurable yet (history starts 2026-W02, {N_WEEKS} observed weeks)" in text
    _, text = headline(page, "layoffs")  # e3 (120) and e4 (80) in the last 4 weeks, e2 + e1 before
    assert "an estimated 200 employees were laid off (the 4 weeks before: 250)" in text
    value, text = headline(page, "ai_layoffs")
    assert float(value) == 2 and "320 employees" in text  # e1 200 + e3 120; e5 is older than 12 weeks
    value, text = headline(page, "ai_premium")  # ML pay 210k vs software 160k, both salaried every week
    assert float(value) == pytest.approx(210 / 160, abs=1e-4) and "+31%" in text
    value, text = headline(page, "junior")  # week 9: no entry posting left; week 5: 2 of 29
    assert float(value) == 0 and "4 weeks earlier 6.9%" in text and "13.8% in the first observed week" in text


def test_trend_lines_have_a_point_per_observed_week(built):
    _, _, page, _ = built
    assert line_points(page, "role_postings") == {"ml_engineer": N_WEEKS, "qa_manual": N_WEEKS}
    assert line_points(page, "tightness") == {"ml_engineer": N_WEEKS, "software_engineer": N_WEEKS}
    assert line_points(page, "exposure_index") == dict.fromkeys(
        ("ai_builder", "augmented", "substitution_exposed", "low_exposure"), N_WEEKS
    )
    assert line_points(page, "junior_share") == {"intern + entry": N_WEEKS, "staff + principal": N_WEEKS}
    assert line_points(page, "ai_premium") == {"AI premium": N_WEEKS}
    # the CSV behind the growth chart holds the weekly values drawn
    uri = re.search(r'data-csv="role_postings" download="role_postings.csv" href="([^"]+)"', page).group(1)
    rows = list(csv.DictReader(io.StringIO(urllib.parse.unquote(html.unescape(uri).split(",", 1)[1]))))
    ml = [float(r["open_postings"]) for r in rows if r["role"] == "ml_engineer"]
    assert ml == [4.0 + i for i in range(N_WEEKS)]


def test_ai_attributed_layoffs_show_verbatim_evidence_and_safe_links(built):
    _, path, page, _ = built
    table = re.search(r'<table data-table="ai_layoffs".*?</table>', page, re.DOTALL).group(0)
    rows = re.findall(r'<tr data-event="(\w+)">(.*?)</tr>', table, re.DOTALL)
    assert [eid for eid, _ in rows] == ["e3", "e1"]  # newest first; e5 (2025) is outside the period
    e3, e1 = rows[0][1], rows[1][1]
    assert f"<q>{html.escape(EVIDENCE_3)}</q>" in e3 and html.escape(EVIL_COMPANY) in e3
    assert "javascript:" not in page and EVIL_COMPANY not in page  # the javascript: URL stayed text
    assert f"<q>{html.escape(EVIDENCE_1)}</q>" in e1 and ">200<" in e1
    assert 'href="https://news.example.org/acme-cuts" rel="noopener noreferrer nofollow"' in e1
    archived = re.search(r'<a href="([^"]+)" data-archived="1">', e1).group(1)
    assert archived.endswith(f"/bodies/{E1_SHA}.json")
    assert (path.parent / archived).resolve().read_bytes().startswith(b'{"article"')


def test_freshness_companies_banner_and_escaping(built):
    _, _, page, inputs = built
    assert 'data-banner="sample"' in page
    assert '<tr data-source="greenhouse" data-status="failed">' in page
    assert "gone: HTTP 404 &lt;b&gt;Not Found&lt;/b&gt;" in page
    assert '<tr data-source="news" data-status="stale">' in page  # a week-old snapshot
    assert inputs.freshness.filter(pl.col("source") == "greenhouse")["keys_ok"].item() == 1
    assert "<b>run</b>" not in page and "&lt;b&gt;run&lt;/b&gt;" in page
    assert 'data-chart="recomposition"' in page and 'data-table="company_recomposition"' in page
    assert page.count("<script>") == 1 and not re.search(r"<(link|img|iframe|object|embed)\b", page)
    assert "Content-Security-Policy" in page and " src=" not in page.replace(" src=x", "")


def test_methodology_links_point_at_existing_anchors(built):
    _, path, page, _ = built
    hrefs = set(re.findall(r'class="how" href="([^"#]+)#([\w-]+)"', page))
    docs = (REPO / "docs" / "methodology.md").read_text(encoding="utf-8")
    anchors = set(re.findall(r'<a id="([\w-]+)"></a>', docs))
    assert {a for _, a in hrefs} <= anchors and len(hrefs) >= 8
    (target,) = {h for h, _ in hrefs}
    assert (path.parent / target).resolve() == REPO / "docs" / "methodology.md"


def test_missing_marts_and_no_history_render_notes():
    page = render_report({}, DAY, None)
    assert "data-banner" not in page and "No role has at least 3 HN candidates" in page
    assert "Over 4 weeks: not measurable yet (no history)" in page
    assert page.count('data-marks="0"') >= 6 and 'data-empty="ai_layoffs"' in page and 'data-empty="freshness"' in page


def test_csv_cells_cannot_run_as_formulas():
    frame = pl.DataFrame({"company": ['=HYPERLINK("http://x")', "-2+3", "@SUM(A1)", "Plain"], "n": [-5, 1, 2, 3]})
    text = csv_text(frame)
    assert list(csv.reader(io.StringIO(text))) == [
        ["company", "n"],
        ['\'=HYPERLINK("http://x")', "-5"],
        ["'-2+3", "1"],
        ["'@SUM(A1)", "2"],
        ["Plain", "3"],
    ]
    link = csv_download("x", frame)
    assert link.startswith('<a class="csv" data-csv="x" download="x.csv" href="data:text/csv;charset=utf-8,')
    assert "<" not in link[1:-4].replace("</a", "")  # nothing in the URI can close the attribute
    assert safe_href("javascript:alert(1)") is None and safe_href("HTTPS://a.example/x") == "HTTPS://a.example/x"
    assert safe_href("//a.example") is None and safe_href(None) is None


def test_weekly_history_reads_every_week(built):
    _, _, _, inputs = built
    assert sorted(inputs.history["dt"].unique().to_list()) == WEEKS
