"""Small hand-built clean tables for the mart tests (exact numbers are worked out in the tests).

A stub tagger stands in for the taxonomy (which evolves) so the expected numbers do not move
when a title's coding changes.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.schemas import CANDIDATES, JOB_POSTINGS, LAYOFF_EVENTS, conform

D = dt.date
DAY = D(2026, 3, 10)  # a Tuesday

ROLES = {  # role -> (family, soc, class)
    "software_engineer": ("software", "15-1252", "augmented"),
    "ml_engineer": ("ml_ai", "15-2051", "ai_builder"),
    "qa_manual": ("qa", "15-1253", "substitution_exposed"),
    "data_center_technician": ("infrastructure", "49-2011", "low_exposure"),
    "unknown": (None, None, None),
}
TITLES = {
    "QA testers": "qa_manual",
    "ML engineers": "ml_engineer",
    "Software engineers": "software_engineer",
    "mystery": "unknown",
}


def tags(role: str, seniority: str | None = "mid") -> dict:
    family, soc, cls = ROLES[role]
    return {
        "role": role,
        "role_family": family,
        "soc_code": soc,
        "exposure_class": cls,
        "seniority": seniority if role != "unknown" else None,
    }


def stub_tagger(frame: pl.DataFrame) -> pl.DataFrame:
    roles = [TITLES.get(t, "unknown") for t in frame["title"].to_list()]
    return frame.with_columns(
        pl.Series("role", roles, dtype=pl.String),
        pl.Series("role_family", [ROLES[r][0] for r in roles], dtype=pl.String),
        pl.Series("soc_code", [ROLES[r][1] for r in roles], dtype=pl.String),
        pl.Series("exposure_class", [ROLES[r][2] for r in roles], dtype=pl.String),
    )


def posting(
    pid: str,
    role: str,
    first_seen: dt.date,
    *,
    company: str = "a",
    posted: dt.date | None = None,
    smin=None,
    smax=None,
    cur=None,
    period=None,
    seniority: str = "mid",
    title: str | None = None,
) -> dict:
    return {
        "posting_id": pid,
        "source": "greenhouse",
        "company": company.upper(),
        "company_key": company,
        "title": title or role.replace("_", " "),
        "first_seen": first_seen,
        "posted_at": dt.datetime(posted.year, posted.month, posted.day, 12, tzinfo=dt.UTC) if posted else None,
        "salary_min": smin,
        "salary_max": smax,
        "salary_currency": cur,
        "salary_period": period,
        **tags(role, seniority),
    }


def frame(rows: list[dict], schema: dict, day: dt.date | None = None) -> pl.DataFrame:
    out = conform(pl.DataFrame(rows, schema={k: schema[k] for k in rows[0]}) if rows else pl.DataFrame(), schema)
    if day is not None:
        out = out.with_columns(pl.lit(day, dtype=pl.Date).alias("dt"))
    return out


def postings_frame(by_day: dict[dt.date, list[dict]]) -> pl.DataFrame:
    return pl.concat([frame(rows, JOB_POSTINGS, d) for d, rows in by_day.items()])


def candidate(cid: str, role: str, posted: dt.date) -> dict:
    return {
        "candidate_id": cid,
        "source": "hn",
        "title": role,
        "posted_at": dt.datetime(posted.year, posted.month, posted.day, 9, tzinfo=dt.UTC),
        **tags(role),
    }


def layoff(
    eid: str,
    company: str,
    announced: dt.date,
    employees: int | None,
    roles: list[str] | None = None,
    *,
    source: str = "news",
    industry: str | None = None,
    country: str = "US",
) -> dict:
    return {
        "event_id": eid,
        "source": source,
        "source_type": "news",
        "company": company.upper(),
        "company_key": company,
        "announced_date": announced,
        "employees_affected": employees,
        "country": country,
        "industry": industry,
        "roles_mentioned": roles,
        "ai_attributed": False,
    }


# --- the scenario of test_role_supply_demand (see the test for the worked numbers) -------------
def scenario() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    p1 = posting(
        "p1",
        "software_engineer",
        D(2026, 3, 1),
        posted=D(2026, 2, 28),
        smin=100_000,
        smax=140_000,
        cur="USD",
        period="year",
    )
    p2 = posting("p2", "software_engineer", DAY, smin=50, smax=70, cur="GBP", period="hour", seniority="entry")
    p3 = posting("p3", "software_engineer", D(2026, 3, 9), seniority="staff")
    p4 = posting(
        "p4",
        "ml_engineer",
        D(2026, 2, 20),
        company="b",
        posted=D(2026, 2, 10),
        smin=100_000,
        smax=100_000,
        cur="EUR",
        period="year",
    )
    p5 = posting("p5", "ml_engineer", D(2026, 2, 1), company="b", posted=D(2026, 2, 1), seniority="intern")
    p6 = posting("p6", "unknown", DAY, title="???")
    p7 = posting("p7", "qa_manual", D(2026, 3, 4), smin=80_000, cur="USD")
    postings = postings_frame({D(2026, 3, 9): [p1, p3, p4, p5], DAY: [p1, p2, p4, p5, p6, p7]})
    candidates = frame(
        [
            candidate("c1", "software_engineer", D(2026, 3, 2)),
            candidate("c2", "software_engineer", D(2026, 3, 9)),
            candidate("c3", "ml_engineer", D(2026, 2, 1)),
            candidate("c4", "unknown", D(2026, 3, 5)),
        ],
        CANDIDATES,
    )
    layoffs = frame(
        [
            layoff("e1", "a", DAY, 100, ["QA testers", "ML engineers"]),
            layoff("e2", "a", D(2026, 3, 5), 30),
            layoff("e3", "z", D(2026, 2, 20), 60),
            layoff("e4", "a", D(2026, 1, 1), 1000),
            layoff("e5", "a", D(2026, 3, 5), 30, source="tracker"),  # same event as e2
            layoff("e6", "y", D(2026, 3, 8), None, ["mystery"]),
        ],
        LAYOFF_EVENTS,
    )
    return postings, candidates, layoffs
