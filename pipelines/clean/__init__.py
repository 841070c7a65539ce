"""The clean layer: one module per clean table, each with its builder and its transforms."""

from pipelines.clean.candidates import build_candidates
from pipelines.clean.common import TableBuild, sources_for
from pipelines.clean.job_postings import build_job_postings
from pipelines.clean.layoff_events import build_layoff_events
from pipelines.clean.posting_lifecycle import build_posting_lifecycle

__all__ = [
    "TableBuild",
    "sources_for",
    "build_job_postings",
    "build_layoff_events",
    "build_candidates",
    "build_posting_lifecycle",
]
