"""tag_titles_command: CSV/Parquet round trips and error messages."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.schemas import TAG_COLUMNS
from pipelines.taxonomy.cli import TagTitlesError, tag_titles_command

ROWS = {"id": [1, 2, 3], "job_title": ["Senior SRE", "Content Writer", None]}


@pytest.mark.parametrize(
    ("src_ext", "dst_ext"),
    [("csv", "parquet"), ("parquet", "csv"), ("csv", "csv"), ("parquet", "parquet")],
)
def test_round_trip(tmp_path, src_ext, dst_ext):
    src, dst = tmp_path / f"in.{src_ext}", tmp_path / "out" / f"tagged.{dst_ext}"
    frame = pl.DataFrame(ROWS)
    frame.write_csv(src) if src_ext == "csv" else frame.write_parquet(src)
    assert tag_titles_command(str(src), str(dst), column="job_title") == 3
    out = pl.read_csv(dst) if dst_ext == "csv" else pl.read_parquet(dst)
    assert out.columns == ["id", "job_title", *TAG_COLUMNS]
    assert out["role"].to_list() == [
        "site_reliability_engineer",
        "content_writer",
        "unknown",
    ]
    assert out["seniority"].to_list() == ["senior", "mid", None]
    assert out["exposure_class"].to_list() == [
        "augmented",
        "substitution_exposed",
        None,
    ]
    if dst_ext == "parquet":
        for name, dtype in TAG_COLUMNS.items():
            assert out.schema[name] == dtype
    assert not list(dst.parent.glob("*.tmp"))


def test_missing_column_lists_available(tmp_path):
    src = tmp_path / "in.csv"
    pl.DataFrame(ROWS).write_csv(src)
    with pytest.raises(
        TagTitlesError,
        match=r"column 'title' not found in .*in\.csv.*available columns: id, job_title",
    ):
        tag_titles_command(str(src), str(tmp_path / "o.csv"))


@pytest.mark.parametrize(
    ("src", "dst", "message"),
    [
        ("in.xlsx", "out.csv", "unsupported input file extension '.xlsx'"),
        ("in.csv", "out.json", "unsupported output file extension '.json'"),
        ("in", "out.csv", "unsupported input file extension '\\(none\\)'"),
    ],
)
def test_unknown_extension(tmp_path, src, dst, message):
    with pytest.raises(TagTitlesError, match=message):
        tag_titles_command(str(tmp_path / src), str(tmp_path / dst))


def test_missing_input(tmp_path):
    with pytest.raises(TagTitlesError, match="input file not found"):
        tag_titles_command(str(tmp_path / "nope.csv"), str(tmp_path / "o.csv"))


def _raw_csv_cells(path) -> list[list[str]]:
    import csv

    with open(path, newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def test_csv_output_escapes_formula_cells_and_headers_of_every_type(tmp_path):
    """Issue 14 item 6: a cell or header that starts with = + - @ tab or CR is written with a
    leading apostrophe, whatever the input column's type (Categorical and Enum too); numbers
    stay numbers and Parquet output stays byte-exact."""
    src, dst = tmp_path / "in.parquet", tmp_path / "out.csv"
    pl.DataFrame(
        {
            "title": pl.Series(['=HYPERLINK("http://x","y")', "Data Engineer", "@SUM(A1)"]).cast(pl.Categorical),
            "team": pl.Series(["+cmd", "\tTab", "\rcr"]).cast(pl.Enum(["+cmd", "\tTab", "\rcr"])),
            "-header": ["-1+2", "plain", "x"],
            "n": [-5, 0, 7],
        }
    ).write_parquet(src)
    assert tag_titles_command(str(src), str(dst)) == 3
    rows = _raw_csv_cells(dst)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["title", "team", "'-header", "n"]
    assert [r[0] for r in body] == ['\'=HYPERLINK("http://x","y")', "Data Engineer", "'@SUM(A1)"]
    assert [r[1] for r in body] == ["'+cmd", "'\tTab", "'\rcr"]
    assert [r[2] for r in body] == ["'-1+2", "plain", "x"]
    assert [r[3] for r in body] == ["-5", "0", "7"]
    # every cell of the written file, tag columns included, is safe
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), cell
    # the same input to Parquet keeps the values as they were
    pq = tmp_path / "out.parquet"
    tag_titles_command(str(src), str(pq))
    assert pl.read_parquet(pq)["-header"].to_list() == ["-1+2", "plain", "x"]


def test_csv_output_of_nested_columns_is_text(tmp_path):
    src, dst = tmp_path / "in.parquet", tmp_path / "out.csv"
    pl.DataFrame({"title": ["Paralegal"], "tags": [["=evil", "b"]]}).write_parquet(src)
    tag_titles_command(str(src), str(dst))
    row = _raw_csv_cells(dst)[1]
    assert row[1] == '["=evil", "b"]'
