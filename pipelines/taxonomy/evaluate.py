"""Accuracy measurements of the coder (used by tests and bench/bench_tagging.py).

* O*NET hold-out: a seeded 10 % of the distinct *normalised* alternate titles (``holdout``
  flag in the shipped table, see scripts/build_taxonomy.py), each with all its (code, title)
  rows, is removed from the lookup and from the classifier's training data (so is any
  occupation or short title normalising to the same string), then each held-out normalised
  title is tagged once. O*NET lists some titles under several codes, so the gold answer is the
  *set* of codes O*NET lists for that title: "any-listed" accuracy counts a prediction right
  when it is in the set (6-digit) or shares a major group with one of them (2-digit);
  "single-code" accuracy is strict accuracy on the held-out titles with exactly one SOC
  6-digit code. Abstentions count as wrong. The hold-out is never used for tuning (the
  classifier's hyper-parameters come from a validation split of the training titles, see
  scripts/tune_title_classifier.py).
* Labelled tech titles: tests/taxonomy/data/labelled_titles*.csv (expected role, seniority,
  exposure class written by hand).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from .matcher import onet_matcher
from .normalize import normalize_frame
from .reference import holdout_titles, load_table
from .tagger import Tagger

LABELLED = Path(__file__).resolve().parents[2] / "tests" / "taxonomy" / "data"


@dataclass
class HoldoutResult:
    n: int  # held-out normalised titles
    n_multi: int  # ... that O*NET lists under more than one SOC 6-digit code
    soc6_any: float
    soc2_any: float
    soc6_single: float  # strict, on the titles with a single SOC 6-digit code
    soc2_single: float
    coverage: float
    clf_soc6_any: float  # the title classifier alone (no rules, no lookup), same titles
    clf_soc2_any: float
    # titles the coder coded by the classifier, by confidence floor: (floor, share of those
    # titles at or above it, 6-digit and 2-digit any-listed accuracy there)
    by_confidence: tuple[tuple[float, float, float, float], ...] = ()

    def __str__(self) -> str:
        text = (
            f"O*NET held-out normalised titles n={self.n} ({self.n_multi} listed under more "
            f"than one SOC code): SOC 6-digit {self.soc6_any:.1%} any-listed, "
            f"{self.soc6_single:.1%} strict on the {self.n - self.n_multi} single-code titles; "
            f"2-digit {self.soc2_any:.1%} any-listed, {self.soc2_single:.1%} single-code; "
            f"coverage {self.coverage:.1%}; classifier alone {self.clf_soc6_any:.1%} / "
            f"{self.clf_soc2_any:.1%}"
        )
        if self.by_confidence:
            text += "\n  classifier-coded titles by tag_confidence floor: " + "; ".join(
                f">= {t:.1f}: {cov:.0%} of them, {a6:.1%} / {a2:.1%}" for t, cov, a6, a2 in self.by_confidence
            )
        return text


def holdout_gold() -> pl.DataFrame:
    """One row per held-out normalised title: ``head`` and ``soc6`` / ``soc2``, the SOC codes
    (6-digit, major group) O*NET lists for it (alternate and occupation titles)."""
    held = holdout_titles()
    occ = load_table("onet_occupations").select("onet_soc_code", "title")
    rows = pl.concat([held, occ])
    rows = rows.join(normalize_frame(rows, "title"), on="title").select("head", "onet_soc_code")
    heads = normalize_frame(held, "title").select("head").unique()
    return (
        rows.join(heads, on="head", how="semi")
        .group_by("head")
        .agg(
            pl.col("onet_soc_code").str.slice(0, 7).unique().sort().alias("soc6"),
            pl.col("onet_soc_code").str.slice(0, 2).unique().sort().alias("soc2"),
        )
        .sort("head")
    )


def _judged(gold: pl.DataFrame) -> pl.DataFrame:
    """``gold`` with a ``pred`` column, plus ``ok6`` / ``ok2``: the prediction is a code O*NET
    lists for the title / shares a major group with one (an abstention is wrong)."""
    return gold.with_columns(
        pl.col("soc6").list.contains(pl.col("pred")).fill_null(False).alias("ok6"),
        pl.col("soc2").list.contains(pl.col("pred").str.slice(0, 2)).fill_null(False).alias("ok2"),
    )


def _share(values: pl.Series) -> float:
    """Mean of a boolean or numeric series as a float (0.0 for an empty one)."""
    return float(values.cast(pl.Float64).to_numpy().mean()) if values.len() else 0.0


def _score(gold: pl.DataFrame, pred: pl.Series) -> dict[str, float]:
    t = _judged(gold.with_columns(pred.alias("pred"))).with_columns(
        (pl.col("soc6").list.len() == 1).alias("single"),
    )
    single = t.filter("single")
    return {
        "soc6_any": _share(t["ok6"]),
        "soc2_any": _share(t["ok2"]),
        "soc6_single": _share(single["ok6"]),
        "soc2_single": _share(single["ok2"]),
        "n_multi": int((~t["single"]).cast(pl.Int64).to_numpy().sum()),
        "coverage": _share(t["pred"].is_not_null()),
    }


def holdout_accuracy(sample: int | None = None, seed: int = 0) -> HoldoutResult:
    gold = holdout_gold()
    if sample is not None and sample < gold.height:
        gold = gold.sample(sample, seed=seed).sort("head")
    matcher = onet_matcher(include_holdout=False)
    tagger = Tagger(matcher=matcher)
    frame = gold.select(pl.col("head").alias("title"))
    tagged = tagger.tag(frame, "title")
    full = _score(gold, tagged["soc_code"])
    by_conf = _by_confidence(gold, tagged)
    clf = []
    for head in gold["head"]:
        m = matcher.classify(head)
        clf.append(m.onet_soc_code[:7] if m else None)
    alone = _score(gold, pl.Series(clf, dtype=pl.String))
    return HoldoutResult(
        n=gold.height,
        n_multi=int(full["n_multi"]),
        soc6_any=full["soc6_any"],
        soc2_any=full["soc2_any"],
        soc6_single=full["soc6_single"],
        soc2_single=full["soc2_single"],
        coverage=full["coverage"],
        clf_soc6_any=alone["soc6_any"],
        clf_soc2_any=alone["soc2_any"],
        by_confidence=by_conf,
    )


CONFIDENCE_FLOORS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)


def _by_confidence(gold: pl.DataFrame, tagged: pl.DataFrame) -> tuple:
    """Accuracy of the classifier-coded titles (``tag_rule`` onet_clf / onet_over_pattern,
    whose ``tag_confidence`` is the classifier's probability; rule decisions carry fixed
    confidences) at each confidence floor: how far ``tag_confidence`` can be trusted."""
    t = gold.with_columns(
        tagged["soc_code"].alias("pred"),
        tagged["tag_confidence"].alias("conf"),
        tagged["tag_rule"].alias("rule"),
    ).filter(pl.col("rule").str.contains(r"^(?:onet_clf|onet_over_pattern):"))
    t = _judged(t)
    out = []
    for floor in CONFIDENCE_FLOORS:
        s = t.filter(pl.col("conf") >= floor)
        if s.height:
            out.append((floor, s.height / t.height, _share(s["ok6"]), _share(s["ok2"])))
    return tuple(out)


def labelled_accuracy(path: Path | str | None = None, tagger: Tagger | None = None) -> dict[str, float]:
    paths = [Path(path)] if path else sorted(LABELLED.glob("labelled_titles*.csv"))
    lab = pl.concat([pl.read_csv(p) for p in paths])
    names = {"role": "x_role", "seniority": "x_seniority", "exposure_class": "x_class"}
    expected = lab.rename({k: v for k, v in names.items() if k in lab.columns})
    out = (tagger or Tagger()).tag(expected, "title")
    # a set may label only role and seniority (multilingual_titles*.csv)
    return {"n": float(out.height)} | {
        k: _share((out[k] == out[v]).fill_null(False)) for k, v in names.items() if v in out.columns
    }


def score_tagged(gold: pl.DataFrame, tagged: pl.DataFrame, misses: bool = False):
    """Compare tagged rows with a labelled set row by row (same order): the share right of SOC
    6-digit and 2-digit (gold ``soc_code``; ``abstain`` = the coder must give no code; ``n/a``
    or empty = not scored), ``seniority`` and ``role`` where the gold set has them.

    Returns ``{"n": rows, "<measure>": share, "<measure>_n": rows scored}``, or with
    ``misses=True`` the rows where any scored measure is wrong."""
    pred_soc = tagged["soc_code"].cast(pl.String)
    t = pl.DataFrame({"title": gold["title"], "p_soc": pred_soc, "p_rule": tagged["tag_rule"].cast(pl.String)})
    checks: dict[str, pl.Expr] = {}
    if "soc_code" in gold.columns:
        g = gold["soc_code"].cast(pl.String).fill_null("").str.strip_chars()
        t = t.with_columns(pl.Series("g_soc", g))
        scored = ~pl.col("g_soc").is_in(["", "n/a"])
        abstain = pl.col("g_soc") == "abstain"
        ok6 = (
            pl.when(abstain)
            .then(pl.col("p_soc").is_null())
            .otherwise((pl.col("p_soc") == pl.col("g_soc")).fill_null(False))
        )
        ok2 = (
            pl.when(abstain)
            .then(pl.col("p_soc").is_null())
            .otherwise((pl.col("p_soc").str.slice(0, 2) == pl.col("g_soc").str.slice(0, 2)).fill_null(False))
        )
        checks["soc6"] = pl.when(scored).then(ok6)
        checks["soc2"] = pl.when(scored).then(ok2)
    for col in ("seniority", "role"):
        if col in gold.columns:
            g = gold[col].cast(pl.String).fill_null("")
            t = t.with_columns(pl.Series(f"g_{col}", g), tagged[col].cast(pl.String).alias(f"p_{col}"))
            scored = pl.col(f"g_{col}") != ""
            checks[col] = pl.when(scored).then((pl.col(f"p_{col}") == pl.col(f"g_{col}")).fill_null(False))
    t = t.with_columns(**{f"ok_{k}": v for k, v in checks.items()})
    if misses:
        bad = pl.any_horizontal([~pl.col(f"ok_{k}").fill_null(True) for k in checks] or [pl.lit(False)])
        return t.filter(bad).drop([c for c in t.columns if c.startswith("ok_")])
    out: dict = {"n": t.height}
    for k in checks:
        ok = t[f"ok_{k}"].drop_nulls()
        out[k] = ok.cast(pl.Float64).sum() / ok.len() if ok.len() else float("nan")
        out[f"{k}_n"] = ok.len()
    return out
