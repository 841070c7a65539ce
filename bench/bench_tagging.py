"""Benchmark of the title coder (not a test). Run from the repository root:

    .venv/bin/python bench/bench_tagging.py            # 1M titles
    .venv/bin/python bench/bench_tagging.py --n 100000 --baseline-n 20000

Prints, for N seeded noisy titles: wall time of ``Tagger.tag`` (median of 3 runs, a fresh tagger
each run so no cache carries over; the one-off O*NET matcher build is reported separately),
peak RSS, the same with the role rule set doubled, a pandas regex tagger over the same rules
(run on a subsample and scaled linearly; says so), and the accuracy figures.
"""

from __future__ import annotations

import argparse
import pickle
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.taxonomy.evaluate import (
    holdout_accuracy,
    holdout_gold,
    labelled_accuracy,
)
from pipelines.taxonomy.normalize import ABBREVIATIONS
from pipelines.taxonomy.matcher import OnetMatcher, _matcher_cache_path, onet_matcher
from pipelines.taxonomy.reference import load_rules, onet_training_titles
from pipelines.taxonomy.tagger import Rules, Tagger

DATA = Path(__file__).resolve().parents[1] / "tests" / "taxonomy" / "data"

BASES = [
    "Software Engineer",
    "Backend Engineer",
    "Frontend Developer",
    "Full Stack Developer",
    "iOS Engineer",
    "Android Developer",
    "Machine Learning Engineer",
    "MLE",
    "AI Engineer",
    "Data Engineer",
    "Data Scientist",
    "Data Analyst",
    "SRE",
    "DevOps Engineer",
    "Platform Engineer",
    "Security Engineer",
    "SOC Analyst",
    "QA Tester",
    "QA Automation Engineer",
    "SDET",
    "Product Manager",
    "PM",
    "TPM",
    "Product Designer",
    "UX Researcher",
    "Technical Writer",
    "Content Writer",
    "Copywriter",
    "Recruiter",
    "Sourcer",
    "Account Executive",
    "SDR",
    "Sales Engineer",
    "Solutions Architect",
    "Customer Support Representative",
    "Technical Support Engineer",
    "Customer Success Manager",
    "Engineering Manager",
    "Research Scientist",
    "Data Annotator",
    "MLOps Engineer",
    "Help Desk Technician",
    "Data Center Technician",
    "Network Engineer",
    "Business Analyst",
    "Financial Analyst",
    "Executive Assistant",
    "Registered Nurse",
    "Warehouse Associate",
    "Truck Driver",
    "Office Manager",
    "Marketing Manager",
    "HR Business Partner",
    "Paralegal",
    "SWE",
    "SDE",
]
LEVELS = [
    "",
    "",
    "",
    "Sr.",
    "Senior",
    "Jr.",
    "Junior",
    "Staff",
    "Principal",
    "Lead",
    "Intern",
    "Associate",
]
NUMERIC = ["", "", "", "", " I", " II", " III", " 2", " 3", " L4", " L5"]
TEAMS = [
    "",
    "",
    "Payments",
    "Search",
    "Ranking",
    "Infrastructure",
    "Growth",
    "Ads",
    "Core Platform",
    "Checkout",
    "Identity",
    "Data Platform",
    "ML Platform",
    "Trust & Safety",
    "Mobile",
    "Billing",
    "Risk",
    "Developer Tools",
]
LOCATIONS = [
    "",
    "",
    "(Remote - US)",
    "Remote",
    "New York, NY",
    "London",
    "Berlin (m/w/d)",
    "(Hybrid)",
    "Toronto, ON",
    "San Francisco, CA",
    "Bangalore",
    "(Remote - EMEA)",
    "Austin, TX",
    "Dublin",
    "(f/m/d)",
]
SEPARATORS = [" - ", ", ", " | ", " – "]


def make_pool(size: int, rng: random.Random) -> list[str]:
    """Distinct 'clean' titles as employers write them: level + role + number + team + location."""
    labelled = pl.read_csv(DATA / "labelled_titles.csv")["title"].to_list()
    pool = list(labelled)
    while len(pool) < size:
        t = f"{rng.choice(LEVELS)} {rng.choice(BASES)}{rng.choice(NUMERIC)}".strip()
        team, loc = rng.choice(TEAMS), rng.choice(LOCATIONS)
        if team:
            t += rng.choice(SEPARATORS) + team
        if loc:
            t += (" " if loc.startswith("(") else rng.choice(SEPARATORS)) + loc
        pool.append(t)
    return pool


def make_titles(n: int, seed: int = 7, pool_size: int = 20_000) -> list[str]:
    """n postings drawn from the pool (Zipf-like popularity) with per-posting noise:
    random requisition codes, case changes, gender suffixes, emoji, stray whitespace."""
    rng = random.Random(seed)
    pool = make_pool(pool_size, rng)
    weights = [1.0 / (rank + 10) ** 0.9 for rank in range(len(pool))]
    picks = rng.choices(pool, weights=weights, k=n)
    out = []
    for t in picks:
        r = rng.random()
        if r < 0.3:
            t += f" #R-{rng.randrange(10000, 99999)}"
        elif r < 0.4:
            t = f"JR{rng.randrange(100000, 999999)} {t}"
        elif r < 0.45:
            t += f" (Req {rng.randrange(1000, 9999999)})"
        c = rng.random()
        if c < 0.1:
            t = t.upper()
        elif c < 0.2:
            t = t.lower()
        x = rng.random()
        if x < 0.03:
            t = "🚀 " + t
        elif x < 0.08:
            t += " (m/w/d)"
        elif x < 0.1:
            t = "  " + t.replace(" ", "  ") + " "
        out.append(t)
    return out


def peak_rss_mb() -> float:
    """This process's own peak RSS: ``VmHWM`` of ``/proc/self/status`` where there is one.

    Not ``ru_maxrss``: on Linux that survives ``execve``, so a child started by this bench would
    report the parent's peak (the parent has tagged 1M titles six times) whenever that is higher.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:  # pragma: no cover - not Linux
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


LAST_MIN = (float("nan"), float("nan"))


def time_pair(
    frame: pl.DataFrame, rules_a: Rules, rules_b: Rules, matcher, runs: int = 3
):
    """Interleaved runs (a, b, a, b, ...) so machine drift hits both rule sets alike; a fresh
    tagger per run so no cache carries over. Returns (median a, median b, last output of a)."""
    times_a, times_b, out = [], [], None
    for _ in range(runs):
        for rules, times in ((rules_a, times_a), (rules_b, times_b)):
            tagger = Tagger(rules=rules, matcher=matcher)
            t0 = time.perf_counter()
            result = tagger.tag(frame, "title")
            times.append(time.perf_counter() - t0)
            if rules is rules_a:
                out = result
            del result
    global LAST_MIN
    LAST_MIN = (min(times_a), min(times_b))
    return statistics.median(times_a), statistics.median(times_b), out


def memory_child(n: int, pool: int) -> None:
    """Run in a fresh process: build the input frame, free the generator's objects, tag once."""
    import gc

    frame = pl.DataFrame({"title": make_titles(n, pool_size=pool)})
    gc.collect()
    matcher = onet_matcher(True)
    rules = Rules.from_yaml(load_rules())
    before = current_rss_mb()
    Tagger(rules=rules, matcher=matcher).tag(frame, "title")
    print(f"{before:.0f} {peak_rss_mb():.0f}")


def current_rss_mb() -> float:
    try:
        import psutil

        return psutil.Process().memory_info().rss / 2**20
    except ImportError:  # pragma: no cover
        return float("nan")


def pandas_baseline(titles: list[str], rules: Rules) -> float:
    """The naive approach: pandas string ops, one regex per rule phrase, first match by priority."""
    import pandas as pd

    s = pd.Series(titles, dtype="object")
    t0 = time.perf_counter()
    s = s.str.lower()
    s = s.str.replace(
        r"\(\s*[mwfdx]\s*/\s*[mwfdx](?:\s*/\s*[mwfdx])?\s*\)|#\s*[a-z]{0,3}-?\d[\w-]*|\b[a-z]{0,4}-?\d{4,}[\w-]*",
        " ",
        regex=True,
    )
    head = s.str.split(r"\s+[-–—|]\s*|,|\(|\|", n=1, regex=True).str[0]
    head = head.str.replace(r"[^a-z0-9+#]+", " ", regex=True)
    for abbr, full in ABBREVIATIONS.items():
        if abbr != full and " " not in abbr:
            head = head.str.replace(rf"\b{re.escape(abbr)}\b", full, regex=True)
    role = pd.Series([None] * len(head), dtype="object")
    phrases = sorted(rules.phrase_role.items(), key=lambda kv: (-kv[1][1], -len(kv[0])))
    for phrase, (rid, _prio) in phrases:
        hit = role.isna() & head.str.contains(rf"\b{re.escape(phrase)}\b", regex=True)
        role[hit] = rid
    seniority = pd.Series(["mid"] * len(head), dtype="object")
    for level in [
        "intern",
        "entry",
        "senior",
        "staff",
        "principal",
        "manager",
        "director",
        "executive",
    ]:
        words = [
            p
            for p, lvl in rules.seniority_phrase.items()
            if lvl >= 0
            and Tagger.__dict__
            and p
            and lvl
            == [
                "intern",
                "entry",
                "mid",
                "senior",
                "staff",
                "principal",
                "manager",
                "director",
                "executive",
            ].index(level)
        ]
        if words:
            pat = r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b"
            seniority[head.str.contains(pat, regex=True)] = level
    return time.perf_counter() - t0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--baseline-n", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument(
        "--pool", type=int, default=20_000, help="distinct clean titles in the pool"
    )
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.memory_child:
        memory_child(args.n, args.pool)
        return 0

    print(f"polars {pl.__version__}, threads {pl.thread_pool_size()}")
    t0 = time.perf_counter()
    titles = make_titles(args.n, pool_size=args.pool)
    frame = pl.DataFrame({"title": titles})
    baseline_titles = titles[: args.baseline_n]
    del titles
    print(
        f"generated {args.n:,} titles in {time.perf_counter() - t0:.1f}s from a pool of "
        f"{args.pool:,} clean titles ({frame['title'].n_unique():,} distinct raw titles)"
    )

    t0 = time.perf_counter()
    rules = Rules.from_yaml(load_rules())
    matcher = onet_matcher(True)
    print(
        f"startup (rules + O*NET matcher build, once per process): {time.perf_counter() - t0:.2f}s; "
        f"{len(rules.phrase_role)} role phrases"
    )
    # cost of the O*NET title classifier, paid once per DISTINCT head no curated role matches:
    # measured on the held-out O*NET titles with the matcher that never saw them (unseen titles)
    t0 = time.perf_counter()
    OnetMatcher(onet_training_titles(False))
    build = time.perf_counter() - t0
    cache = _matcher_cache_path(False)
    onet_matcher(False)  # make sure the cache file exists
    t0 = time.perf_counter()
    with cache.open("rb") as fh:
        held_matcher = pickle.load(fh)
    load = time.perf_counter() - t0
    sample_heads = holdout_gold()["head"].to_list()
    t0 = time.perf_counter()
    for h in sample_heads:
        held_matcher.classify(h)
    per = (time.perf_counter() - t0) / len(sample_heads)
    probe = Tagger(rules=rules, matcher=matcher).tag(frame.head(200_000), "title")
    n_nb = probe["tag_rule"].str.starts_with("onet_clf:").sum()
    print(
        f"O*NET matcher: build {build:.1f}s, pickle cache {cache.stat().st_size / 1e6:.1f} MB "
        f"loaded in {load:.2f}s; title classifier {per * 1e3:.2f} ms per distinct unmatched head "
        f"({len(sample_heads)} held-out O*NET titles); rows coded by it in the first 200k bench "
        f"titles: {n_nb:,} (its cost is included in the timings below)"
    )
    del probe
    doubled = Rules.from_yaml(load_rules(), extra_copies=1)
    wall, wall2, out = time_pair(frame, rules, doubled, matcher, args.runs)
    print(
        f"tag {args.n:,} titles: median of {args.runs} = {wall:.3f}s ({args.n / wall / 1e6:.2f} M titles/s; "
        f"best {LAST_MIN[0]:.3f}s; other processes on the machine add noise)"
    )
    print(
        f"  roles unknown: {(out['role'] == 'unknown').mean():.1%}; "
        f"top roles: {out['role'].value_counts(sort=True).head(5).rows()}"
    )
    del out
    print(
        f"doubled rule set ({len(doubled.phrase_role)} role phrases): median {wall2:.3f}s "
        f"({(wall2 / wall - 1):+.1%} vs {len(rules.phrase_role)} phrases; runs interleaved; "
        f"best {LAST_MIN[1]:.3f}s, {(LAST_MIN[1] / LAST_MIN[0] - 1):+.1%})"
    )
    import subprocess

    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--memory-child",
            "--n",
            str(args.n),
            "--pool",
            str(args.pool),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    before, peak = child.stdout.split()
    print(
        f"peak RSS of a fresh process tagging {args.n:,} titles once: {peak} MB "
        f"(RSS before tagging, input frame + reference tables loaded: {before} MB)"
    )

    bn = min(args.baseline_n, args.n)
    pd_time = pandas_baseline(baseline_titles[:bn], rules)
    scaled = pd_time * args.n / bn
    ours_scaled = wall
    print(
        f"pandas regex baseline (same phrases, one str.contains per phrase): {pd_time:.2f}s on a "
        f"{bn:,}-title subsample, scaled linearly to {args.n:,}: {scaled:.1f}s -> "
        f"speed ratio {scaled / ours_scaled:.0f}x"
    )

    if not args.skip_accuracy:
        print(holdout_accuracy())
        acc = labelled_accuracy()
        print(
            f"labelled tech titles n={acc['n']:.0f}: role {acc['role']:.1%}, seniority "
            f"{acc['seniority']:.1%}, exposure class {acc['exposure_class']:.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
