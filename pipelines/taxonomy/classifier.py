"""The O*NET title classifier: naive Bayes + nearest-title vote + low-rank softmax regression,
trained on normalised titles coded to O*NET-SOC (see docs/taxonomy.md, "The coder").

Its settings live in one object, :class:`ClassifierConfig` (chosen on a validation split of the
training titles by scripts/tune_title_classifier.py and scripts/lr_experiment.py; the figures
are in docs/taxonomy.md)."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import polars as pl


@dataclass(frozen=True)
class ClassifierConfig:
    """Hyper-parameters of :class:`TitleClassifier` (defaults = the shipped model)."""

    alpha: float = 0.01  # naive Bayes additive smoothing
    prior_power: float = 0.5  # class prior = title share ** prior_power
    temperature: float = 8.0  # naive Bayes posterior tempering
    char_n: int = 4  # character n-grams of each word
    k: int = 50  # neighbours that vote
    power: float = 3.0  # neighbour vote weight = similarity ** power
    nb_weight: float = 0.3  # mixture weights (neighbours get the rest)
    lr_weight: float = 0.3
    lr_dim: int = 64  # softmax regression: embedding size, epochs, Adam step, batch
    lr_epochs: int = 4
    lr_rate: float = 0.01
    lr_batch: int = 512


def _stem(token: str) -> str:
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


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


def _gather(ptr: np.ndarray, rows: np.ndarray, lengths: bool = False):
    """Indices ``ptr[r]:ptr[r+1]`` of every ``r`` in ``rows``, concatenated (CSR row gather)."""
    starts = ptr[rows]
    lens = ptr[rows + 1] - starts
    ends = np.cumsum(lens)
    g = np.repeat(starts - ends + lens, lens) + np.arange(ends[-1] if len(ends) else 0)
    return (g, lens) if lengths else g


class TitleClassifier:
    """Title classifier over O*NET-SOC codes: naive Bayes + nearest-neighbour vote + softmax
    regression, trained on
    normalised O*NET titles (one row per distinct (title, code) with its O*NET row count as
    weight).

    * **Naive Bayes** (multinomial) over :func:`_features`; additive smoothing ``alpha``; class
      prior = (share of titles)^``prior_power``; the posterior is tempered (scores /
      ``temperature``; NB is overconfident with overlapping n-gram features). Sparse: per
      feature, the classes it was seen with and log((n+alpha)/alpha).
    * **Neighbours**: each training title is a TF-IDF vector over the same features (L2
      normalised); the ``k`` most cosine-similar training titles vote for their codes with
      weight similarity^``power`` (a title listed under several codes splits its vote).
    * **Softmax regression** (discriminative, low rank, fastText-style): a title is the sum of
      its features' ``lr_dim``-d embeddings / sqrt(#features), then a linear layer + softmax
      over the O*NET codes; soft targets = the title's code shares; numpy mini-batch Adam
      (lazy for the embeddings: only the rows of the batch's features move)
      (``lr_epochs`` epochs, batch ``lr_batch``, step ``lr_rate``, seeded). Embeddings are
      stored as float16. A full-rank weight matrix (features x codes) would be ~250 MB.
    * The three distributions are mixed (``nb_weight`` for NB, ``lr_weight`` for the softmax,
      the rest for the neighbours; NB + softmax renormalised when no neighbour shares a
      feature), summed over the O*NET codes of each SOC 2018 code; the winning SOC code's probability is the confidence, its most
      probable O*NET code the answer.

    Hyper-parameters (:class:`ClassifierConfig`) were chosen on a validation split carved
    (seeded, by normalised title) out of the *training* titles only; the evaluation hold-out is
    never used for tuning (scripts/tune_title_classifier.py, scripts/lr_experiment.py). The
    figures of that choice are in docs/taxonomy.md.
    """

    def __init__(
        self,
        heads: list[str],
        codes: list[str],
        weights: list[float] | None = None,
        config: ClassifierConfig | None = None,
    ):
        cfg = self.config = config or ClassifierConfig()
        alpha, prior_power, char_n = cfg.alpha, cfg.prior_power, cfg.char_n
        lr_weight = cfg.lr_weight
        self.char_n = char_n
        self.lr_weight = lr_weight
        self.temperature = cfg.temperature
        self.k = cfg.k
        self.power = cfg.power
        self.nb_weight = cfg.nb_weight
        self.classes = sorted(set(codes))
        index = {c: i for i, c in enumerate(self.classes)}
        k_cls = len(self.classes)
        weights = weights or [1.0] * len(heads)
        # distinct training titles (neighbours) and their codes
        title_index: dict[str, int] = {}
        t_of_row, feat_col, cls_col, w_col = [], [], [], []
        n_titles = np.zeros(k_cls)
        title_feats: list[list[str]] = []
        for head, code, w in zip(heads, codes, weights, strict=True):
            ci = index[code]
            n_titles[ci] += w
            fs = _features(head, char_n)
            ti = title_index.get(head)
            if ti is None:
                ti = title_index[head] = len(title_index)
                title_feats.append(fs)
            t_of_row.append(ti)
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
        del feat_col, cls_col, w_col
        n_feat = counts.group_by("c").agg(pl.col("w").sum())
        total = np.zeros(k_cls)
        total[n_feat["c"].to_numpy()] = n_feat["w"].to_numpy()
        feats = counts["f"]
        bounds = counts.select((pl.col("f") != pl.col("f").shift(1)).fill_null(True).arg_true()).to_series()
        starts = bounds.to_numpy()
        self.vocab = {f: i for i, f in enumerate(feats.gather(bounds).to_list())}
        self.indptr = np.append(starts, counts.height)
        self.cls = counts["c"].to_numpy()
        self.delta = np.log(counts["w"].to_numpy() + alpha) - math.log(alpha)
        self.words = {f for f in self.vocab if ":" not in f and "_" not in f}
        self.base = math.log(alpha) - np.log(total + alpha * len(self.vocab))  # per matched feature
        self.logprior = prior_power * np.log(n_titles / n_titles.sum())
        socs = sorted({c[:7] for c in self.classes})
        self.socs = socs
        soc_index = {s: i for i, s in enumerate(socs)}
        self.soc_of = np.array([soc_index[c[:7]] for c in self.classes])
        self._build_neighbours(title_index, title_feats, t_of_row, codes, weights, index)
        self.lr_E = self.lr_U = self.lr_b = None
        if lr_weight > 0:
            self._fit_softmax(title_feats, cfg.lr_dim, cfg.lr_epochs, cfg.lr_rate, cfg.lr_batch)

    def _build_neighbours(self, title_index, title_feats, t_of_row, codes, weights, index):
        n = len(title_index)
        self.titles = list(title_index)
        # codes of each training title, weights normalised per title
        tc = (
            pl.DataFrame(
                {"t": t_of_row, "c": [index[c] for c in codes], "w": weights},
                schema={"t": pl.Int32, "c": pl.Int32, "w": pl.Float64},
            )
            .group_by("t", "c")
            .agg(pl.col("w").sum())
            .with_columns(pl.col("w") / pl.col("w").sum().over("t"))
            .sort("t", "c")
        )
        self.tc_ptr = np.searchsorted(tc["t"].to_numpy(), np.arange(n + 1))
        self.tc_cls = tc["c"].to_numpy().astype(np.int32)
        self.tc_w = tc["w"].to_numpy().astype(np.float32)
        # TF-IDF vectors of the training titles, as postings per feature (vocab order)
        t_col, f_col, x_col = [], [], []
        for ti, fs in enumerate(title_feats):
            cnt = Counter(fs)
            t_col += [ti] * len(cnt)
            f_col += [self.vocab[f] for f in cnt]
            x_col += list(cnt.values())
        post = pl.DataFrame(
            {"t": t_col, "f": f_col, "x": x_col},
            schema={"t": pl.Int32, "f": pl.Int32, "x": pl.Float64},
        )
        df = np.bincount(post["f"].to_numpy(), minlength=len(self.vocab))
        self.idf = (np.log(n / np.maximum(df, 1)) + 1.0).astype(np.float32)
        post = (
            post.with_columns(
                pl.col("x") * pl.col("f").map_batches(lambda f: pl.Series(self.idf[f.to_numpy()].astype(np.float64)))
            )
            .with_columns(pl.col("x") / (pl.col("x") ** 2).sum().sqrt().over("t"))
            .sort("f", "t")
        )
        self.nn_ptr = np.searchsorted(post["f"].to_numpy(), np.arange(len(self.vocab) + 1))
        self.nn_title = post["t"].to_numpy().astype(np.int32)
        # title weight x query weight (idf; a repeated query feature is gathered twice)
        self.nn_x = (post["x"].to_numpy() * self.idf[post["f"].to_numpy()]).astype(np.float32)

    def _fit_softmax(self, title_feats, dim, epochs, rate, batch, seed=0):
        """Low-rank softmax regression (fastText-style): a title is the sum of its features'
        ``dim``-d embeddings / sqrt(#features), then a linear layer and a softmax over the
        O*NET codes; soft targets = the title's code shares; numpy Adam, mini-batches."""
        rng = np.random.default_rng(seed)
        lens = np.array([len(fs) for fs in title_feats], dtype=np.int64)
        ptr = np.concatenate([[0], np.cumsum(lens)])
        idx = np.fromiter((self.vocab[f] for fs in title_feats for f in fs), dtype=np.int64, count=ptr[-1])
        k = len(self.classes)
        E = (rng.standard_normal((len(self.vocab), dim)) * 0.1).astype(np.float32)
        U = (rng.standard_normal((dim, k)) / np.sqrt(dim)).astype(np.float32)
        b = np.zeros(k, dtype=np.float32)
        params = [E, U, b]
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        b1, b2, step = 0.9, 0.999, 0
        n = len(title_feats)
        for _ in range(epochs):
            order = rng.permutation(n)
            for s in range(0, n, batch):
                rows = order[s : s + batch]
                g, ln = _gather(ptr, rows, lengths=True)
                seg = np.repeat(np.arange(len(rows)), ln)
                f = idx[g]
                inv = (1.0 / np.sqrt(np.maximum(ln, 1))).astype(np.float32)
                # every title has >= 1 feature: segment sums by reduceat (np.add.at is slow)
                h = np.add.reduceat(E[f], np.concatenate([[0], np.cumsum(ln)[:-1]]), axis=0)
                h *= inv[:, None]
                z = h @ U + b
                z -= z.max(1, keepdims=True)
                p = np.exp(z)
                p /= p.sum(1, keepdims=True)
                g2, ln2 = _gather(self.tc_ptr, rows, lengths=True)
                np.add.at(p, (np.repeat(np.arange(len(rows)), ln2), self.tc_cls[g2]), -self.tc_w[g2])
                dz = p / len(rows)
                dh = (dz @ U.T) * inv[:, None]
                step += 1
                c1, c2 = 1 - b1**step, 1 - b2**step
                # dense Adam for the output layer, lazy (sparse) Adam for the feature
                # embeddings: only the rows of features seen in the batch move
                for p_, g_, m_, v_ in zip(params[1:], (h.T @ dz, dz.sum(0)), m[1:], v[1:], strict=True):
                    m_ *= b1
                    m_ += (1 - b1) * g_
                    v_ *= b2
                    v_ += (1 - b2) * g_ * g_
                    p_ -= rate * (m_ / c1) / (np.sqrt(v_ / c2) + 1e-8)
                order_f = np.argsort(f, kind="stable")
                fs = f[order_f]
                first = np.flatnonzero(np.concatenate([[True], fs[1:] != fs[:-1]]))
                rows_e = fs[first]
                g_e = np.add.reduceat(dh[seg[order_f]], first, axis=0)
                m_e = m[0][rows_e] * b1 + (1 - b1) * g_e
                v_e = v[0][rows_e] * b2 + (1 - b2) * g_e * g_e
                m[0][rows_e], v[0][rows_e] = m_e, v_e
                E[rows_e] -= rate * (m_e / c1) / (np.sqrt(v_e / c2) + 1e-8)
        self.lr_E, self.lr_U, self.lr_b = E.astype(np.float16), U, b  # E: half the cache

    def _softmax(self, rows: np.ndarray) -> np.ndarray:
        assert self.lr_E is not None and self.lr_U is not None  # only called when trained
        h = self.lr_E[rows].astype(np.float32).sum(0) / np.float32(math.sqrt(max(len(rows), 1)))
        z = h @ self.lr_U + self.lr_b
        p = np.exp(z - z.max())
        return (p / p.sum()).astype(np.float64)

    def _naive_bayes(self, rows: np.ndarray) -> np.ndarray:
        g = _gather(self.indptr, rows)
        k = len(self.classes)
        score = self.logprior + len(rows) * self.base + np.bincount(self.cls[g], self.delta[g], minlength=k)
        p = np.exp((score - score.max()) / self.temperature)
        return p / p.sum()

    def _neighbours(self, rows: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
        """Vote of the ``k`` nearest training titles (None if none shares a feature), and the
        neighbours (most similar first)."""
        # a feature occurring twice in the query is gathered twice: weight count * idf
        g = _gather(self.nn_ptr, rows)
        sims = np.bincount(self.nn_title[g], self.nn_x[g], minlength=len(self.titles))
        cand = np.nonzero(sims > 0)[0]
        if not len(cand):
            return None, cand
        if len(cand) > self.k:
            cand = cand[np.argpartition(sims[cand], len(cand) - self.k)[-self.k :]]
        top = cand[np.argsort(-sims[cand], kind="stable")]
        g, lens = _gather(self.tc_ptr, top, lengths=True)
        w = self.tc_w[g] * np.repeat(sims[top] ** self.power, lens)
        p = np.bincount(self.tc_cls[g], w, minlength=len(self.classes))
        return p / p.sum(), top

    def mixture(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The mixed distribution over the O*NET codes for a title's known feature rows, and
        its nearest training titles (most similar first)."""
        p = self._naive_bayes(rows)
        p_nn, top = self._neighbours(rows)
        if self.lr_weight > 0:
            p_lr = self._softmax(rows)
            if p_nn is not None:
                p = self.nb_weight * p + self.lr_weight * p_lr + (1.0 - self.nb_weight - self.lr_weight) * p_nn
            else:
                p = (self.nb_weight * p + self.lr_weight * p_lr) / (self.nb_weight + self.lr_weight)
        elif p_nn is not None:
            p = self.nb_weight * p + (1.0 - self.nb_weight) * p_nn
        return p, top

    def _known_rows(self, title: str) -> np.ndarray | None:
        """Feature rows of a title, or None when no word of it is known (and too few of its
        character n-grams: an unknown word such as "Lepidopterist" may still be coded)."""
        every = _features(title, self.char_n)
        fs = [f for f in every if f in self.vocab]
        n_char = sum(f.startswith("C:") for f in every)
        n_char_known = sum(f.startswith("C:") for f in fs)
        if not any(f in self.words for f in fs) and n_char_known < max(3, 0.75 * n_char):
            return None
        return np.fromiter((self.vocab[f] for f in fs), dtype=np.int64, count=len(fs))

    def soc_scores(self, title: str) -> tuple[np.ndarray, np.ndarray] | None:
        """(probability per SOC 6-digit code of ``self.socs``, per O*NET code of
        ``self.classes``), or None when the title has no known word."""
        rows = self._known_rows(title)
        if rows is None:
            return None
        p, _ = self.mixture(rows)
        return np.bincount(self.soc_of, p, minlength=len(self.socs)), p

    def classify(self, title: str) -> tuple[str, float, str] | None:
        """(O*NET code, confidence, explanation) or None when no word of the title is known.

        The explanation is the most similar training title of the winning code, else the
        naive Bayes feature most specific to it."""
        rows = self._known_rows(title)
        if rows is None:
            return None
        fs = [f for f in _features(title, self.char_n) if f in self.vocab]
        p, top = self.mixture(rows)
        p_soc = np.bincount(self.soc_of, p, minlength=len(self.socs))
        best_soc = int(p_soc.argmax())
        ci = int(np.where(self.soc_of == best_soc, p, -1.0).argmax())
        for t in top:
            if ci in self.tc_cls[self.tc_ptr[t] : self.tc_ptr[t + 1]]:
                return self.classes[ci], float(p_soc[best_soc]), self.titles[t]
        # no neighbour of that code: the word-level feature (else n-gram) most specific to it
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
