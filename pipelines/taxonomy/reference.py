"""Shipped reference tables (pipelines/taxonomy/data, built by scripts/build_taxonomy.py), the
rules file, the O*NET evaluation hold-out and the expert-coded (code, title) pairs the matcher
is built from. The matcher itself is :mod:`.matcher`, the classifier :mod:`.classifier`."""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import polars as pl
import yaml

from .normalize import normalize_frame

DATA_DIR = Path(__file__).resolve().parent / "data"

# lookup priority of the title sources: a title O*NET lists keeps O*NET's code
SOURCES = ("onet", "bls_dmtf", "esco")
# weight of a BLS Direct Match / ESCO title row in the classifier's training (an O*NET row: 1);
# chosen on the validation split of the training titles (scripts/tune_title_classifier.py
# --extra; figures in docs/taxonomy.md)
EXTRA_SOURCE_WEIGHT = 0.25


@cache
def load_table(name: str) -> pl.DataFrame:
    return pl.read_parquet(DATA_DIR / f"{name}.parquet")


@cache
def _parsed_rules() -> dict:
    with open(DATA_DIR / "roles.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_rules() -> dict:
    """roles.yaml (parsed once), as a copy of its own: callers may change theirs (the bench
    doubles the rules, tests change thresholds) without touching anyone else's."""
    return copy.deepcopy(_parsed_rules())


@cache
def holdout_heads() -> frozenset[str]:
    """Normalised titles (``head``) of the seeded hold-out: every (code, title) row of O*NET
    whose title normalises to one of them is flagged ``holdout`` (scripts/build_taxonomy.py)."""
    held = load_table("onet_titles").filter(pl.col("holdout"))
    return frozenset(normalize_frame(held, "title")["head"].to_list())


def drop_holdout(frame: pl.DataFrame, column: str = "title") -> pl.DataFrame:
    """``frame`` without the rows whose ``column`` normalises to a held-out title."""
    heads = normalize_frame(frame, column).select(column, "head")
    held = pl.Series(sorted(holdout_heads()), dtype=pl.String)
    keep = heads.filter(~pl.col("head").is_in(held.implode()))[column]
    return frame.filter(pl.col(column).is_in(keep.implode()))


def onet_training_titles(include_holdout: bool = True, extra: bool = True) -> pl.DataFrame:
    """(onet_soc_code, title, source) pairs the lookup and the classifier are built from:
    O*NET occupation titles, alternate titles and their short forms (``onet``), then, with
    ``extra``, the BLS Direct Match Title File (``bls_dmtf``) and ESCO labels through Nesta's
    crosswalk (``esco``). Without the hold-out, every row of any source whose title normalises
    to a held-out title is dropped, and so are the short forms of held-out rows: a held-out
    title is then unseen."""
    titles = load_table("onet_titles")
    if not include_holdout:
        titles = titles.filter(~pl.col("holdout"))
    occ = load_table("onet_occupations")
    parts = [
        occ.select("onet_soc_code", "title"),
        titles.select("onet_soc_code", "title"),
        titles.filter(pl.col("short_title").is_not_null()).select(
            "onet_soc_code", pl.col("short_title").alias("title")
        ),
    ]
    pairs = pl.concat(parts).with_columns(pl.lit("onet").alias("source"))
    if extra:
        pairs = pl.concat([pairs, load_table("extra_titles").select("onet_soc_code", "title", "source")])
    return pairs if include_holdout else drop_holdout(pairs)


def holdout_titles() -> pl.DataFrame:
    """The held-out O*NET alternate-title rows (seeded 10 % of the distinct normalised titles,
    each with all its (code, title) rows) that ``onet_matcher(False)`` never saw."""
    return load_table("onet_titles").filter(pl.col("holdout")).select("onet_soc_code", "title")
