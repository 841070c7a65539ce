"""Validation grid for the O*NET title classifier (``classifier.TitleClassifier``).

Tuning never touches the evaluation hold-out: the training titles (``onet_training_titles(
include_holdout=False)``) are split again, by normalised title, into a seeded 10 % validation
part and the rest; the classifier is trained on the rest and scored on the validation titles
(right when O*NET lists the title under the predicted SOC code / major group). Run from the
repository root::

    .venv/bin/python scripts/tune_title_classifier.py [--quick]
    .venv/bin/python scripts/tune_title_classifier.py --coder   # the coder's override thresholds

``--coder`` scores the whole coder (curated roles, lookup, classifier) on the same validation
titles for a few settings of the thresholds under which the classifier overrules a curated
role phrase or a level-stripped lookup (roles.yaml ``thresholds``), with the labelled tech
titles' accuracy beside each (those must not drop).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))
from pipelines.taxonomy.classifier import ClassifierConfig, TitleClassifier  # noqa: E402
from pipelines.taxonomy.evaluate import labelled_accuracy  # noqa: E402
from pipelines.taxonomy.matcher import OnetMatcher, onet_matcher  # noqa: E402
from pipelines.taxonomy.normalize import normalize_frame  # noqa: E402
from pipelines.taxonomy.reference import EXTRA_SOURCE_WEIGHT as EXTRA_WEIGHT  # noqa: E402
from pipelines.taxonomy.reference import load_rules, load_table, onet_training_titles  # noqa: E402
from pipelines.taxonomy.tagger import Rules, Tagger  # noqa: E402

VALIDATION_SEED = "validation-1"


def _in_validation(head: str) -> bool:
    d = hashlib.sha256(f"{VALIDATION_SEED}|{head}".encode()).digest()
    return int.from_bytes(d[:8], "big") % 100 < 10


def validation_split(extra_weight: float = EXTRA_WEIGHT) -> tuple[list[tuple[str, str, float]], pl.DataFrame]:
    """(training (head, code, weight) items, validation gold). Validation titles are O*NET
    alternate titles (their gold codes O*NET's); the BLS Direct Match and ESCO titles train
    with weight ``extra_weight`` per row (0: not used)."""
    pairs = onet_training_titles(include_holdout=False)
    pairs = pairs.join(normalize_frame(pairs, "title"), on="title").filter(pl.col("head") != "")
    alt = load_table("onet_titles").filter(~pl.col("holdout"))
    val = {h for h in normalize_frame(alt, "title")["head"] if _in_validation(h)}
    val_s = pl.Series(sorted(val), dtype=pl.String).implode()
    train = pairs.filter(~pl.col("head").is_in(val_s))
    gold = (
        pairs.filter(pl.col("head").is_in(val_s) & (pl.col("source") == "onet"))
        .group_by("head")
        .agg(pl.col("onet_soc_code").unique().alias("codes"))
        .sort("head")
    )
    codes: dict[str, Counter] = defaultdict(Counter)
    for h, c, src in zip(train["head"], train["onet_soc_code"], train["source"], strict=True):
        w = 1.0 if src == "onet" else extra_weight
        if w > 0:
            codes[h][c] += w
    items = [(h, c, float(n)) for h, cnt in codes.items() for c, n in cnt.items()]
    return items, gold


def score(clf: TitleClassifier, gold: pl.DataFrame) -> dict[str, float]:
    ok6 = ok2 = 0
    t0 = time.perf_counter()
    preds = [clf.classify(h) for h in gold["head"]]
    ms = (time.perf_counter() - t0) / gold.height * 1e3
    for r, codes in zip(preds, gold["codes"].to_list(), strict=True):
        if r is None:
            continue
        ok6 += r[0][:7] in {c[:7] for c in codes}
        ok2 += r[0][:2] in {c[:2] for c in codes}
    return {"soc6": ok6 / gold.height, "soc2": ok2 / gold.height, "ms": ms}


CODER_GRID = [  # (over base lookup, over generic phrase, over multi-word phrase, refine, head-noun check)
    (9.0, 9.0, 9.0, 9.0, True),  # classifier never overrules
    (0.3, 0.3, 9.0, 0.3, True),
    (0.2, 0.2, 9.0, 0.2, True),  # chosen
    (0.2, 0.2, 9.0, 0.2, False),  # without the head-noun check
    (0.1, 0.1, 9.0, 0.1, True),
    (0.2, 0.2, 0.6, 0.2, True),
]


def coder_grid(gold: pl.DataFrame) -> None:
    """The whole coder on the validation titles, with a matcher trained without them."""
    pairs = onet_training_titles(include_holdout=False)
    heads = normalize_frame(pairs, "title").select("title", "head")
    val = pl.Series(gold["head"]).implode()
    keep = heads.filter(~pl.col("head").is_in(val))["title"].implode()
    matcher = OnetMatcher(pairs.filter(pl.col("title").is_in(keep)))
    full = onet_matcher(True)
    frame = gold.select(pl.col("head").alias("title"))
    gold6 = [{c[:7] for c in cs} for cs in gold["codes"].to_list()]
    alone = [matcher.classify(h) for h in gold["head"]]
    ok = sum(m is not None and m.onet_soc_code[:7] in g for m, g in zip(alone, gold6, strict=True))
    print(f"classifier alone: SOC 6-digit {ok / gold.height:.1%}")

    def tagger(m, knobs):
        raw = load_rules()
        th = raw["thresholds"]
        (
            th["classifier_over_base_lookup"],
            th["classifier_over_generic_phrase"],
            th["classifier_over_role_phrase"],
            th["classifier_refines_role_code"],
            th["classifier_head_noun_check"],
        ) = knobs
        return Tagger(rules=Rules.from_yaml(raw), matcher=m)

    for knobs in CODER_GRID:
        out = tagger(matcher, knobs).tag(frame, "title")["soc_code"].to_list()
        ok6 = sum(s in g for s, g in zip(out, gold6, strict=True)) / gold.height
        ok2 = sum(s is not None and s[:2] in {c[:2] for c in g} for s, g in zip(out, gold6, strict=True)) / gold.height
        lab = labelled_accuracy(tagger=tagger(full, knobs))
        print(
            f"coder, thresholds {knobs}: SOC 6-digit {ok6:.1%}, 2-digit {ok2:.1%}; labelled "
            f"tech titles role {lab['role']:.1%}, exposure class {lab['exposure_class']:.1%}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="only the chosen setting and NB alone")
    parser.add_argument("--coder", action="store_true", help="the coder's override thresholds")
    parser.add_argument(
        "--extra",
        action="store_true",
        help="weight of the BLS Direct Match / ESCO titles in training (0, 0.25, 0.5, 1)",
    )
    args = parser.parse_args(argv)
    if args.extra:
        for w in (0.0, 0.25, 0.5, 1.0):
            items, gold = validation_split(w)
            heads, codes, weights = map(list, zip(*items, strict=True))
            r = score(TitleClassifier(heads, codes, weights), gold)
            print(f"extra-source weight {w}: SOC 6-digit {r['soc6']:.1%}, 2-digit {r['soc2']:.1%}")
        return 0
    items, gold = validation_split()
    if args.coder:
        coder_grid(gold)
        return 0
    heads, codes, weights = map(list, zip(*items, strict=True))
    print(f"validation: {gold.height} normalised titles; training: {len(set(heads))}")
    grid = [{}, {"nb_weight": 1.0, "lr_weight": 0.0}, {"nb_weight": 0.4, "lr_weight": 0.0}]
    if not args.quick:
        grid += [
            {"nb_weight": w, "lr_weight": 0.0, "k": k, "power": p}
            for w in (0.3, 0.5)
            for k, p in ((30, 2.0), (30, 3.0), (50, 3.0))
        ] + [
            {"temperature": 4.0, "lr_weight": 0.0, "nb_weight": 0.4},
            {"temperature": 16.0, "lr_weight": 0.0, "nb_weight": 0.4},
        ]
        grid += [{"nb_weight": w, "lr_weight": lw} for w, lw in ((0.2, 0.4), (0.5, 0.5), (0.0, 1.0))]
    for params in grid:
        clf = TitleClassifier(heads, codes, weights, ClassifierConfig(**params))
        r = score(clf, gold)
        print(
            f"{params or 'chosen (defaults)'}: SOC 6-digit {r['soc6']:.1%}, 2-digit "
            f"{r['soc2']:.1%}, {r['ms']:.2f} ms/title"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
