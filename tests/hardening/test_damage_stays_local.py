"""Issue 14, items 1, 4 and 7: a board that answers garbage, a damaged archive file or a damaged
previous partition fails only its own key (or falls back), named; nothing else is lost or
rewritten. Archives are written here with the archive's own writer (three days of greenhouse
boards), then the graph is replayed through ``materialize`` as production runs it."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import polars as pl

from pipelines.archive import Archive, ArchivedResponse
from pipelines.lake import Lake
from support import SAMPLES, check_metadata, checks, materialize

GH = SAMPLES / "greenhouse" / "dt=2026-11-24"
BOARDS = ["asana", "discord", "dropbox"]
SLICE = ["raw/greenhouse", "clean/job_postings", "clean/posting_lifecycle"]
D1, D2, D3 = "2026-11-02", "2026-11-03", "2026-11-04"
PORTAL = b"<html><body>Please sign in to the guest Wi-Fi to continue.</body></html>"


def sources(tmp_path: Path, boards=BOARDS) -> Path:
    path = tmp_path / "sources.yaml"
    path.write_text(
        "contact: hardening@example.org\njob_boards:\n"
        + "".join(f"  - {{ats: greenhouse, token: {b}}}\n" for b in boards)
    )
    return path


def archive_day(root: Path, day: str, replies: dict[str, tuple[int, str, bytes]]) -> Archive:
    """One live fetch of each board on ``day`` as the fetcher archives it."""
    archive = Archive(Lake(str(root)))
    rows = []
    for i, (token, (status, ctype, body)) in enumerate(sorted(replies.items())):
        sha, rel = archive.store_body("greenhouse", day, body, ctype)
        rows.append(
            ArchivedResponse(
                source="greenhouse",
                key=token,
                url=f"https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true",
                status=status,
                fetched_at=dt.datetime.fromisoformat(f"{day}T06:00:{i:02d}+00:00"),
                sha256=sha,
                size=len(body),
                content_type=ctype,
                body_path=rel,
                data_origin="live",
            )
        )
    archive.write_manifest("greenhouse", day, rows)
    return archive


def board_json(token: str) -> bytes:
    return (GH / f"{token}.json").read_bytes()


def healthy() -> dict[str, tuple[int, str, bytes]]:
    return {b: (200, "application/json", board_json(b)) for b in BOARDS}


def run(root, srcs, day, instance):
    return materialize(root, srcs, "replay", day, instance, selection=SLICE, expect_success=False)


def test_a_captive_portal_day_closes_nothing_and_first_seen_survives(tmp_path, instance):
    # before: the portal counted as an answer (fetch ok), its 17 postings were closed on D2, and
    # on D3 their first_seen restarted at D3 (first_seen came only from D2's partition)
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive_day(root, D1, healthy())
    archive_day(root, D2, {**healthy(), "asana": (200, "text/html", PORTAL)})
    archive_day(root, D3, healthy())
    lake = Lake(str(root))
    for day in (D1, D2, D3):
        run(root, srcs, day, instance)
    life2 = lake.read_partition("clean", "posting_lifecycle", D2)
    asana2 = life2.filter(pl.col("board") == "asana")
    assert asana2.height == 17 and set(asana2["status"]) == {"open"}, asana2.group_by("status").len()
    post3 = lake.read_partition("clean", "job_postings", D3).filter(pl.col("board") == "asana")
    assert post3.height == 17
    assert set(post3["first_seen"]) == {dt.date.fromisoformat(D1)}
    assert set(post3["days_open"]) == {2}
    life3 = lake.read_partition("clean", "posting_lifecycle", D3).filter(pl.col("board") == "asana")
    assert set(life3["first_seen"]) == {dt.date.fromisoformat(D1)} and set(life3["status"]) == {"open"}


def test_an_empty_board_that_parses_still_closes_its_postings(tmp_path, instance):
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive_day(root, D1, healthy())
    archive_day(root, D2, {**healthy(), "asana": (200, "application/json", b'{"jobs": [], "meta": {"total": 0}}')})
    for day in (D1, D2):
        run(root, srcs, day, instance)
    life = Lake(str(root)).read_partition("clean", "posting_lifecycle", D2).filter(pl.col("board") == "asana")
    assert life.height == 17 and set(life["status"]) == {"closed"}
    assert set(life["closed_on"]) == {dt.date.fromisoformat(D2)}


def test_a_deleted_body_fails_only_its_board_and_is_named(tmp_path, instance):
    # before: FileNotFoundError stopped clean/job_postings for every source, and everything after it
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive = archive_day(root, D1, healthy())
    row = archive.manifest("greenhouse", D1).filter(pl.col("key") == "discord").row(0, named=True)
    body = root / "raw" / "greenhouse" / f"dt={D1}" / row["body_path"]
    body.unlink()
    result = run(root, srcs, D1, instance)
    postings = Lake(str(root)).read_partition("clean", "job_postings", D1)
    assert sorted(postings["board"].unique()) == ["asana", "dropbox"] and postings.height == 17 + 25
    failed = check_metadata(result, "clean/job_postings:non_empty_where_source_answered")["failed_keys"]
    assert list(failed) == ["greenhouse:discord"]
    assert "archived body missing" in failed["greenhouse:discord"] and row["body_path"] in failed["greenhouse:discord"]
    assert Lake(str(root)).has_partition("clean", "posting_lifecycle", D1)


def test_a_flipped_bit_in_a_body_is_caught_by_its_sha256(tmp_path, instance):
    # before: the altered (still valid JSON) title landed in the clean table citing the original digest
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive = archive_day(root, D1, healthy())
    row = archive.manifest("greenhouse", D1).filter(pl.col("key") == "asana").row(0, named=True)
    body = root / "raw" / "greenhouse" / f"dt={D1}" / row["body_path"]
    data = bytearray(body.read_bytes())
    first_title = json.loads(bytes(data))["jobs"][0]["title"]
    pos = bytes(data).index(first_title.encode())
    data[pos] ^= 0x01  # one bit: still valid JSON, another title
    body.write_bytes(bytes(data))
    result = run(root, srcs, D1, instance)
    postings = Lake(str(root)).read_partition("clean", "job_postings", D1)
    assert "asana" not in set(postings["board"]) and postings.height == 15 + 25
    failed = check_metadata(result, "clean/job_postings:non_empty_where_source_answered")["failed_keys"]
    assert "archived body is corrupt" in failed["greenhouse:asana"]


def test_a_junk_or_empty_manifest_file_is_named_and_the_rest_lands(tmp_path, instance):
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive_day(root, D1, healthy())
    folder = root / "raw" / "greenhouse" / f"dt={D1}"
    (folder / "manifest-235959-deadbeef.parquet").write_bytes(b"not parquet at all")
    (folder / "manifest-235959-00000000.parquet").write_bytes(b"")
    result = run(root, srcs, D1, instance)
    postings = Lake(str(root)).read_partition("clean", "job_postings", D1)
    assert postings.height == 17 + 15 + 25
    failed = check_metadata(result, "clean/job_postings:non_empty_where_source_answered")["failed_keys"]
    assert sorted(failed) == [
        f"greenhouse:manifest dt={D1}/manifest-235959-00000000.parquet",
        f"greenhouse:manifest dt={D1}/manifest-235959-deadbeef.parquet",
    ]
    assert all("unreadable" in why for why in failed.values())


def test_a_truncated_previous_partition_falls_back_and_is_named(tmp_path, instance):
    # before: the next day's job_postings failed on an unnamed Parquet error ("out of specification")
    root, srcs = tmp_path / "lake", sources(tmp_path)
    archive_day(root, D1, healthy())
    archive_day(root, D2, healthy())
    archive_day(root, D3, healthy())
    for day in (D1, D2):
        run(root, srcs, day, instance)
    part = root / "clean" / "job_postings" / f"dt={D2}" / "part-0.parquet"
    part.write_bytes(part.read_bytes()[:200])
    result = run(root, srcs, D3, instance)
    assert result.success
    lake = Lake(str(root))
    post3 = lake.read_partition("clean", "job_postings", D3)
    assert post3.height == 57 and set(post3["first_seen"]) == {dt.date.fromisoformat(D1)}
    mat = next(
        e for e in result.get_asset_materialization_events() if e.asset_key.to_user_string() == "clean/job_postings"
    )
    md = mat.event_specific_data.materialization.metadata
    damaged = md["damaged_previous_partitions"].value
    assert any(f"job_postings/dt={D2}/part-0.parquet: unreadable Parquet" in d for d in damaged)
    assert checks(result)["clean/posting_lifecycle:unique_posting_id"]
