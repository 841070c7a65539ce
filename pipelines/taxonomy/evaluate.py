"""Accuracy measurements of the coder (used by tests and bench/bench_tagging.py).

* O*NET hold-out: the seeded 10 % of alternate titles (``holdout`` flag in the shipped table,
  see scripts/build_taxonomy.py) is removed from the lookup, then tagged. Strict accuracy
  compares with the row's own code. Because O*NET lists many identical titles under several
  occupations (about a third of held-out titles also appear, verbatim, under another code),
  "any-listed" accuracy also counts a prediction as right when O*NET lists the title under
  the predicted code. Abstentions count as wrong.
* Labelled tech titles: tests/taxonomy/data/labelled_titles*.csv (expected role, seniority,
  exposure class written by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .normalize import normalize_frame
from .reference import holdout_titles, load_table, onet_matcher
from .tagger import Tagger

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "taxonomy" / "data"


@dataclass
class HoldoutResult:
    n: int
    soc6_strict: float
    soc2_strict: float
    soc6_any: float
    soc2_any: float
    coverage: float

    def __str__(self) -> str:
        return (
            f"O*NET held-out titles n={self.n}: SOC 6-digit {self.soc6_strict:.1%} (any-listed "
            f"{self.soc6_any:.1%}), 2-digit {self.soc2_strict:.1%} (any-listed {self.soc2_any:.1%}), "
            f"coverage {self.coverage:.1%}"
        )


def holdout_accuracy(sample: int | None = None, seed: int = 0) -> HoldoutResult:
    held = holdout_titles()
    if sample is not None and sample < held.height:
        held = held.sample(sample, seed=seed)
    tagger = Tagger(matcher=onet_matcher(include_holdout=False))
    tagged = tagger.tag(held, "title")
    # every code O*NET lists for the same normalised title (all rows, hold-out included)
    every = load_table("onet_titles").select("onet_soc_code", "title")
    every = every.join(normalize_frame(every, "title"), on="title").select(
        "head", "onet_soc_code"
    )
    listed = every.group_by("head").agg(
        pl.col("onet_soc_code").str.slice(0, 7).unique().alias("soc6_set"),
        pl.col("onet_soc_code").str.slice(0, 2).unique().alias("soc2_set"),
    )
    norm = normalize_frame(held, "title").select("title", "head")
    t = (
        tagged.join(norm, on="title", how="left")
        .join(listed, on="head", how="left")
        .with_columns(
            (pl.col("soc_code") == pl.col("onet_soc_code").str.slice(0, 7)).alias("_6"),
        )
    )
    gold = held.get_column("onet_soc_code")
    pred = t.get_column("soc_code")
    soc6 = (pred == gold.str.slice(0, 7)).fill_null(False)
    soc2 = (pred.str.slice(0, 2) == gold.str.slice(0, 2)).fill_null(False)
    any6 = (
        t.select(
            (
                pl.col("soc6_set").list.contains(pl.col("soc_code"))
                & pl.col("soc_code").is_not_null()
            ).fill_null(False)
        ).to_series()
        | soc6
    )
    any2 = (
        t.select(
            (
                pl.col("soc2_set").list.contains(pl.col("soc_code").str.slice(0, 2))
                & pl.col("soc_code").is_not_null()
            ).fill_null(False)
        ).to_series()
        | soc2
    )
    return HoldoutResult(
        n=held.height,
        soc6_strict=float(soc6.mean()),
        soc2_strict=float(soc2.mean()),
        soc6_any=float(any6.mean()),
        soc2_any=float(any2.mean()),
        coverage=float(pred.is_not_null().mean()),
    )


def holdout_ceiling() -> dict[str, float]:
    """What any coder built from the training split can reach on the hold-out (strict).

    A held-out title whose normalised head also occurs in the training split (``seen``) is, by
    construction of O*NET's (code, title) list, almost always listed there under *another*
    code; the best honest answer for it is the training majority code (the exact lookup). The
    ceiling gives that oracle its answers on seen titles and counts every unseen title as right.
    """
    held = holdout_titles()
    train = onet_matcher(include_holdout=False)
    heads = normalize_frame(held, "title").select("title", "head")
    t = held.join(heads, on="title", how="left")
    seen = [h in train.exact for h in t["head"]]
    pred = [train.exact.get(h) for h in t["head"]]
    gold = t["onet_soc_code"].to_list()
    ok6 = [p is not None and p[:7] == g[:7] for p, g in zip(pred, gold, strict=True)]
    ok2 = [p is not None and p[:2] == g[:2] for p, g in zip(pred, gold, strict=True)]
    n, n_seen = len(gold), sum(seen)
    return {
        "seen_share": n_seen / n,
        "oracle_seen_soc6": sum(ok6) / max(n_seen, 1),
        "oracle_seen_soc2": sum(ok2) / max(n_seen, 1),
        "ceiling_soc6": (sum(ok6) + n - n_seen) / n,
        "ceiling_soc2": (sum(ok2) + n - n_seen) / n,
    }


def labelled_accuracy(
    path: Path | str | None = None, tagger: Tagger | None = None
) -> dict[str, float]:
    paths = [Path(path)] if path else sorted(LABELLED.glob("labelled_titles*.csv"))
    lab = pl.concat([pl.read_csv(p) for p in paths])
    expected = lab.rename(
        {"role": "x_role", "seniority": "x_seniority", "exposure_class": "x_class"}
    )
    out = (tagger or Tagger()).tag(expected, "title")
    return {
        "n": float(out.height),
        "role": float((out["role"] == out["x_role"]).fill_null(False).mean()),
        "seniority": float(
            (out["seniority"] == out["x_seniority"]).fill_null(False).mean()
        ),
        "exposure_class": float(
            (out["exposure_class"] == out["x_class"]).fill_null(False).mean()
        ),
    }
