"""Generate the synthetic Greenhouse payload fixtures of the parser tests (tests/fixtures/recorded).

    python scripts/make_sample_greenhouse.py [--out tests/fixtures/recorded/greenhouse] [--seed 20261123]

Writes one payload per board and snapshot date to ``{out}/dt=YYYY-MM-DD/{token}.json``, shaped
like the real response of ``GET https://boards-api.greenhouse.io/v1/boards/{token}/jobs?content=true``
(same field names and nesting: entity-escaped HTML ``content``, ``departments``/``offices`` with
``child_ids``/``parent_id``, ``metadata`` null or a list, offset timestamps, ``meta.total``).

SAMPLE DATA, SYNTHETIC: the board tokens and company names are real employers that publish
Greenhouse boards; every posting (id, title, text, pay) is made up. The output is deterministic
for a given seed (string-seeded ``random.Random``; no wall clock, no network).
"""

from __future__ import annotations

import argparse
import html
import json
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

DAYS = ("2026-11-23", "2026-11-24")
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "recorded" / "greenhouse"

# --- offices: (location text on the job, office name, office location) ------------------------
PLACES: dict[str, tuple[str, str, str | None, str]] = {
    # key: (job location text, office name, office location, office region)
    "sf": ("San Francisco, CA", "San Francisco", "San Francisco, CA, United States", "North America"),
    "nyc": ("New York, NY", "New York", "New York, NY, United States", "North America"),
    "sea": ("Seattle, WA", "Seattle", "Seattle, WA, United States", "North America"),
    "sea_or_remote": ("Seattle, WA or Remote", "Seattle", "Seattle, WA, United States", "North America"),
    "nyc_remote": ("New York, NY; Remote - US", "New York", "New York, NY, United States", "North America"),
    "austin": ("Austin, Texas, United States", "Austin", "Austin, TX, United States", "North America"),
    "denver": ("Denver, CO", "Denver", "Denver, CO, United States", "North America"),
    "chicago": ("Chicago, IL", "Chicago", "Chicago, IL, United States", "North America"),
    "atlanta": ("Atlanta, GA", "Atlanta", "Atlanta, GA, United States", "North America"),
    "remote_us": ("Remote - US", "Remote - US", "United States", "North America"),
    "us_remote": ("US-Remote", "Remote - US", None, "North America"),
    "remote": ("Remote", "Remote", None, "Global"),
    "anywhere": ("Anywhere", "Remote", None, "Global"),
    "toronto": ("Toronto, Ontario, Canada", "Toronto", "Toronto, ON, Canada", "North America"),
    "remote_ca": ("Remote - Canada", "Remote - Canada", "Canada", "North America"),
    "london": ("London, UK", "London", "London, United Kingdom", "EMEA"),
    "dublin": ("Dublin, Ireland", "Dublin", "Dublin, Ireland", "EMEA"),
    "berlin": ("Berlin, Germany", "Berlin", "Berlin, Germany", "EMEA"),
    "paris_hybrid": ("Hybrid - Paris", "Paris", "Paris, France", "EMEA"),
    "amsterdam": ("Amsterdam, Netherlands", "Amsterdam", "Amsterdam, Netherlands", "EMEA"),
    "warsaw": ("Warsaw, Poland", "Warsaw", "Warsaw, Poland", "EMEA"),
    "lisbon": ("Lisbon, Portugal", "Lisbon", "Lisbon, Portugal", "EMEA"),
    "tel_aviv": ("Tel Aviv-Yafo, Israel", "Tel Aviv", "Tel Aviv-Yafo, Israel", "EMEA"),
    "remote_emea": ("Remote (EMEA)", "Remote - EMEA", None, "EMEA"),
    "bengaluru": ("Bengaluru, India", "Bengaluru", "Bengaluru, Karnataka, India", "APAC"),
    "hyderabad": ("Hyderabad, India", "Hyderabad", "Hyderabad, Telangana, India", "APAC"),
    "singapore": ("Singapore", "Singapore", "Singapore", "APAC"),
    "tokyo": ("Tokyo, Japan", "Tokyo", "Tokyo, Japan", "APAC"),
    "sydney": ("Sydney, Australia", "Sydney", "Sydney, NSW, Australia", "APAC"),
    "sao_paulo": ("São Paulo, Brazil", "São Paulo", "São Paulo, Brazil", "LATAM"),
    "mexico_city": ("Mexico City, CDMX, Mexico", "Mexico City", "Mexico City, Mexico", "LATAM"),
    "buenos_aires": ("Buenos Aires, Argentina", "Buenos Aires", "Buenos Aires, Argentina", "LATAM"),
    "bogota": ("Bogotá, Colombia", "Bogotá", "Bogotá, Colombia", "LATAM"),
    "multi": ("Multiple Locations", "San Francisco", "San Francisco, CA, United States", "North America"),
}
REGION_OFFICE_IDS = {"North America": 4001, "EMEA": 4002, "APAC": 4003, "LATAM": 4004, "Global": 4005}


@dataclass(frozen=True)
class Board:
    token: str
    name: str
    jobs: int
    places: tuple[str, ...]
    url_style: str  # "gh", "ghnew" or a company careers URL with {id}
    metadata: str = "none"  # none | type | type_pay | empty
    teams: tuple[str, ...] = ()
    big_ids: bool = True
    gdpr: bool = True
    extra_roles: tuple[str, ...] = field(default_factory=tuple)


BOARDS: tuple[Board, ...] = (
    Board(
        "stripe",
        "Stripe",
        58,
        ("sf", "nyc", "sea", "remote_us", "dublin", "london", "singapore", "bengaluru", "toronto", "tokyo"),
        "https://stripe.com/jobs/search?gh_jid={id}",
        "none",
        ("Payments", "Billing", "Terminal", "Connect", "Treasury", "Risk"),
    ),
    Board(
        "airbnb",
        "Airbnb",
        34,
        ("sf", "remote_us", "us_remote", "dublin", "sao_paulo", "mexico_city", "bengaluru"),
        "https://careers.airbnb.com/positions/{id}?gh_jid={id}",
        "type_pay",
        ("Guest Experience", "Hosting", "Trust", "Search", "Payments"),
    ),
    Board(
        "anthropic",
        "Anthropic",
        52,
        ("sf", "nyc", "sea", "london", "dublin", "tokyo", "sf"),
        "https://job-boards.greenhouse.io/anthropic/jobs/{id}",
        "type_pay",
        ("Claude Apps", "Inference", "Interpretability", "Safeguards", "API"),
        extra_roles=("ml", "ml", "ml"),
    ),
    Board(
        "databricks",
        "Databricks",
        46,
        ("sf", "sea", "nyc", "amsterdam", "berlin", "bengaluru", "tokyo", "remote_us", "sao_paulo"),
        "https://www.databricks.com/company/careers/open-positions/job?gh_jid={id}",
        "none",
        ("Mosaic AI", "Unity Catalog", "Delta Lake", "Serverless", "Field Engineering"),
        extra_roles=("ml",),
    ),
    Board(
        "figma",
        "Figma",
        22,
        ("sf", "nyc", "london", "berlin", "tokyo", "remote_us"),
        "https://boards.greenhouse.io/figma/jobs/{id}?gh_jid={id}",
        "type",
        ("FigJam", "Dev Mode", "Editor", "Growth"),
    ),
    Board(
        "discord",
        "Discord",
        17,
        ("sf", "remote_us", "us_remote", "nyc_remote"),
        "https://discord.com/jobs/{id}",
        "none",
        ("Safety", "Activities", "Voice & Video", "Monetization"),
    ),
    Board(
        "dropbox",
        "Dropbox",
        24,
        ("remote_us", "us_remote", "remote_ca", "warsaw", "dublin"),
        "https://jobs.dropbox.com/listing/{id}",
        "type_pay",
        ("Dash", "Core Sync", "Sign", "Growth"),
        big_ids=False,
    ),
    Board(
        "gitlab",
        "GitLab",
        31,
        ("remote", "anywhere", "remote_emea", "remote_us", "remote_ca", "bengaluru"),
        "https://job-boards.greenhouse.io/gitlab/jobs/{id}",
        "none",
        ("Plan", "Create", "Verify", "Secure", "AI-powered Stage", "Infrastructure"),
        big_ids=False,
    ),
    Board(
        "reddit",
        "Reddit",
        20,
        ("sf", "nyc", "remote_us", "toronto", "london", "sea_or_remote"),
        "https://job-boards.greenhouse.io/reddit/jobs/{id}",
        "type",
        ("Ads", "Search", "Safety", "Consumer Product"),
    ),
    Board(
        "robinhood",
        "Robinhood",
        19,
        ("sf", "nyc", "denver", "sea_or_remote", "toronto", "london"),
        "https://boards.greenhouse.io/robinhood/jobs/{id}?gh_jid={id}",
        "type_pay",
        ("Brokerage", "Crypto", "Gold", "Retirement"),
    ),
    Board(
        "pinterest",
        "Pinterest",
        26,
        ("sf", "sea", "nyc", "toronto", "remote_us", "dublin", "sao_paulo", "mexico_city"),
        "https://www.pinterestcareers.com/jobs/{id}/?gh_jid={id}",
        "none",
        ("Ads Ranking", "Shopping", "Home Feed", "Trust & Safety"),
    ),
    Board(
        "cloudflare",
        "Cloudflare",
        40,
        ("austin", "sf", "nyc", "london", "lisbon", "warsaw", "bengaluru", "singapore", "remote_us", "mexico_city"),
        "https://boards.greenhouse.io/cloudflare/jobs/{id}?gh_jid={id}",
        "empty",
        ("Workers", "Zero Trust", "Network", "Workers AI", "Billing"),
    ),
    Board(
        "datadog",
        "Datadog",
        44,
        ("nyc", "remote_us", "paris_hybrid", "dublin", "amsterdam", "tokyo", "sydney", "sao_paulo", "denver"),
        "https://careers.datadoghq.com/detail/{id}/?gh_jid={id}",
        "none",
        ("APM", "Logs", "Security", "Bits AI", "Cloud Cost"),
    ),
    Board(
        "coinbase",
        "Coinbase",
        28,
        ("remote_us", "us_remote", "remote_ca", "london", "dublin", "singapore", "bengaluru"),
        "https://www.coinbase.com/careers/positions/{id}?gh_jid={id}",
        "type_pay",
        ("Base", "Exchange", "Custody", "Wallet", "Payments"),
    ),
    Board(
        "instacart",
        "Instacart",
        23,
        ("sf", "nyc_remote", "remote_us", "toronto", "remote_ca"),
        "https://instacart.careers/job/?gh_jid={id}",
        "none",
        ("Ads", "Fulfillment", "Catalog", "Caper"),
    ),
    Board(
        "lyft",
        "Lyft",
        21,
        ("sf", "nyc", "sea", "toronto", "remote_us", "chicago"),
        "https://app.careerpuck.com/job-board/lyft/job/{id}?gh_jid={id}",
        "type",
        ("Rider", "Driver", "Marketplace", "Mapping"),
    ),
    Board("twitch", "Twitch", 0, ("sf", "sea"), "https://boards.greenhouse.io/twitch/jobs/{id}", "none"),
    Board(
        "asana",
        "Asana",
        16,
        ("sf", "nyc", "remote_us", "dublin", "london", "sydney", "tokyo"),
        "https://asana.com/jobs/apply/{id}?gh_jid={id}",
        "none",
        ("AI Studio", "Workflow", "Enterprise", "Platform"),
    ),
    Board(
        "elastic",
        "Elastic",
        33,
        ("remote", "anywhere", "remote_emea", "amsterdam", "remote_us", "remote_ca", "bengaluru", "sydney", "multi"),
        "https://jobs.elastic.co/jobs/{id}?gh_jid={id}",
        "type",
        ("Search", "Observability", "Security", "Kibana", "Cloud"),
        big_ids=False,
    ),
    Board(
        "mongodb",
        "MongoDB",
        30,
        ("nyc", "austin", "dublin", "london", "tel_aviv", "bengaluru", "sydney", "remote_us", "multi"),
        "https://www.mongodb.com/careers/job/?gh_jid={id}",
        "none",
        ("Atlas", "Server", "Vector Search", "Developer Relations"),
    ),
    Board(
        "okta",
        "Okta",
        25,
        ("sf", "remote_us", "us_remote", "toronto", "remote_ca", "warsaw", "bengaluru", "sydney", "remote_emea"),
        "https://www.okta.com/company/careers/opportunity/{id}?gh_jid={id}",
        "type_pay",
        ("Workforce Identity", "Customer Identity", "Auth0", "Security"),
    ),
    Board(
        "samsara",
        "Samsara",
        27,
        ("sf", "atlanta", "remote_us", "london", "amsterdam", "mexico_city", "bengaluru", "remote_ca"),
        "https://www.samsara.com/company/careers/roles/{id}?gh_jid={id}",
        "type_pay",
        ("Safety", "Telematics", "Connected Operations", "AI Platform"),
    ),
    Board(
        "duolingo",
        "Duolingo",
        12,
        ("pittsburgh_fallback", "nyc", "sea", "berlin", "tokyo", "bogota", "buenos_aires"),
        "https://careers.duolingo.com/jobs/{id}?gh_jid={id}",
        "none",
        ("Learning", "Math", "Music", "Monetization", "Video Call"),
    ),
)
PLACES["pittsburgh_fallback"] = ("Pittsburgh, PA", "Pittsburgh", "Pittsburgh, PA, United States", "North America")

# --- roles: (family, department, base titles, ai role?) ----------------------------------------
ROLES: dict[str, tuple[str, tuple[str, ...], bool]] = {
    "swe": (
        "Engineering",
        (
            "Software Engineer",
            "Backend Engineer",
            "Frontend Engineer",
            "Full Stack Engineer",
            "Android Engineer",
            "iOS Engineer",
            "Software Engineer, Infrastructure",
            "Site Reliability Engineer",
            "Security Engineer",
            "Data Engineer",
            "Distributed Systems Engineer",
            "Engineering Manager",
        ),
        False,
    ),
    "qa": (
        "Engineering",
        (
            "QA Engineer",
            "Software Engineer in Test",
            "QA Analyst",
            "Test Automation Engineer",
            "Quality Assurance Tester",
        ),
        False,
    ),
    "ml": (
        "AI & Machine Learning",
        (
            "Machine Learning Engineer",
            "ML Engineer",
            "Research Scientist, Generative AI",
            "Applied Scientist",
            "AI Engineer",
            "LLM Inference Engineer",
            "Research Engineer, Model Evaluation",
            "MLOps Engineer",
            "Applied AI Engineer",
            "Data Scientist, Machine Learning",
            "Machine Learning Engineer, Ranking",
            "Deep Learning Engineer",
        ),
        True,
    ),
    "annot": (
        "Operations",
        ("Data Annotation Specialist", "AI Data Trainer", "Data Labeling Analyst", "AI Training Specialist (Contract)"),
        True,
    ),
    "data": (
        "Data & Analytics",
        (
            "Data Analyst",
            "Analytics Engineer",
            "Business Intelligence Analyst",
            "Data Scientist, Product Analytics",
            "Reporting Analyst",
        ),
        False,
    ),
    "product": (
        "Product",
        ("Product Manager", "Product Designer", "UX Researcher", "Technical Program Manager", "Content Designer"),
        False,
    ),
    "support": (
        "Customer Experience",
        (
            "Customer Support Specialist",
            "Technical Support Engineer",
            "Customer Support Associate",
            "Support Operations Analyst",
            "Customer Success Manager",
            "Trust & Safety Specialist",
            "Content Moderator",
        ),
        False,
    ),
    "content": (
        "Marketing",
        (
            "Content Marketing Manager",
            "Copywriter",
            "Technical Writer",
            "Social Media Manager",
            "Growth Marketing Manager",
            "Product Marketing Manager",
            "Content Writer",
        ),
        False,
    ),
    "sales": (
        "Sales",
        (
            "Account Executive",
            "Enterprise Account Executive",
            "Sales Development Representative",
            "Solutions Engineer",
            "Solutions Architect",
            "Partner Manager",
        ),
        False,
    ),
    "recruiting": (
        "People",
        ("Technical Recruiter", "Recruiting Coordinator", "Sourcer", "People Partner", "Recruiter, Go-To-Market"),
        False,
    ),
    "ga": (
        "G&A",
        (
            "Financial Analyst",
            "Accountant",
            "Corporate Counsel",
            "Executive Assistant",
            "Workplace Coordinator",
            "Facilities Technician",
            "Payroll Specialist",
        ),
        False,
    ),
}
ROLE_WEIGHTS = {
    "swe": 30,
    "qa": 4,
    "ml": 12,
    "annot": 2,
    "data": 7,
    "product": 8,
    "support": 8,
    "content": 6,
    "sales": 12,
    "recruiting": 5,
    "ga": 6,
}
SENIORITY = (
    ("", 30),
    ("Senior ", 22),
    ("Sr. ", 7),
    ("Staff ", 8),
    ("Principal ", 3),
    ("Lead ", 3),
    ("Junior ", 3),
    ("Associate ", 4),
    ("Head of ", 1),
)
SUFFIX_FORMS = (
    ("{t}", 40),
    ("{t}, {team}", 20),
    ("{t} - {team}", 12),
    ("{t} II", 5),
    ("{t} III", 3),
    ("{t} (Remote)", 4),
    ("{t}  ", 2),
    ("  {t}", 1),
    ("{t} [Contract]", 2),
    ("{t} - New Grad", 2),
    ("{t} (Fixed Term)", 1),
    ("{t},  {team}", 1),
)
EMPLOYMENT_LABELS = ("Full-time", "Full Time", "Full-Time", "Part-time", "Contract", "Intern", "Temporary")

INTRO = (
    "{co} builds products that millions of people and businesses rely on every day.",
    "At {co}, small teams own big problems end to end.",
    "{co} is hiring people who care about craft, clarity and their customers.",
)
ROLE_LINES = {
    False: (
        "You will work with partners across the company to ship reliable, well-tested improvements.",
        "You will own projects from the first design doc to the launch review.",
        "You will help customers get the most out of {co} and turn their feedback into product changes.",
        "You will write clear documentation and keep our processes simple.",
        "You will partner with finance, legal and operations to keep the business running smoothly.",
    ),
    True: (
        "You will train, evaluate and deploy machine learning models that power {team}.",
        "You will build evaluation pipelines for large language models and improve their reliability.",
        "You will work on generative AI features, from data collection to production inference.",
        "You will label and review training data used to fine-tune our LLMs.",
    ),
}
BULLETS = {
    False: (
        "3+ years of relevant experience",
        "Strong written communication",
        "Experience working across time zones",
        "Comfort with ambiguity",
        "Experience with SQL and spreadsheets",
        "A track record of owning outcomes",
        "Experience with Go, Java, Python or Ruby",
        "Customer empathy",
    ),
    True: (
        "Experience with PyTorch or JAX",
        "Familiarity with deep learning and transformers",
        "Experience shipping ML systems to production",
        "Strong Python and data skills",
        "Published research or open-source work in AI is a plus",
    ),
}
AI_TOOLS_LINE = "Our teams use AI-powered tools every day to move faster."
EEO = "{co} is an equal opportunity employer. We welcome people of all backgrounds &amp; experiences to apply."


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights, k=1)[0]


def _stamp(moment: datetime, offset_hours: float) -> str:
    tz = timezone(timedelta(hours=offset_hours))
    return moment.astimezone(tz).replace(microsecond=0).isoformat()


def _content(
    rng: random.Random, board: Board, ai_role: bool, team: str, pay: tuple[int, int] | None, place_name: str
) -> str:
    co = board.name
    parts = [f'<div class="content-intro"><p>{rng.choice(INTRO).format(co=co)}</p></div>']
    parts.append("<h2>About the role</h2>")
    parts.append(f"<p>{rng.choice(ROLE_LINES[ai_role]).format(co=co, team=team)}</p>")
    if not ai_role and rng.random() < 0.12:
        parts.append(f"<p>{AI_TOOLS_LINE}</p>")
    bullets = rng.sample(BULLETS[ai_role], k=rng.randint(2, 4))
    parts.append("<h3>What we look for</h3><ul>" + "".join(f"<li>{b}</li>" for b in bullets) + "</ul>")
    if pay is not None:
        parts.append(
            '<div class="content-pay-transparency"><div class="pay-input"><div class="title">'
            f'{html.escape(place_name)} pay range</div><div class="pay-range"><span>${pay[0]:,}</span>'
            f'<span class="divider">&mdash;</span><span>${pay[1]:,} USD</span></div></div></div>'
        )
    parts.append(f'<div class="content-conclusion"><p>{EEO.format(co=co)}&nbsp;</p></div>')
    # the API entity-escapes the HTML once more
    return html.escape("".join(parts), quote=True)


def _job(rng: random.Random, board: Board, job_id: int, day0: datetime, new_on: datetime | None) -> dict:
    roles = list(ROLE_WEIGHTS.items()) + [(r, 8) for r in board.extra_roles]
    family = _weighted(rng, roles)
    dept_name, titles, ai_role = ROLES[family]
    base = rng.choice(titles)
    seniority = _weighted(rng, SENIORITY)
    if seniority == "Head of " and family not in {"swe", "ml", "product", "content"}:
        seniority = "Senior "
    team = rng.choice(board.teams or ("Core",))
    if family == "swe" and rng.random() < 0.05:
        title = f"Software Engineering Intern (Summer {2027})"
        employment = "Intern"
    else:
        form = _weighted(rng, SUFFIX_FORMS)
        role_title = f"Head of {dept_name}" if seniority == "Head of " else f"{seniority}{base}"
        title = form.format(t=role_title, team=team)
        employment = (
            "Contract"
            if "[Contract]" in title or "(Contract)" in title
            else (
                "Temporary"
                if "Fixed Term" in title
                else _weighted(
                    rng,
                    (
                        (EMPLOYMENT_LABELS[0], 5),
                        (EMPLOYMENT_LABELS[1], 3),
                        (EMPLOYMENT_LABELS[2], 2),
                        ("Part-time", 0.3),
                    ),
                )
            )
        )
    place_key = rng.choice(board.places)
    loc_text, office_name, office_loc, region = PLACES[place_key]
    # first published 3-120 days before the first snapshot (or on the day it opened)
    if new_on is not None:
        published = new_on - timedelta(hours=rng.randint(2, 20), minutes=rng.randint(0, 59))
    else:
        published = day0 - timedelta(days=rng.randint(3, 120), hours=rng.randint(0, 23), minutes=rng.randint(0, 59))
    updated = published + timedelta(days=rng.randint(0, 3), hours=rng.randint(0, 23))
    if updated > day0 and new_on is None:
        updated = day0 - timedelta(hours=rng.randint(1, 30))
    updated = max(updated, published)
    offset = rng.choice((-5, -5, -5, -4, -8, 0))
    pay = None
    if (
        board.metadata == "type_pay"
        and rng.random() < 0.55
        and place_key
        not in {
            "london",
            "dublin",
            "bengaluru",
            "singapore",
            "tokyo",
            "sao_paulo",
            "mexico_city",
            "warsaw",
            "amsterdam",
            "sydney",
            "remote_emea",
        }
    ):
        low = rng.randrange(90, 260, 5) * 1000
        pay = (low, low + rng.randrange(30, 90, 5) * 1000)
        if family in {"annot", "support"} and rng.random() < 0.5:
            pay = (rng.randint(18, 28), rng.randint(30, 42))
    metadata = None
    if board.metadata == "empty":
        metadata = []
    elif board.metadata in {"type", "type_pay"}:
        name = "Employment Type" if board.token not in {"reddit", "lyft", "okta"} else "Time Type"
        value = employment if name == "Employment Type" else employment.replace("-", " ").title()
        metadata = [
            {
                "id": 4000000 + sum(map(ord, board.token)) * 10,
                "name": name,
                "value": value,
                "value_type": "single_select",
            }
        ]
        if pay is not None:
            hourly = pay[1] < 1000
            metadata.append(
                {
                    "id": 4100000 + sum(map(ord, board.token)) * 10,
                    "name": "Hourly Pay Range"
                    if hourly
                    else rng.choice(("Salary Range", "Annual Base Salary", "Pay Range")),
                    "value": {"min_value": f"{pay[0]:.1f}", "max_value": f"{pay[1]:.1f}", "unit": "USD"},
                    "value_type": "currency_range",
                }
            )
    dept_id = 50000 + (abs(hash_str(board.token + dept_name)) % 40000)
    departments = [{"id": dept_id, "name": dept_name, "child_ids": [], "parent_id": None}]
    if rng.random() < 0.15:
        departments.insert(
            0, {"id": dept_id + 1, "name": f"{dept_name} - {team}", "child_ids": [], "parent_id": dept_id}
        )
        departments[1]["child_ids"] = [dept_id + 1]
    if rng.random() < 0.03:
        departments = []
    office_id = 60000 + (abs(hash_str(board.token + office_name)) % 40000)
    offices = [
        {
            "id": office_id,
            "name": office_name,
            "location": office_loc,
            "child_ids": [],
            "parent_id": REGION_OFFICE_IDS[region],
        }
    ]
    if place_key == "multi":
        offices.append(
            {
                "id": office_id + 7,
                "name": "London",
                "location": "London, United Kingdom",
                "child_ids": [],
                "parent_id": REGION_OFFICE_IDS["EMEA"],
            }
        )
    if "or Remote" in loc_text or ("Remote -" in loc_text and rng.random() < 0.3):
        offices.append(
            {
                "id": REGION_OFFICE_IDS[region],
                "name": region,
                "location": None,
                "child_ids": [office_id],
                "parent_id": None,
            }
        )
    if board.url_style.startswith("http"):
        url = board.url_style.format(id=job_id)
    else:
        url = f"https://job-boards.greenhouse.io/{board.token}/jobs/{job_id}"
    requisition = rng.choice(
        (
            f"R-{rng.randint(1000, 29999)}",
            f"JR{rng.randint(100000, 999999)}",
            f"2026-{rng.randint(1000, 9999)}",
            f"REQ-{rng.randint(100, 9999)}",
        )
    )
    return {
        "absolute_url": url,
        "data_compliance": [
            {
                "type": "gdpr",
                "requires_consent": False,
                "requires_processing_consent": False,
                "requires_retention_consent": False,
                "retention_period": None,
                "demographic_data_consent_applies": False,
            }
        ]
        if board.gdpr
        else [],
        "internal_job_id": job_id // 1000 * 7 // 10 if board.big_ids else job_id + 1_000_000,
        # a few postings leave the location blank and only their office says where
        "location": {"name": "" if place_key != "multi" and rng.random() < 0.02 else loc_text},
        "metadata": metadata,
        "id": job_id,
        "updated_at": _stamp(updated, offset),
        "requisition_id": requisition,
        "title": title,
        "company_name": board.name,
        "first_published": _stamp(published, offset),
        "language": "en",
        "content": _content(rng, board, ai_role, team, pay, office_name),
        "departments": departments,
        "offices": offices,
    }


def hash_str(text: str) -> int:
    """Deterministic string hash (Python's ``hash`` is salted per process)."""
    value = 2166136261
    for ch in text.encode("utf-8"):
        value = ((value ^ ch) * 16777619) & 0xFFFFFFFF
    return value


def _new_id(rng: random.Random, board: Board, used: set[int]) -> int:
    while True:
        job_id = rng.randint(7_200_000, 7_999_999) * 1000 + 2 if board.big_ids else rng.randint(4_100_000, 8_400_000)
        if job_id not in used:
            used.add(job_id)
            return job_id


def build(seed: int) -> dict[str, dict[str, dict]]:
    """{day: {token: payload}} for both snapshot days."""
    day0 = datetime.fromisoformat(f"{DAYS[0]}T06:00:00+00:00")
    day1 = datetime.fromisoformat(f"{DAYS[1]}T06:00:00+00:00")
    out: dict[str, dict[str, dict]] = {DAYS[0]: {}, DAYS[1]: {}}
    for board in BOARDS:
        rng = random.Random(f"{seed}:{board.token}")
        used: set[int] = set()
        jobs = [_job(rng, board, _new_id(rng, board, used), day0, None) for _ in range(board.jobs)]
        jobs.sort(key=lambda j: j["id"])
        out[DAYS[0]][board.token] = {"jobs": jobs, "meta": {"total": len(jobs)}}
        # next day: some postings close, some open, a few are edited
        kept = [j for j in jobs if rng.random() > 0.12]
        if jobs and len(kept) == len(jobs):
            kept = kept[1:]
        day_two = [dict(j) for j in kept]
        for job in day_two:
            if rng.random() < 0.1:
                job["updated_at"] = _stamp(day1 - timedelta(hours=rng.randint(1, 20)), -5)
        opened = max(1, round(len(jobs) * rng.uniform(0.05, 0.14))) if jobs else 0
        day_two += [_job(rng, board, _new_id(rng, board, used), day1, day1) for _ in range(opened)]
        day_two.sort(key=lambda j: j["id"])
        out[DAYS[1]][board.token] = {"jobs": day_two, "meta": {"total": len(day_two)}}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--seed", type=int, default=20261123)
    args = parser.parse_args(argv)
    total = files = 0
    for day, boards in build(args.seed).items():
        folder = args.out / f"dt={day}"
        folder.mkdir(parents=True, exist_ok=True)
        for token, payload in boards.items():
            body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            (folder / f"{token}.json").write_bytes(body)
            total += len(body)
            files += 1
    print(f"wrote {files} payloads, {total / 1e6:.2f} MB to {args.out}")


if __name__ == "__main__":
    main()
