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
TAG_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "soc_code": "SOC 2018 occupation code of the title (NN-NNNN), from the taxonomy coder; null when not coded.",
    "onet_soc_code": "O*NET-SOC occupation code (NN-NNNN.NN) when the coder knows it.",
    "role": "Curated tech role id the title is coded to (e.g. ml_engineer), or 'unknown'.",
    "role_family": "Family of the role (software, ml_ai, qa, data, ...).",
    "seniority": "Level from the title: intern, entry, mid, senior, staff, principal, manager, director, executive (no marker = mid).",
    "exposure_score": "AI-exposure score of the occupation, 0 (none) to 1 (highest).",
    "exposure_class": "AI-exposure class: ai_builder, augmented, substitution_exposed or low_exposure (DESIGN.md).",
    "tag_confidence": "Confidence of the title coding, 0 to 1.",
    "tag_rule": "Which rule of the coder decided the tags (explainability).",
}

# where a clean row's data comes from (pipelines.sources.registry.ingest_snapshot): the origin of
# the archived response it was parsed from and the archive date of that response (replay reads,
# per key, the latest successful response on or before dt: snapshot_date < dt says how old it is)
PROVENANCE: dict[str, pl.DataType] = {
    "data_origin": pl.String(),  # "sample" (bundled synthetic archive) or "live" (fetched)
    "snapshot_date": pl.Date(),  # archive date of the response the row was parsed from
}
PROVENANCE_DOC: dict[str, str] = {
    "data_origin": "'sample' when the row comes from the bundled SYNTHETIC sample archive (fictional companies and events), 'live' when from a response fetched from the source.",
    "snapshot_date": "Archive date of the response the row was parsed from (dt minus snapshot_date = how old the data is).",
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
    **PROVENANCE,
    **TAG_COLUMNS,
}
JOB_POSTINGS_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "posting_id": "Stable id of the posting across days: '{source}:{board}:{source job id}'.",
    "source": "Source kind the posting was read from (greenhouse, lever, ashby, hn, ...).",
    "board": "Board token or feed key inside the source.",
    "source_job_id": "The job's id at the source.",
    "company": "Company name as the source gives it.",
    "company_key": "Normalised company slug; joins postings to layoffs.",
    "title": "Job title as posted.",
    "location": "Primary location text as the source gives it.",
    "locations": "Every location the posting lists.",
    "city": "City parsed from the location.",
    "region": "ISO 3166-2 subdivision code where one exists.",
    "country": "ISO 3166-1 alpha-2 country code.",
    "remote": "remote, hybrid or on-site; null when unknown.",
    "department": "Department or team as the source gives it.",
    "employment_type": "Full-time, part-time, contract... as the source gives it.",
    "posted_at": "When the source says the job was posted (UTC).",
    "updated_at": "When the source says the job was last updated (UTC).",
    "url": "Public URL of the posting.",
    "salary_min": "Lower bound of the posted pay, in salary_currency per salary_period.",
    "salary_max": "Upper bound of the posted pay, in salary_currency per salary_period.",
    "salary_currency": "ISO 4217 currency of the posted pay (never guessed).",
    "salary_period": "Period of the posted pay: year, month, week, day or hour.",
    "salary_yearly_usd_min": "salary_min as yearly USD (dated FX table pipelines/data/fx_usd.csv); null when not convertible.",
    "salary_yearly_usd_max": "salary_max as yearly USD; null when not convertible.",
    "mentions_ai": "The title or description mentions AI/ML work.",
    "first_seen": "First partition date the posting was seen on.",
    "days_open": "dt minus first_seen, in days.",
    "listed_on": "Every source listing this job (cross-source merge).",
    "description_sha256": "SHA-256 of the plain-text description (on every row).",
    "description": "Plain-text description, only on the partition where it is new or changed (null while unchanged).",
    "archive_sha256": "SHA-256 of the archived response this row was parsed from (raw/…/bodies/).",
    **PROVENANCE_DOC,
    **TAG_DOC,
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
    **PROVENANCE,
}
LAYOFF_EVENTS_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "event_id": "Stable id of the event (hash of source, company, date and location).",
    "source": "Source that reported it (tracker name, news feed, warn_XX, sec_edgar, ...).",
    "source_type": "warn_notice, tracker, news or filing.",
    "company": "Company name as the source gives it.",
    "company_key": "Normalised company slug; joins layoffs to postings.",
    "announced_date": "Date the layoff was announced or the notice received.",
    "effective_date": "Date the layoff takes effect, when given.",
    "employees_affected": "Head count affected; null when the source gives none.",
    "workforce_pct": "Share of the workforce affected, in percent (0-100).",
    "country": "ISO 3166-1 alpha-2 country code.",
    "region": "ISO 3166-2 subdivision code where one exists.",
    "city": "City of the layoff site, when given.",
    "location": "Location text as the source gives it.",
    "industry": "Industry as the source gives it.",
    "stage": "Funding stage (trackers).",
    "funds_raised_musd": "Funds raised in million USD (trackers).",
    "ai_attributed": "The company itself attributes the cut to AI, with a verbatim quote in ai_evidence.",
    "ai_evidence": "The exact sentence attributing the cut to AI, verified verbatim in the archived source.",
    "ai_mentioned": "AI is mentioned without being the stated cause (weaker than ai_attributed).",
    "reason": "Stated reason: ai, restructuring, economic, closure, other or unknown.",
    "roles_mentioned": "Job titles or roles the source names as affected.",
    "is_temporary": "WARN: a temporary layoff rather than a permanent one.",
    "is_closure": "WARN: a site closure.",
    "is_amendment": "WARN: an amended notice.",
    "url": "Public URL of the report, notice or filing.",
    "sources": "Every source reporting this event (after the merge).",
    "source_urls": "Their URLs, in the order of sources.",
    "linked_event_id": "WARN notice: the merged event it belongs to (counted through that event).",
    "archive_sha256": "SHA-256 of the archived response this row was parsed from.",
    **PROVENANCE_DOC,
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
POSTING_LIFECYCLE_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "posting_id": "Stable id of the posting (as in job_postings).",
    "source": "Source kind of the posting.",
    "board": "Board token or feed key inside the source.",
    "company_key": "Normalised company slug.",
    "title": "Job title as last seen.",
    "role": "Curated role id of the title, or 'unknown'.",
    "exposure_class": "AI-exposure class of the title.",
    "first_seen": "First partition date the posting was seen on.",
    "last_seen": "Last partition date the posting was seen on.",
    "closed_on": "First day the posting was missing from a board that answered (null while open).",
    "status": "open, closed, or stale (its board silent for 30 days).",
    "days_open": "(closed_on or dt) minus first_seen, in days.",
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
    **PROVENANCE,
    **TAG_COLUMNS,
}
CANDIDATES_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "candidate_id": "Stable id of the self-posted candidate (the HN comment).",
    "source": "Source of the post (hn).",
    "posted_at": "When the candidate posted (UTC).",
    "title": "Stated role or headline, used as the title to code.",
    "location": "Stated location text.",
    "country": "ISO 3166-1 alpha-2 country of the stated location.",
    "remote": "remote, hybrid or on-site as stated; null when unknown.",
    "willing_to_relocate": "The candidate says they would relocate.",
    "technologies": "Technologies the candidate lists.",
    "archive_sha256": "SHA-256 of the archived response this row was parsed from.",
    **PROVENANCE_DOC,
    **TAG_DOC,
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
COMPANY_SIGNALS_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "company_key": "Normalised company slug.",
    "company": "Company name (most frequent spelling).",
    "laid_off_30d": "Employees affected by events announced in the 30 days to dt (unknown counts add nothing).",
    "laid_off_90d": "Employees affected by events announced in the 90 days to dt.",
    "layoff_events_90d": "Layoff events announced in the 90 days to dt (each event once).",
    "last_layoff_date": "Announcement date of the latest event.",
    "open_postings": "Postings open on dt.",
    "new_postings": "Open postings first seen in the 7 days to dt.",
    "ai_postings": "Open postings that mention AI.",
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
ROLE_SUPPLY_DEMAND_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "role": "Curated role id ('unknown' for titles the taxonomy could not code).",
    "role_family": "Family of the role (most frequent value over its rows).",
    "soc_code": "SOC 2018 code of the role (most frequent value).",
    "exposure_class": "AI-exposure class of the role (most frequent value).",
    "open_postings": "Postings open on dt.",
    "new_postings": "Postings first seen on dt.",
    "new_postings_7d": "Distinct postings first seen in dt-6 .. dt (closed ones included).",
    "new_postings_28d": "Distinct postings first seen in dt-27 .. dt.",
    "candidates": "HN candidates in dt's thread for the role.",
    "candidates_7d": "Candidates who posted in dt-6 .. dt.",
    "candidates_28d": "Candidates who posted in dt-27 .. dt.",
    "laid_off_estimate": "Employees of events announced on dt allocated to the role (estimate).",
    "laid_off_estimate_7d": "Same over dt-6 .. dt.",
    "laid_off_estimate_28d": "Same over dt-27 .. dt.",
    "layoff_events_28d": "Events with a share in this role announced in dt-27 .. dt.",
    "laid_off_estimate_method": "Allocation method contributing most to the 28-day estimate.",
    "laid_off_named_share": "Share of the 28-day estimate from roles a source named (0-1).",
    "laid_off_estimated": "True unless all of the 28-day estimate is named by sources.",
    "demand_supply_ratio": "open_postings / candidates (postings per visible candidate); null without candidates.",
    "demand_supply_ratio_28d": "new_postings_28d / candidates_28d.",
    "ratio_note": "Why demand_supply_ratio is null: no_candidates or unknown_role.",
    "median_salary_usd": "Median yearly USD pay of the open postings with usable pay.",
    "salary_postings": "How many open postings the median pay is over.",
    "ai_premium": "ai_builder roles: role median pay / baseline median (1.15 = 15% more).",
    "family_ai_premium": "The family's ai_builder median pay / baseline median.",
    "ai_premium_baseline": "Baseline of the premium: family_non_ai or all_non_ai.",
    "median_days_open": "Median age in days of the open postings on dt (censored, not time to fill).",
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
EXPOSURE_TRENDS_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "week_start": "Monday of the ISO week.",
    "iso_week": "ISO week label, e.g. 2026-W48.",
    "exposure_class": "AI-exposure class.",
    "days_observed": "Postings partitions seen in the week.",
    "open_postings_avg": "Mean daily open postings of the class over the observed days; null without any.",
    "new_postings": "Postings of the class first seen in the week.",
    "postings_index": "open_postings_avg / the class's first observed week x 100.",
    "layoff_events": "Events announced in the week with a share in the class.",
    "laid_off_estimate": "Employees laid off allocated to the class (estimate).",
    "laid_off_named": "The part of laid_off_estimate from roles the sources named.",
    "layoffs_per_posting": "laid_off_estimate / open_postings_avg.",
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
COMPANY_RECOMPOSITION_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "month": "First day of the month.",
    "company_key": "Normalised company slug.",
    "company": "Company name.",
    "postings": "Distinct postings open on an observed day of the month.",
    "postings_ai_builder": "Of those, postings in the ai_builder class.",
    "postings_augmented": "Of those, postings in the augmented class.",
    "postings_substitution_exposed": "Of those, postings in the substitution_exposed class.",
    "postings_low_exposure": "Of those, postings in the low_exposure class.",
    "layoff_events": "Layoff events of the company announced in the month.",
    "cuts_estimate": "Employees of the month's events (allocated to roles: estimate).",
    "cuts_ai_builder": "Of those, cuts allocated to the ai_builder class.",
    "cuts_augmented": "Of those, cuts allocated to the augmented class.",
    "cuts_substitution_exposed": "Of those, cuts allocated to the substitution_exposed class.",
    "cuts_low_exposure": "Of those, cuts allocated to the low_exposure class.",
    "cuts_named_share": "Share of cuts_estimate from roles a source named (0-1).",
    "hiring_ai_share": "(ai_builder + augmented) postings / postings.",
    "cuts_ai_share": "(ai_builder + augmented) cuts / cuts_estimate.",
    "recomposition_index": "hiring_ai_share - cuts_ai_share (-1..1); null unless the company both posts and cuts.",
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
SENIORITY_MIX_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "week_start": "Monday of the ISO week.",
    "iso_week": "ISO week label, e.g. 2026-W48.",
    "role_family": "Role family.",
    "days_observed": "Postings partitions seen in the week.",
    "postings": "Distinct postings open on an observed day of the week.",
    "junior_postings": "Of those, intern + entry level.",
    "staff_plus_postings": "Of those, staff + principal level.",
    "junior_share": "junior_postings / postings.",
    "staff_plus_share": "staff_plus_postings / postings.",
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
LAYOFF_ROLE_ALLOCATION_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "event_id": "The layoff event (clean/layoff_events).",
    "company_key": "Normalised company slug.",
    "company": "Company name.",
    "announced_date": "Announcement date of the event.",
    "employees_affected": "Head count of the whole event.",
    "ai_attributed": "The company attributes the event to AI.",
    "role": "Role the share is allocated to.",
    "role_family": "Family of the role.",
    "soc_code": "SOC 2018 code of the role.",
    "exposure_class": "AI-exposure class of the role.",
    "weight": "Share of the event given to this role (sums to 1 per event).",
    "laid_off_estimate": "employees_affected x weight (null when the count is unknown).",
    "method": "How it was allocated: named_roles, company_mix, industry_mix, overall_mix or unallocated.",
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
    "data_origin": pl.String(),  # "sample" (bundled synthetic archive) or "live" (fetched); null = live
}
RAW_MANIFEST_DOC: dict[str, str] = {  # column descriptions (Dagster UI, BI views)
    "source": "Raw source (archive table under raw/).",
    "key": "The entity fetched (board token, tracker name, state, ...).",
    "url": "URL fetched.",
    "status": "HTTP status (null when no response).",
    "fetched_at": "When the fetch completed (UTC).",
    "sha256": "SHA-256 of the response body.",
    "size": "Body size in bytes.",
    "content_type": "Content-Type of the response.",
    "etag": "ETag of the response.",
    "last_modified": "Last-Modified of the response.",
    "body_path": "Where the body is stored, relative to the partition folder.",
    "error": "Why the fetch failed (null on success).",
    "data_origin": "'sample' when the bytes come from the bundled synthetic sample archive, 'live' when fetched from the source (null in older manifests: live).",
}


# every table of the lake by "{layer}/{table}": its schema and its column descriptions (one
# description per column; tests/bi/test_column_docs.py keeps the two in step)
TABLES: dict[str, tuple[dict[str, pl.DataType], dict[str, str]]] = {
    "clean/job_postings": (JOB_POSTINGS, JOB_POSTINGS_DOC),
    "clean/layoff_events": (LAYOFF_EVENTS, LAYOFF_EVENTS_DOC),
    "clean/candidates": (CANDIDATES, CANDIDATES_DOC),
    "clean/posting_lifecycle": (POSTING_LIFECYCLE, POSTING_LIFECYCLE_DOC),
    "marts/company_signals": (COMPANY_SIGNALS, COMPANY_SIGNALS_DOC),
    "marts/role_supply_demand": (ROLE_SUPPLY_DEMAND, ROLE_SUPPLY_DEMAND_DOC),
    "marts/exposure_trends": (EXPOSURE_TRENDS, EXPOSURE_TRENDS_DOC),
    "marts/company_recomposition": (COMPANY_RECOMPOSITION, COMPANY_RECOMPOSITION_DOC),
    "marts/seniority_mix": (SENIORITY_MIX, SENIORITY_MIX_DOC),
    "marts/layoff_role_allocation": (LAYOFF_ROLE_ALLOCATION, LAYOFF_ROLE_ALLOCATION_DOC),
    "raw/manifest": (RAW_MANIFEST, RAW_MANIFEST_DOC),
}


def column_docs(layer: str, table: str) -> dict[str, str]:
    """Column descriptions of ``{layer}/{table}`` (empty for a table not listed)."""
    return TABLES.get(f"{layer}/{table}", ({}, {}))[1]


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
            pl.col(name).cast(dtype, strict=True) if name in frame.columns else pl.lit(None, dtype=dtype).alias(name)
            for name, dtype in schema.items()
        ]
    )


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=schema)
