"""Issue 14, items 8 and 11: one bad record never drops its board or tracker, and implausible
values are nulled and counted (replayed through the job, archives written by the archive's
own writer)."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl

from pipelines import plausibility
from pipelines.archive import Archive, ArchivedResponse
from pipelines.lake import Lake
from support import SAMPLES, check_metadata, materialize

DAY = "2026-11-24"
GH = SAMPLES / "greenhouse" / f"dt={DAY}"


def _archive(root, source, items: dict[str, tuple[str, bytes]]) -> None:
    archive = Archive(Lake(str(root)))
    rows = []
    for i, (key, (ctype, body)) in enumerate(sorted(items.items())):
        sha, rel = archive.store_body(source, DAY, body, ctype)
        rows.append(
            ArchivedResponse(
                source=source,
                key=key,
                url=f"https://x.example.org/{key}",
                status=200,
                fetched_at=dt.datetime(2026, 11, 24, 6, 0, i, tzinfo=dt.UTC),
                sha256=sha,
                size=len(body),
                content_type=ctype,
                body_path=rel,
                data_origin="live",
            )
        )
    archive.write_manifest(source, DAY, rows)


def test_bad_records_keep_their_board_and_implausible_values_are_nulled(tmp_path, instance):
    # before: a year-9999 timestamp with an offset raised OverflowError and a lone surrogate in a
    # title raised UnicodeEncodeError: the whole board (17 postings) was lost; posted_at
    # 9999-12-31 landed in the table as is
    board = json.loads((GH / "asana.json").read_text())
    jobs = board["jobs"]
    jobs[0]["updated_at"] = "9999-12-31T23:59:59-05:00"  # overflows when shifted to UTC
    jobs[1]["first_published"] = "0001-01-01T00:00:00+05:00"  # underflows when shifted to UTC
    jobs[2]["first_published"] = "9999-12-31T00:00:00+00:00"  # representable, implausible
    jobs[3]["title"] = "Staff Engineer \ud800 Platform"
    body = json.dumps(board).encode()  # json.dumps writes the lone surrogate as the escape \ud800
    assert b"\\ud800" in body
    _archive(
        tmp_path / "lake",
        "greenhouse",
        {"asana": ("application/json", body), "discord": ("application/json", (GH / "discord.json").read_bytes())},
    )
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "contact: t@example.org\njob_boards:\n  - {ats: greenhouse, token: asana}\n"
        "  - {ats: greenhouse, token: discord}\n"
    )
    result = materialize(
        tmp_path / "lake", sources, "replay", DAY, instance, selection=["raw/greenhouse", "clean/job_postings"]
    )
    postings = Lake(str(tmp_path / "lake")).read_partition("clean", "job_postings", DAY)
    asana = postings.filter(pl.col("board") == "asana")
    assert asana.height == 17 and postings.filter(pl.col("board") == "discord").height == 15
    ids = {str(j["id"]): j for j in jobs[:4]}
    by_id = {
        pid.rsplit(":", 1)[-1]: row for pid, row in zip(asana["posting_id"], asana.iter_rows(named=True), strict=True)
    }
    for job in jobs[:3]:  # the unreadable or implausible stamp is null (posted_at may fall back to updated_at)
        row = by_id[str(job["id"])]
        assert all(v is None or 1980 <= v.year < 2100 for v in (row["posted_at"], row["updated_at"])), row
    assert by_id[str(jobs[3]["id"])]["title"] == "Staff Engineer \ufffd Platform"
    assert set(ids) <= set(by_id)
    assert all(d is None or dt.date(1980, 1, 1) <= d.date() < dt.date(2100, 1, 1) for d in postings["posted_at"])
    assert check_metadata(result, "clean/job_postings:non_empty_where_source_answered")["failed_keys"] == {}


def test_implausible_tracker_counts_are_nulled_and_the_tracker_lands(tmp_path, instance):
    # before: a 20-digit head count made the tracker's frame fail (Int128 TypeError): every record lost
    csv = (
        "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
        "Acme Robotics,Austin,120,11/1/2026,,Hardware,https://example.org/a,Unknown,,United States,11/2/2026\n"
        "Globex,Austin,12345678901234567890,11/2/2026,,Hardware,https://example.org/b,Unknown,,United States,11/3/2026\n"
        "Initech,Austin,2000000000000,11/3/2026,,Finance,https://example.org/c,Unknown,,United States,11/4/2026\n"
        "Umbrella,Austin,40,11/4/2026,250,Health,https://example.org/d,Unknown,,United States,11/5/2026\n"
    )
    _archive(tmp_path / "lake", "layoff_trackers", {"mirror": ("text/csv", csv.encode())})
    sources = tmp_path / "sources.yaml"
    sources.write_text(
        "contact: t@example.org\nlayoff_trackers:\n  - {name: mirror, url: 'https://x.example.org/mirror'}\n"
    )
    materialize(
        tmp_path / "lake",
        sources,
        "replay",
        DAY,
        instance,
        selection=["raw/layoff_trackers", "clean/layoff_events"],
        expect_success=False,
    )
    events = Lake(str(tmp_path / "lake")).read_partition("clean", "layoff_events", DAY)
    counts = dict(zip(events["company"], events["employees_affected"], strict=True))
    assert counts["Acme Robotics"] == 120 and counts["Umbrella"] == 40
    assert counts["Globex"] is None and counts["Initech"] is None
    pct = dict(zip(events["company"], events["workforce_pct"], strict=True))
    assert pct["Umbrella"] is None  # 250 % is not a share of a workforce


def test_apply_nulls_out_of_bound_values_and_counts_them():
    frame = pl.DataFrame(
        {
            "salary_min": [-250_000.0, float("inf"), 120_000.0, None],
            "employees_affected": [2_000_000_000_000, 10, -1, None],
            "posted_at": [
                dt.datetime(9999, 12, 31, tzinfo=dt.UTC),
                dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
                dt.datetime(1, 1, 1, tzinfo=dt.UTC),
                None,
            ],
            "ratio": [float("nan"), 0.5, 1.0, None],
            "title": ["a", "b", "c", None],
        }
    )
    out, counts = plausibility.apply(frame)
    assert counts == {"salary_min": 2, "employees_affected": 2, "posted_at": 2, "ratio": 1}
    assert out["salary_min"].to_list() == [None, None, 120_000.0, None]
    assert out["employees_affected"].to_list() == [None, 10, None, None]
    assert out["title"].to_list() == ["a", "b", "c", None]
    assert plausibility.scrub_surrogates(b'{"t": "a\\ud800b \\ud83d\\ude00"}') == (
        b'{"t": "a\\ufffdb \\ud83d\\ude00"}',
        1,
    )
