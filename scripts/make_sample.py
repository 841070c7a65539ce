"""Generate the bundled sample archive (``samples/recorded/``) that ``make run`` replays.

    .venv/bin/python scripts/make_sample.py [--out samples/recorded] [--seed hiring-signals-sample-1]

SAMPLE DATA, SYNTHETIC, FICTIONAL EMPLOYERS. Every company, posting, layoff, quote, filing,
comment, candidate and URL written here is invented by this script; every URL uses a reserved
example domain (``*.example``, ``example.com/.org/.net``). Nothing is fetched, nothing is copied
from third-party text. The output is deterministic for a given seed (string-seeded
``random.Random``; no wall clock, no network): re-running gives byte-identical files.

What the archive holds: ten weekly snapshots (Thursdays ``2026-10-01`` .. ``2026-12-03``, fetched
at 06:00 UTC when seeded) for every source kind the pipeline reads, shaped like the real
responses the live fetch would archive (same keys, same field names):

- job boards (greenhouse, lever, ashby, workable, recruitee, smartrecruiters, career_pages):
  postings open and close from week to week with stable ids; substitution-exposed roles
  (frontline support, manual QA, content writing, data entry, SDRs) shrink, AI-builder roles
  (ML/AI/LLM engineers) grow, and the share of junior/intern postings falls;
- a layoff wave at a few companies (AI-attributed at Quillbyte, Zentrova and Fernquarry, with
  evidence sentences in news articles and 8-K Item 2.05 texts; economic cuts at Harborquill, a
  restructuring that mentions AI without blaming it at Brindlemoor, an office closure at Kelpwick),
  reported by a tracker CSV, two news feeds, EDGAR filings and WARN notices (CA, WA);
- Hacker News: one "Who is hiring?" and one "Who wants to be hired?" thread per month
  (September to December 2026), each snapshot holding the comments posted so far.

See ``samples/recorded/README.md`` for the layout and the story the numbers should tell.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html
import io
import json
import random
import shutil
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "samples" / "recorded"
DEFAULT_SEED = "hiring-signals-sample-1"
DATES = tuple(date(2026, 10, 1) + timedelta(weeks=i) for i in range(10))  # Thursdays
FETCH_HOUR = 6  # pipelines/samples.py archives each snapshot as fetched at 06:00 UTC


def snap_time(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, FETCH_HOUR, tzinfo=UTC)


def rng_for(seed: str, *parts: object) -> random.Random:
    return random.Random(":".join([seed, *map(str, parts)]))


# --- places -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Place:
    text: str  # location as a board writes it
    city: str | None
    region: str | None  # state / province code
    region_name: str | None
    country: str  # English name
    iso2: str
    remote: bool = False


PLACES = {
    "sf": Place("San Francisco, CA", "San Francisco", "CA", "California", "United States", "US"),
    "nyc": Place("New York, NY", "New York", "NY", "New York", "United States", "US"),
    "sea": Place("Seattle, WA", "Seattle", "WA", "Washington", "United States", "US"),
    "aus": Place("Austin, TX", "Austin", "TX", "Texas", "United States", "US"),
    "chi": Place("Chicago, IL", "Chicago", "IL", "Illinois", "United States", "US"),
    "den": Place("Denver, CO", "Denver", "CO", "Colorado", "United States", "US"),
    "remote_us": Place("Remote - US", None, None, None, "United States", "US", remote=True),
    "lon": Place("London, United Kingdom", "London", None, None, "United Kingdom", "GB"),
    "ber": Place("Berlin, Germany", "Berlin", None, None, "Germany", "DE"),
    "ams": Place("Amsterdam, Netherlands", "Amsterdam", None, None, "Netherlands", "NL"),
    "dub": Place("Dublin, Ireland", "Dublin", None, None, "Ireland", "IE"),
    "tor": Place("Toronto, ON, Canada", "Toronto", "ON", "Ontario", "Canada", "CA"),
}

# --- roles: category -> titles (checked against the tagger: see the README) ------------------------
CATEGORIES = ("sub", "junior", "aug", "builder", "low")
TITLES = {
    # substitution_exposed (shrinking)
    "sub": [
        "Customer Support Specialist",
        "Support Agent (Tier 1)",
        "Manual QA Tester",
        "QA Analyst",
        "Content Writer",
        "Copywriter",
        "Data Entry Clerk",
        "Sales Development Representative",
    ],
    # entry and intern seniority (the junior pipeline, shrinking)
    "junior": [
        "Junior Software Engineer",
        "Software Engineering Intern",
        "Graduate Software Engineer",
        "Junior Data Analyst",
        "Associate Product Manager",
    ],
    # augmented (steady)
    "aug": [
        "Software Engineer",
        "Senior Software Engineer",
        "Staff Software Engineer",
        "Backend Engineer",
        "Frontend Engineer",
        "Site Reliability Engineer",
        "Data Engineer",
        "Data Scientist",
        "Product Manager",
        "Product Designer",
        "Account Executive",
        "Technical Recruiter",
        "Security Engineer",
        "Customer Success Manager",
        "Technical Writer",
        "Financial Analyst",
    ],
    # ai_builder (growing)
    "builder": [
        "Machine Learning Engineer",
        "Senior Machine Learning Engineer",
        "AI Engineer",
        "LLM Engineer",
        "ML Platform Engineer",
        "Research Engineer, Foundation Models",
        "Applied Scientist, LLMs",
    ],
    # low exposure (steady)
    "low": ["Warehouse Associate", "Field Service Technician", "Electrician", "Facilities Technician"],
}
DEPARTMENT = {
    "Customer Support Specialist": "Customer Support",
    "Support Agent (Tier 1)": "Customer Support",
    "Manual QA Tester": "Quality",
    "QA Analyst": "Quality",
    "Content Writer": "Marketing",
    "Copywriter": "Marketing",
    "Data Entry Clerk": "Operations",
    "Sales Development Representative": "Sales",
    "Product Manager": "Product",
    "Associate Product Manager": "Product",
    "Product Designer": "Design",
    "Account Executive": "Sales",
    "Technical Recruiter": "People",
    "Customer Success Manager": "Customer Success",
    "Technical Writer": "Documentation",
    "Financial Analyst": "Finance",
    "Junior Data Analyst": "Data",
    "Data Scientist": "Data",
    "Data Engineer": "Data",
    "Warehouse Associate": "Operations",
    "Field Service Technician": "Operations",
    "Electrician": "Facilities",
    "Facilities Technician": "Facilities",
}
PAY = {  # yearly USD-ish ranges per category (EUR/GBP companies get the same numbers in their currency x0.8)
    "sub": (48_000, 68_000),
    "junior": (78_000, 105_000),
    "aug": (130_000, 185_000),
    "builder": (175_000, 250_000),
    "low": (38_000, 55_000),
}
# weekly trend per category, week index 0..9
TREND = {
    "sub": lambda w: 1.0 - 0.06 * w,
    "junior": lambda w: 1.0 - 0.07 * w,
    "aug": lambda w: 1.0 + 0.01 * ((w * 7) % 5 - 2),
    "builder": lambda w: 1.0 + 0.12 * w,
    "low": lambda w: 1.0,
}


# --- companies ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Company:
    name: str
    token: str
    ats: str
    places: tuple[str, ...]
    base: dict[str, int]
    industry: str
    currency: str = "USD"
    wave: date | None = None  # after this day the company stops hiring exposed roles / shrinks
    wave_kind: str | None = None  # "ai": exposed roles go to zero; "cost": all targets x0.6


def _base(sub=3, junior=2, aug=8, builder=2, low=0) -> dict[str, int]:
    return {"sub": sub, "junior": junior, "aug": aug, "builder": builder, "low": low}


COMPANIES = (
    # greenhouse
    Company(
        "Quillbyte",
        "quillbyte",
        "greenhouse",
        ("sf", "remote_us", "chi"),
        _base(sub=7, junior=3, aug=10, builder=3),
        "Software",
        wave=date(2026, 10, 20),
        wave_kind="ai",
    ),
    Company(
        "Brindlemoor",
        "brindlemoor",
        "greenhouse",
        ("aus", "den"),
        _base(sub=4, junior=3, aug=9, builder=2, low=2),
        "Logistics software",
        wave=date(2026, 11, 17),
        wave_kind="cost",
    ),
    Company(
        "Nimbusforge",
        "nimbusforge",
        "greenhouse",
        ("sea", "sf", "remote_us"),
        _base(sub=2, junior=3, aug=8, builder=6),
        "AI infrastructure",
    ),
    Company(
        "Tidewhistle",
        "tidewhistle",
        "greenhouse",
        ("nyc", "remote_us"),
        _base(sub=4, junior=2, aug=9, builder=2),
        "Fintech",
    ),
    Company(
        "Corvalux",
        "corvalux",
        "greenhouse",
        ("lon", "ber"),
        _base(sub=3, junior=2, aug=8, builder=2),
        "Media software",
        currency="GBP",
    ),
    # lever (the company name is the site name unless sources.yaml names it)
    Company(
        "Harborquill",
        "harborquill",
        "lever",
        ("sea", "remote_us"),
        _base(sub=4, junior=2, aug=8, builder=2, low=2),
        "E-commerce",
        wave=date(2026, 10, 27),
        wave_kind="cost",
    ),
    Company("Pellumo", "pellumo", "lever", ("tor", "nyc"), _base(sub=2, junior=2, aug=6, builder=3), "Health software"),
    # ashby
    Company(
        "Zentrova",
        "zentrova",
        "ashby",
        ("nyc", "remote_us"),
        _base(sub=6, junior=2, aug=6, builder=2),
        "Marketing software",
        wave=date(2026, 11, 10),
        wave_kind="ai",
    ),
    Company(
        "Orbitrax",
        "orbitrax",
        "ashby",
        ("sf", "remote_us"),
        _base(sub=1, junior=2, aug=7, builder=5),
        "Developer tools",
    ),
    # workable
    Company(
        "Kelpwick",
        "kelpwick",
        "workable",
        ("dub", "lon"),
        _base(sub=3, junior=1, aug=4, builder=1),
        "Travel software",
        currency="EUR",
        wave=date(2026, 11, 24),
        wave_kind="cost",
    ),
    # recruitee
    Company(
        "Vantaplume",
        "vantaplume",
        "recruitee",
        ("ams",),
        _base(sub=2, junior=1, aug=4, builder=1),
        "Retail software",
        currency="EUR",
    ),
    Company(
        "Lumenfold",
        "lumenfold",
        "recruitee",
        ("ber",),
        _base(sub=2, junior=1, aug=4, builder=2),
        "Energy software",
        currency="EUR",
    ),
    # smartrecruiters
    Company(
        "Fernquarry",
        "Fernquarry",
        "smartrecruiters",
        ("chi", "aus"),
        _base(sub=6, junior=2, aug=5, builder=1, low=2),
        "Insurance",
        wave=date(2026, 11, 30),
        wave_kind="ai",
    ),
    Company(
        "Grainwhirl",
        "Grainwhirl",
        "smartrecruiters",
        ("den", "chi"),
        _base(sub=2, junior=1, aug=5, builder=1, low=3),
        "Agritech",
    ),
    # career pages (schema.org JobPosting JSON-LD)
    Company(
        "Marrowbank",
        "marrowbank",
        "career_pages",
        ("nyc", "remote_us"),
        _base(sub=1, junior=1, aug=3, builder=1),
        "Banking",
    ),
    Company(
        "Sundialworks",
        "sundialworks",
        "career_pages",
        ("den",),
        _base(sub=1, junior=1, aug=2, builder=1, low=1),
        "Robotics",
    ),
)


@dataclass
class Posting:
    pid: str
    company: Company
    title: str
    cat: str
    place: Place
    opened: datetime
    closed: date | None = None  # first snapshot day it is missing from
    pay: tuple[int, int] | None = None
    ai_note: bool = False
    serial: int = 0

    def open_on(self, d: date) -> bool:
        return self.opened < snap_time(d) and (self.closed is None or d < self.closed)


def _target(c: Company, cat: str, w: int, d: date) -> int:
    n = c.base[cat] * TREND[cat](w)
    if c.wave and d > c.wave:
        if c.wave_kind == "ai" and cat == "sub":
            n *= 0.25
        elif c.wave_kind == "ai" and cat == "junior":
            n *= 0.5
        elif c.wave_kind == "ai" and cat == "builder":
            n *= 1.5
        elif c.wave_kind == "cost":
            n *= 0.6
    return max(0, round(n))


def simulate(seed: str, c: Company) -> list[Posting]:
    rng = rng_for(seed, "postings", c.token)
    everything: list[Posting] = []
    open_: list[Posting] = []
    serial = 0
    for w, d in enumerate(DATES):
        now = snap_time(d)
        if w:
            for p in list(open_):
                if rng.random() < 0.1:  # filled or withdrawn
                    p.closed = d
                    open_.remove(p)
        for cat in CATEGORIES:
            target = _target(c, cat, w, d)
            mine = sorted((p for p in open_ if p.cat == cat), key=lambda p: p.opened)
            while len(mine) > target:
                p = mine.pop(0)
                p.closed = d
                open_.remove(p)
            while len(mine) < target:
                serial += 1
                if w == 0:
                    opened = now - timedelta(days=rng.randint(1, 70), minutes=rng.randint(0, 1439))
                else:
                    opened = now - timedelta(minutes=rng.randint(30, 7 * 1440 - 30))
                title = rng.choice(TITLES[cat])
                lo, hi = PAY[cat]
                step = rng.randint(0, 6) * 5_000
                pay = (lo + step, hi + step) if rng.random() < 0.75 else None
                if c.currency != "USD" and pay:
                    pay = (round(pay[0] * 0.8, -3), round(pay[1] * 0.8, -3))
                p = Posting(
                    pid=hashlib.sha1(f"{seed}:{c.token}:{serial}".encode()).hexdigest(),
                    company=c,
                    title=title,
                    cat=cat,
                    place=PLACES[rng.choice(c.places)],
                    opened=opened,
                    pay=pay,
                    ai_note=cat == "builder" or (cat == "aug" and rng.random() < 0.15 + 0.04 * w),
                    serial=serial,
                )
                mine.append(p)
                open_.append(p)
                everything.append(p)
    return everything


DUTIES = {
    "sub": [
        "Answer customer questions by chat and e-mail",
        "Write clear, friendly help-centre articles",
        "Test releases by hand against written checklists",
        "Keep records accurate and up to date",
    ],
    "junior": [
        "Learn our codebase with a dedicated mentor",
        "Ship small, well-tested changes every week",
        "Pair with senior colleagues on real projects",
    ],
    "aug": [
        "Own services from design to production",
        "Work closely with product and design",
        "Improve reliability, performance and cost",
        "Mentor colleagues and review their work",
    ],
    "builder": [
        "Train, evaluate and ship machine learning models",
        "Build LLM-based features and agents",
        "Design evaluation suites for model quality",
        "Run inference efficiently on GPUs",
    ],
    "low": ["Keep equipment and sites safe and running", "Work on site with a small, friendly crew"],
}


def description_html(p: Posting) -> str:
    duties = DUTIES[p.cat]
    rng = random.Random(p.pid)
    picked = rng.sample(duties, k=min(2, len(duties)))
    ai = "<p>You will use AI tools every day, and help us build more of them.</p>" if p.ai_note else ""
    return (
        f"<p>{p.company.name} is hiring a {html.escape(p.title)}.</p><ul>"
        + "".join(f"<li>{x}</li>" for x in picked)
        + f"</ul>{ai}<p>Synthetic sample posting (fictional employer).</p>"
    )


def description_text(p: Posting) -> str:
    return " ".join(
        part
        for part in html.unescape(description_html(p))
        .replace("<li>", " ")
        .replace("</li>", ".")
        .replace("<p>", " ")
        .replace("</p>", " ")
        .replace("<ul>", " ")
        .replace("</ul>", " ")
        .split()
    )


def posting_url(p: Posting) -> str:
    return f"https://careers.{p.company.token.lower()}.example/jobs/{p.pid[:12]}"


def iso(ts: datetime, offset_h: int = 0) -> str:
    return (
        ts.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="seconds") + "Z"
        if offset_h == 0
        else (ts + timedelta(hours=offset_h)).replace(tzinfo=None).isoformat(timespec="seconds") + f"{offset_h:+03d}:00"
    )


# --- board payloads -------------------------------------------------------------------------------
def greenhouse_board(c: Company, postings: list[Posting]) -> dict:
    jobs = []
    for p in postings:
        jid = 7_100_000_000 + int(p.pid[:7], 16) % 900_000_000
        dept = DEPARTMENT.get(p.title, "AI" if p.cat == "builder" else "Engineering")
        jobs.append(
            {
                "absolute_url": posting_url(p),
                "data_compliance": [
                    {
                        "type": "gdpr",
                        "requires_consent": False,
                        "requires_processing_consent": False,
                        "requires_retention_consent": False,
                        "retention_period": None,
                        "demographic_data_consent_applies": False,
                    }
                ],
                "internal_job_id": jid // 1000,
                "location": {"name": p.place.text},
                "metadata": None
                if not p.pay
                else [
                    {
                        "id": 101,
                        "name": "Salary Range",
                        "value": {"unit": c.currency, "min_value": f"{p.pay[0]:.1f}", "max_value": f"{p.pay[1]:.1f}"},
                        "value_type": "currency_range",
                    }
                ],
                "id": jid,
                "updated_at": iso(p.opened, -5),
                "requisition_id": f"REQ-{p.serial:04d}",
                "title": p.title,
                "company_name": c.name,
                "first_published": iso(p.opened, -5),
                "language": "en",
                "content": html.escape(description_html(p)),
                "departments": [{"id": 4000 + len(dept), "name": dept, "child_ids": [], "parent_id": None}],
                "offices": [
                    {
                        "id": 5000 + len(p.place.text),
                        "name": p.place.city or "Remote",
                        "location": p.place.text,
                        "child_ids": [],
                        "parent_id": None,
                    }
                ],
            }
        )
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


def lever_site(c: Company, postings: list[Posting]) -> list:
    out = []
    for p in postings:
        pid = f"{p.pid[:8]}-{p.pid[8:12]}-4{p.pid[13:16]}-8{p.pid[17:20]}-{p.pid[20:32]}"
        job = {
            "additionalPlain": "",
            "additional": "",
            "categories": {
                "commitment": "Full-time",
                "department": DEPARTMENT.get(p.title, "Engineering"),
                "location": p.place.text,
                "team": DEPARTMENT.get(p.title, "Engineering"),
                "allLocations": [p.place.text],
            },
            "createdAt": int(p.opened.timestamp() * 1000),
            "descriptionPlain": description_text(p),
            "description": description_html(p),
            "id": pid,
            "lists": [],
            "text": p.title,
            "country": p.place.iso2,
            "workplaceType": "remote" if p.place.remote else "hybrid",
            "hostedUrl": posting_url(p),
            "applyUrl": posting_url(p) + "/apply",
        }
        if p.pay:
            job["salaryRange"] = {
                "currency": c.currency,
                "interval": "per-year-salary",
                "min": p.pay[0],
                "max": p.pay[1],
            }
        out.append(job)
    return out


def ashby_board(c: Company, postings: list[Posting]) -> dict:
    jobs = []
    for p in postings:
        pid = f"{p.pid[:8]}-{p.pid[8:12]}-4{p.pid[13:16]}-a{p.pid[17:20]}-{p.pid[20:32]}"
        job = {
            "id": pid,
            "title": p.title,
            "department": DEPARTMENT.get(p.title, "Engineering"),
            "team": DEPARTMENT.get(p.title, "Engineering"),
            "employmentType": "FullTime",
            "location": p.place.text,
            "secondaryLocations": [],
            "publishedAt": p.opened.isoformat(timespec="milliseconds"),
            "isListed": True,
            "isRemote": p.place.remote,
            "workplaceType": "Remote" if p.place.remote else "Hybrid",
            "address": {
                "postalAddress": {
                    "addressLocality": p.place.city,
                    "addressRegion": p.place.region,
                    "addressCountry": p.place.country,
                }
            },
            "jobUrl": posting_url(p),
            "applyUrl": posting_url(p) + "/application",
            "descriptionHtml": description_html(p),
            "descriptionPlain": description_text(p),
            "shouldDisplayCompensationOnJobPostings": bool(p.pay),
        }
        if p.pay:
            summary = f"${p.pay[0] // 1000}K \u2013 ${p.pay[1] // 1000}K"
            comp = {
                "id": p.pid[:8],
                "summary": summary,
                "compensationType": "Salary",
                "interval": "1 YEAR",
                "currencyCode": c.currency,
                "minValue": p.pay[0],
                "maxValue": p.pay[1],
            }
            job["compensation"] = {
                "compensationTierSummary": summary,
                "scrapeableCompensationSalarySummary": summary,
                "compensationTiers": [
                    {
                        "id": p.pid[8:16],
                        "tierSummary": summary,
                        "title": None,
                        "additionalInformation": None,
                        "components": [comp],
                    }
                ],
                "summaryComponents": [comp],
            }
        jobs.append(job)
    return {"apiVersion": "1", "jobs": jobs}


def workable_account(c: Company, postings: list[Posting]) -> dict:
    jobs = []
    for p in postings:
        code = p.pid[:10].upper()
        jobs.append(
            {
                "title": p.title,
                "shortcode": code,
                "code": "",
                "employment_type": "Full-time",
                "telecommuting": p.place.remote,
                "department": DEPARTMENT.get(p.title, "Engineering"),
                "url": posting_url(p),
                "shortlink": posting_url(p),
                "application_url": posting_url(p) + "/apply",
                "published_on": p.opened.date().isoformat(),
                "created_at": p.opened.date().isoformat(),
                "country": p.place.country,
                "city": p.place.city or "",
                "state": p.place.region_name or "",
                "education": "",
                "experience": "Entry level" if p.cat == "junior" else "Mid-Senior level",
                "function": "",
                "industry": c.industry,
                "locations": [
                    {
                        "country": p.place.country,
                        "countryCode": p.place.iso2,
                        "city": p.place.city or "",
                        "region": p.place.region_name or "",
                        "hidden": False,
                    }
                ],
            }
        )
    return {
        "name": c.name,
        "description": f"<p>{c.name} is a fictional employer of the Hiring Signals sample.</p>",
        "jobs": jobs,
    }


def recruitee_offers(c: Company, postings: list[Posting]) -> dict:
    offers = []
    for p in postings:
        slug = p.title.lower().replace(" ", "-").replace(",", "").replace("(", "").replace(")", "") + f"-{p.serial}"
        stamp = p.opened.strftime("%Y-%m-%d %H:%M:%S UTC")
        offers.append(
            {
                "id": 2_000_000 + int(p.pid[:6], 16) % 900_000,
                "slug": slug,
                "title": p.title,
                "status": "published",
                "department": DEPARTMENT.get(p.title, "Engineering"),
                "location": p.place.text,
                "city": p.place.city,
                "country": p.place.country,
                "country_code": p.place.iso2,
                "state_code": None,
                "postal_code": "",
                "remote": p.place.remote,
                "hybrid": not p.place.remote,
                "on_site": False,
                "employment_type_code": "fulltime",
                "created_at": stamp,
                "published_at": stamp,
                "updated_at": stamp,
                "close_at": None,
                "careers_url": posting_url(p),
                "careers_apply_url": posting_url(p) + "/c/new",
                "company_name": c.name,
                "description": description_html(p),
                "requirements": "<ul><li>Fluent English</li></ul>",
                "salary": (
                    {"min": str(p.pay[0]), "max": str(p.pay[1]), "period": "year", "currency": c.currency}
                    if p.pay
                    else {"min": None, "max": None, "period": None, "currency": None}
                ),
                "tags": [],
                "guid": p.pid[:32],
                "locations": [
                    {"city": p.place.city, "country": p.place.country, "country_code": p.place.iso2, "state": ""}
                ],
            }
        )
    return {"offers": offers}


def smartrecruiters_page(c: Company, postings: list[Posting]) -> dict:
    content = []
    for p in postings:
        content.append(
            {
                "id": str(744_000_000_000_000 + int(p.pid[:10], 16) % 10**14),
                "name": p.title,
                "uuid": p.pid[:32],
                "jobAdId": p.pid[8:40],
                "defaultJobAd": True,
                "refNumber": f"REF{p.serial:05d}",
                "company": {"identifier": c.token, "name": c.name},
                "releasedDate": p.opened.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                "location": {
                    "city": p.place.city or "",
                    "region": p.place.region or "",
                    "country": p.place.iso2.lower(),
                    "remote": p.place.remote,
                    "hybrid": False,
                    "fullLocation": p.place.text,
                },
                "industry": {"id": "insurance", "label": c.industry},
                "department": {
                    "id": str(len(DEPARTMENT.get(p.title, "Engineering"))),
                    "label": DEPARTMENT.get(p.title, "Engineering"),
                },
                "function": {"id": "other", "label": "Other"},
                "typeOfEmployment": {"id": "permanent", "label": "Full-time"},
                "experienceLevel": {
                    "id": "entry_level" if p.cat == "junior" else "mid_senior_level",
                    "label": "Entry Level" if p.cat == "junior" else "Mid-Senior Level",
                },
                "customField": [],
                "ref": posting_url(p),
                "creator": {"name": "Recruiting Team"},
                "language": {"code": "en", "label": "English", "labelNative": "English (US)"},
            }
        )
    return {"offset": 0, "limit": 100, "totalFound": len(content), "content": content}


def career_page(c: Company, postings: list[Posting], d: date) -> str:
    blocks = []
    for p in postings:
        job = {
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": p.title,
            "datePosted": p.opened.date().isoformat(),
            "validThrough": (d + timedelta(days=60)).isoformat(),
            "employmentType": "FULL_TIME",
            "identifier": {"@type": "PropertyValue", "name": c.name, "value": p.pid[:12]},
            "url": posting_url(p),
            "description": html.escape(description_html(p)),
            "hiringOrganization": {"@type": "Organization", "name": c.name, "sameAs": f"https://{c.token}.example"},
        }
        if p.place.remote:
            job["jobLocationType"] = "TELECOMMUTE"
            job["applicantLocationRequirements"] = {"@type": "Country", "name": p.place.country}
        else:
            job["jobLocation"] = {
                "@type": "Place",
                "address": {
                    "@type": "PostalAddress",
                    "addressLocality": p.place.city,
                    "addressRegion": p.place.region,
                    "addressCountry": p.place.iso2,
                },
            }
        if p.pay:
            job["baseSalary"] = {
                "@type": "MonetaryAmount",
                "currency": c.currency,
                "value": {"@type": "QuantitativeValue", "minValue": p.pay[0], "maxValue": p.pay[1], "unitText": "YEAR"},
            }
        blocks.append(job)
    body = json.dumps(blocks, indent=1, ensure_ascii=False)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Careers at {c.name} (SAMPLE)</title>\n'
        f'<script type="application/ld+json">\n{body}\n</script>\n</head><body><h1>Careers at {c.name}</h1>'
        f"<p>Synthetic sample page: {c.name} is a fictional employer.</p></body></html>\n"
    )


# --- layoff events (the ground truth every layoff source reports from) ----------------------------
@dataclass(frozen=True)
class Event:
    company: str
    day: date
    count: int | None
    pct: float | None  # 0-100
    place: str  # PLACES key
    industry: str
    news: str | None = None  # feed name
    edgar: bool = False
    warn: str | None = None  # state
    tracker: bool = True
    story: str = "cost"  # cost | ai | closure | restructure


WAVE = (
    Event(
        "Quillbyte", date(2026, 10, 20), 240, 18, "sf", "Software", news="techwire", edgar=True, warn="CA", story="ai"
    ),
    Event("Harborquill", date(2026, 10, 27), 300, 12, "sea", "Retail", news="bizdaily", warn="WA", story="cost"),
    Event("Zentrova", date(2026, 11, 10), 120, 25, "nyc", "Marketing", news="bizdaily", story="ai"),
    Event(
        "Brindlemoor", date(2026, 11, 17), 90, 5, "aus", "Logistics", news="techwire", edgar=True, story="restructure"
    ),
    Event("Kelpwick", date(2026, 11, 24), 45, None, "dub", "Travel", story="closure"),
    Event("Fernquarry", date(2026, 11, 30), 180, 9, "chi", "Finance", news="techwire", edgar=True, story="ai"),
    Event("Tidewhistle", date(2026, 9, 15), 35, 3, "nyc", "Finance", story="cost"),
)
FILLER_NAMES = (
    "Bramblecart",
    "Cindervale",
    "Dapplewick",
    "Emberlane",
    "Fogwillow",
    "Gorsebay",
    "Hollowmint",
    "Inkthistle",
    "Jasperwick",
    "Lanternhive",
    "Mossgrove",
    "Nettlepath",
)
FILLER_INDUSTRIES = ("Retail", "Logistics", "Consumer", "Fintech", "Media", "Hardware", "Healthcare", "Food")


def filler_events(seed: str) -> list[Event]:
    rng = rng_for(seed, "filler-events")
    out = []
    start = date(2026, 6, 1)
    for i in range(26):
        name = FILLER_NAMES[i % len(FILLER_NAMES)]
        day = start + timedelta(days=rng.randint(0, (DATES[-1] - start).days - 1))
        place = rng.choice(("sf", "nyc", "sea", "aus", "chi", "den", "lon", "ber", "tor"))
        warn = {"sf": "CA", "sea": "WA"}.get(place) if rng.random() < 0.7 else None
        out.append(
            Event(
                name,
                day,
                rng.choice((20, 40, 60, 85, 120, 150, 200, None)),
                rng.choice((None, 5, 8, 10, 15)),
                place,
                rng.choice(FILLER_INDUSTRIES),
                warn=warn,
                story=rng.choice(("cost", "cost", "closure", "restructure")),
            )
        )
    return sorted(out, key=lambda e: (e.day, e.company))


def tracker_csv(events: list[Event], d: date) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "company",
            "location",
            "total_laid_off",
            "date",
            "percentage_laid_off",
            "industry",
            "source",
            "stage",
            "funds_raised",
            "country",
            "date_added",
        ]
    )
    for i, e in enumerate(sorted(events, key=lambda e: (e.day, e.company), reverse=True)):
        added = e.day + timedelta(days=1 + i % 3)
        if not e.tracker or added > d:
            continue
        place = PLACES[e.place]
        link = f"https://tracker.example.org/hiring-signals-sample/{e.company.lower()}-{e.day.isoformat()}"
        w.writerow(
            [
                e.company,
                place.city or "Remote",
                f"{e.count}.0" if e.count else "",
                f"{e.day.month}/{e.day.day}/{e.day.year}",
                f"{e.pct / 100:.2f}" if e.pct else "",
                e.industry,
                link,
                "Series C",
                "",
                place.country,
                f"{added.month}/{added.day}/{added.year}",
            ]
        )
    return buf.getvalue()


# --- news ---------------------------------------------------------------------------------------
FEEDS = {
    "techwire": ("TechWire (SAMPLE)", "https://techwire.example.com"),
    "bizdaily": ("BizDaily (SAMPLE)", "https://bizdaily.example.org"),
}
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def _mon(d: date) -> str:
    return MONTHS[d.month - 1][:3] + "."


def story(e: Event) -> tuple[str, str, list[str]]:
    """(headline, summary, paragraphs) written for this sample."""
    city = PLACES[e.place].city or "remote"
    if e.company == "Quillbyte":
        return (
            "Quillbyte to cut 240 jobs as AI agents take over routine support",
            "The software maker said AI agents now answer most routine customer questions.",
            [
                f"SAN FRANCISCO, {_mon(e.day)} {e.day.day} (TechWire sample) - Quillbyte will lay off about 240 employees, "
                "or 18% of its workforce, mostly in customer support and manual testing, the company said on Tuesday.",
                "Quillbyte said AI agents now resolve most routine customer questions and run most regression tests, "
                "so it needs fewer people in those teams.",
                "The company said it is still hiring machine learning engineers.",
            ],
        )
    if e.company == "Zentrova":
        return (
            "Zentrova lays off a quarter of staff, replacing content teams with generative AI",
            "The marketing software company cut about 120 jobs.",
            [
                f"NEW YORK, {_mon(e.day)} {e.day.day} (BizDaily sample) - Zentrova said it would cut about 120 jobs, "
                "roughly 25% of its staff.",
                "Zentrova said the cuts were made because generative AI tools now produce most of the copy and "
                "campaign content its writers used to produce.",
                "The remaining staff will focus on product engineering, a spokesperson said.",
            ],
        )
    if e.company == "Fernquarry":
        return (
            "Fernquarry cuts 180 jobs after automating claims intake with AI",
            "The insurer said document processing is now largely automated.",
            [
                f"CHICAGO, {_mon(e.day)} {e.day.day} (TechWire sample) - Fernquarry will eliminate about 180 positions, "
                "or 9% of its workforce, the insurer said on Monday.",
                "Fernquarry said the reduction is due to AI-based document processing that now handles most claims "
                "intake and data entry.",
                "Affected employees will receive twelve weeks of severance.",
            ],
        )
    if e.company == "Harborquill":
        return (
            "Harborquill lays off 300 as online sales slow",
            "The e-commerce company cut about 12% of its workforce.",
            [
                f"SEATTLE, {_mon(e.day)} {e.day.day} (BizDaily sample) - Harborquill said it would lay off about 300 "
                "employees, or 12% of its staff, to reduce costs as online sales slow.",
                "The company said the decision reflects weaker demand and higher shipping costs.",
                "Chief executive Dana Whitlow, a fictional person, told staff the company would hire again next year.",
            ],
        )
    if e.company == "Brindlemoor":
        return (
            "Brindlemoor announces restructuring, cutting about 90 roles",
            "The logistics software maker will close two regional offices.",
            [
                f"AUSTIN, {_mon(e.day)} {e.day.day} (TechWire sample) - Brindlemoor will cut about 90 roles in a "
                "restructuring that closes two regional offices, the company said.",
                "Brindlemoor said the plan is meant to lower operating costs. It will keep investing in AI features "
                "for its routing product.",
                f"Most affected staff work in {city} and Denver.",
            ],
        )
    raise KeyError(e.company)


FILLER_HEADLINES = (
    "{c} opens a new office in {city}",
    "{c} reports quarterly revenue up {n}%",
    "{c} names a new chief financial officer",
    "{c} launches a developer conference",
    "{c} raises ${n}0 million in new funding",
    "{c} partners with a regional bank",
)


def news_items(seed: str, feed: str, events: list[Event]) -> list[dict]:
    """Every item the feed ever carries: layoff stories of ``events`` plus filler, newest first."""
    base = FEEDS[feed][1]
    rng = rng_for(seed, "news", feed)
    items = []
    for e in events:
        if e.news != feed:
            continue
        title, summary, paras = story(e)
        published = datetime(e.day.year, e.day.month, e.day.day, 14, 5, tzinfo=UTC)
        slug = title.lower().replace(",", "").replace(" ", "-")[:60].strip("-")
        items.append(
            {
                "title": title,
                "summary": summary,
                "paras": paras,
                "published": published,
                "link": f"{base}/{e.day:%Y/%m}/{slug}",
                "layoff": True,
            }
        )
    day = date(2026, 9, 1)
    while day <= DATES[-1]:
        c = rng.choice([x.name for x in COMPANIES] + list(FILLER_NAMES))
        title = rng.choice(FILLER_HEADLINES).format(
            c=c, city=rng.choice(["Lisbon", "Denver", "Osaka", "Toronto"]), n=rng.randint(3, 9)
        )
        published = datetime(day.year, day.month, day.day, rng.randint(8, 18), 30, tzinfo=UTC)
        slug = title.lower().replace("$", "").replace("%", "").replace(" ", "-")[:60].strip("-")
        items.append(
            {
                "title": title,
                "summary": f"{title}. A synthetic sample story.",
                "paras": None,
                "published": published,
                "link": f"{base}/{day:%Y/%m}/{slug}",
                "layoff": False,
            }
        )
        day += timedelta(days=rng.randint(6, 9))
    return sorted(items, key=lambda i: i["published"], reverse=True)


def _rfc822(ts: datetime) -> str:
    return ts.strftime("%a, %d %b %Y %H:%M:%S GMT")


# a layoffs-tag feed: sparse, so it still lists the stories of the last ten weeks
FEED_DAYS, FEED_ITEMS = 75, 20


def shown_items(items: list[dict], d: date) -> list[dict]:
    now = snap_time(d)
    return [i for i in items if now - timedelta(days=FEED_DAYS) < i["published"] < now][:FEED_ITEMS]


def feed_xml(feed: str, items: list[dict], d: date) -> str:
    title, base = FEEDS[feed]
    now = snap_time(d)
    shown = shown_items(items, d)
    if feed == "techwire":
        parts = [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<rss version="2.0">',
            "  <channel>",
            f"    <title>{title}</title>",
            f"    <link>{base}/</link>",
            "    <description>Synthetic sample feed for the Hiring Signals replay archive. Not real news; "
            "every company is fictional.</description>",
            f"    <lastBuildDate>{_rfc822(now - timedelta(hours=1))}</lastBuildDate>",
        ]
        for i in shown:
            parts += [
                "    <item>",
                f"      <title>{html.escape(i['title'])}</title>",
                f"      <link>{i['link']}</link>",
                f'      <guid isPermaLink="true">{i["link"]}</guid>',
                f"      <pubDate>{_rfc822(i['published'])}</pubDate>",
                f"      <description>{html.escape(i['summary'])}</description>",
                "    </item>",
            ]
        parts += ["  </channel>", "</rss>", ""]
    else:
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>',
            '<feed xmlns="http://www.w3.org/2005/Atom">',
            f"  <title>{title}</title>",
            f'  <link href="{base}/"/>',
            f"  <id>{base}/</id>",
            f"  <updated>{(now - timedelta(hours=1)).isoformat().replace('+00:00', 'Z')}</updated>",
            "  <subtitle>Synthetic sample feed; every company is fictional.</subtitle>",
        ]
        for i in shown:
            stamp = i["published"].isoformat().replace("+00:00", "Z")
            parts += [
                "  <entry>",
                f"    <title>{html.escape(i['title'])}</title>",
                f'    <link href="{i["link"]}"/>',
                f"    <id>{i['link']}</id>",
                f"    <published>{stamp}</published>",
                f"    <updated>{stamp}</updated>",
                f"    <summary>{html.escape(i['summary'])}</summary>",
                "  </entry>",
            ]
        parts += ["</feed>", ""]
    return "\n".join(parts)


def article_html(feed: str, item: dict) -> str:
    paras = "\n".join(f"      <p>{html.escape(p)}</p>" for p in item["paras"])
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{html.escape(item["title"])} | {FEEDS[feed][0]}</title>
  <meta property="og:title" content="{html.escape(item["title"])}">
  <meta property="article:published_time" content="{item["published"].isoformat().replace("+00:00", "Z")}">
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/tech">Tech</a></nav></header>
  <main>
    <h1>{html.escape(item["title"])}</h1>
    <article>
{paras}
    </article>
    <aside><p>Most read: a synthetic sidebar</p></aside>
  </main>
  <footer><p>SAMPLE DATA - synthetic story about a fictional company, written for the Hiring Signals sample archive.</p></footer>
</body>
</html>
"""


def article_key(feed: str, link: str) -> str:  # = pipelines.sources.news.article_key
    return f"{feed}#article-{hashlib.sha1(link.encode('utf-8')).hexdigest()[:12]}"


# --- EDGAR -----------------------------------------------------------------------------------------
FILINGS = {  # company -> (cik, ticker, legal name, state, city, Item 2.05 paragraphs)
    "Quillbyte": (
        "0009910001",
        "QBYT",
        "QUILLBYTE, INC.",
        "CA",
        "San Francisco, CA",
        [
            'On October 19, 2026, the Board of Directors of Quillbyte, Inc. (the "Company") approved a plan to reduce '
            "the Company's workforce by approximately 240 employees, or about 18% of its workforce.",
            "The workforce reduction is a result of the Company's deployment of AI agents, which now resolve most routine "
            "customer support requests and run most manual regression tests.",
            "The Company expects to incur approximately $14 million in charges, primarily severance.",
        ],
    ),
    "Brindlemoor": (
        "0009910002",
        "BRND",
        "BRINDLEMOOR CORP",
        "TX",
        "Austin, TX",
        [
            'On November 16, 2026, Brindlemoor Corp (the "Company") committed to a restructuring plan that reduces its '
            "workforce by approximately 5% and closes two regional offices in order to reduce operating expenses.",
            "The Company will continue to invest in artificial intelligence features; the plan is not a result of them.",
            "The Company expects to incur approximately $6 million in charges.",
        ],
    ),
    "Fernquarry": (
        "0009910003",
        "FQRY",
        "FERNQUARRY HOLDINGS, INC.",
        "IL",
        "Chicago, IL",
        [
            'On November 27, 2026, Fernquarry Holdings, Inc. (the "Company") approved a workforce reduction of '
            "approximately 180 employees, or about 9% of its workforce.",
            "The workforce reduction is a result of the Company's deployment of AI-based document processing, which now "
            "performs most claims intake and data entry work.",
            "The Company expects to incur approximately $8 million in charges, primarily cash severance.",
        ],
    ),
}


def adsh_of(cik: str, e: Event) -> str:
    return f"{cik}-26-{e.day.timetuple().tm_yday:06d}"


def filing_html(e: Event) -> tuple[str, str]:
    cik, ticker, legal, _, _, paras = FILINGS[e.company]
    filename = f"{e.company.lower()}-{e.day:%Y%m%d}.htm"
    body = "\n".join(f'<p style="margin-top:6pt">{html.escape(p)}</p>' for p in paras)
    doc = f"""<html><head><title>{filename}</title></head><body>
<!-- SAMPLE DATA: synthetic 8-K of a fictional company for the Hiring Signals sample archive; not a real filing. -->
<div style="text-align:center"><p><b>UNITED STATES</b></p><p><b>SECURITIES AND EXCHANGE COMMISSION</b></p>
<p><b>FORM 8-K</b></p><p>CURRENT REPORT</p>
<p>Date of Report (Date of earliest event reported): {e.day.isoformat()}</p>
<p><b>{legal}</b></p><p>(Exact name of registrant as specified in its charter)</p></div>
<table><tr><td>Item 2.05</td></tr><tr><td>Item 9.01</td></tr></table>
<p><b>Item 2.05 Costs Associated with Exit or Disposal Activities.</b></p>
{body}
<p><b>Item 9.01 Financial Statements and Exhibits.</b></p><p>104 Cover Page Interactive Data File.</p>
<p><b>SIGNATURES</b></p><p>Pursuant to the requirements of the Securities Exchange Act of 1934, the registrant has duly caused this report to be signed.</p>
</body></html>
"""
    return filename, doc


def edgar_search(events: list[Event], d: date) -> tuple[dict, dict[str, str]]:
    start = d - timedelta(days=30)
    hits, docs = [], {}
    for e in events:
        if not e.edgar or not (start <= e.day <= d):
            continue
        cik, ticker, legal, state, city, _ = FILINGS[e.company]
        adsh = adsh_of(cik, e)
        filename, doc = filing_html(e)
        hits.append(
            {
                "_index": "edgar_file",
                "_id": f"{adsh}:{filename}",
                "_score": 10.0,
                "_source": {
                    "ciks": [cik],
                    "period_ending": e.day.isoformat(),
                    "display_names": [f"{legal}  ({ticker})  (CIK {cik})"],
                    "root_forms": ["8-K"],
                    "file_date": e.day.isoformat(),
                    "biz_states": [state],
                    "form": "8-K",
                    "adsh": adsh,
                    "biz_locations": [city],
                    "file_type": "8-K",
                    "file_description": "FORM 8-K",
                    "items": ["2.05", "9.01"],
                },
            }
        )
        docs[f"item-2.05#filing-{adsh}"] = doc
    payload = {
        "took": 12,
        "timed_out": False,
        "hits": {"total": {"value": len(hits), "relation": "eq"}, "max_score": 10.0 if hits else None, "hits": hits},
        "query": {
            "q": '"Item 2.05"',
            "forms": "8-K",
            "dateRange": "custom",
            "startdt": start.isoformat(),
            "enddt": d.isoformat(),
        },
    }
    return payload, docs


# --- WARN (raw warn-scraper CSV layouts of CA and WA, synthetic rows) ------------------------------
CA_HEADER = (
    "notice_date",
    "effective_date",
    "received_date",
    "company",
    "city",
    "num_employees",
    "layoff_or_closure",
    "county",
    "address",
    "source_file",
)
WA_HEADER = (
    "Company",
    "Location",
    "Layoff Start Date",
    "# of Workers",
    "Closure Layoff",
    "Type of Layoff",
    "Received Date",
)


def warn_csv(state: str, events: list[Event], d: date) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    rows = []
    for e in events:
        notice = e.day - timedelta(days=2)
        if e.warn != state or notice > d or e.count is None:
            continue
        effective = notice + timedelta(days=60)
        closure = e.story == "closure"
        city = PLACES[e.place].city
        if state == "CA":
            rows.append(
                (
                    notice,
                    [
                        f"{notice:%m/%d/%Y}",
                        f"{effective:%m/%d/%Y}",
                        f"{notice:%m/%d/%Y}",
                        f"{e.company}, Inc.",
                        city,
                        str(e.count),
                        "Closure Permanent" if closure else "Layoff Permanent",
                        "San Francisco County",
                        f"100 Example Way  {city} CA 94105",
                        "WARN_Report_sample.xlsx",
                    ],
                )
            )
        else:
            rows.append(
                (
                    notice,
                    [
                        f"{e.company} Inc.",
                        city,
                        f"{effective.month}/{effective.day}/{effective.year}",
                        str(e.count),
                        "Closure" if closure else "Layoff",
                        "Permanent",
                        f"{notice.month}/{notice.day}/{notice.year}",
                    ],
                )
            )
    w.writerow(CA_HEADER if state == "CA" else WA_HEADER)
    for _, row in sorted(rows, key=lambda r: r[0], reverse=True):
        w.writerow(row)
    return buf.getvalue()


# --- Hacker News --------------------------------------------------------------------------------------
THREAD_MONTHS = (date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 2), date(2026, 12, 1))
HIRING, WANTS = "hn_who_is_hiring", "hn_who_wants_to_be_hired"
HN_STARTUPS = (
    "Pebbleloop",
    "Quartzmoss",
    "Rivetwing",
    "Saltmarsh Labs",
    "Thimbleray",
    "Umberfield",
    "Velvetgear",
    "Willowtrace",
)
HN_ROLES_BY_MONTH = {  # (title, weight) — builders rise, exposed roles fade month by month
    0: [
        ("Senior Backend Engineer", 3),
        ("Machine Learning Engineer", 2),
        ("Frontend Engineer", 2),
        ("QA Engineer", 2),
        ("Customer Support Specialist", 2),
        ("Data Analyst", 1),
        ("Junior Software Engineer", 2),
        ("AI Engineer", 1),
    ],
    1: [
        ("Senior Backend Engineer", 3),
        ("Machine Learning Engineer", 3),
        ("Frontend Engineer", 2),
        ("QA Engineer", 1),
        ("Customer Support Specialist", 1),
        ("Data Analyst", 1),
        ("Junior Software Engineer", 1),
        ("AI Engineer", 2),
    ],
    2: [
        ("Senior Backend Engineer", 3),
        ("Machine Learning Engineer", 3),
        ("Frontend Engineer", 2),
        ("QA Engineer", 1),
        ("LLM Engineer", 2),
        ("Data Analyst", 1),
        ("AI Engineer", 3),
    ],
    3: [
        ("Senior Backend Engineer", 3),
        ("Machine Learning Engineer", 4),
        ("Frontend Engineer", 1),
        ("LLM Engineer", 3),
        ("AI Engineer", 3),
        ("ML Platform Engineer", 2),
    ],
}
CANDIDATE_ROLES_BY_MONTH = {  # laid-off support/QA/content people join the supply side over time
    0: [
        ("Software engineer", 4),
        ("Frontend developer", 2),
        ("Data scientist", 2),
        ("Machine learning engineer", 1),
        ("Customer support specialist", 1),
        ("QA engineer", 1),
        ("Product designer", 1),
    ],
    1: [
        ("Software engineer", 4),
        ("Frontend developer", 2),
        ("Data scientist", 2),
        ("Machine learning engineer", 1),
        ("Customer support specialist", 2),
        ("QA engineer", 2),
        ("Content writer", 1),
    ],
    2: [
        ("Software engineer", 4),
        ("Frontend developer", 2),
        ("Data scientist", 1),
        ("Machine learning engineer", 1),
        ("Customer support specialist", 3),
        ("QA engineer", 3),
        ("Content writer", 2),
    ],
    3: [
        ("Software engineer", 4),
        ("Frontend developer", 1),
        ("Data scientist", 1),
        ("Machine learning engineer", 1),
        ("Customer support specialist", 4),
        ("QA engineer", 3),
        ("Content writer", 3),
    ],
}
TECH = (
    "Python",
    "TypeScript",
    "Go",
    "Rust",
    "React",
    "PostgreSQL",
    "Kubernetes",
    "PyTorch",
    "AWS",
    "Zendesk",
    "Selenium",
)
HN_PLACES = ("Austin, TX", "Berlin, Germany", "Toronto, Canada", "Seattle, WA", "London, UK", "Denver, CO", "Remote")


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


@dataclass
class Thread:
    kind: str
    month: date
    story_id: int
    title: str
    created: datetime
    comments: list[dict] = field(default_factory=list)


def hn_threads(seed: str) -> list[Thread]:
    threads = []
    for m, month in enumerate(THREAD_MONTHS):
        created = datetime(month.year, month.month, month.day, 16, tzinfo=UTC)
        base = 45_900_000 + m * 250_000
        label = f"({MONTHS[month.month - 1]} {month.year})"
        for k, (kind, title) in enumerate(
            (
                (HIRING, f"Ask HN: Who is hiring? {label}"),
                (WANTS, f"Ask HN: Who wants to be hired? {label}"),
                ("freelancer", f"Ask HN: Freelancer? Seeking freelancer? {label}"),
            )
        ):
            t = Thread(kind, month, base + k, title, created)
            if kind != "freelancer":
                rng = rng_for(seed, "hn", kind, month)
                next_id = base + 1000 + k * 50_000
                n = 22 if kind == HIRING else 20
                for i in range(n):
                    # most comments come in the first day, a tail over three weeks
                    minutes = rng.randint(5, 1440) if i < n * 0.6 else rng.randint(1440, 21 * 1440)
                    posted = created + timedelta(minutes=minutes)
                    next_id += rng.randint(3, 40)
                    text = hiring_comment(rng, m, i) if kind == HIRING else candidate_comment(rng, m, next_id)
                    t.comments.append(
                        {
                            "by": f"sample_user_{rng.randint(100, 999)}",
                            "id": next_id,
                            "parent": t.story_id,
                            "text": text,
                            "time": int(posted.timestamp()),
                            "type": "comment",
                        }
                    )
                t.comments.sort(key=lambda c: c["time"])
                for c, new_id in zip(t.comments, sorted(c["id"] for c in t.comments)):
                    c["id"] = new_id  # ids grow with time, as on HN
            threads.append(t)
    return threads


def _hn_html(text: str) -> str:
    return html.escape(text, quote=True).replace("/", "&#x2F;").replace("&#x27;", "&#x27;")


def hiring_comment(rng: random.Random, month: int, i: int) -> str:
    boards = [c.name for c in COMPANIES if c.ats in ("greenhouse", "ashby", "lever")]
    company = rng.choice(HN_STARTUPS + tuple(boards[:3]))
    roles = sorted({_weighted(rng, HN_ROLES_BY_MONTH[month]) for _ in range(rng.randint(1, 2))})
    place = rng.choice(("San Francisco, CA", "New York, NY", "Remote (US)", "Berlin, Germany", "REMOTE", "Austin, TX"))
    mode = "REMOTE" if "Remote" in place or place == "REMOTE" else "ONSITE"
    lo = rng.choice((120, 140, 160, 180))
    site = f"https://{company.lower().replace(' ', '')}.example"
    header = f"{company} | {', '.join(roles)} | {place} | {mode} | Full-time | ${lo}k-${lo + 50}k"
    body = rng.choice(
        (
            f"We build tools for small logistics firms and are a team of {rng.randint(5, 40)} people.",
            "We are a small team working on developer tooling; profitable and growing.",
            "We make scheduling software for clinics. Our stack is Python, TypeScript and Postgres.",
        )
    )
    return (
        f"{_hn_html(header)}<p>{_hn_html(body)}<p>Apply: "
        f'<a href="{_hn_html(site)}&#x2F;jobs" rel="nofollow">{_hn_html(site)}&#x2F;jobs</a>'
    )


def candidate_comment(rng: random.Random, month: int, cid: int) -> str:
    role = _weighted(rng, CANDIDATE_ROLES_BY_MONTH[month])
    place = rng.choice(HN_PLACES)
    tech = ", ".join(rng.sample(TECH, 4))
    years = rng.randint(1, 12)
    lines = [
        f"Role: {role}",
        f"Location: {place}",
        f"Remote: {rng.choice(('Yes', 'Yes', 'No'))}",
        f"Willing to relocate: {rng.choice(('Yes', 'No'))}",
        f"Technologies: {tech}",
        f"Résumé/CV: https://cv.example.org/{cid}.pdf",
        f"Email: hn.{cid}@example.com",
        f"{role} with {years} years of experience. Synthetic sample candidate.",
    ]
    return "<p>".join(_hn_html(x) for x in lines)


def algolia_latest(threads: list[Thread], now: datetime) -> dict:
    shown = sorted((t for t in threads if t.created < now), key=lambda t: t.created, reverse=True)[:30]
    hits = []
    for t in shown:
        n = sum(1 for c in t.comments if c["time"] < now.timestamp())
        hits.append(
            {
                "_tags": ["story", "author_whoishiring", f"story_{t.story_id}", "ask_hn"],
                "author": "whoishiring",
                "children": [],
                "created_at": t.created.isoformat().replace("+00:00", "Z"),
                "created_at_i": int(t.created.timestamp()),
                "num_comments": n,
                "objectID": str(t.story_id),
                "points": 300 + n,
                "story_id": t.story_id,
                "title": t.title,
            }
        )
    return {
        "exhaustiveNbHits": True,
        "hits": hits,
        "hitsPerPage": 30,
        "nbHits": len(hits),
        "nbPages": 1,
        "page": 0,
        "params": "tags=story%2Cauthor_whoishiring&hitsPerPage=30",
        "query": "",
    }


def hn_snapshot(threads: list[Thread], kind: str, d: date) -> dict[str, bytes]:
    now = snap_time(d)
    current = max((t for t in threads if t.kind == kind and t.created < now), key=lambda t: t.created)
    comments = [c for c in current.comments if c["time"] < now.timestamp()]
    story = {
        "by": "whoishiring",
        "descendants": len(comments),
        "id": current.story_id,
        "kids": [c["id"] for c in sorted(comments, key=lambda c: c["time"], reverse=True)],
        "score": 300 + len(comments),
        "time": int(current.created.timestamp()),
        "title": current.title,
        "type": "story",
        "text": "Synthetic sample thread of the Hiring Signals archive (not a real HN thread).",
    }
    files = {"latest": dump(algolia_latest(threads, now)), "latest#thread": dump(story)}
    for c in comments:
        files[f"latest#item-{c['id']}"] = dump(c)
    return files


# --- output ----------------------------------------------------------------------------------------
def dump(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def build(seed: str) -> dict[str, dict[str, dict[str, bytes]]]:
    """{source: {dt: {filename: bytes}}}"""
    out: dict[str, dict[str, dict[str, bytes]]] = {}

    def put(source: str, d: date, name: str, body: bytes | str) -> None:
        out.setdefault(source, {}).setdefault(d.isoformat(), {})[name] = (
            body.encode("utf-8") if isinstance(body, str) else body
        )

    postings = {c.token: simulate(seed, c) for c in COMPANIES}
    events = sorted(WAVE + tuple(filler_events(seed)), key=lambda e: (e.day, e.company))
    news = {feed: news_items(seed, feed, events) for feed in FEEDS}
    threads = hn_threads(seed)
    for d in DATES:
        for c in COMPANIES:
            open_ = sorted((p for p in postings[c.token] if p.open_on(d)), key=lambda p: (p.opened, p.pid))
            if c.ats == "greenhouse":
                put("greenhouse", d, f"{c.token}.json", dump(greenhouse_board(c, open_)))
            elif c.ats == "lever":
                put("lever", d, f"{c.token}.json", dump(lever_site(c, open_)))
            elif c.ats == "ashby":
                put("ashby", d, f"{c.token}.json", dump(ashby_board(c, open_)))
            elif c.ats == "workable":
                put("workable", d, f"{c.token}.json", dump(workable_account(c, open_)))
            elif c.ats == "recruitee":
                put("recruitee", d, f"{c.token}.json", dump(recruitee_offers(c, open_)))
            elif c.ats == "smartrecruiters":
                put("smartrecruiters", d, f"{c.token}.json", dump(smartrecruiters_page(c, open_)))
            elif c.ats == "career_pages":
                put("career_pages", d, f"{c.token}.html", career_page(c, open_, d))
        put("layoff_trackers", d, "sample_layoff_tracker.csv", tracker_csv(list(events), d))
        for state in ("CA", "WA"):
            put("warn", d, f"{state.lower()}.csv", warn_csv(state, list(events), d))
        for feed, items in news.items():
            put("news", d, f"{feed}.xml", feed_xml(feed, items, d))
            for i in items:
                if i["layoff"] and i in shown_items(items, d):
                    put("news", d, f"{article_key(feed, i['link'])}.html", article_html(feed, i))
        payload, docs = edgar_search(list(events), d)
        put("edgar", d, "item-2.05.json", dump(payload))
        for key, doc in docs.items():
            put("edgar", d, f"{key}.html", doc)
        for kind in (HIRING, WANTS):
            for key, body in hn_snapshot(threads, kind, d).items():
                put(kind, d, f"{key}.json", body)
    return out


BANNER = (
    "**SYNTHETIC SAMPLE DATA — fictional employers, invented events.** Every company, posting, layoff, "
    "quote, filing, comment, candidate and URL here was written by `scripts/make_sample.py` (seeded, "
    "deterministic); no employer, person or event is real and nothing was fetched. Every link in these "
    "files uses a reserved example domain (`*.example`, `example.com/.org`; only the schema.org and Atom "
    "namespace identifiers the formats require are real). Do not cite any of it."
)
SOURCE_NOTES = {
    "greenhouse": (
        "Greenhouse job-board API",
        "`{token}.json`: the body of `GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true` "
        "(`jobs[]` with `id`, `title`, `company_name`, `location.name`, `first_published`, `updated_at`, "
        "entity-escaped HTML `content`, `departments`, `offices`, `metadata` with a `currency_range` pay field "
        "or null; `meta.total`).",
    ),
    "lever": (
        "Lever postings API",
        "`{site}.json`: the bare JSON array of `GET https://api.lever.co/v0/postings/{site}?mode=json&skip=0&limit=100` "
        "(`id`, `text`, `categories`, `createdAt` ms, `descriptionPlain`, `salaryRange`, ...). No site reaches 100 "
        "postings, so there is no second page (paging is exercised by `tests/fixtures/recorded/lever`).",
    ),
    "ashby": (
        "Ashby job-board API",
        "`{board}.json`: `GET https://api.ashbyhq.com/posting-api/job-board/{board}?includeCompensation=true` "
        "(`jobs[]` with `compensation` tiers when pay is shown).",
    ),
    "workable": (
        "Workable widget API",
        "`{account}.json`: `GET https://apply.workable.com/api/v1/widget/accounts/{account}` (no pay, no text).",
    ),
    "recruitee": ("Recruitee offers API", "`{company}.json`: `GET https://{company}.recruitee.com/api/offers/`."),
    "smartrecruiters": (
        "SmartRecruiters posting API",
        "`{company}.json`: first (only) page of `GET https://api.smartrecruiters.com/v1/companies/{company}/postings?limit=100&offset=0`.",
    ),
    "career_pages": (
        "Employer career pages",
        '`{name}.html`: a page embedding a JSON list of schema.org `JobPosting` objects in `<script type="application/ld+json">`.',
    ),
    "hn_who_is_hiring": (
        'HN "Who is hiring?"',
        "`latest.json` (Algolia `search_by_date?tags=story,author_whoishiring`: the stories of every month so far), "
        "`latest#thread.json` (the month's story with `kids`), `latest#item-{id}.json` (each top-level comment posted "
        "before the snapshot). One thread per month, September to December 2026; the October thread appears "
        "from the 2026-10-08 snapshot (it is created on 2026-10-01 16:00 UTC, after that day's fetch).",
    ),
    "hn_who_wants_to_be_hired": (
        'HN "Who wants to be hired?"',
        "Same layout as `hn_who_is_hiring`; every comment is a candidate in the usual "
        "`Role:` / `Location:` / `Remote:` / `Technologies:` template, with example.com e-mails and example.org CV links.",
    ),
    "layoff_trackers": (
        "Layoff tracker CSV",
        "`sample_layoff_tracker.csv`: the 11-column layoffs.fyi-mirror layout (`company, location, total_laid_off, date, "
        "percentage_laid_off, industry, source, stage, funds_raised, country, date_added`); a row appears from the snapshot after its "
        "`date_added`. Links point to `tracker.example.org`.",
    ),
    "warn": (
        "WARN notices",
        "`ca.csv`, `wa.csv`: synthetic rows in the raw warn-scraper layouts of California and Washington (headers as the "
        "scraper writes them); a notice appears from its notice date. (The real WARN records used by the parser tests are in "
        "`tests/fixtures/recorded/warn`.)",
    ),
    "news": (
        "News feeds",
        "`techwire.xml` (RSS 2.0, `techwire.example.com`) and `bizdaily.xml` (Atom, `bizdaily.example.org`), layoffs-tag "
        "feeds listing the stories of the last 75 days (at most 20), and `{feed}#article-{sha1(link)[:12]}.html`, the article page of each layoff story (the key the news source "
        "archives it under).",
    ),
    "edgar": (
        "SEC EDGAR 8-K Item 2.05",
        "`item-2.05.json` (full-text search page, filings of the 30 days before the snapshot) and "
        "`item-2.05#filing-{adsh}.html` (each 8-K document). CIKs `000991000N` and accession numbers are invented.",
    ),
}


def readmes(files: dict[str, dict[str, dict[str, bytes]]]) -> dict[str, str]:
    out = {}
    dates = f"`dt={DATES[0]}` .. `dt={DATES[-1]}` (weekly, Thursdays)"
    for source, (what, layout) in SOURCE_NOTES.items():
        counts = ", ".join(str(len(files[source][d.isoformat()])) for d in DATES)
        out[f"{source}/README.md"] = (
            f"# {what}: sample archive (replay input)\n\n{BANNER}\n\n"
            f"Snapshots: {dates}; files per snapshot: {counts}.\n\nLayout: `dt=YYYY-MM-DD/` holds {layout}\n\n"
            "Regenerate everything with `.venv/bin/python scripts/make_sample.py` (see `samples/recorded/README.md`).\n"
        )
    companies = "\n".join(
        f"| {c.name} | {c.ats} | `{c.token}` | {c.industry} | "
        f"{(c.wave.isoformat() + ' (' + c.wave_kind + ')') if c.wave else ''} |"
        for c in COMPANIES
    )
    out["README.md"] = f"""# The bundled sample archive (what `make run` replays)

{BANNER}

`make run` (replay mode) seeds these files into `data_lake/raw/{{source}}/dt=…/` exactly as live fetches on those
days would have been archived (bytes + manifest row, fetched at 06:00 UTC; `pipelines/samples.py`), then builds
the partition from the latest snapshot on or before its date.

- **Snapshots:** {dates}, for all {len(SOURCE_NOTES)} source kinds. A run for 2026-12-04 reads the 2026-12-03
  snapshot; `make run` builds the ten snapshot dates first (once per lake), so the weekly marts
  have one point per week (10 weeks).
- **Employers:** {len(COMPANIES)} fictional companies with job boards, plus fictional companies that appear only in
  layoff sources or on Hacker News. Board tokens are not in `sources.yaml`; the company name comes from the payload
  (Greenhouse, Workable, Recruitee, SmartRecruiters, career pages) or is the token itself (Lever, Ashby).
- **What changes from week to week** (so the marts show trends): postings open and close with stable ids;
  substitution-exposed roles (frontline support, manual QA, content writing, data entry, SDRs) shrink about 6 % a
  week, AI-builder roles (ML / AI / LLM engineers) grow about 12 % a week, the entry/intern share falls, the other
  roles stay level. After its layoff an AI-attributing company posts a quarter of its exposed and half of its junior
  roles and 50 % more builder roles; a cost-cutting company posts 40 % fewer roles of every kind.
- **The layoff wave:** Quillbyte (2026-10-20, 240 people, AI agents in support and QA: news, 8-K, tracker, CA WARN),
  Harborquill (2026-10-27, 300, weaker demand: news, tracker, WA WARN), Zentrova (2026-11-10, 120, generative AI in
  content: news, tracker), Brindlemoor (2026-11-17, restructuring that mentions AI without blaming it: news, 8-K,
  tracker), Kelpwick (2026-11-24, Dublin office closure: tracker), Fernquarry (2026-11-30, 180, AI document
  processing: news, 8-K, tracker), plus 26 smaller events of other fictional companies from June 2026 on. The
  AI-attributed events carry their evidence sentence verbatim in the archived article or filing.
- **Hacker News:** one "Who is hiring?" and one "Who wants to be hired?" thread per month (September to December
  2026); builder roles gain weight in the postings and support/QA/content candidates in the supply month by month.

| company | kind | token | industry | layoff (kind) |
|---|---|---|---|---|
{companies}

Links the pipeline builds itself rather than reads from these files are not example domains: the EDGAR parser
writes `https://www.sec.gov/Archives/edgar/data/{{cik}}/…-index.htm` for a filing (invented CIKs `000991000N`:
no such filing exists), HN rows get `https://news.ycombinator.com/item?id={{invented id}}`, WARN rows the state's
WARN page. The raw manifest row of a seeded file gets the URL `pipelines/samples.py` gives it.

Size: about 2.8 MB in {sum(len(n) for days in files.values() for n in days.values())} files. The one- and two-day
payloads that carry each source's parser quirks (paging, malformed blocks, deleted items, real WARN records) are
test fixtures in `tests/fixtures/recorded/`, not part of this archive.

Regenerate (byte-identical for the same seed; overwrites the `dt=*` folders and these READMEs):

    .venv/bin/python scripts/make_sample.py [--seed {DEFAULT_SEED}]
"""
    return out


def write(out_dir: Path, files: dict[str, dict[str, dict[str, bytes]]]) -> int:
    total = 0
    for source, days in files.items():
        src = out_dir / source
        for old in src.glob("dt=*"):
            shutil.rmtree(old)
        for day, named in days.items():
            folder = src / f"dt={day}"
            folder.mkdir(parents=True, exist_ok=True)
            for name, body in named.items():
                (folder / name).write_bytes(body)
                total += len(body)
    return total


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--seed", default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    files = build(args.seed)
    total = write(args.out, files)
    for rel, text in readmes(files).items():
        (args.out / rel).write_text(text, encoding="utf-8")
    n = sum(len(named) for days in files.values() for named in days.values())
    print(
        f"wrote {n} files, {total / 1e6:.2f} MB, {len(DATES)} snapshots ({DATES[0]} .. {DATES[-1]}) "
        f"for {len(files)} source kinds into {args.out}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
