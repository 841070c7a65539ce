"""File-level entry point: ``hiring-signals tag-titles INPUT [--column title] -o OUTPUT``."""

from __future__ import annotations

import json
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


def csv_cells(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` as spreadsheet-safe CSV cells (issue 14 item 6): every text cell and every
    header that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) gets a leading
    ``'``, whatever the column's type: Categorical / Enum columns become text first, nested
    columns (lists, structs) their JSON text; numbers, booleans and dates stay as they are."""
    from pipelines.safety import FORMULA_PREFIXES, csv_safe, csv_safe_frame

    casts = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, (pl.Categorical, pl.Enum)):
            casts.append(pl.col(name).cast(pl.String))
        elif isinstance(dtype, (pl.List, pl.Array, pl.Struct, pl.Object)):
            casts.append(
                pl.col(name).map_elements(lambda v: json.dumps(_plain(v), default=str), return_dtype=pl.String)
            )
        elif dtype == pl.Binary:
            casts.append(pl.col(name).bin.encode("hex"))
    out = csv_safe_frame(frame.with_columns(casts) if casts else frame)
    renames = {c: csv_safe(c) for c in out.columns if c.startswith(FORMULA_PREFIXES)}
    return out.rename(renames) if renames else out


def _plain(value):
    if isinstance(value, pl.Series):
        return value.to_list()
    return value


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
    assert isinstance(tagged, pl.DataFrame)  # a DataFrame in, a DataFrame out
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".tmp")
    if out_kind == "csv":
        csv_cells(tagged).write_csv(tmp)
    else:
        tagged.write_parquet(tmp, compression="zstd")
    tmp.replace(dst)
    return tagged.height
