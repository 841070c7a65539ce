"""Experiment behind the softmax member of ``classifier.TitleClassifier``: low-rank softmax
regression (fastText-style: sum of feature embeddings / sqrt(n) -> linear -> softmax over the
O*NET codes), numpy Adam, scored every few epochs alone and in NB / neighbour / softmax mixes on
the validation split of the training titles (scripts/tune_title_classifier.py), never the
hold-out. Run from the repository root::

    .venv/bin/python scripts/lr_experiment.py --d 64 --epochs 6 [--drop 0.2]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "scripts"))
from tune_title_classifier import validation_split  # noqa: E402

from pipelines.taxonomy.classifier import TitleClassifier, _features  # noqa: E402


def design(clf: TitleClassifier, titles: list[str]):
    ptr, idx = [0], []
    for t in titles:
        rows = [clf.vocab[f] for f in _features(t, clf.char_n) if f in clf.vocab]
        idx += rows
        ptr.append(len(idx))
    return np.array(ptr, dtype=np.int64), np.array(idx, dtype=np.int64)


class SoftmaxLR:
    def __init__(self, n_feat, n_cls, d=64, seed=0):
        rng = np.random.default_rng(seed)
        self.E = (rng.standard_normal((n_feat, d)) * 0.1).astype(np.float32)
        self.U = (rng.standard_normal((d, n_cls)) / np.sqrt(d)).astype(np.float32)
        self.b = np.zeros(n_cls, dtype=np.float32)

    def hidden(self, ptr, idx, rows):
        starts, ends = ptr[rows], ptr[rows + 1]
        lens = ends - starts
        g = np.repeat(starts - np.cumsum(lens) + lens, lens) + np.arange(lens.sum())
        seg = np.repeat(np.arange(len(rows)), lens)
        f = idx[g]
        h = np.zeros((len(rows), self.E.shape[1]), dtype=np.float32)
        np.add.at(h, seg, self.E[f])
        inv = (1.0 / np.sqrt(np.maximum(lens, 1))).astype(np.float32)
        return h * inv[:, None], f, seg, inv

    def fit(self, ptr, idx, tptr, tcls, tw, epochs=10, batch=512, lr=0.01, l2=0.0, drop=0.0, seed=0, log=None):
        rng = np.random.default_rng(seed)
        n = len(ptr) - 1
        params = [self.E, self.U, self.b]
        m = [np.zeros_like(p) for p in params]
        v = [np.zeros_like(p) for p in params]
        b1, b2, eps, step = 0.9, 0.999, 1e-8, 0
        for ep in range(epochs):
            order = rng.permutation(n)
            for s in range(0, n, batch):
                rows = order[s : s + batch]
                h, f, seg, inv = self.hidden(ptr, idx, rows)
                if drop:
                    h = h * (rng.random(h.shape) > drop) / (1 - drop)
                z = h @ self.U + self.b
                z -= z.max(1, keepdims=True)
                p = np.exp(z)
                p /= p.sum(1, keepdims=True)
                # soft targets
                g2, lens = _gather2(tptr, rows)
                y = np.zeros_like(p)
                np.add.at(y, (np.repeat(np.arange(len(rows)), lens), tcls[g2]), tw[g2])
                dz = (p - y) / len(rows)
                dU = h.T @ dz
                db = dz.sum(0)
                dh = dz @ self.U.T
                dh *= inv[:, None]
                dE = np.zeros_like(self.E)
                np.add.at(dE, f, dh[seg])
                if l2:
                    dU += l2 * self.U
                step += 1
                for p_, g_, m_, v_ in zip(params, [dE, dU, db], m, v):
                    m_ *= b1
                    m_ += (1 - b1) * g_
                    v_ *= b2
                    v_ += (1 - b2) * g_ * g_
                    p_ -= lr * (m_ / (1 - b1**step)) / (np.sqrt(v_ / (1 - b2**step)) + eps)
            if log:
                log(ep)

    def proba(self, rows_feat: np.ndarray) -> np.ndarray:
        h = self.E[rows_feat].sum(0) / np.sqrt(max(len(rows_feat), 1))
        z = h @ self.U + self.b
        p = np.exp(z - z.max())
        return p / p.sum()


def _gather2(ptr, rows):
    starts = ptr[rows]
    lens = ptr[rows + 1] - starts
    ends = np.cumsum(lens)
    return np.repeat(starts - ends + lens, lens) + np.arange(ends[-1]), lens


def evaluate(clf, lr, gold, mixes):
    """per mix (w_nb, w_nn, w_lr): soc6/soc2 any-listed on gold; also ms for lr part."""
    res = {m: [0, 0] for m in mixes}
    golds6 = [{c[:7] for c in cs} for cs in gold["codes"].to_list()]
    golds2 = [{c[:2] for c in cs} for cs in gold["codes"].to_list()]
    t_lr = 0.0
    for head, g6, g2 in zip(gold["head"], golds6, golds2):
        every = _features(head, clf.char_n)
        fs = [f for f in every if f in clf.vocab]
        n_char = sum(f.startswith("C:") for f in every)
        n_char_known = sum(f.startswith("C:") for f in fs)
        if not any(f in clf.words for f in fs) and n_char_known < max(3, 0.75 * n_char):
            continue
        rows = np.fromiter((clf.vocab[f] for f in fs), dtype=np.int64, count=len(fs))
        p_nb = clf._naive_bayes(rows)
        p_nn, _ = clf._neighbours(rows)
        t0 = time.perf_counter()
        p_lr = lr.proba(rows)
        t_lr += time.perf_counter() - t0
        for mix in mixes:
            a, b, c = mix
            if p_nn is None:
                s = a + c
                p = (a * p_nb + c * p_lr) / s if s else p_nb
            else:
                p = a * p_nb + b * p_nn + c * p_lr
            p_soc = np.bincount(clf.soc_of, p, minlength=len(clf.socs))
            soc = clf.socs[int(p_soc.argmax())]
            res[mix][0] += soc in g6
            res[mix][1] += soc[:2] in g2
    n = gold.height
    return {m: (r[0] / n, r[1] / n) for m, r in res.items()}, t_lr / n * 1e3


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--d", type=int, default=64)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--batch", type=int, default=512)
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--eval-every", type=int, default=2)
    a = ap.parse_args()
    items, gold = validation_split()
    heads, codes, weights = map(list, zip(*items, strict=True))
    clf = TitleClassifier(heads, codes, weights)
    ptr, idx = design(clf, clf.titles)
    model = SoftmaxLR(len(clf.vocab), len(clf.classes), d=a.d)
    mixes = [
        (1, 0, 0),
        (0.4, 0.6, 0),
        (0, 0, 1),
        (0.5, 0, 0.5),
        (0, 0.5, 0.5),
        (0.2, 0.5, 0.3),
        (0.3, 0.4, 0.3),
        (0.2, 0.4, 0.4),
        (0.1, 0.4, 0.5),
        (0.2, 0.3, 0.5),
        (0.15, 0.25, 0.6),
    ]
    t0 = time.perf_counter()
    train_t = [0.0]

    def log(ep):
        train_t[0] = time.perf_counter() - t0 - log.shift
        if (ep + 1) % a.eval_every == 0 or ep + 1 == a.epochs:
            r, ms = evaluate(clf, model, gold, mixes)
            best = max(r, key=lambda m: r[m][0])
            print(
                f"  ep {ep + 1} train {train_t[0]:.1f}s lr-ms {ms:.3f} "
                + " ".join(f"{m}:{v[0]:.3f}/{v[1]:.3f}" for m, v in r.items())
                + f" | best {best} {r[best][0]:.3f}",
                flush=True,
            )
            log.shift = time.perf_counter() - t0 - train_t[0]

    log.shift = 0.0
    print(vars(a), flush=True)
    model.fit(ptr, idx, clf.tc_ptr, clf.tc_cls, clf.tc_w, epochs=a.epochs, batch=a.batch, lr=a.lr, drop=a.drop, log=log)


if __name__ == "__main__":
    main()
