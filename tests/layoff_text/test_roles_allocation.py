"""Roles a news text names reach layoff_role_allocation as ``named_roles`` (issue 16), also when a
tracker row with no roles reports the same event (the merge keeps the news row's roles)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.clean.layoff_events import merge_events
from pipelines.layoff_text.extract import extract_announcement
from pipelines.marts.layoff_role_allocation import allocate_layoffs
from pipelines.schemas import JOB_POSTINGS, LAYOFF_EVENTS, conform

DAY = dt.date(2026, 11, 25)


def _events() -> pl.DataFrame:
    ann = extract_announcement(
        "Harbor Pay will lay off 300 people, mostly recruiters and customer support staff, the company said.",
        headline="Harbor Pay to cut 300 jobs",
    )
    assert ann.roles_mentioned == ["recruiters", "customer support"]
    base = {"company": "Harbor Pay", "company_key": "harbor-pay", "country": "US", "ai_attributed": False}
    rows = [
        {
            **base,
            "event_id": "t1",
            "source": "fyi",
            "source_type": "tracker",
            "announced_date": DAY,
            "employees_affected": 300,
            "roles_mentioned": None,
            "url": "https://tracker.example/1",
        },
        {
            **base,
            "event_id": "n1",
            "source": "news_wire",
            "source_type": "news",
            "announced_date": DAY,
            "employees_affected": ann.employees_affected,
            "roles_mentioned": ann.roles_mentioned,
            "url": "https://wire.example/harbor",
        },
    ]
    frame = conform(pl.DataFrame(rows, schema={k: LAYOFF_EVENTS[k] for k in rows[0]}), LAYOFF_EVENTS)
    merged, dropped = merge_events(frame)
    assert dropped == 1 and merged["roles_mentioned"].to_list() == [["recruiters", "customer support"]]
    return merged


def test_named_roles_are_allocated_with_the_taxonomy():
    postings = conform(pl.DataFrame(), JOB_POSTINGS).with_columns(pl.lit(None, dtype=pl.Date).alias("dt"))
    alloc = allocate_layoffs(_events(), postings, DAY)
    assert set(alloc["method"]) == {"named_roles"}
    est = dict(zip(alloc["role"], alloc["laid_off_estimate"], strict=True))
    assert est == {"recruiter": 150.0, "support_frontline": 150.0}
