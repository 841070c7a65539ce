"""Benchmark of the title coder (not a test). Run from the repository root:

    .venv/bin/python bench/bench_tagging.py            # 1M titles
    .venv/bin/python bench/bench_tagging.py --n 100000 --baseline-n 20000

For N seeded noisy titles written to a Parquet file: the wall time and peak RSS of
``hiring-signals tag-titles`` end to end (a fresh process: start-up, read, tag, write; median of
interleaved runs), of a one-pass polars keyword tagger over the same file (the floor), and of a
pandas regex tagger over the same phrases (run on a subsample and scaled linearly; says so);
the reference-data build time and matcher cache size; the O*NET held-out and labelled accuracy.
The figures are recorded through bench/figures.py into docs/benchmarks.md (``make bench``).
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import statistics
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipelines.taxonomy.evaluate import holdout_accuracy, labelled_accuracy
from pipelines.taxonomy.matcher import OnetMatcher, _matcher_cache_path, onet_matcher
from pipelines.taxonomy.normalize import ABBREVIATIONS
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


# a launcher whose only child is the measured command: its RUSAGE_CHILDREN peak is that
# command's own peak RSS (ru_maxrss survives exec: a child of this bench would carry its peak)
LAUNCHER = (
    "import resource, subprocess, sys, time\n"
    "t0 = time.perf_counter(); code = subprocess.call(sys.argv[1:]); t = time.perf_counter() - t0\n"
    "print(t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)"
)
# the floor: a one-pass polars keyword tagger over the same Parquet file (lower-case, one
# leftmost Aho-Corasick scan for the role phrases, first match wins; no normalisation,
# seniority, O*NET, occupations or exposure), reading and writing like the CLI; it imports only
# polars and yaml
FLOOR = """
import sys, yaml, polars as pl
raw = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
role_of = {}
for r in raw["roles"]:
    for p in r["patterns"]:
        role_of.setdefault(p, r["id"])
pl.read_parquet(sys.argv[2]).with_columns(
    pl.col("title").str.to_lowercase().str.extract_many(list(role_of), leftmost=True).list.first()
    .replace_strict(role_of, default="unknown", return_dtype=pl.String).alias("role"),
).write_parquet(sys.argv[3], compression="zstd")
"""
REPO = Path(__file__).resolve().parents[1]


def run_child(cmd: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS MB) of ``cmd`` run in a fresh process."""
    import subprocess

    done = subprocess.run([sys.executable, "-c", LAUNCHER, *cmd], capture_output=True, text=True, cwd=REPO)
    wall, rss, code = done.stdout.splitlines()[-1].split()
    if code != "0":
        raise SystemExit(f"{cmd[0]} failed:\n{done.stderr}")
    return float(wall), float(rss)


def data_build() -> tuple[float, float, float, float]:
    """(scripts/build_taxonomy.py seconds, matcher build seconds, cache MB, shipped data MB)."""
    import subprocess
    import tempfile

    repo = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, str(repo / "scripts" / "build_taxonomy.py"), "--out", tmp], check=True, capture_output=True
        )
        tables = time.perf_counter() - t0
    t0 = time.perf_counter()
    OnetMatcher(onet_training_titles(True))
    build = time.perf_counter() - t0
    onet_matcher(True)
    cache = _matcher_cache_path(True).stat().st_size / 1e6
    data = sum(p.stat().st_size for p in (repo / "pipelines" / "taxonomy" / "data").iterdir()) / 1e6
    return tables, build, cache, data


DOC = REPO / "docs" / "taxonomy.md"
BLOCK = ("<!-- generated by bench/bench_tagging.py: do not edit -->", "<!-- end of generated block -->")


def write_doc_block(lines: list[str]) -> None:
    """Replace the generated block of docs/taxonomy.md ("Speed and memory") with ``lines``."""
    text = DOC.read_text(encoding="utf-8")
    start, end = text.index(BLOCK[0]), text.index(BLOCK[1])
    body = "\n".join(lines)
    DOC.write_text(text[: start + len(BLOCK[0])] + "\n" + body + "\n" + text[end:], encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--baseline-n", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--pool", type=int, default=20_000, help="distinct clean titles in the pool")
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument(
        "--compare-with",
        metavar="DIR",
        help="also time the tag-titles of another checkout (e.g. `git archive <commit>` "
        "unpacked in DIR) in the same interleaved runs",
    )
    args = ap.parse_args(argv)
    import tempfile

    from figures import record

    print(f"polars {pl.__version__}, threads {pl.thread_pool_size()}")
    titles = make_titles(args.n, pool_size=args.pool)
    frame = pl.DataFrame({"title": titles})
    baseline_titles = titles[: args.baseline_n]
    del titles
    print(f"{args.n:,} noisy titles ({frame['title'].n_unique():,} distinct)")
    onet_matcher(True)  # the per-machine matcher cache exists before the timed runs
    cmd = f"python bench/bench_tagging.py --n {args.n}"
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "titles.parquet"
        frame.write_parquet(src)
        cli = [
            str(Path(sys.executable).parent / "hiring-signals"),
            "tag-titles",
            str(src),
            "-o",
            str(Path(tmp) / "out.parquet"),
        ]
        low = [
            sys.executable,
            "-c",
            FLOOR,
            str(REPO / "pipelines" / "taxonomy" / "data" / "roles.yaml"),
            str(src),
            str(Path(tmp) / "floor.parquet"),
        ]
        other = None
        if args.compare_with:
            other = [
                sys.executable,
                "-c",
                f"import sys; sys.path.insert(0, {args.compare_with!r}); from pipelines.cli import main; "
                "raise SystemExit(main(sys.argv[1:]))",
                "tag-titles",
                str(src),
                "-o",
                str(Path(tmp) / "other.parquet"),
            ]
            run_child(other)  # its matcher cache is built once, untimed
        ours, floor, before = [], [], []
        for _ in range(args.runs):  # interleaved: machine drift hits all alike
            ours.append(run_child(cli))
            floor.append(run_child(low))
            if other:
                before.append(run_child(other))
    t_ours = statistics.median(w for w, _ in ours)
    t_floor = statistics.median(w for w, _ in floor)
    m_ours, m_floor = max(m for _, m in ours), max(m for _, m in floor)
    rules = Rules.from_yaml(load_rules())
    bn = min(args.baseline_n, args.n)
    t_pd = pandas_baseline(baseline_titles[:bn], rules) * args.n / bn
    line = (
        f"hiring-signals tag-titles on {args.n:,} noisy titles (Parquet in and out, start-up "
        f"included): median {t_ours:.2f} s, peak RSS {m_ours:.0f} MB; one-pass polars keyword "
        f"tagger, same file: {t_floor:.2f} s, {m_floor:.0f} MB -> {t_ours / t_floor:.1f}x the floor; "
        f"pandas regex tagger (one str.contains per phrase, {bn:,}-title subsample scaled "
        f"linearly): {t_pd:.1f} s -> {t_pd / t_ours:.0f}x slower than tag-titles"
    )
    if before:
        t_b, m_b = statistics.median(w for w, _ in before), max(m for _, m in before)
        line += f"; {args.compare_with}: {t_b:.2f} s, {m_b:.0f} MB"
        cmd += f" --compare-with {args.compare_with}"
        record(
            "tagging",
            f"tag-titles end to end, {args.n:,} titles: this code vs {Path(args.compare_with).name}",
            cmd,
            f"{t_ours:.2f} s / {m_ours:.0f} MB vs {t_b:.2f} s / {m_b:.0f} MB",
            ours=t_ours,
            other=t_b,
            rss_ours=m_ours,
            rss_other=m_b,
        )
    print(line)
    record(
        "tagging",
        f"tag-titles end to end, {args.n:,} titles vs floor and pandas",
        cmd,
        f"tag-titles {t_ours:.2f} s / {m_ours:.0f} MB; keyword floor {t_floor:.2f} s / "
        f"{m_floor:.0f} MB ({t_ours / t_floor:.1f}x); pandas {t_pd:.1f} s (scaled from {bn:,})",
        ours=t_ours,
        floor=t_floor,
        pandas=t_pd,
        rss_ours=m_ours,
        rss_floor=m_floor,
    )
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    doc = [
        f"Measured {stamp} on {pl.thread_pool_size()} threads by `{cmd}` (medians of {args.runs} "
        "interleaved runs; the machine is shared, compare ratios):",
        "",
        "| | wall time | peak RSS |",
        "|---|---|---|",
        f"| `hiring-signals tag-titles`, {args.n:,} noisy titles, Parquet in/out, start-up included | {t_ours:.2f} s | {m_ours:.0f} MB |",
        f"| one-pass polars keyword tagger (the floor), same file | {t_floor:.2f} s ({t_ours / t_floor:.1f}x) | {m_floor:.0f} MB |",
    ]
    if before:
        doc.append(
            f"| `tag-titles` of `{args.compare_with}` (another checkout), same runs | {t_b:.2f} s | {m_b:.0f} MB |"
        )
    doc.append(f"| pandas regex tagger, {bn:,}-title subsample scaled to {args.n:,} | {t_pd:.1f} s | |")
    tables, build, cache, data = data_build()
    doc += [
        "",
        f"Reference data: `scripts/build_taxonomy.py` {tables:.1f} s; shipped tables {data:.1f} MB; "
        f"the matcher (O*NET + BLS Direct Match + ESCO titles) builds in {build:.1f} s once per "
        f"machine and is cached in a {cache:.1f} MB pickle.",
    ]
    write_doc_block(doc)
    line = (
        f"reference data: scripts/build_taxonomy.py {tables:.1f} s; shipped tables {data:.1f} MB; "
        f"O*NET + DMTF + ESCO matcher build {build:.1f} s once per machine, cache {cache:.1f} MB"
    )
    print(line)
    record(
        "tagging",
        "taxonomy data build and matcher cache",
        cmd,
        f"tables {tables:.1f} s, {data:.1f} MB shipped; matcher {build:.1f} s, cache {cache:.1f} MB",
        tables=tables,
        build=build,
        cache=cache,
        data=data,
    )
    if not args.skip_accuracy:
        res = holdout_accuracy()
        print(res)
        record(
            "tagging",
            "O*NET held-out titles (6-digit / 2-digit any-listed)",
            cmd,
            f"{res.soc6_any:.1%} / {res.soc2_any:.1%} on {res.n:,} unseen titles",
            soc6=res.soc6_any,
            soc2=res.soc2_any,
        )
        acc = labelled_accuracy()
        print(
            f"labelled tech titles n={acc['n']:.0f}: role {acc['role']:.1%}, seniority "
            f"{acc['seniority']:.1%}, exposure class {acc['exposure_class']:.1%}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
