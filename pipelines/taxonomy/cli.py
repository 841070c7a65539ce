"""File-level entry point: ``hiring-signals tag-titles INPUT [--column title] -o OUTPUT``."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from . import tag_titles

_READERS = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet"}


class TagTitlesError(ValueError):
    """A user error (bad path, extension or column) with a message fit for the console."""


def _kind(path: Path, role: str) -> str:
    kind = _READERS.get(path.suffix.lower())
    if kind is None:
        raise TagTitlesError(
            f"unsupported {role} file extension {path.suffix or '(none)'!r} for {str(path)!r}; "
            f"use one of: {', '.join(sorted(_READERS))}"
        )
    return kind


def tag_titles_command(input_path: str, output_path: str, column: str = "title") -> int:
    """Read CSV/Parquet (by extension), tag ``column``, write CSV/Parquet; return the row count."""
    src, dst = Path(input_path), Path(output_path)
    in_kind, out_kind = _kind(src, "input"), _kind(dst, "output")
    if not src.is_file():
        raise TagTitlesError(f"input file not found: {str(src)!r}")
    try:
        if in_kind == "csv":
            frame = pl.read_csv(src, infer_schema_length=10000)
        else:
            frame = pl.read_parquet(src)
    except (pl.exceptions.PolarsError, OSError) as exc:
        first = str(exc).strip().splitlines()[0]
        raise TagTitlesError(f"{str(src)!r} is not a readable {in_kind.upper()} file: {first}") from None
    if column not in frame.columns:
        raise TagTitlesError(
            f"column {column!r} not found in {str(src)!r}; available columns: {', '.join(frame.columns)}"
        )
    tagged = tag_titles(frame, column)
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    if out_kind == "csv":
        from pipelines.safety import csv_safe_frame  # no spreadsheet formula injection

        csv_safe_frame(tagged).write_csv(tmp)
    else:
        tagged.write_parquet(tmp, compression="zstd")
    tmp.replace(dst)
    return tagged.height
