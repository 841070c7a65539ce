"""Create the DuckDB views of ``bi/views.sql`` over a lake.

    python bi/load.py --lake /path/to/data_lake --db hiring_signals.duckdb   # a file BI tools open
    python bi/load.py --lake ./data_lake -c "SELECT * FROM role_supply_demand_latest LIMIT 5"

From Python: ``load_views(duckdb.connect(), lake)`` returns ``{view: "ok" | reason skipped}``.
``${LAKE}`` in the SQL is replaced by the lake root (absolute path for local lakes, so a saved
database file keeps working from another directory; URLs such as ``s3://`` are kept as given).
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

VIEWS_SQL = Path(__file__).with_name("views.sql")
_NAME = re.compile(r"CREATE\s+OR\s+REPLACE\s+VIEW\s+(\w+)", re.IGNORECASE)


def lake_root(lake: str) -> str:
    if "://" in lake:
        return lake.rstrip("/")
    return Path(lake).expanduser().resolve().as_posix()


def views_sql(lake: str, sql: str | None = None) -> str:
    """The SQL with ``${LAKE}`` substituted (single quotes doubled for the SQL string literal)."""
    text = VIEWS_SQL.read_text(encoding="utf-8") if sql is None else sql
    return text.replace("${LAKE}", lake_root(lake).replace("'", "''"))


def statements(sql: str) -> list[str]:
    """Split on ``;`` at line ends (the file has no ``;`` inside literals); comments dropped."""
    lines = [ln for ln in sql.splitlines() if not ln.lstrip().startswith("--")]
    return [s.strip() for s in re.split(r";\s*(?:\n|$)", "\n".join(lines)) if s.strip()]


def load_views(con, lake: str) -> dict[str, str]:
    """Run every statement on ``con``; a view whose files (or base view) are missing is skipped."""
    import duckdb

    out: dict[str, str] = {}
    for stmt in statements(views_sql(lake)):
        m = _NAME.search(stmt)
        name = m.group(1) if m else stmt[:40]
        try:
            con.execute(stmt)
            out[name] = "ok"
        except (duckdb.IOException, duckdb.CatalogException, duckdb.BinderException, duckdb.InvalidInputException) as exc:
            out[name] = f"skipped: {str(exc).splitlines()[0]}"
    return out


def main(argv: list[str] | None = None) -> int:
    import duckdb

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lake", default=os.environ.get("HIRING_SIGNALS_LAKE", "./data_lake"))
    ap.add_argument("--db", default=":memory:", help="DuckDB database file to create the views in")
    ap.add_argument("-c", "--command", help="a query to run after loading (printed)")
    args = ap.parse_args(argv)
    con = duckdb.connect(args.db)
    for name, status in load_views(con, args.lake).items():
        print(f"{name:36} {status}", file=sys.stderr)
    if args.command:
        print(con.sql(args.command))
    con.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
