"""Column schemas of the lake's clean tables and marts (the lake contract in docs/design.md).

Each schema is an ordered ``{column: polars dtype}`` mapping. Parsers and transforms build frames
with exactly these columns (``conform`` adds missing nullable columns and orders them), so every
partition of a table has the same Parquet schema and BI tools can glob across days.

The tag columns are filled by :mod:`pipelines.taxonomy` (title coding). Until a table has been
tagged they are null, never guessed.
"""

from __future__ import annotations

import polars as pl

# --- controlled vocabularies (exact strings, docs/design.md) --------------------------------------
SENIORITY_LEVELS: tuple[str, ...] = (
    "intern",
    "entry",
    "mid",
    "senior",
    "staff",
    "principal",
    "manager",
    "director",
    "executive",
)
EXPOSURE_CLASSES: tuple[str, ...] = (
    "ai_builder",
    "augmented",
    "substitution_exposed",
    "low_exposure",
)
REMOTE_VALUES: tuple[str, ...] = ("remote", "hybrid", "on-site")
SALARY_PERIODS: tuple[str, ...] = ("year", "month", "week", "day", "hour")
LAYOFF_SOURCE_TYPES: tuple[str, ...] = ("warn_notice", "tracker", "news", "filing")
LAYOFF_REASONS: tuple[str, ...] = ("ai", "restructuring", "economic", "closure", "other", "unknown")

# --- tag columns (filled by the taxonomy coder) ----------------------------------------------
TAG_COLUMNS: dict[str, pl.DataType] = {
    "soc_code": pl.String(),  # SOC 2018, NN-NNNN
    "onet_soc_code": pl.String(),  # NN-NNNN.NN when known
    "role": pl.String(),  # curated tech role id, or "unknown"
    "role_family": pl.String(),
    "seniority": pl.String(),  # SENIORITY_LEVELS
    "exposure_score": pl.Float64(),  # 0..1
    "exposure_class": pl.String(),  # EXPOSURE_CLASSES
    "tag_confidence": pl.Float64(),  # 0..1
    "tag_rule": pl.String(),  # which rule decided the tag (explainability)
}

JOB_POSTINGS: dict[str, pl.DataType] = {
    "posting_id": pl.String(),  # "{source}:{board}:{source job id}", stable across days
    "source": pl.String(),  # greenhouse, lever, ashby, hn, ...
    "board": pl.String(),  # the board token / feed key inside the source
    "source_job_id": pl.String(),
    "company": pl.String(),
    "company_key": pl.String(),  # normalised company slug, joins postings to layoffs
    "title": pl.String(),
    "location": pl.String(),  # location text as the source gives it (the primary one)
    "locations": pl.List(pl.String()),  # every location the posting lists
    "city": pl.String(),
    "region": pl.String(),
    "country": pl.String(),  # ISO 3166-1 alpha-2
    "remote": pl.String(),  # REMOTE_VALUES or null when unknown
    "department": pl.String(),
    "employment_type": pl.String(),
    "posted_at": pl.Datetime("us", "UTC"),
    "updated_at": pl.Datetime("us", "UTC"),
    "url": pl.String(),
    "salary_min": pl.Float64(),
    "salary_max": pl.Float64(),
    "salary_currency": pl.String(),  # ISO 4217
    "salary_period": pl.String(),  # SALARY_PERIODS
    "salary_yearly_usd_min": pl.Float64(),  # yearly USD equivalent (pipelines/data/fx_usd.csv)
    "salary_yearly_usd_max": pl.Float64(),
    "mentions_ai": pl.Boolean(),
    "first_seen": pl.Date(),
    "days_open": pl.Int32(),  # dt - first_seen
    "listed_on": pl.List(pl.String()),  # every source listing this job (cross-source merge)
    "description_sha256": pl.String(),  # of the plain-text description, on every row
    # the plain-text description, only on the partition where it is new or changed (null on
    # later days while it stays the same): the latest non-null value up to dt is the current one
    "description": pl.String(),
    "archive_sha256": pl.String(),  # the archived response this row was parsed from
    **TAG_COLUMNS,
}

LAYOFF_EVENTS: dict[str, pl.DataType] = {
    "event_id": pl.String(),  # stable hash of source + company + date + location
    "source": pl.String(),  # e.g. tracker name from sources.yaml
    "source_type": pl.String(),  # LAYOFF_SOURCE_TYPES
    "company": pl.String(),
    "company_key": pl.String(),
    "announced_date": pl.Date(),
    "effective_date": pl.Date(),
    "employees_affected": pl.Int64(),
    "workforce_pct": pl.Float64(),  # percent of workforce, 0..100
    "country": pl.String(),  # ISO 3166-1 alpha-2
    "region": pl.String(),
    "city": pl.String(),
    "location": pl.String(),  # location text as the source gives it
    "industry": pl.String(),
    "stage": pl.String(),
    "funds_raised_musd": pl.Float64(),
    "ai_attributed": pl.Boolean(),  # the company itself attributes the cut to AI (quoted)
    "ai_evidence": pl.String(),  # the exact sentence, verified verbatim in the archived source
    "ai_mentioned": pl.Boolean(),  # AI mentioned without being the stated cause (weaker)
    "reason": pl.String(),  # LAYOFF_REASONS
    "roles_mentioned": pl.List(pl.String()),
    "is_temporary": pl.Boolean(),  # WARN: temporary layoff rather than permanent
    "is_closure": pl.Boolean(),  # WARN: site closure
    "is_amendment": pl.Boolean(),  # WARN: an amended notice
    "url": pl.String(),
    "sources": pl.List(pl.String()),  # every source reporting this event (after the merge)
    "source_urls": pl.List(pl.String()),  # their URLs, same order as sources
    "linked_event_id": pl.String(),  # WARN notice: the merged event it belongs to
    "archive_sha256": pl.String(),
}

POSTING_LIFECYCLE: dict[str, pl.DataType] = {
    "posting_id": pl.String(),
    "source": pl.String(),
    "board": pl.String(),
    "company_key": pl.String(),
    "title": pl.String(),
    "role": pl.String(),
    "exposure_class": pl.String(),
    "first_seen": pl.Date(),
    "last_seen": pl.Date(),
    "closed_on": pl.Date(),  # first day the posting was missing from a board that answered
    "status": pl.String(),  # open, closed, stale (board silent for 30 days)
    "days_open": pl.Int32(),  # (closed_on or dt) - first_seen
}


CANDIDATES: dict[str, pl.DataType] = {
    "candidate_id": pl.String(),
    "source": pl.String(),
    "posted_at": pl.Datetime("us", "UTC"),
    "title": pl.String(),
    "location": pl.String(),
    "country": pl.String(),  # ISO 3166-1 alpha-2 of the stated location
    "remote": pl.String(),
    "willing_to_relocate": pl.Boolean(),
    "technologies": pl.List(pl.String()),
    "archive_sha256": pl.String(),
    **TAG_COLUMNS,
}

CLEAN_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "job_postings": JOB_POSTINGS,
    "layoff_events": LAYOFF_EVENTS,
    "candidates": CANDIDATES,
    "posting_lifecycle": POSTING_LIFECYCLE,
}

COMPANY_SIGNALS: dict[str, pl.DataType] = {
    "company_key": pl.String(),
    "company": pl.String(),
    "laid_off_30d": pl.Int64(),
    "laid_off_90d": pl.Int64(),
    "layoff_events_90d": pl.Int64(),
    "last_layoff_date": pl.Date(),
    "open_postings": pl.Int64(),
    "new_postings": pl.Int64(),
    "ai_postings": pl.Int64(),
}

# --- supply / demand marts (pipelines/marts/) ---------------------------------------------------------------
ROLE_SUPPLY_DEMAND: dict[str, pl.DataType] = {
    "role": pl.String(),
    "role_family": pl.String(),  # modal value over the role's rows (see docs/methodology.md)
    "soc_code": pl.String(),
    "exposure_class": pl.String(),
    "open_postings": pl.Int64(),  # postings open on dt
    "new_postings": pl.Int64(),  # first seen on dt
    "new_postings_7d": pl.Int64(),  # first seen in dt-6 .. dt (closed ones included)
    "new_postings_28d": pl.Int64(),
    "candidates": pl.Int64(),  # candidates in dt's clean/candidates (the current HN thread)
    "candidates_7d": pl.Int64(),  # candidates who posted in dt-6 .. dt
    "candidates_28d": pl.Int64(),
    "laid_off_estimate": pl.Float64(),  # employees of events announced on dt, allocated to roles
    "laid_off_estimate_7d": pl.Float64(),
    "laid_off_estimate_28d": pl.Float64(),
    "layoff_events_28d": pl.Int64(),  # events with a share in this role, announced in the 28d
    "laid_off_estimate_method": pl.String(),  # dominant allocation method of the 28d estimate
    "laid_off_named_share": pl.Float64(),  # share of the 28d estimate from roles a source named
    "laid_off_estimated": pl.Boolean(),  # True unless all of the 28d estimate is named by sources
    "demand_supply_ratio": pl.Float64(),  # open_postings / candidates; null when no candidates
    "demand_supply_ratio_28d": pl.Float64(),  # new_postings_28d / candidates_28d
    "ratio_note": pl.String(),  # why demand_supply_ratio is null (no_candidates, unknown_role)
    "median_salary_usd": pl.Float64(),  # yearly USD, open postings with a usable salary
    "salary_postings": pl.Int64(),  # how many open postings the median is over
    "ai_premium": pl.Float64(),  # ai_builder roles: role median / baseline median
    "family_ai_premium": pl.Float64(),  # family's ai_builder median / baseline median
    "ai_premium_baseline": pl.String(),  # family_non_ai | all_non_ai
    "median_days_open": pl.Float64(),  # age of the open postings on dt (censored)
}

EXPOSURE_TRENDS: dict[str, pl.DataType] = {
    "week_start": pl.Date(),  # Monday of the ISO week
    "iso_week": pl.String(),  # e.g. 2026-W48
    "exposure_class": pl.String(),
    "days_observed": pl.Int64(),  # postings partitions seen in the week
    "open_postings_avg": pl.Float64(),  # mean daily open postings over the observed days
    "new_postings": pl.Int64(),  # postings first seen in the week
    "postings_index": pl.Float64(),  # open_postings_avg / first observed week's x 100
    "layoff_events": pl.Int64(),  # events announced in the week with a share in the class
    "laid_off_estimate": pl.Float64(),  # allocated employees (estimate)
    "laid_off_named": pl.Float64(),  # the part from roles the sources named
    "layoffs_per_posting": pl.Float64(),  # laid_off_estimate / open_postings_avg
}

COMPANY_RECOMPOSITION: dict[str, pl.DataType] = {
    "month": pl.Date(),  # first day of the month
    "company_key": pl.String(),
    "company": pl.String(),
    "postings": pl.Int64(),  # distinct postings open on an observed day of the month
    **{f"postings_{c}": pl.Int64() for c in EXPOSURE_CLASSES},
    "layoff_events": pl.Int64(),
    "cuts_estimate": pl.Float64(),  # employees of the month's events (allocated, estimate)
    **{f"cuts_{c}": pl.Float64() for c in EXPOSURE_CLASSES},
    "cuts_named_share": pl.Float64(),  # share of cuts_estimate from roles a source named
    "hiring_ai_share": pl.Float64(),  # (ai_builder + augmented) / postings
    "cuts_ai_share": pl.Float64(),  # (ai_builder + augmented) / cuts_estimate
    "recomposition_index": pl.Float64(),  # hiring_ai_share - cuts_ai_share, -1..1
}

SENIORITY_MIX: dict[str, pl.DataType] = {
    "week_start": pl.Date(),
    "iso_week": pl.String(),
    "role_family": pl.String(),
    "days_observed": pl.Int64(),
    "postings": pl.Int64(),  # distinct postings open on an observed day of the week
    "junior_postings": pl.Int64(),  # intern + entry
    "staff_plus_postings": pl.Int64(),  # staff + principal
    "junior_share": pl.Float64(),
    "staff_plus_share": pl.Float64(),
}

LAYOFF_ROLE_ALLOCATION: dict[str, pl.DataType] = {
    "event_id": pl.String(),
    "company_key": pl.String(),
    "company": pl.String(),
    "announced_date": pl.Date(),
    "employees_affected": pl.Int64(),  # of the whole event
    "ai_attributed": pl.Boolean(),
    "role": pl.String(),
    "role_family": pl.String(),
    "soc_code": pl.String(),
    "exposure_class": pl.String(),
    "weight": pl.Float64(),  # share of the event given to this role (sums to 1 per event)
    "laid_off_estimate": pl.Float64(),  # employees_affected * weight (null when count unknown)
    "method": pl.String(),  # ALLOCATION_METHODS
}

MART_SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "role_supply_demand": ROLE_SUPPLY_DEMAND,
    "exposure_trends": EXPOSURE_TRENDS,
    "company_recomposition": COMPANY_RECOMPOSITION,
    "seniority_mix": SENIORITY_MIX,
    "layoff_role_allocation": LAYOFF_ROLE_ALLOCATION,
}

RAW_MANIFEST: dict[str, pl.DataType] = {
    "source": pl.String(),
    "key": pl.String(),  # the entity fetched (board token, tracker name, ...)
    "url": pl.String(),
    "status": pl.Int32(),
    "fetched_at": pl.Datetime("us", "UTC"),
    "sha256": pl.String(),
    "size": pl.Int64(),
    "content_type": pl.String(),
    "etag": pl.String(),
    "last_modified": pl.String(),
    "body_path": pl.String(),  # relative to the partition folder
    "error": pl.String(),  # why the fetch failed (null on success)
}


def conform(frame: pl.DataFrame, schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """Return ``frame`` with exactly ``schema``'s columns, in order and with its dtypes.

    Missing columns are added as nulls; extra columns are an error (a typo must not silently
    produce an all-null column).
    """
    extra = [c for c in frame.columns if c not in schema]
    if extra:
        raise ValueError(f"columns not in the table schema: {extra}")
    return frame.select(
        [
            pl.col(name).cast(dtype, strict=True)
            if name in frame.columns
            else pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
