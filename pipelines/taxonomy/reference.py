"""Shipped reference tables and the O*NET title matcher (exact lookup, a naive Bayes title
classifier trained on the O*NET titles, and the older fuzzy nearest-title vote)."""

from __future__ import annotations

import hashlib
import math
import os
import pickle
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import polars as pl
import yaml
from rapidfuzz import fuzz

from .normalize import normalize_frame

DATA_DIR = Path(__file__).resolve().parent / "data"


@cache
def load_table(name: str) -> pl.DataFrame:
    return pl.read_parquet(DATA_DIR / f"{name}.parquet")


@cache
def load_rules() -> dict:
    with open(DATA_DIR / "roles.yaml", encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def onet_training_titles(include_holdout: bool = True) -> pl.DataFrame:
    """(onet_soc_code, title) pairs the lookup is built from: occupation titles, alternate
    titles and their short forms; the seeded hold-out rows are dropped when asked."""
    titles = load_table("onet_titles")
    if not include_holdout:
        titles = titles.filter(~pl.col("holdout"))
    occ = load_table("onet_occupations")
    return pl.concat(
        [
            occ.select("onet_soc_code", "title"),
            titles.select("onet_soc_code", "title"),
            titles.filter(pl.col("short_title").is_not_null()).select(
                "onet_soc_code", pl.col("short_title").alias("title")
            ),
        ]
    )


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


@dataclass
class Match:
    onet_soc_code: str
    confidence: float
    matched_title: str


def _features(title: str, char_n: int = 4) -> list[str]:
    """Classifier features of a normalised title: stemmed words, word bigrams (``a_b``), the
    head noun (``H:`` last word) and character ``char_n``-grams of each word (``C:``)."""
    toks = [_stem(t) for t in title.split()]
    out = list(toks)
    out += [f"{a}_{b}" for a, b in pairwise(toks)]
    if toks:
        out.append("H:" + toks[-1])
    for t in toks:
        w = f"<{t}>"
        out += ["C:" + w[i : i + char_n] for i in range(len(w) - char_n + 1)]
    return out


class TitleClassifier:
    """Multinomial naive Bayes over O*NET-SOC codes, trained on normalised O*NET titles.

    Features: see :func:`_features`. Additive smoothing ``alpha``; class prior = (share of
    titles)^``prior_power``. The posterior is tempered (scores / ``temperature``; naive Bayes is
    overconfident with overlapping n-gram features) and summed over the O*NET codes of each SOC
    2018 code; the winning SOC code's probability is the confidence, its most probable O*NET
    code the O*NET answer. All parameters were chosen on a validation split carved (seeded)
    out of the non-held-out titles: alpha 0.01, prior_power 0.5, char 4-grams, temperature 8
    (maximises validation log-likelihood of the SOC code). Sparse: per feature, the classes it
    was seen with and log((n+alpha)/alpha); the rest of the likelihood is per class.
    """

    def __init__(
        self,
        heads: list[str],
        codes: list[str],
        weights: list[float] | None = None,
        alpha: float = 0.01,
        prior_power: float = 0.5,
        temperature: float = 8.0,
        char_n: int = 4,
    ):
        self.char_n = char_n
        self.temperature = temperature
        self.classes = sorted(set(codes))
        index = {c: i for i, c in enumerate(self.classes)}
        k = len(self.classes)
        weights = weights or [1.0] * len(heads)
        feat_col, cls_col, w_col = [], [], []
        n_titles = np.zeros(k)
        for head, code, w in zip(heads, codes, weights, strict=True):
            ci = index[code]
            n_titles[ci] += w
            fs = _features(head, char_n)
            feat_col += fs
            cls_col += [ci] * len(fs)
            w_col += [w] * len(fs)
        counts = (
            pl.DataFrame(
                {"f": feat_col, "c": cls_col, "w": w_col},
                schema={"f": pl.String, "c": pl.Int32, "w": pl.Float64},
            )
            .group_by("f", "c")
            .agg(pl.col("w").sum())
            .sort("f", "c")
        )
        n_feat = counts.group_by("c").agg(pl.col("w").sum())
        total = np.zeros(k)
        total[n_feat["c"].to_numpy()] = n_feat["w"].to_numpy()
        feats = counts["f"]
        bounds = counts.select(
            (pl.col("f") != pl.col("f").shift(1)).fill_null(True).arg_true()
        ).to_series()
        starts = bounds.to_numpy()
        self.vocab = {f: i for i, f in enumerate(feats.gather(bounds).to_list())}
        self.indptr = np.append(starts, counts.height)
        self.cls = counts["c"].to_numpy()
        self.delta = np.log(counts["w"].to_numpy() + alpha) - math.log(alpha)
        self.words = {f for f in self.vocab if ":" not in f and "_" not in f}
        self.base = (
            math.log(alpha) - np.log(total + alpha * len(self.vocab))
        )  # per matched feature
        self.logprior = prior_power * np.log(n_titles / n_titles.sum())
        socs = sorted({c[:7] for c in self.classes})
        self.socs = socs
        soc_index = {s: i for i, s in enumerate(socs)}
        self.soc_of = np.array([soc_index[c[:7]] for c in self.classes])

    def classify(self, title: str) -> tuple[str, float, str] | None:
        """(O*NET code, confidence, top feature) or None when no word of the title is known."""
        every = _features(title, self.char_n)
        fs = [f for f in every if f in self.vocab]
        # a known word, or (unknown words such as "Lepidopterist") most character n-grams known
        n_char = sum(f.startswith("C:") for f in every)
        n_char_known = sum(f.startswith("C:") for f in fs)
        if not any(f in self.words for f in fs) and n_char_known < max(3, 0.75 * n_char):
            return None
        rows = [self.vocab[f] for f in fs]
        idx = np.concatenate([self.cls[self.indptr[r] : self.indptr[r + 1]] for r in rows])
        dl = np.concatenate([self.delta[self.indptr[r] : self.indptr[r + 1]] for r in rows])
        k = len(self.classes)
        score = self.logprior + len(fs) * self.base + np.bincount(idx, dl, minlength=k)
        p = np.exp((score - score.max()) / self.temperature)
        p /= p.sum()
        p_soc = np.bincount(self.soc_of, p, minlength=len(self.socs))
        best_soc = int(p_soc.argmax())
        ci = int(np.where(self.soc_of == best_soc, p, -1.0).argmax())
        # explanation: the word-level feature (else character n-gram) most specific to the winner
        best_f, best_d = "", -1.0
        for f, r in zip(fs, rows, strict=True):
            sl = slice(self.indptr[r], self.indptr[r + 1])
            hit = np.nonzero(self.cls[sl] == ci)[0]
            if not len(hit):
                continue
            d = float(self.delta[sl][hit[0]]) - math.log(self.indptr[r + 1] - self.indptr[r])
            d += 100.0 if not f.startswith("C:") else 0.0
            if d > best_d:
                best_f, best_d = f, d
        return self.classes[ci], float(p_soc[best_soc]), best_f


class OnetMatcher:
    """Exact lookup of normalised O*NET titles, the naive Bayes classifier (``classify``, the
    coder's fallback) and a fuzzy nearest-title vote (``fuzzy``, now only used to check a
    single generic role word inside a longer title).

    Fuzzy step: candidate titles are retrieved by IDF-weighted word overlap (cosine), the top
    ``k`` are re-scored with rapidfuzz ``token_sort_ratio`` (mean of both similarities), and
    the candidates vote for their O*NET code with weight similarity^8 (k=100, power=8 chosen on
    a validation split of the non-held-out titles: 31.6 % -> 36.7 % 6-digit vs k=15, power=2). The confidence is the
    similarity of the best candidate of the winning code.
    """

    def __init__(self, pairs: pl.DataFrame, k: int = 100, power: float = 8.0):
        norm = normalize_frame(pairs, "title")
        pairs = pairs.join(norm, on="title", how="left").filter(pl.col("head") != "")
        self.codes: dict[str, Counter] = defaultdict(Counter)
        for head, code in zip(
            pairs["head"].to_list(), pairs["onet_soc_code"].to_list(), strict=True
        ):
            self.codes[head][code] += 1
        # exact: the most frequent code of a title, ties -> lowest code
        self.exact: dict[str, str] = {
            h: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
            for h, c in self.codes.items()
        }
        self.titles = list(self.codes)
        df: Counter = Counter()
        self.postings: dict[str, list[int]] = defaultdict(list)
        tokenised = []
        for i, title in enumerate(self.titles):
            toks = {_stem(t) for t in title.split()}
            tokenised.append(toks)
            for t in toks:
                df[t] += 1
                self.postings[t].append(i)
        n = len(self.titles)
        self.idf = {t: math.log(n / c) + 1.0 for t, c in df.items()}
        self.unknown_idf = math.log(n) + 1.0
        self.vectors = [{t: self.idf[t] for t in toks} for toks in tokenised]
        self.norms = [
            math.sqrt(sum(w * w for w in v.values())) or 1.0 for v in self.vectors
        ]
        self.k = k
        self.power = power
        heads, codes, weights = [], [], []
        for head, cnt in self.codes.items():
            for code, n in cnt.items():
                heads.append(head)
                codes.append(code)
                weights.append(float(n))
        self.classifier = TitleClassifier(heads, codes, weights)

    def classify(self, title: str) -> Match | None:
        """Naive Bayes answer; ``matched_title`` holds the most telling feature."""
        res = self.classifier.classify(title)
        if res is None:
            return None
        code, conf, feature = res
        return Match(code, round(min(conf, 0.99), 4), feature)

    def lookup(self, title: str) -> str | None:
        return self.exact.get(title)

    def fuzzy(self, title: str) -> Match | None:
        qv: dict[str, float] = {}
        for t in title.split():
            s = _stem(t)
            qv[s] = self.idf.get(s, self.unknown_idf)
        if not qv:
            return None
        qn = math.sqrt(sum(w * w for w in qv.values()))
        sims: Counter = Counter()
        for t, w in qv.items():
            for i in self.postings.get(t, ()):
                sims[i] += w * self.vectors[i][t]
        if not sims:
            return None
        votes: Counter = Counter()
        best: dict[str, tuple[float, str]] = {}
        for i, dot in sims.most_common(self.k):
            cand = self.titles[i]
            sim = (
                0.5 * dot / (qn * self.norms[i])
                + 0.5 * fuzz.token_sort_ratio(title, cand) / 100.0
            )
            for code, cnt in self.codes[cand].items():
                votes[code] += sim**self.power * cnt
                if code not in best or best[code][0] < sim:
                    best[code] = (sim, cand)
        code = votes.most_common(1)[0][0]
        sim, cand = best[code]
        return Match(code, round(min(sim, 0.99), 4), cand)


def _matcher_cache_path(include_holdout: bool) -> Path:
    """Where a built matcher is cached: keyed by this module's code and the shipped tables, so
    a code or data change rebuilds it. ``HIRING_SIGNALS_CACHE`` overrides the directory."""
    base = os.environ.get("HIRING_SIGNALS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "hiring-signals"
    )
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    for name in sorted(p.name for p in DATA_DIR.glob("*.parquet")):
        digest.update(name.encode() + (DATA_DIR / name).read_bytes())
    digest.update(f"{include_holdout}:{sys.version_info[:2]}".encode())
    return Path(base) / f"onet_matcher-{digest.hexdigest()[:20]}.pkl"


@lru_cache(maxsize=2)
def onet_matcher(include_holdout: bool = True) -> OnetMatcher:
    """The O*NET matcher, built once and cached on disk (building takes ~5 s, loading ~1 s)."""
    path = _matcher_cache_path(include_holdout)
    try:
        with path.open("rb") as fh:
            matcher = pickle.load(fh)
        if isinstance(matcher, OnetMatcher):
            return matcher
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass  # no cache yet, or a stale/corrupt one: rebuild
    matcher = OnetMatcher(onet_training_titles(include_holdout))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError:
        pass  # a read-only home is fine: the matcher is just rebuilt next time
    return matcher


def holdout_titles() -> pl.DataFrame:
    """The seeded 10 % of O*NET alternate titles that ``onet_matcher(False)`` never saw."""
    return (
        load_table("onet_titles")
        .filter(pl.col("holdout"))
        .select("onet_soc_code", "title")
    )
