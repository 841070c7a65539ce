"""Score the layoff-text extractor on labelled passages (real text kept outside the repository).

    python scripts/score_attribution.py /work/realdata/attribution/passages.jsonl [--split dev|untuned|all]
        [--engine cli|python] [--show-errors]

Input: JSONL (or CSV) with ``text`` and optional ``headline`` plus the labels of
docs/ai-attribution.md: ``is_layoff``, ``company``, ``employees_affected``, ``workforce_pct``,
``ai_attributed``, ``evidence``, ``reason``, ``roles`` (role phrases as the text gives them),
optional ``split`` and ``id``.

``--engine cli`` (default) writes the unlabelled columns to a temporary JSONL, runs
``hiring-signals attribute IN -o OUT`` (the command analysts use, the same code the pipeline
runs) and reads the output back. ``--engine python`` calls
``pipelines.layoff_text.extract.extract_announcement`` in-process (how the "before" figures
were taken, before the command existed).

Printed per split:

- ``ai_attributed`` precision / recall: a true positive needs the predicted ``ai_evidence`` to be
  a verbatim substring of the text (whitespace normalised only); a flag without such a quote
  counts as a false positive. ``evidence~gold``: share of true positives whose quote overlaps the
  labelled evidence sentence.
- ``is_layoff`` accuracy; ``reason`` accuracy on the passages labelled as layoffs.
- company from headline: rows with a headline and a labelled company; a match is an equal
  ``company_key`` or one key's words contained in the other's ("BT Group" ~ "BT").
- head count / workforce % exact-match rate where labelled (and how many were invented where
  the label is empty).
- roles: labelled role phrases and predicted ``roles_mentioned`` are both coded with the
  taxonomy (``tag_titles``); recall = labelled role codes found / labelled role codes (phrases the
  taxonomy codes ``unknown`` are left out), precision = predicted codes that are labelled.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

INPUT_COLUMNS = ("id", "text", "headline")


def _load(path: Path) -> list[dict]:
    if path.suffix.lower() == ".csv":
        import polars as pl

        return pl.read_csv(path, infer_schema_length=10000).to_dicts()
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _ws(s: str | None) -> str:
    return re.sub(r"\s+", " ", (s or "").replace("\u00a0", " ")).strip()


def _predict_cli(rows: list[dict]) -> list[dict]:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.jsonl", Path(tmp) / "out.jsonl"
        with src.open("w", encoding="utf-8") as fh:
            for r in rows:
                fh.write(json.dumps({c: r.get(c) for c in INPUT_COLUMNS}, ensure_ascii=False) + "\n")
        exe = Path(sys.executable).with_name("hiring-signals")
        cmd = (
            [str(exe), "attribute", str(src), "-o", str(dst)]
            if exe.exists()
            else [sys.executable, "-m", "pipelines.cli", "attribute", str(src), "-o", str(dst)]
        )
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ})
        if done.returncode != 0:
            raise SystemExit(f"hiring-signals attribute failed ({done.returncode}): {done.stderr.strip()}")
        return [json.loads(line) for line in dst.read_text(encoding="utf-8").splitlines() if line.strip()]


def _predict_python(rows: list[dict]) -> list[dict]:
    from pipelines.layoff_text.extract import LAYOFF_RE, extract_announcement

    out = []
    for r in rows:
        a = extract_announcement(r["text"], headline=r.get("headline"))
        out.append(
            {
                "id": r.get("id"),
                "is_layoff": bool(LAYOFF_RE.search(f"{r.get('headline') or ''}\n{r['text']}")),
                "company": a.company,
                "employees_affected": a.employees_affected,
                "workforce_pct": a.workforce_pct,
                "ai_attributed": a.ai_attributed,
                "ai_evidence": a.ai_evidence,
                "ai_mentioned": a.ai_mentioned,
                "reason": a.reason,
                "roles_mentioned": getattr(a, "roles_mentioned", None),
            }
        )
    return out


def _company_match(pred: str | None, gold: str | None) -> bool:
    from pipelines.fields.companies import company_key

    p, g = company_key(pred), company_key(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    pt, gt = set(p.split("-")), set(g.split("-"))
    return pt <= gt or gt <= pt


def _role_codes(phrases: list[str]) -> dict[str, str]:
    import polars as pl

    from pipelines.taxonomy import tag_titles

    uniq = sorted({p for p in phrases if p})
    if not uniq:
        return {}
    try:
        tag_titles(pl.DataFrame({"title": ["recruiter"]}), column="title")
    except ImportError as exc:  # the taxonomy package is mid-edit: roles cannot be scored now
        print(f"warning: taxonomy unavailable ({exc}); roles not scored", file=sys.stderr)
        return {}
    tagged = tag_titles(pl.DataFrame({"title": uniq}), column="title")
    return dict(zip(tagged["title"].to_list(), tagged["role"].to_list(), strict=True))


def score(rows: list[dict], preds: list[dict]) -> dict[str, float]:
    tp = fp = fn = overlap = 0
    layoff_ok = reason_ok = reason_n = 0
    head_ok = head_n = 0
    cnt_ok = cnt_n = cnt_invented = pct_ok = pct_n = pct_invented = 0
    gold_phrases = [p for r in rows for p in (r.get("roles") or [])]
    pred_phrases = [p for q in preds for p in (q.get("roles_mentioned") or [])]
    codes = _role_codes(gold_phrases + pred_phrases)
    role_found = role_gold = role_pred = role_pred_ok = 0
    for r, q in zip(rows, preds, strict=True):
        gold_ai = bool(r["ai_attributed"])
        ev = q.get("ai_evidence")
        pred_ai = bool(q.get("ai_attributed")) and bool(ev) and _ws(ev) in _ws(r["text"])
        if q.get("ai_attributed") and not pred_ai:
            fp += 1  # a flag without a verbatim quote
            fn += gold_ai
        elif pred_ai and gold_ai:
            tp += 1
            g = _ws(r.get("evidence"))
            overlap += bool(g) and (g in _ws(ev) or _ws(ev) in g)
        elif pred_ai:
            fp += 1
        elif gold_ai:
            fn += 1
        layoff_ok += bool(q.get("is_layoff")) == bool(r["is_layoff"])
        if r["is_layoff"]:
            reason_n += 1
            reason_ok += q.get("reason") == r["reason"]
        if r.get("headline") and r.get("company"):
            head_n += 1
            head_ok += _company_match(q.get("company"), r["company"])
        if r["is_layoff"]:
            if r.get("employees_affected") is not None:
                cnt_n += 1
                cnt_ok += q.get("employees_affected") == r["employees_affected"]
            elif q.get("employees_affected") is not None:
                cnt_invented += 1
            if r.get("workforce_pct") is not None:
                pct_n += 1
                got = q.get("workforce_pct")
                pct_ok += got is not None and abs(float(got) - float(r["workforce_pct"])) < 0.05
            elif q.get("workforce_pct") is not None:
                pct_invented += 1
        gold_codes = {codes.get(p) for p in (r.get("roles") or [])} - {None, "unknown"}
        pred_codes = {codes.get(p) for p in (q.get("roles_mentioned") or [])} - {None, "unknown"}
        role_gold += len(gold_codes)
        role_found += len(gold_codes & pred_codes)
        role_pred += len(pred_codes)
        role_pred_ok += len(pred_codes & gold_codes)
    n = len(rows)
    return {
        "n": n,
        "positives": tp + fn,
        "precision": tp / (tp + fp) if tp + fp else float("nan"),
        "recall": tp / (tp + fn) if tp + fn else float("nan"),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "evidence_overlap": overlap / tp if tp else float("nan"),
        "is_layoff_acc": layoff_ok / n if n else float("nan"),
        "reason_acc": reason_ok / reason_n if reason_n else float("nan"),
        "reason_n": reason_n,
        "company_headline_acc": head_ok / head_n if head_n else float("nan"),
        "headline_n": head_n,
        "count_acc": cnt_ok / cnt_n if cnt_n else float("nan"),
        "count_n": cnt_n,
        "count_invented": cnt_invented,
        "pct_acc": pct_ok / pct_n if pct_n else float("nan"),
        "pct_n": pct_n,
        "pct_invented": pct_invented,
        "roles_recall": role_found / role_gold if role_gold else float("nan"),
        "roles_gold": role_gold,
        "roles_precision": role_pred_ok / role_pred if role_pred else float("nan"),
        "roles_pred": role_pred,
    }


def _errors(rows: list[dict], preds: list[dict]) -> None:
    for r, q in zip(rows, preds, strict=True):
        probs = []
        if bool(q.get("ai_attributed")) != bool(r["ai_attributed"]):
            probs.append(f"ai gold={r['ai_attributed']} got={q.get('ai_attributed')} ev={q.get('ai_evidence')!r}")
        if r["is_layoff"] and q.get("reason") != r["reason"]:
            probs.append(f"reason gold={r['reason']} got={q.get('reason')}")
        if r.get("headline") and r.get("company") and not _company_match(q.get("company"), r["company"]):
            probs.append(f"company gold={r['company']!r} got={q.get('company')!r}")
        if probs:
            print(f"- {r.get('id')} {r.get('url')}\n    " + "\n    ".join(probs))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--split", default="all", help="dev, untuned or all (default: all, each split reported)")
    ap.add_argument("--engine", choices=["cli", "python"], default="cli")
    ap.add_argument(
        "--show-errors",
        action="store_true",
        help="list each disagreement (never use on the untuned split while tuning)",
    )
    args = ap.parse_args(argv)
    rows = _load(args.path)
    for r in rows:
        r.setdefault("id", None)
        if isinstance(r.get("roles"), str):
            r["roles"] = [p.strip() for p in r["roles"].split(";") if p.strip()]
    preds = _predict_cli(rows) if args.engine == "cli" else _predict_python(rows)
    splits = sorted({r.get("split") or "all" for r in rows}) if args.split == "all" else [args.split]
    for split in splits:
        idx = [
            i
            for i, r in enumerate(rows)
            if (args.split == "all" and split == "all") or (r.get("split") or "all") == split
        ]
        sub_rows, sub_preds = [rows[i] for i in idx], [preds[i] for i in idx]
        s = score(sub_rows, sub_preds)
        print(
            f"[{split}] n={s['n']} positives={s['positives']}  ai_attributed precision={s['precision']:.2f} "
            f"recall={s['recall']:.2f} (tp={s['tp']} fp={s['fp']} fn={s['fn']}; evidence~gold {s['evidence_overlap']:.2f})"
        )
        print(
            f"[{split}] is_layoff acc={s['is_layoff_acc']:.2f}  reason acc={s['reason_acc']:.2f} (n={s['reason_n']})  "
            f"company-from-headline acc={s['company_headline_acc']:.2f} (n={s['headline_n']})"
        )
        print(
            f"[{split}] count acc={s['count_acc']:.2f} (n={s['count_n']}, invented {s['count_invented']})  "
            f"workforce_pct acc={s['pct_acc']:.2f} (n={s['pct_n']}, invented {s['pct_invented']})  "
            f"roles recall={s['roles_recall']:.2f} (n={s['roles_gold']}) precision={s['roles_precision']:.2f} (n={s['roles_pred']})"
        )
        if args.show_errors:
            if split == "untuned":
                print("[untuned] errors not listed: this split is never looked at while tuning")
            else:
                _errors(sub_rows, sub_preds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
