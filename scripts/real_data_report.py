"""Run the production parsers over real payloads saved by others and print what came out.

    python scripts/real_data_report.py [DIR] [--kind warn] [--kind layoff_trackers] ...

``DIR`` (default ``/work/realdata/sources``) holds one folder per source kind, named as the
kind's ``SourceSpec`` (``warn``, ``layoff_trackers``, ``greenhouse`` …), each with real payloads
(see its MANIFEST). Nothing of it is in the repository.

Every payload goes through the registry's parser for its kind (``SOURCES[kind].parse``, the call
``registry.ingest_snapshot`` makes for each archived entity), wrapped in an ``ArchivedResponse``
as the archive would load it. Per payload the table says: records in (CSV data records, JSON
jobs), rows out, the reasons for every record that gave no row (problems of severity
``skipped``/``duplicate``, grouped), a whole-file error if the parser refused the file, and the
fields that came out null or odd (city null rate among rows whose location holds an address or
a place, the region vocabulary, percentages and pay values out of range).

Layout of DIR:

- ``warn/<state>.csv`` and ``warn/<subdir>/<state>.csv`` — warn-scraper output; key = state.
- ``layoff_trackers/*.csv`` — one tracker export each; key = file stem. A sibling
  ``<stem>.columns.yaml`` (``{field: header}``) is passed as the tracker's ``columns:`` map.
- ``greenhouse|ashby|lever|…/<token>.json`` — one board response each; key = token.
- ``pay_lines.tsv`` — ``label<TAB>text`` lines (label ``pay`` or ``not_pay``) read by the one
  pay-text parser (``pipelines.fields.salary.parse_salary_text``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import re
import sys
from collections import Counter
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's pipelines

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig
from pipelines.errors import ParseError
from pipelines.sources.registry import SOURCES

DEFAULT_DIR = Path("/work/realdata/sources")
FETCHED_AT = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
# a location that holds a city: an address ending in a state code (+ZIP), or "City, ST"
_ADDRESS_LIKE = re.compile(
    r"[A-Za-z][,\s]+[A-Z]{2}\b\.?,?\s*(?:\d{5}(?:-\d{4})?)?\s*$"
    r"|[A-Za-z],\s+(?:[A-Z][a-z]+\s?){1,2}\s+\d{5}\s*$"
)
_JOB_KINDS = ("greenhouse", "ashby", "lever", "smartrecruiters", "workable", "recruitee")


def _response(kind: str, key: str, body: bytes, url: str) -> ArchivedResponse:
    return ArchivedResponse(
        source=kind,
        key=key,
        url=url,
        status=200,
        fetched_at=FETCHED_AT,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
        body=body,
    )


def _csv_data_records(body: bytes) -> int:
    text = body.decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in rows[1:] if r)  # every non-blank line is a record (parsers report empty ones)


def _reasons(problems: list) -> tuple[int, Counter]:
    lost = Counter()
    n = 0
    for p in problems:
        sev = getattr(p, "severity", None)
        if sev in ("skipped", "duplicate"):
            n += 1
            msg = re.sub(r"\d+", "N", p.message.split(":", 1)[-1] if sev == "skipped" else p.message)
            lost[f"{sev}: {msg.strip()[:70]}"] += 1
    return n, lost


def _pct(part: int, whole: int) -> str:
    return "-" if whole == 0 else f"{100.0 * part / whole:.1f}%"


def _cfg(trackers: list[dict] | None = None) -> SourcesConfig:
    return SourcesConfig.model_validate({"contact": "report@example.org", "layoff_trackers": trackers or []})


def _event_notes(frame: pl.DataFrame) -> str:
    notes = []
    if frame.height == 0:
        return ""
    loc = frame["location"].fill_null("")
    has_address = loc.map_elements(lambda s: bool(_ADDRESS_LIKE.search(s)), return_dtype=pl.Boolean)
    placed = frame.filter(has_address)
    notes.append(
        f"city null {_pct(placed['city'].null_count(), placed.height)} of {placed.height} "
        f"with an address; {_pct(frame['city'].null_count(), frame.height)} of all"
    )
    regions = sorted(set(frame["region"].drop_nulls().to_list()))
    shown = ",".join(regions[:6]) + ("…" if len(regions) > 6 else "")
    notes.append(f"region {{{shown}}}" if regions else "region all null")
    for col in ("announced_date", "employees_affected"):
        n = frame[col].null_count()
        if n:
            notes.append(f"{col} null {_pct(n, frame.height)}")
    if "workforce_pct" in frame.columns and frame["workforce_pct"].drop_nulls().len():
        pct = frame["workforce_pct"].drop_nulls()
        notes.append(f"pct {pct.min():g}..{pct.max():g} ({pct.len()} set)")
    return "; ".join(notes)


def report_warn(root: Path, out: list[str]) -> None:
    spec = SOURCES["warn"]
    files = sorted(root.glob("*.csv")) + sorted(root.glob("*/*.csv"))
    out.append("\n## warn (per state file: records in -> rows out)")
    out.append(f"{'file':<18} {'in':>6} {'out':>6} {'lost':>5}  notes / reasons")
    for path in files:
        state = path.stem.upper()
        label = str(path.relative_to(root))
        body = path.read_bytes()
        n_in = _csv_data_records(body)
        cfg = _cfg()
        try:
            frame, problems = spec.parse(
                state.lower(), [_response("warn", state.lower(), body, f"warn-scraper://{state.lower()}")], cfg
            )
        except ParseError as exc:
            out.append(f"{label:<18} {n_in:>6} {0:>6} {n_in:>5}  REJECTED: {str(exc)[:150]}")
            continue
        lost, reasons = _reasons(problems)
        extra = [p.message for p in problems if getattr(p, "severity", None) == "notice"]
        out.append(f"{label:<18} {n_in:>6} {frame.height:>6} {lost:>5}  {_event_notes(frame)}")
        unexplained = n_in - frame.height - lost
        if unexplained:
            out.append(f"{'':<18} !! {unexplained} records neither a row nor a reported reason")
        for reason, n in reasons.most_common(3):
            out.append(f"{'':<18}    {n} x {reason}")
        for note in extra[:2]:
            out.append(f"{'':<18}    {note[:140]}")


def report_trackers(root: Path, out: list[str]) -> None:
    import yaml

    spec = SOURCES["layoff_trackers"]
    out.append("\n## layoff_trackers (per file: records in -> rows out)")
    out.append(f"{'file':<34} {'in':>6} {'out':>6} {'lost':>5}  notes / reasons")
    for path in sorted(root.glob("*.csv")):
        body = path.read_bytes()
        n_in = _csv_data_records(body)
        entry: dict = {"name": path.stem, "url": f"https://example.org/{path.name}"}
        columns = path.with_suffix(".columns.yaml")
        if columns.exists():
            entry["columns"] = yaml.safe_load(columns.read_text())
        try:
            cfg = _cfg([entry])
            frame, problems = spec.parse(path.stem, [_response("layoff_trackers", path.stem, body, entry["url"])], cfg)
        except Exception as exc:  # a config error (columns map) or a refused file
            out.append(f"{path.name:<34} {n_in:>6} {0:>6} {n_in:>5}  REJECTED: {str(exc)[:150]}")
            continue
        lost, reasons = _reasons(problems)
        out.append(f"{path.name:<34} {n_in:>6} {frame.height:>6} {lost:>5}  {_event_notes(frame)}")
        unexplained = n_in - frame.height - lost
        if unexplained:
            out.append(f"{'':<34} !! {unexplained} records neither a row nor a reported reason")
        for reason, n in reasons.most_common(3):
            out.append(f"{'':<34}    {n} x {reason}")
        for p in problems:
            if getattr(p, "severity", None) == "notice":
                out.append(f"{'':<34}    {p.message[:140]}")


def report_jobs(kind: str, root: Path, out: list[str]) -> None:
    import json

    spec = SOURCES.get(kind)
    files = sorted(root.glob("*.json"))
    if spec is None or not files:
        return
    out.append(f"\n## {kind} (per board: jobs in -> rows out)")
    for path in files:
        body = path.read_bytes()
        data = json.loads(body)
        jobs = data.get("jobs") if isinstance(data, dict) else data
        n_in = len(jobs or []) if isinstance(jobs, list) else -1
        try:
            frame, problems = spec.parse(
                path.stem, [_response(kind, path.stem, body, f"https://example.org/{path.name}")], _cfg()
            )
        except ParseError as exc:
            out.append(f"{path.stem:<24} {n_in:>5} {0:>5}  REJECTED: {str(exc)[:120]}")
            continue
        notes = []
        if "salary_min" in frame.columns:
            pay = frame.filter(pl.col("salary_min").is_not_null() | pl.col("salary_max").is_not_null())
            values = sorted(
                {
                    (r["salary_min"], r["salary_max"], r["salary_currency"], r["salary_period"])
                    for r in pay.iter_rows(named=True)
                },
                key=str,
            )
            notes.append(f"pay set {pay.height}/{frame.height}: {values[:4]}")
        if "city" in frame.columns:
            notes.append(f"city null {_pct(frame['city'].null_count(), frame.height)}")
        if "region" in frame.columns:
            notes.append(f"region {sorted(set(frame['region'].drop_nulls().to_list()))[:6]}")
        out.append(f"{path.stem:<24} {n_in:>5} {frame.height:>5}  {'; '.join(notes)}  ({len(problems)} problems)")


def report_pay_lines(path: Path, out: list[str]) -> None:
    from pipelines.fields.salary import parse_salary_text

    if not path.exists():
        return
    rows = [line.split("\t", 1) for line in path.read_text().splitlines() if "\t" in line]
    wrong_pay, missed = [], []
    for label, text in rows:
        got = parse_salary_text(text)
        if label == "not_pay" and got is not None:
            wrong_pay.append((text[:70], got))
        if label == "pay" and got is None:
            missed.append(text[:70])
    n_not = sum(1 for label, _ in rows if label == "not_pay")
    n_pay = len(rows) - n_not
    out.append("\n## pay text (pipelines.fields.salary.parse_salary_text)")
    out.append(f"not-pay lines read as pay: {len(wrong_pay)} of {n_not}; pay lines missed: {len(missed)} of {n_pay}")
    for text, got in wrong_pay:
        out.append(f"   benefit/company money as pay: {text!r} -> {got}")
    for text in missed:
        out.append(f"   missed: {text!r}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR))
    ap.add_argument("--kind", action="append", help="only these kinds (repeatable)")
    args = ap.parse_args(argv)
    root = Path(args.dir)
    kinds = args.kind or ["warn", "layoff_trackers", *_JOB_KINDS, "pay"]
    out = [f"# real-data report over {root}"]
    if "warn" in kinds and (root / "warn").is_dir():
        report_warn(root / "warn", out)
    if "layoff_trackers" in kinds and (root / "layoff_trackers").is_dir():
        report_trackers(root / "layoff_trackers", out)
    for kind in _JOB_KINDS:
        if kind in kinds and (root / kind).is_dir():
            report_jobs(kind, root / kind, out)
    if "pay" in kinds:
        report_pay_lines(root / "pay_lines.tsv", out)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
