"""File-level entry point: ``hiring-signals attribute INPUT -o OUTPUT`` (pure: no Dagster).

Reads CSV, JSONL (``.jsonl``/``.ndjson``) or Parquet (by extension) with a ``text`` column and
optional ``headline``, ``company`` and ``published`` columns, runs
:func:`pipelines.layoff_text.extract.extract_announcements` (the code the news and EDGAR parsers
run) and writes the input columns plus :data:`OUTPUT_COLUMNS`. An input column with the same
name as an output column (``company``) keeps its place and is used as the given company: the
output ``company`` is the given one when present, else the extracted one.

CSV output: ``roles_mentioned`` is joined with ``"; "`` and every text cell passes through
:func:`pipelines.safety.csv_safe_frame` (a cell starting with ``=``, ``+``, ``-``, ``@`` is
prefixed with ``'`` so spreadsheets do not run it). JSONL/Parquet keep the list.

User errors (missing file, unknown extension, unreadable file, no ``text`` column, an output that
cannot be written) raise
:class:`AttributeCommandError` with a one-line message naming the file (and the columns found).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

__all__ = ["INPUT_COLUMNS", "OUTPUT_COLUMNS", "AttributeCommandError", "attribute_command"]

_KINDS = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet", ".pq": "parquet"}
INPUT_COLUMNS = ("text", "headline", "company", "published")
OUTPUT_COLUMNS: dict[str, pl.DataType] = {
    "is_layoff": pl.Boolean(),
    "company": pl.String(),
    "employees_affected": pl.Int64(),
    "workforce_pct": pl.Float64(),
    "announced_date": pl.Date(),
    "effective_date": pl.Date(),
    "ai_attributed": pl.Boolean(),
    "ai_mentioned": pl.Boolean(),
    "ai_evidence": pl.String(),
    "reason": pl.String(),
    "roles_mentioned": pl.List(pl.String()),
}


class AttributeCommandError(ValueError):
    """A user error (bad path, extension, file or column) with a message fit for the console."""


def _kind(path: Path, role: str) -> str:
    kind = _KINDS.get(path.suffix.lower())
    if kind is None:
        raise AttributeCommandError(
            f"unsupported {role} file extension {path.suffix or '(none)'!r} for {str(path)!r}; "
            f"use one of: {', '.join(sorted(_KINDS))}"
        )
    return kind


def _read(src: Path, kind: str) -> pl.DataFrame:
    if not src.is_file():
        raise AttributeCommandError(f"input file not found: {str(src)!r}")
    try:
        if kind == "csv":
            return pl.read_csv(src, infer_schema_length=0)  # every column as text: nothing is guessed
        if kind == "jsonl":
            return pl.read_ndjson(src, infer_schema_length=None)
        return pl.read_parquet(src)
    except (pl.exceptions.PolarsError, OSError, ValueError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise AttributeCommandError(f"{str(src)!r} is not a readable {kind.upper()} file: {first}") from None


def _text_column(frame: pl.DataFrame, name: str, src: Path) -> list[str | None]:
    if name not in frame.columns:
        return [None] * frame.height
    col = frame[name]
    if col.dtype != pl.String:
        try:
            col = col.cast(pl.String)
        except pl.exceptions.PolarsError:
            raise AttributeCommandError(f"column {name!r} of {str(src)!r} is not text ({col.dtype})") from None
    return col.to_list()


def attribute_command(input_path: str, output_path: str) -> int:
    """Read ``input_path``, extract, write ``output_path``; return the number of rows."""
    from pipelines.layoff_text.extract import extract_announcements

    src, dst = Path(input_path), Path(output_path)
    in_kind, out_kind = _kind(src, "input"), _kind(dst, "output")
    frame = _read(src, in_kind)
    if "text" not in frame.columns:
        raise AttributeCommandError(
            f"column 'text' not found in {str(src)!r}; available columns: {', '.join(frame.columns) or '(none)'}"
        )
    cols = {c: _text_column(frame, c, src) for c in INPUT_COLUMNS}
    rows = [{c: cols[c][i] for c in INPUT_COLUMNS} for i in range(frame.height)]
    anns = extract_announcements(rows)
    out = pl.DataFrame(
        {c: [getattr(a, c) for a in anns] for c in OUTPUT_COLUMNS},
        schema=OUTPUT_COLUMNS,
    )
    shared = [c for c in OUTPUT_COLUMNS if c in frame.columns]  # e.g. a given "company": same place, filled
    result = frame.with_columns([out[c] for c in shared]).hstack(out.drop(shared))
    try:
        _write(result, dst, out_kind)
    except OSError as exc:
        raise AttributeCommandError(f"cannot write {str(dst)!r}: {exc.strerror or exc}") from None
    return result.height


def _write(result: pl.DataFrame, dst: Path, out_kind: str) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    if out_kind == "csv":
        from pipelines.safety import csv_safe_frame

        flat = result.with_columns(
            [pl.col(c).list.join("; ") for c, t in result.schema.items() if isinstance(t, pl.List)]
        )
        flat = flat.with_columns([pl.col(c).cast(pl.String) for c, t in flat.schema.items() if t == pl.Date])
        csv_safe_frame(flat).write_csv(tmp)
    elif out_kind == "jsonl":
        result.write_ndjson(tmp)
    else:
        result.write_parquet(tmp, compression="zstd")
    tmp.replace(dst)
