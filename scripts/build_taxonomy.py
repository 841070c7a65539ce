"""Build the reference tables shipped in ``pipelines/taxonomy/data`` from ../shared/data/taxonomy.

Reproducible: the same inputs give byte-identical tables (sorted rows, deterministic hold-out
split, no timestamps in the data). Run from the repository root::

    .venv/bin/python scripts/build_taxonomy.py [--shared ../shared/data/taxonomy]

Outputs (Parquet, zstd):

* ``onet_occupations.parquet`` - O*NET 27.0 occupations: onet_soc_code, soc_code, title, job_zone
* ``onet_titles.parquet``      - O*NET 27.0 alternate titles (+ short titles) with a fixed, seeded
                                 ``holdout`` flag used only by the accuracy evaluation: 10 % of
                                 the distinct *normalised* titles (``normalize.py`` head), each
                                 with all its (code, title) rows, so a held-out title is unseen
* ``soc_crosswalk.parquet``    - O*NET-SOC 2019 -> SOC 2018 (first 7 characters) and the BLS
                                 National Employment Matrix code/title (public domain)
* ``extra_titles.parquet``     - more expert-coded titles for the lookup and the classifier:
                                 the BLS SOC 2018 Direct Match Title File (``bls_dmtf``; SOC code
                                 -> its O*NET-SOC ``.00`` code, else the lowest one) and ESCO
                                 occupations' preferred and alternative English labels, coded
                                 through Nesta's ESCO -> O*NET crosswalk (``esco``; crosswalk
                                 confidence >= 1 only, codes not in O*NET 27.0 dropped)
* ``exposure.parquet``         - per SOC 2018 code: each published measure in its own column plus
                                 the combined ``exposure_score`` (see docs/taxonomy.md)

AIOE (Felten et al.) has no licence and is deliberately NOT read here; tests compare against it
from ../shared only.
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import polars as pl

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "pipelines" / "taxonomy" / "data"
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "taxonomy"

HOLDOUT_SEED = "hiring-signals-taxonomy-v2-head"
HOLDOUT_PERCENT = 10

if str(REPO) not in sys.path:  # the split is keyed on the coder's own normalised title
    sys.path.insert(0, str(REPO))
from pipelines.taxonomy.normalize import normalize_frame  # noqa: E402


def holdout_flag(head: str) -> bool:
    """Deterministic, order-independent 10 % split keyed on the normalised title (``head`` of
    ``normalize_frame``): every (code, title) row whose title normalises to a held-out head is
    held out, whatever its code, so the lookup and classifier never see that title."""
    digest = hashlib.sha256(f"{HOLDOUT_SEED}|{head}".encode()).digest()
    return int.from_bytes(digest[:8], "big") % 100 < HOLDOUT_PERCENT


def _read_tsv(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, separator="\t", infer_schema=False, quote_char=None)


def read_xlsx_sheet(path: Path, sheet: int = 1) -> list[list[str | None]]:
    """Minimal stdlib reader for a simple xlsx sheet (shared strings + plain values)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(path) as z:
        shared = [
            "".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t"))
            for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", ns)
        ]
        root = ET.fromstring(z.read(f"xl/worksheets/sheet{sheet}.xml"))
    rows: list[list[str | None]] = []
    for row in root.findall(".//m:sheetData/m:row", ns):
        values: list[str | None] = []
        for cell in row.findall("m:c", ns):
            v = cell.find("m:v", ns)
            val = v.text if v is not None else None
            if cell.get("t") == "s" and val is not None:
                val = shared[int(val)]
            values.append(val)
        rows.append(values)
    return rows


def build_occupations(shared: Path) -> pl.DataFrame:
    occ = _read_tsv(shared / "onet_27_0" / "Occupation Data.txt").select(
        pl.col("O*NET-SOC Code").alias("onet_soc_code"), pl.col("Title").alias("title")
    )
    zones = _read_tsv(shared / "onet_27_0" / "Job Zones.txt").select(
        pl.col("O*NET-SOC Code").alias("onet_soc_code"),
        pl.col("Job Zone").cast(pl.Int8).alias("job_zone"),
    )
    return (
        occ.join(zones, on="onet_soc_code", how="left")
        .with_columns(pl.col("onet_soc_code").str.slice(0, 7).alias("soc_code"))
        .select("onet_soc_code", "soc_code", "title", "job_zone")
        .sort("onet_soc_code")
    )


def build_titles(shared: Path) -> pl.DataFrame:
    alt = _read_tsv(shared / "onet_27_0" / "Alternate Titles.txt").select(
        pl.col("O*NET-SOC Code").alias("onet_soc_code"),
        pl.col("Alternate Title").alias("title"),
        pl.when(pl.col("Short Title") == "n/a").then(None).otherwise(pl.col("Short Title")).alias("short_title"),
    )
    alt = alt.unique(["onet_soc_code", "title"], keep="first", maintain_order=True)
    heads = normalize_frame(alt, "title").select("title", "head")
    flags = heads.select(
        "title",
        pl.col("head").map_elements(holdout_flag, return_dtype=pl.Boolean).alias("holdout"),
    )
    return (
        alt.join(flags, on="title", how="left")
        .select("onet_soc_code", "title", "short_title", "holdout")
        .sort("onet_soc_code", "title")
    )


def _onet_of_soc(occupations: pl.DataFrame) -> pl.DataFrame:
    """SOC 2018 6-digit -> one O*NET-SOC code: the ``.00`` occupation, else the lowest code."""
    return (
        occupations.select("soc_code", "onet_soc_code")
        .sort("soc_code", pl.col("onet_soc_code").str.ends_with(".00").not_(), "onet_soc_code")
        .unique("soc_code", keep="first")
    )


def build_extra_titles(shared: Path, occupations: pl.DataFrame) -> pl.DataFrame:
    """Expert-coded titles beyond O*NET's own: BLS Direct Match Title File and ESCO labels."""
    dmtf = pl.read_csv(shared / "bls_dmtf_2018" / "soc_2018_direct_match_title_file.csv", infer_schema=False).select(
        pl.col("2018 SOC Code").str.strip_chars().alias("soc_code"),
        pl.col("2018 SOC Direct Match Title").str.strip_chars().alias("title"),
    )
    dmtf = dmtf.join(_onet_of_soc(occupations), on="soc_code", how="inner").select(
        "onet_soc_code", "title", pl.lit("bls_dmtf").alias("source")
    )
    nesta = shared / "esco_onet_nesta"
    walk = pl.read_csv(nesta / "esco_onet_crosswalk_Nov2020.csv", infer_schema=False).filter(
        pl.col("confidence").cast(pl.Float64) >= 1.0
    )
    esco = pl.read_csv(nesta / "esco_occup_level5.csv", infer_schema=False)
    labels = esco.select(
        "concept_uri",
        pl.concat_list(
            pl.col("preferred_label"),
            pl.col("alt_labels").fill_null("").str.split("\n"),
        ).alias("title"),
    ).explode("title")
    esco_rows = (
        labels.with_columns(pl.col("title").str.strip_chars())
        .filter(pl.col("title") != "")
        .join(walk.select("concept_uri", pl.col("onet_code").alias("onet_soc_code")), on="concept_uri")
        .join(occupations.select("onet_soc_code"), on="onet_soc_code", how="semi")
        .select("onet_soc_code", "title", pl.lit("esco").alias("source"))
    )
    return (
        pl.concat([dmtf, esco_rows])
        .unique(["onet_soc_code", "title", "source"])
        .sort("source", "onet_soc_code", "title")
    )


def build_crosswalk(shared: Path, occupations: pl.DataFrame) -> pl.DataFrame:
    rows = read_xlsx_sheet(shared / "gpts_are_gpts" / "nem-onet-to-soc-crosswalk.xlsx", 1)
    header_at = next(i for i, r in enumerate(rows) if r and r[0] == "Sort Order")
    header = rows[header_at]
    data = [r + [None] * (len(header) - len(r)) for r in rows[header_at + 1 :] if r and r[1]]
    nem = pl.DataFrame(data, schema=header, orient="row").select(
        pl.col("O*NET-SOC Code").alias("onet_soc_code"),
        pl.col("NEM Code").alias("nem_code"),
        pl.col("National Employment Matrix Occupational Title").alias("nem_title"),
    )
    return (
        occupations.select("onet_soc_code", "soc_code")
        .join(nem, on="onet_soc_code", how="full", coalesce=True)
        .with_columns(pl.coalesce("soc_code", pl.col("onet_soc_code").str.slice(0, 7)).alias("soc_code"))
        .sort("onet_soc_code")
    )


def _pct_rank(col: str) -> pl.Expr:
    """Percentile rank in [0, 1] among the codes that have the measure (ties: average)."""
    r = pl.col(col).rank("average")
    n = pl.col(col).count()
    return ((r - 1) / (n - 1)).alias(f"{col}_pct")


def build_exposure(shared: Path, occupations: pl.DataFrame) -> pl.DataFrame:
    occ_level = pl.read_csv(shared / "gpts_are_gpts" / "occ_level.csv")
    eloundou = (
        occ_level.with_columns(pl.col("O*NET-SOC Code").str.slice(0, 7).alias("soc_code"))
        .group_by("soc_code")
        .agg(
            pl.col("dv_rating_beta").mean().alias("eloundou_gpt4_beta"),
            pl.col("human_rating_beta").mean().alias("eloundou_human_beta"),
            pl.col("dv_rating_gamma").mean().alias("eloundou_gpt4_gamma"),
        )
        .with_columns(((pl.col("eloundou_gpt4_beta") + pl.col("eloundou_human_beta")) / 2).alias("eloundou_beta"))
    )
    ms = pl.read_csv(shared / "ms_working_with_ai" / "soc_metrics.csv").select(
        pl.col("SOC Code").alias("soc_code"),
        pl.col("ai_applicability_score_user").alias("ms_applicability_user"),
        pl.col("ai_applicability_score_ai").alias("ms_applicability_ai"),
    )
    ms_score = pl.read_csv(shared / "ms_working_with_ai" / "soc_ai_applicability_scores.csv").select(
        pl.col("SOC Code").alias("soc_code"),
        pl.col("title").alias("ms_title"),
        pl.col("ai_applicability_score").alias("ms_ai_applicability"),
    )
    titles = occupations.sort("onet_soc_code").group_by("soc_code", maintain_order=True).agg(pl.col("title").first())
    socs = pl.concat(
        [
            titles.select("soc_code"),
            eloundou.select("soc_code"),
            ms_score.select("soc_code"),
        ]
    ).unique()
    out = (
        socs.join(titles, on="soc_code", how="left")
        .join(ms_score, on="soc_code", how="left")
        .with_columns(pl.coalesce("title", "ms_title").alias("title"))
        .drop("ms_title")
        .join(eloundou, on="soc_code", how="left")
        .join(ms, on="soc_code", how="left")
        .with_columns(_pct_rank("eloundou_beta"), _pct_rank("ms_ai_applicability"))
        .with_columns(
            pl.mean_horizontal("eloundou_beta_pct", "ms_ai_applicability_pct").alias("exposure_score"),
            (
                pl.col("eloundou_beta_pct").is_not_null().cast(pl.Int8)
                + pl.col("ms_ai_applicability_pct").is_not_null().cast(pl.Int8)
            ).alias("n_measures"),
        )
        .sort("soc_code")
    )
    return out


ATTRIBUTION = """\
Reference data shipped with hiring-signals' taxonomy (pipelines/taxonomy/data)
=============================================================================

onet_occupations.parquet, onet_titles.parquet, soc_crosswalk.parquet (O*NET part)
  This product includes information from the O*NET 27.0 Database by the U.S. Department of
  Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license.
  O*NET is a trademark of USDOL/ETA. https://www.onetcenter.org/database.html
  Changes: selected columns only; "n/a" short titles set to null; a deterministic 10 % hold-out
  flag added to the alternate titles (by normalised title).

soc_crosswalk.parquet (NEM part)
  BLS O*NET-SOC to National Employment Matrix crosswalk (as of 9/6/2023), US government work,
  public domain, as re-hosted in github.com/openai/GPTs-are-GPTs.

exposure.parquet
  eloundou_* columns: derived (averaged to SOC 2018 6-digit) from occ_level.csv of
  github.com/openai/GPTs-are-GPTs (commit 0471612), MIT licence, Copyright (c) 2024 OpenAI;
  see LICENSE-gpts_are_gpts.txt. Cite: Eloundou, Manning, Mishkin, Rock (2024),
  "GPTs are GPTs: Labor market impact potential of LLMs", Science 384(6702):1306-1308.
  ms_* columns: from github.com/microsoft/working-with-ai (commit 84c4eba), CC BY 4.0; see
  LICENSE-ms_working_with_ai.txt and NOTICE-ms_working_with_ai.md. Cite: Tomlinson, Jaffe,
  Wang, Counts, Suri (2025), "Working with AI: Measuring the Applicability of Generative AI to
  Occupations", arXiv:2507.07935. Changes: selected columns, renamed.
  exposure_score and *_pct: our own combination (percentile ranks), see docs/taxonomy.md.

extra_titles.parquet (source = bls_dmtf)
  BLS Standard Occupational Classification 2018 Direct Match Title File, U.S. Bureau of Labor
  Statistics, a work of the U.S. federal government (public domain), as copied in
  github.com/butterswords/xai-bias-word-lists (commit 6e8b898). Changes: the SOC code is given
  its O*NET-SOC ".00" code (else the lowest O*NET-SOC code of that SOC occupation).

extra_titles.parquet (source = esco)
  (c) European Union, ESCO classification (European Commission), English preferred and
  alternative occupation labels, reused under the Commission's reuse policy (Decision
  2011/833/EU). Coded to O*NET-SOC through Nesta's ESCO -> O*NET crosswalk
  (github.com/nestauk/mapping-career-causeways, commit cb8c57a, MIT licence, Copyright (c)
  2021 Nesta). Changes: crosswalk rows of confidence >= 1 only; codes absent from O*NET 27.0
  dropped; labels split one per row.

Not shipped: Felten/Raj/Seamans AIOE (no licence); it is only read by tests from ../shared.
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    shared: Path = args.shared
    if not (shared / "onet_27_0").is_dir():
        print(
            f"error: {shared} does not hold the taxonomy sources (onet_27_0/ ...)",
            file=sys.stderr,
        )
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    occupations = build_occupations(shared)
    titles = build_titles(shared)
    crosswalk = build_crosswalk(shared, occupations)
    exposure = build_exposure(shared, occupations)
    extra = build_extra_titles(shared, occupations)
    tables = {
        "onet_occupations": occupations,
        "onet_titles": titles,
        "extra_titles": extra,
        "soc_crosswalk": crosswalk,
        "exposure": exposure,
    }
    for name, frame in tables.items():
        frame.write_parquet(
            out / f"{name}.parquet",
            compression="zstd",
            compression_level=19,
            statistics=False,
        )
        print(f"{name}: {frame.height} rows, {frame.width} columns")

    shutil.copyfile(shared / "gpts_are_gpts" / "LICENSE.txt", out / "LICENSE-gpts_are_gpts.txt")
    shutil.copyfile(
        shared / "ms_working_with_ai" / "LICENSE.txt",
        out / "LICENSE-ms_working_with_ai.txt",
    )
    shutil.copyfile(
        shared / "ms_working_with_ai" / "NOTICE.md",
        out / "NOTICE-ms_working_with_ai.md",
    )
    shutil.copyfile(shared / "onet_27_0" / "Read Me.txt", out / "ONET-Read-Me.txt")
    (out / "ATTRIBUTION.txt").write_text(ATTRIBUTION)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
