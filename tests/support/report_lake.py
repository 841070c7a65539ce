"""A small lake with ten weekly partitions for the report and BI tests (sentences written here).

Weekly snapshots on Tuesdays ``WEEKS[0]`` .. ``DAY`` (10 weeks). Per week ``i``: ml_engineer
has ``4 + i`` open postings (growing), qa_manual ``12 - i`` (shrinking), software_engineer 8 (of
which ``max(0, 4 - i // 2)`` entry level), data_center_technician 5. Candidates on every day:
3 software, 3 ML, 1 QA. Layoffs (the clean partition of a day holds the events announced by
then): two AI-attributed events in the period (one with hostile text and a javascript: URL),
one older AI-attributed event outside the 12-week period, two others. The raw archive holds a
``news`` snapshot with the body of e1 and a ``greenhouse`` snapshot where one board failed.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import polars as pl

from pipelines.archive import Archive, ArchivedResponse
from pipelines.lake import Lake
from pipelines.marts.company_recomposition import company_recomposition
from pipelines.marts.exposure_trends import exposure_trends
from pipelines.marts.layoff_role_allocation import allocate_layoffs
from pipelines.marts.role_supply_demand import role_supply_demand
from pipelines.marts.seniority_mix import seniority_mix
from pipelines.schemas import CANDIDATES, JOB_POSTINGS, LAYOFF_EVENTS
from support.marts_frames import DAY, candidate, frame, posting, stub_tagger

N_WEEKS = 10
WEEKS = [DAY - dt.timedelta(weeks=N_WEEKS - 1 - i) for i in range(N_WEEKS)]
EVIL_COMPANY = '<script>alert("pwned")</script> Corp'
EVIDENCE_1 = "Acme said its new AI test agents now do the regression checks that 200 people used to run."
EVIDENCE_3 = 'We are replacing QA with AI <img src=x onerror=alert(1)> & "moving fast"'
E1_BODY = b'{"article": "a test article body written for this fixture"}'
E1_SHA = hashlib.sha256(E1_BODY).hexdigest()  # the archived body e1 was "parsed" from


def week_postings(i: int, day: dt.date) -> list[dict]:
    rows = []
    first = lambda k, start: WEEKS[max(0, start)]  # noqa: E731 - when posting k first appeared
    for k in range(4 + i):
        rows.append(
            posting(
                f"ml-{k}",
                "ml_engineer",
                first(k, k - 4),
                company="b",
                title="ML engineers",
                smin=200_000,
                smax=220_000,
                cur="USD",
                period="year",
                posted=first(k, k - 4),
            )
        )
    for k in range(12 - i):
        rows.append(posting(f"qa-{k}", "qa_manual", WEEKS[0], company="a", title="QA testers"))
    junior = max(0, 4 - i // 2)
    for k in range(8):
        rows.append(
            posting(
                f"sw-{k}",
                "software_engineer",
                WEEKS[0],
                company="a",
                title="Software engineers",
                seniority="entry" if k < junior else "senior",
                smin=150_000,
                smax=170_000,
                cur="USD",
                period="year",
                posted=WEEKS[0],
            )
        )
    for k in range(5):
        rows.append(posting(f"dc-{k}", "data_center_technician", WEEKS[0], company="c", title="technicians"))
    return rows


def layoff_rows() -> list[dict]:
    def ev(eid, company, key, day, n, roles=None, ai=False, evidence=None, url=None, source="news_wire", sha=None):
        return {
            "event_id": eid,
            "source": source,
            "source_type": "news",
            "company": company,
            "company_key": key,
            "announced_date": day,
            "employees_affected": n,
            "country": "US",
            "roles_mentioned": roles,
            "ai_attributed": ai,
            "ai_evidence": evidence,
            "url": url,
            "archive_sha256": sha,
        }

    return [
        ev(
            "e1",
            "Acme",
            "a",
            WEEKS[2] + dt.timedelta(days=1),
            200,
            ["QA testers"],
            True,
            EVIDENCE_1,
            "https://news.example.org/acme-cuts",
            sha=E1_SHA,
        ),
        ev("e2", "Beta", "b", WEEKS[5], 50),
        ev(
            "e3",
            EVIL_COMPANY,
            "d",
            WEEKS[8] + dt.timedelta(days=2),
            120,
            ["QA testers", "Software engineers"],
            True,
            EVIDENCE_3,
            "javascript:alert(1)",
        ),
        ev("e4", "Acme", "a", DAY - dt.timedelta(days=1), 80),
        ev(
            "e5",
            "Oldco",
            "o",
            dt.date(2025, 6, 1),
            40,
            None,
            True,
            "Oldco said AI did it.",
            "https://old.example.org/x",
        ),
    ]


def build_lake(root: str) -> Lake:
    lake = Lake(root)
    all_postings = pl.concat([frame(week_postings(i, d), JOB_POSTINGS, d) for i, d in enumerate(WEEKS)]).with_columns(
        pl.col("company_key").alias("board")
    )  # one greenhouse board per company
    events = frame(layoff_rows(), LAYOFF_EVENTS)
    for d in WEEKS:
        cands = frame(
            [
                candidate(f"c-{r}-{n}", r, d - dt.timedelta(days=3))
                for r, count in (("software_engineer", 3), ("ml_engineer", 3), ("qa_manual", 1))
                for n in range(count)
            ],
            CANDIDATES,
        )
        known = events.filter(pl.col("announced_date") <= d)
        upto = all_postings.filter(pl.col("dt") <= d)
        lake.write_partition("clean", "job_postings", d, all_postings.filter(pl.col("dt") == d).drop("dt"))
        lake.write_partition("clean", "candidates", d, cands)
        lake.write_partition("clean", "layoff_events", d, known)
        marts = {
            "role_supply_demand": role_supply_demand(upto, cands, known, d, tagger=stub_tagger),
            "exposure_trends": exposure_trends(upto, known, d, tagger=stub_tagger),
            "company_recomposition": company_recomposition(upto, known, d, tagger=stub_tagger),
            "seniority_mix": seniority_mix(upto, d),
            "layoff_role_allocation": allocate_layoffs(known, upto, d, tagger=stub_tagger),
        }
        for name, f in marts.items():
            lake.write_partition("marts", name, d, f)
    archive = Archive(lake)
    snap = WEEKS[-2]
    sha, rel = archive.store_body("news", snap, E1_BODY, "application/json")
    assert sha == E1_SHA
    archive.write_manifest(
        "news",
        snap,
        [
            ArchivedResponse(
                source="news",
                key="news_wire",
                url="https://news.example.org/feed",
                status=200,
                fetched_at=dt.datetime(snap.year, snap.month, snap.day, 6, tzinfo=dt.UTC),
                sha256=sha,
                size=len(E1_BODY),
                content_type="application/json",
                body_path=rel,
            )
        ],
    )
    gh_sha, gh_rel = archive.store_body("greenhouse", DAY, b'{"jobs": []}', "application/json")
    archive.write_manifest(
        "greenhouse",
        DAY,
        [
            ArchivedResponse(
                source="greenhouse",
                key="acme",
                url="https://boards-api.greenhouse.io/v1/boards/acme/jobs",
                status=200,
                fetched_at=dt.datetime(DAY.year, DAY.month, DAY.day, 6, tzinfo=dt.UTC),
                sha256=gh_sha,
                size=12,
                content_type="application/json",
                body_path=gh_rel,
            ),
            ArchivedResponse(
                source="greenhouse",
                key="gone",
                url="https://boards-api.greenhouse.io/v1/boards/gone/jobs",
                status=404,
                fetched_at=dt.datetime(DAY.year, DAY.month, DAY.day, 6, tzinfo=dt.UTC),
                error="HTTP 404 <b>Not Found</b>",
            ),
        ],
    )
    return lake
