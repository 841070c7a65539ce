"""The O*NET matcher: exact lookup of normalised expert-coded titles (a title O*NET lists keeps
O*NET's code; then the BLS Direct Match Title File, then ESCO) and the title classifier, built
once per machine and cached on disk (build time and cache size: docs/taxonomy.md)."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import polars as pl

from .classifier import TitleClassifier, _stem
from .normalize import normalize_frame
from .reference import DATA_DIR, EXTRA_SOURCE_WEIGHT, SOURCES, onet_training_titles

log = logging.getLogger(__name__)


@dataclass
class Match:
    onet_soc_code: str
    confidence: float
    matched_title: str


class OnetMatcher:
    """``lookup``: the code of a normalised title listed verbatim by a source (the first source
    of ``reference.SOURCES`` that lists it; its most frequent code there, ties -> lowest code).
    ``classify``: the title classifier's answer. ``classify_within``: its best SOC code among
    given ones (a curated role's occupations)."""

    def __init__(self, pairs: pl.DataFrame):
        if "source" not in pairs.columns:
            pairs = pairs.with_columns(pl.lit("onet").alias("source"))
        norm = normalize_frame(pairs.select("title").unique(), "title")
        pairs = pairs.join(norm, on="title", how="left").filter(pl.col("head") != "")
        rank = {s: i for i, s in enumerate(SOURCES)}
        weight: dict[str, dict[str, float]] = defaultdict(dict)  # head -> code -> training weight
        best_rank: dict[str, int] = {}
        per_source: dict[tuple[str, int], Counter[str]] = defaultdict(Counter)
        for head, code, source in pairs.select("head", "onet_soc_code", "source").iter_rows():
            r = rank.get(source, len(SOURCES))
            w = weight[head]
            w[code] = w.get(code, 0.0) + (1.0 if source == "onet" else EXTRA_SOURCE_WEIGHT)
            per_source[(head, r)][code] += 1
            if r < best_rank.get(head, 99):
                best_rank[head] = r
        self.codes: dict[str, dict[str, float]] = dict(weight)  # plain dicts: the matcher is pickled
        self.exact: dict[str, str] = {
            h: min(per_source[(h, r)].items(), key=lambda kv: (-kv[1], kv[0]))[0] for h, r in best_rank.items()
        }
        self.source_of = {h: SOURCES[r] if r < len(SOURCES) else "other" for h, r in best_rank.items()}
        # head noun (last word, stemmed) -> SOC codes with a training title ending in it
        nouns: dict[str, set[str]] = defaultdict(set)
        for head, cnt in self.codes.items():
            noun = _stem(head.split()[-1])
            nouns[noun].update(c[:7] for c in cnt)
        self.noun_socs: dict[str, frozenset[str]] = {n: frozenset(v) for n, v in nouns.items()}
        heads, codes, weights = [], [], []
        for head, cnt in self.codes.items():
            for code, n in cnt.items():
                heads.append(head)
                codes.append(code)
                weights.append(float(n))
        self.classifier = TitleClassifier(heads, codes, weights)

    def classify(self, title: str) -> Match | None:
        """Classifier answer; ``matched_title`` holds the most similar training title of the
        answer (else the most telling naive Bayes feature)."""
        res = self.classifier.classify(title)
        if res is None:
            return None
        code, conf, feature = res
        return Match(code, round(min(conf, 0.99), 4), feature)

    def classify_within(self, title: str, socs: frozenset[str]) -> Match | None:
        """The classifier's most probable SOC 6-digit code among ``socs`` for ``title`` (its
        O*NET code: the most probable O*NET code of that SOC), with the probability of that SOC
        code; None when the classifier knows no word of the title."""
        res = self.classifier.soc_scores(title)
        if res is None:
            return None
        p_soc, p = res
        clf = self.classifier
        allowed = [i for i, s in enumerate(clf.socs) if s in socs]
        if not allowed:
            return None
        best = max(allowed, key=lambda i: p_soc[i])
        ci = int(np.where(clf.soc_of == best, p, -1.0).argmax())
        return Match(clf.classes[ci], round(min(float(p_soc[best]), 0.99), 4), "")

    def lookup(self, title: str) -> str | None:
        return self.exact.get(title)

    def lookup_within(self, title: str, socs: frozenset[str]) -> str | None:
        """The most frequent code, among those whose SOC code is in ``socs``, of every source
        that lists ``title`` verbatim (O*NET lists "Payroll Specialist" under 13-1141 and
        43-3051: inside a finance role it is 43-3051)."""
        cnt = self.codes.get(title)
        if not cnt:
            return None
        inside = [(-n, c) for c, n in cnt.items() if c[:7] in socs]
        return min(inside)[1] if inside else None


def _matcher_cache_path(include_holdout: bool) -> Path:
    """Where a built matcher is cached: keyed by this module's and the normaliser's code, the
    translation table and the shipped tables, so a code or data change rebuilds it. ``HIRING_SIGNALS_CACHE`` overrides the directory."""
    base = os.environ.get("HIRING_SIGNALS_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "hiring-signals"
    )
    digest = hashlib.sha256()
    here = Path(__file__).parent
    # the matcher's, the classifier's and the tables' code; it is built from normalised
    # titles: normalisation changes rebuild it too
    for name in ("matcher.py", "classifier.py", "reference.py", "normalize.py"):
        digest.update((here / name).read_bytes())
    digest.update((DATA_DIR / "translations.yaml").read_bytes())
    for name in sorted(p.name for p in DATA_DIR.glob("*.parquet")):
        digest.update(name.encode() + (DATA_DIR / name).read_bytes())
    digest.update(f"{include_holdout}:{sys.version_info[:2]}".encode())
    return Path(base) / f"onet_matcher-{digest.hexdigest()[:20]}.pkl"


@lru_cache(maxsize=2)
def onet_matcher(include_holdout: bool = True) -> OnetMatcher:
    """The O*NET matcher, built once per machine and cached on disk (building is mostly training
    the softmax regression; loading is quick). Build time and cache size: docs/taxonomy.md."""
    path = _matcher_cache_path(include_holdout)
    try:
        with path.open("rb") as fh:
            matcher = pickle.load(fh)
        if isinstance(matcher, OnetMatcher):
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: kept by the 30-day clean-up below
            return matcher
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError):
        pass  # no cache yet, or a stale/corrupt one: rebuild
    log.warning(
        "building the O*NET title matcher once for this machine (about a minute; cached in %s afterwards)",
        path.parent,
    )
    started = time.perf_counter()
    matcher = OnetMatcher(onet_training_titles(include_holdout))
    log.warning("O*NET title matcher built in %.0f s", time.perf_counter() - started)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump(matcher, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
        # matchers of older code or data versions: removed once unused for 30 days (other
        # checkouts of other versions may share the directory)
        for old in path.parent.glob("onet_matcher-*.pkl"):
            if old != path and time.time() - old.stat().st_mtime > 30 * 86400:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only home is fine: the matcher is just rebuilt next time
    return matcher
