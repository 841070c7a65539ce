"""clean/candidates: one row per self-posted candidate (HN "Who wants to be hired?"), tagged."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines import schemas
from pipelines.archive import Archive
from pipelines.clean.common import TableBuild, ingest_all, sources_for, tag
from pipelines.config import SourcesConfig
from pipelines.lake import Lake


def build_candidates(lake: Lake, cfg: SourcesConfig, day: dt.date, names: list[str] | None = None) -> TableBuild:
    archive = Archive(lake)
    results = ingest_all(archive, cfg, day, names if names is not None else sources_for("candidates"))
    frames = [r.frame for _, r in results]
    frame = pl.concat(frames) if frames else schemas.empty(schemas.CANDIDATES)
    before = frame.height
    frame = frame.unique(subset="candidate_id", keep="first", maintain_order=True).sort("candidate_id")
    frame = schemas.conform(tag(frame), schemas.CANDIDATES)
    return TableBuild(frame, results, {"duplicates_dropped": before - frame.height})
