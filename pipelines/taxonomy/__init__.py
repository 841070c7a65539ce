"""Role and AI-exposure taxonomy: code job titles to SOC 2018 / O*NET, a curated tech role,
seniority and an AI-exposure class (see docs/taxonomy.md).

    from pipelines.taxonomy import tag_titles, TAXONOMY_VERSION
    tagged = tag_titles(frame, column="title")   # DataFrame or LazyFrame in, same type out
"""

from __future__ import annotations

import polars as pl

from .reference import load_rules

TAXONOMY_VERSION: str = f"{load_rules()['version']}+onet27"


def tag_titles(frame: pl.DataFrame | pl.LazyFrame, column: str = "title") -> pl.DataFrame | pl.LazyFrame:
    """Return ``frame`` with the columns of ``pipelines.schemas.TAG_COLUMNS`` added (or replaced).

    Distinct normalised titles are coded once and joined back. Null/empty titles get
    role "unknown", confidence 0 and null for the other tags.
    """
    from .tagger import default_tagger

    if isinstance(frame, pl.LazyFrame):
        return default_tagger().tag(frame.collect(), column).lazy()
    return default_tagger().tag(frame, column)


__all__ = ["TAXONOMY_VERSION", "tag_titles"]
