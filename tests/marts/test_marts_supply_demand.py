"""Content tests of the supply/demand marts on small hand-built frames (exact numbers)."""

from __future__ import annotations

import math
import re

import polars as pl
import pytest

from pipelines.fields.salary_usd import FX_AS_OF, fx_rates
from pipelines.marts.common import (
    check_exposure_classes_present,
    check_finite_ratios,
    check_no_negative_counts,
    check_row_count_drift,
    dedupe_layoffs,
    read_window,
    salary_usd_expr,
)
from pipelines.marts.company_recomposition import company_recomposition
from pipelines.marts.exposure_trends import exposure_trends
from pipelines.marts.layoff_role_allocation import allocate_layoffs
from pipelines.marts.role_supply_demand import role_supply_demand
from pipelines.marts.seniority_mix import seniority_mix
from pipelines.schemas import (
    COMPANY_RECOMPOSITION,
    EXPOSURE_CLASSES,
    EXPOSURE_TRENDS,
    JOB_POSTINGS,
    LAYOFF_EVENTS,
    LAYOFF_ROLE_ALLOCATION,
    ROLE_SUPPLY_DEMAND,
    SENIORITY_MIX,
)
from support.marts_frames import (
    DAY,
    D,
    frame,
    layoff,
    posting,
    postings_frame,
    scenario,
    stub_tagger,
)


def by_role(out: pl.DataFrame) -> dict[str, dict]:
    return {r["role"]: r for r in out.iter_rows(named=True)}


# --- salary normalisation ----------------------------------------------------------------------
def fx(cur: str) -> float:
    return fx_rates()[cur]


@pytest.mark.parametrize(
    ("smin", "smax", "cur", "period", "expected"),
    [
        (100_000, 140_000, "USD", "year", lambda: 120_000.0),
        (100_000, 100_000, "EUR", "year", lambda: round(100_000 * fx("EUR"))),
        (50, 70, "GBP", "hour", lambda: (round(50 * fx("GBP") * 2080) + round(70 * fx("GBP") * 2080)) / 2),
        (5_000, 5_000, "EUR", "month", lambda: round(5_000 * fx("EUR") * 12)),
        (2_000_000, 3_000_000, "INR", "year", lambda: (round(2e6 * fx("INR")) + round(3e6 * fx("INR"))) / 2),
        (1_000, 1_000, "CAD", "week", lambda: round(1_000 * fx("CAD") * 52)),
        (400, 600, "USD", "day", lambda: 500 * 260.0),
        (80_000, None, "USD", None, lambda: 80_000.0),  # no period, large: yearly
        (None, 90_000, "USD", "year", lambda: 90_000.0),  # one bound only
        (40, 60, "USD", None, lambda: 50 * 2080.0),  # no period, small: hourly
        (100_000, 120_000, None, "year", None),  # no currency: never guessed
        (100_000, 120_000, "XYZ", "year", None),  # currency not in the table
        (None, None, "USD", "year", None),  # missing salary
        (1, 2, "USD", "year", None),  # implausible yearly pay dropped
    ],
)
def test_salary_usd(smin, smax, cur, period, expected):
    f = frame([posting("p", "software_engineer", DAY, smin=smin, smax=smax, cur=cur, period=period)], JOB_POSTINGS)
    got = f.select(salary_usd_expr(DAY, f.columns)).item()
    assert got == (pytest.approx(expected()) if expected is not None else None)
    if "salary_yearly_usd_min" in f.columns:  # the clean table's own yearly USD wins when present
        stored = f.with_columns(
            pl.lit(200_000.0).alias("salary_yearly_usd_min"),
            pl.lit(None, dtype=pl.Float64).alias("salary_yearly_usd_max"),
        )
        assert stored.select(salary_usd_expr(DAY, stored.columns)).item() == 200_000.0


def test_fx_table_is_the_projects_dated_table():
    as_of, rates = FX_AS_OF, fx_rates()
    assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", as_of)
    assert rates["USD"] == 1.0 and {"EUR", "GBP", "CAD", "INR"} <= set(rates)


# --- layoff allocation -------------------------------------------------------------------------
def test_allocate_layoffs_methods_and_weights():
    postings, _, layoffs = scenario()
    alloc = allocate_layoffs(layoffs, postings, DAY, tagger=stub_tagger)
    assert set(alloc["event_id"]) == {"e1", "e2", "e3", "e4", "e6"}  # e5 = e2 from another source
    per_event = alloc.group_by("event_id").agg(pl.col("weight").sum(), pl.col("method").unique())
    assert all(math.isclose(w, 1.0) for w in per_event["weight"])
    rows = {(r["event_id"], r["role"]): r for r in alloc.iter_rows(named=True)}
    # e1 names two roles: split equally
    assert rows[("e1", "qa_manual")]["laid_off_estimate"] == 50 and rows[("e1", "qa_manual")]["method"] == "named_roles"
    assert rows[("e1", "ml_engineer")]["laid_off_estimate"] == 50
    # e2: company a's open postings on DAY = 2 software (p1, p2) + 1 qa (p7); p6 is unknown, left out
    assert rows[("e2", "software_engineer")]["laid_off_estimate"] == pytest.approx(20)
    assert rows[("e2", "qa_manual")]["laid_off_estimate"] == pytest.approx(10)
    assert rows[("e2", "qa_manual")]["method"] == "company_mix"
    # e3: company z has no postings, no industry: all postings (2 software, 2 ml, 1 qa)
    assert rows[("e3", "software_engineer")]["laid_off_estimate"] == pytest.approx(24)
    assert rows[("e3", "qa_manual")]["laid_off_estimate"] == pytest.approx(12)
    assert rows[("e3", "qa_manual")]["method"] == "overall_mix"
    # e6: the only named title codes to unknown -> falls through; unknown size -> null estimate
    assert rows[("e6", "ml_engineer")]["method"] == "overall_mix"
    assert rows[("e6", "ml_engineer")]["laid_off_estimate"] is None
    assert rows[("e6", "ml_engineer")]["weight"] == pytest.approx(0.4)
    assert set(alloc.columns) == set(LAYOFF_ROLE_ALLOCATION)
    # since: only later events
    later = allocate_layoffs(layoffs, postings, DAY, tagger=stub_tagger, since=D(2026, 3, 6))
    assert set(later["event_id"]) == {"e1", "e6"}


def test_allocate_layoffs_industry_mix_and_unallocated():
    postings = frame(
        [posting(f"q{i}", "qa_manual", DAY, company="m") for i in range(3)]
        + [posting("s1", "software_engineer", DAY, company="n")],
        JOB_POSTINGS,
    )
    layoffs = frame(
        [
            layoff("e1", "m", D(2026, 1, 1), 5, industry="Retail"),  # gives m its industry
            layoff("e2", "x", D(2026, 3, 1), 10, industry=" retail "),  # same industry, no postings
            layoff("e3", "w", D(2026, 3, 1), 10, industry="Media"),  # industry without postings
        ],
        LAYOFF_EVENTS,
    )
    alloc = allocate_layoffs(layoffs, postings, DAY, tagger=stub_tagger, min_industry_postings=3)
    e2 = alloc.filter(pl.col("event_id") == "e2")
    assert e2["method"].to_list() == ["industry_mix"] and e2["role"].to_list() == ["qa_manual"]
    assert e2["laid_off_estimate"].to_list() == [10.0]
    e3 = alloc.filter(pl.col("event_id") == "e3").sort("role")
    assert e3["method"].unique().to_list() == ["overall_mix"]
    assert e3["laid_off_estimate"].to_list() == pytest.approx([7.5, 2.5])  # qa 3/4, software 1/4
    # an industry below the minimum postings uses the overall mix
    alloc4 = allocate_layoffs(layoffs, postings, DAY, tagger=stub_tagger, min_industry_postings=4)
    assert alloc4.filter(pl.col("event_id") == "e2")["method"].unique().to_list() == ["overall_mix"]
    # no postings at all: one unallocated row, flagged
    none = allocate_layoffs(layoffs, postings.clear(), DAY, tagger=stub_tagger)
    assert none["method"].unique().to_list() == ["unallocated"] and none["role"].unique().to_list() == ["unknown"]
    assert none["laid_off_estimate"].sum() == 25


# --- role_supply_demand ------------------------------------------------------------------------
def test_role_supply_demand_exact():
    postings, candidates, layoffs = scenario()
    out = role_supply_demand(postings, candidates, layoffs, DAY, tagger=stub_tagger)
    assert out.schema == pl.Schema(ROLE_SUPPLY_DEMAND)
    rows = by_role(out)
    assert set(rows) == {"software_engineer", "ml_engineer", "qa_manual", "unknown"}

    se = rows["software_engineer"]
    assert (se["role_family"], se["soc_code"], se["exposure_class"]) == ("software", "15-1252", "augmented")
    assert (se["open_postings"], se["new_postings"], se["new_postings_7d"], se["new_postings_28d"]) == (2, 1, 2, 3)
    assert (se["candidates"], se["candidates_7d"], se["candidates_28d"]) == (2, 1, 2)
    assert se["demand_supply_ratio"] == 1.0 and se["demand_supply_ratio_28d"] == 1.5 and se["ratio_note"] is None
    gbp = (round(50 * fx("GBP") * 2080) + round(70 * fx("GBP") * 2080)) / 2
    assert se["median_salary_usd"] == pytest.approx((120_000 + gbp) / 2)
    assert se["salary_postings"] == 2
    assert se["median_days_open"] == 5.0  # p1 posted 10 days ago, p2 first seen today
    assert (se["laid_off_estimate"], se["laid_off_estimate_7d"], se["laid_off_estimate_28d"]) == pytest.approx(
        (0, 20, 44)
    )
    assert se["layoff_events_28d"] == 3  # e2, e3, e6 (unknown size still an event)
    assert se["laid_off_estimate_method"] == "overall_mix" and se["laid_off_named_share"] == 0.0
    assert se["laid_off_estimated"] is True
    assert se["ai_premium"] is None and se["family_ai_premium"] is None and se["ai_premium_baseline"] == "family_non_ai"

    ml = rows["ml_engineer"]
    assert (ml["open_postings"], ml["new_postings"], ml["new_postings_7d"], ml["new_postings_28d"]) == (2, 0, 0, 1)
    assert (ml["candidates"], ml["candidates_7d"], ml["candidates_28d"]) == (1, 0, 0)
    assert ml["demand_supply_ratio"] == 2.0 and ml["demand_supply_ratio_28d"] is None
    eur = round(100_000 * fx("EUR"))
    assert ml["median_salary_usd"] == pytest.approx(eur) and ml["salary_postings"] == 1
    assert ml["median_days_open"] == 32.5  # 28 and 37 days
    # ml_ai has no non-AI pay: baseline = all non-ai_builder postings with pay (80k, 120k, 167k)
    assert ml["ai_premium_baseline"] == "all_non_ai"
    assert ml["ai_premium"] == pytest.approx(eur / 120_000)
    assert ml["family_ai_premium"] == pytest.approx(eur / 120_000)
    assert (ml["laid_off_estimate"], ml["laid_off_estimate_7d"], ml["laid_off_estimate_28d"]) == pytest.approx(
        (50, 50, 74)
    )
    assert ml["laid_off_estimate_method"] == "named_roles"
    assert ml["laid_off_named_share"] == pytest.approx(50 / 74) and ml["laid_off_estimated"] is True

    qa = rows["qa_manual"]  # zero candidates: ratio null with a reason, never infinite
    assert (qa["open_postings"], qa["candidates"], qa["demand_supply_ratio"], qa["ratio_note"]) == (
        1,
        0,
        None,
        "no_candidates",
    )
    assert qa["median_salary_usd"] == 80_000 and qa["median_days_open"] == 6.0
    assert (qa["laid_off_estimate"], qa["laid_off_estimate_7d"], qa["laid_off_estimate_28d"]) == pytest.approx(
        (50, 60, 72)
    )

    unk = rows["unknown"]  # unknown role: counted, never given a ratio
    assert (unk["open_postings"], unk["candidates"], unk["demand_supply_ratio"], unk["ratio_note"]) == (
        1,
        1,
        None,
        "unknown_role",
    )
    assert unk["laid_off_estimate_28d"] == 0 and unk["laid_off_estimated"] is None and unk["median_salary_usd"] is None

    assert check_no_negative_counts(out)[0] and check_finite_ratios(out)[0]


def test_role_supply_demand_single_partition_and_empty_inputs():
    postings, candidates, layoffs = scenario()
    today = postings.filter(pl.col("dt") == DAY).drop("dt")  # one partition, no dt column
    out = by_role(role_supply_demand(today, candidates, layoffs.clear(), DAY, tagger=stub_tagger))
    assert out["software_engineer"]["new_postings_7d"] == 1  # p3 closed before: not visible
    assert (
        out["software_engineer"]["laid_off_estimate_28d"] == 0
        and out["software_engineer"]["laid_off_estimated"] is None
    )
    empty = role_supply_demand(postings.clear(), candidates.clear(), layoffs.clear(), DAY, tagger=stub_tagger)
    assert empty.height == 0 and empty.schema == pl.Schema(ROLE_SUPPLY_DEMAND)


def test_future_partitions_are_ignored():
    postings, candidates, layoffs = scenario()
    future = frame([posting("pf", "software_engineer", D(2026, 3, 11))], JOB_POSTINGS, D(2026, 3, 11))
    out = by_role(role_supply_demand(pl.concat([postings, future]), candidates, layoffs, DAY, tagger=stub_tagger))
    assert out["software_engineer"]["new_postings_28d"] == 3


# --- exposure_trends -----------------------------------------------------------------------------
def _trend_postings() -> pl.DataFrame:
    def day_rows(d, aug, ai, sub):
        rows = [posting(f"a{i}", "software_engineer", D(2026, 2, 24)) for i in range(aug)]
        rows += [posting(f"m{i}", "ml_engineer", D(2026, 2, 24)) for i in range(ai)]
        rows += [posting(f"s{i}", "qa_manual", D(2026, 3, 9)) for i in range(sub)]
        return rows + [posting("u", "unknown", d)]

    return postings_frame(
        {
            D(2026, 2, 24): day_rows(D(2026, 2, 24), 2, 1, 0),
            D(2026, 2, 25): day_rows(D(2026, 2, 25), 4, 1, 0),
            D(2026, 3, 9): day_rows(D(2026, 3, 9), 3, 2, 1),
            DAY: day_rows(DAY, 3, 2, 1),
        }
    )


def test_exposure_trends_exact():
    layoffs = frame(
        [layoff("e1", "a", D(2026, 3, 9), 50, ["QA testers"]), layoff("e0", "a", D(2025, 1, 1), 999, ["QA testers"])],
        LAYOFF_EVENTS,
    )
    out = exposure_trends(_trend_postings(), layoffs, DAY, weeks=3, tagger=stub_tagger)
    assert out.schema == pl.Schema(EXPOSURE_TRENDS)
    assert out.height == 12  # every class, every week
    assert out["iso_week"].unique().sort().to_list() == ["2026-W09", "2026-W10", "2026-W11"]
    get = {(r["iso_week"], r["exposure_class"]): r for r in out.iter_rows(named=True)}
    aug = [get[(w, "augmented")] for w in ("2026-W09", "2026-W10", "2026-W11")]
    assert [r["days_observed"] for r in aug] == [2, 0, 2]
    assert [r["open_postings_avg"] for r in aug] == [3.0, None, 3.0]
    assert [r["postings_index"] for r in aug] == [100.0, None, 100.0]
    ai = [get[(w, "ai_builder")]["postings_index"] for w in ("2026-W09", "2026-W11")]
    assert ai == [100.0, 200.0]
    sub = [get[(w, "substitution_exposed")] for w in ("2026-W09", "2026-W11")]
    assert [r["open_postings_avg"] for r in sub] == [0.0, 1.0]
    assert [r["postings_index"] for r in sub] == [0.0, 100.0]  # base = first week with postings
    assert sub[1]["layoff_events"] == 1 and sub[1]["laid_off_estimate"] == 50 and sub[1]["laid_off_named"] == 50
    assert sub[1]["layoffs_per_posting"] == 50.0
    assert sub[0]["layoffs_per_posting"] is None  # no postings: no ratio
    assert get[("2026-W11", "substitution_exposed")]["new_postings"] == 1
    assert get[("2026-W09", "augmented")]["new_postings"] == 4
    low = [get[(w, "low_exposure")] for w in ("2026-W09", "2026-W10", "2026-W11")]
    assert all(r["postings_index"] is None and r["laid_off_estimate"] == 0 for r in low)
    assert check_exposure_classes_present(out) == (True, {"missing": [], "unexpected": []})
    assert check_finite_ratios(out)[0] and check_no_negative_counts(out)[0]


# --- company_recomposition -----------------------------------------------------------------------
def test_company_recomposition_exact():
    rows = [posting(f"a{i}", "software_engineer", DAY) for i in range(3)] + [posting("aq", "qa_manual", DAY)]
    rows += [posting(f"b{i}", "ml_engineer", DAY, company="b") for i in range(4)]
    postings = frame(rows, JOB_POSTINGS)
    layoffs = frame(
        [
            layoff("e1", "a", D(2026, 3, 5), 100, ["QA testers"]),
            layoff("e2", "a", D(2026, 3, 6), 40),  # no roles, no company mix: overall 3 aug, 1 sub, 4 ai of 8
            layoff("e3", "z", D(2026, 2, 20), 60),
            layoff("e4", "z", D(2025, 12, 20), 60),  # before the 2-month horizon
        ],
        LAYOFF_EVENTS,
    )
    out = company_recomposition(postings, layoffs, DAY, months=2, tagger=stub_tagger)
    assert out.schema == pl.Schema(COMPANY_RECOMPOSITION)
    got = {(r["month"], r["company_key"]): r for r in out.iter_rows(named=True)}
    assert set(got) == {(D(2026, 3, 1), "a"), (D(2026, 3, 1), "b"), (D(2026, 2, 1), "z")}
    a = got[(D(2026, 3, 1), "a")]
    assert (a["postings"], a["postings_augmented"], a["postings_substitution_exposed"]) == (4, 3, 1)
    assert a["layoff_events"] == 2 and a["cuts_estimate"] == pytest.approx(140)
    assert (a["cuts_ai_builder"], a["cuts_augmented"], a["cuts_substitution_exposed"]) == pytest.approx((20, 15, 105))
    assert a["hiring_ai_share"] == 0.75 and a["cuts_ai_share"] == pytest.approx(0.25)
    assert a["cuts_named_share"] == pytest.approx(100 / 140)
    assert a["recomposition_index"] == pytest.approx(0.5)
    b = got[(D(2026, 3, 1), "b")]
    assert b["hiring_ai_share"] == 1.0 and b["cuts_estimate"] == 0 and b["recomposition_index"] is None
    z = got[(D(2026, 2, 1), "z")]
    assert z["postings"] == 0 and z["cuts_estimate"] == pytest.approx(60) and z["recomposition_index"] is None
    assert z["company"] == "Z"


# --- seniority_mix -------------------------------------------------------------------------------
def test_seniority_mix_exact():
    levels = ["intern", "entry", "mid", "senior", "staff", "principal"]
    day1 = [posting(f"s{i}", "software_engineer", D(2026, 3, 9), seniority=lv) for i, lv in enumerate(levels)]
    day2 = day1[:3] + [posting("q1", "qa_manual", DAY, seniority="entry"), posting("u", "unknown", DAY)]
    out = seniority_mix(postings_frame({D(2026, 3, 9): day1, DAY: day2}), DAY, weeks=2)
    assert out.schema == pl.Schema(SENIORITY_MIX)
    got = {r["role_family"]: r for r in out.iter_rows(named=True)}
    assert set(got) == {"software", "qa"}  # no row for the unknown role, none for the empty week
    sw = got["software"]
    assert (sw["iso_week"], sw["days_observed"], sw["postings"], sw["junior_postings"], sw["staff_plus_postings"]) == (
        "2026-W11",
        2,
        6,
        2,
        2,
    )
    assert sw["junior_share"] == pytest.approx(1 / 3) and sw["staff_plus_share"] == pytest.approx(1 / 3)
    assert got["qa"]["junior_share"] == 1.0


# --- checks --------------------------------------------------------------------------------------
def test_checks():
    good = pl.DataFrame({"open_postings": [1, 0], "laid_off_estimate": [0.5, 0.0], "ratio": [1.0, None]})
    assert check_no_negative_counts(good)[0]
    bad = good.with_columns(pl.Series("laid_off_estimate", [-1.0, 0.0]))
    ok, meta = check_no_negative_counts(bad)
    assert not ok and meta["negative_by_column"] == {"laid_off_estimate": 1}
    assert check_finite_ratios(good) == (True, {"columns_checked": 2, "non_finite_by_column": {}})
    ok, meta = check_finite_ratios(good.with_columns(pl.Series("ratio", [math.inf, math.nan])))
    assert not ok and meta["non_finite_by_column"] == {"ratio": 2}
    ok, meta = check_exposure_classes_present(pl.DataFrame({"exposure_class": ["ai_builder", "augmented", "bogus"]}))
    assert not ok and meta == {"missing": ["low_exposure", "substitution_exposed"], "unexpected": ["bogus"]}
    assert check_exposure_classes_present(pl.DataFrame({"exposure_class": list(EXPOSURE_CLASSES)}))[0]
    assert check_row_count_drift(100, 100)[0]
    assert check_row_count_drift(150, 100)[0] and check_row_count_drift(50, 100)[0]
    ok, meta = check_row_count_drift(151, 100)
    assert not ok and meta["change"] == 0.51
    assert not check_row_count_drift(0, 100)[0]
    ok, meta = check_row_count_drift(40, None)
    assert ok and meta["skipped"] == "no previous partition"
    assert check_row_count_drift(40, 5)[0]  # too small to judge


def test_read_window(tmp_path):
    from pipelines.lake import Lake

    lake = Lake(str(tmp_path))
    postings, _, _ = scenario()
    for d in (D(2026, 3, 9), DAY):
        lake.write_partition("clean", "job_postings", d, postings.filter(pl.col("dt") == d).drop("dt"))
    got = read_window(lake, "clean", "job_postings", DAY, 7, JOB_POSTINGS)
    assert got.group_by("dt").len().sort("dt")["len"].to_list() == [4, 6]
    assert read_window(lake, "clean", "job_postings", D(2026, 1, 1), 7, JOB_POSTINGS).height == 0


def test_linked_warn_notice_is_not_counted_twice():
    rows = [layoff("e1", "a", DAY, 100), {**layoff("w1", "a", DAY, 100, country="US"), "linked_event_id": "e1"}]
    rows[1]["company_key"] = "a-warn"  # a WARN notice with another key would escape the same-event rule
    events = dedupe_layoffs(frame([{**rows[0], "linked_event_id": None}, rows[1]], LAYOFF_EVENTS), DAY)
    assert events["event_id"].to_list() == ["e1"]
