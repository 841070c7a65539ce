"""``hiring-signals attribute INPUT -o OUTPUT`` through the CLI entry point (pipelines.cli.main)."""

from __future__ import annotations

import csv
import datetime as dt
import json

import polars as pl
import pytest

from pipelines.cli import main

ROWS = [
    {
        "id": "a",
        "headline": "Harbor Pay Lays Off 300 Workers",
        "text": "Harbor Pay will cut 300 customer support jobs, or 12% of its workforce, as AI agents now handle most chats.",
        "published": "2026-11-20T09:30:00Z",
    },
    {
        "id": "b",
        "headline": None,
        "text": "Norvale Paper will close its Ohio mill and lay off 210 workers.",
        "published": None,
    },
    {"id": "c", "headline": '=HYPERLINK("http://x")', "text": "=1+1 Acme is hiring 40 engineers.", "published": None},
]


def _write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def test_jsonl_in_jsonl_out(tmp_path, capsys):
    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_jsonl(src, ROWS)
    assert main(["attribute", str(src), "-o", str(dst)]) == 0
    assert "coded 3 texts" in capsys.readouterr().out
    out = [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines()]
    a, b, c = out
    assert list(a)[:4] == ["id", "headline", "text", "published"]  # input columns first, kept as given
    assert (a["is_layoff"], a["company"], a["employees_affected"], a["workforce_pct"]) == (
        True,
        "Harbor Pay",
        300,
        12.0,
    )
    assert a["ai_attributed"] is True and a["reason"] == "ai" and a["ai_evidence"] in ROWS[0]["text"]
    assert a["roles_mentioned"] == ["customer support"] and a["announced_date"] == "2026-11-20"
    assert (b["is_layoff"], b["company"], b["employees_affected"], b["reason"]) == (
        True,
        "Norvale Paper",
        210,
        "closure",
    )
    assert b["ai_attributed"] is False and b["ai_evidence"] is None and b["roles_mentioned"] is None
    assert c["is_layoff"] is False and c["roles_mentioned"] is None


def test_csv_output_escapes_formulas_and_joins_roles(tmp_path):
    src, dst = tmp_path / "in.csv", tmp_path / "out.csv"
    pl.DataFrame(ROWS).write_csv(src)
    assert main(["attribute", str(src), "-o", str(dst)]) == 0
    with dst.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert rows[0]["roles_mentioned"] == "customer support" and rows[0]["ai_attributed"] == "true"
    assert rows[2]["headline"].startswith("'=") and rows[2]["text"].startswith("'=")  # no spreadsheet formulas


def test_parquet_round_trip_and_given_company_wins(tmp_path):
    src, dst = tmp_path / "in.parquet", tmp_path / "out.parquet"
    pl.DataFrame({"text": ["The company will cut 40 jobs, its filing said."], "company": ["OKTA, INC."]}).write_parquet(
        src
    )
    assert main(["attribute", str(src), "-o", str(dst)]) == 0
    out = pl.read_parquet(dst)
    assert out.columns[:2] == ["text", "company"]
    assert out["company"].to_list() == ["OKTA, INC."] and out["employees_affected"].to_list() == [40]
    assert out.schema["roles_mentioned"] == pl.List(pl.String) and out.schema["announced_date"] == pl.Date
    assert out.schema["effective_date"] == pl.Date


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (lambda d: (d / "in.csv").write_text("headline,body\nx,y\n"), "column 'text' not found in"),
        (lambda d: None, "input file not found"),
        (lambda d: (d / "in.csv").write_bytes(b'text\n"unterminated\n'), "is not a readable CSV file"),
    ],
)
def test_user_errors_exit_2_with_one_line(tmp_path, capsys, setup, message):
    setup(tmp_path)
    code = main(["attribute", str(tmp_path / "in.csv"), "-o", str(tmp_path / "out.csv")])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "in.csv" in err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "out.csv").exists()


def test_missing_column_lists_the_columns_found(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, [{"body": "x", "title": "y"}])
    assert main(["attribute", str(src), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert "available columns: body, title" in capsys.readouterr().err


def test_unknown_extension(tmp_path, capsys):
    src = tmp_path / "in.txt"
    src.write_text("text\n")
    assert main(["attribute", str(src), "-o", str(tmp_path / "o.csv")]) == 2
    assert "unsupported input file extension '.txt'" in capsys.readouterr().err


def test_same_code_as_the_pipeline(tmp_path):
    """The command's output equals extract_announcement, which the news and EDGAR parsers call."""
    from pipelines.layoff_text.extract import extract_announcement

    src, dst = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write_jsonl(src, ROWS[:1])
    main(["attribute", str(src), "-o", str(dst)])
    got = json.loads(dst.read_text().splitlines()[0])
    ann = extract_announcement(ROWS[0]["text"], headline=ROWS[0]["headline"], published=ROWS[0]["published"])
    assert ann.announced_date == dt.date(2026, 11, 20)
    for col in (
        "is_layoff",
        "company",
        "employees_affected",
        "workforce_pct",
        "ai_attributed",
        "ai_mentioned",
        "ai_evidence",
        "reason",
        "roles_mentioned",
    ):
        assert got[col] == getattr(ann, col), col


def test_unwritable_output_is_a_one_line_error(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    _write_jsonl(src, ROWS[:1])
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert main(["attribute", str(src), "-o", str(blocker / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "cannot write" in err and err.count("\n") == 1
