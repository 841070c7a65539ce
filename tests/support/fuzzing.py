"""Hostile payloads for the parsers: arbitrary bytes, and JSON / CSV / HTML / XML shaped noise that
gets past the first ``json.loads`` and into the record-level code."""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import strategies as st

from pipelines.archive import ArchivedResponse
from pipelines.config import SourcesConfig

CFG = SourcesConfig.model_validate(
    {
        "contact": "fuzz@example.org",
        "job_boards": [
            {"ats": a, "token": "acme", "company": "Acme"}
            for a in ["greenhouse", "lever", "ashby", "workable", "smartrecruiters", "recruitee"]
        ],
        "layoff_trackers": [{"name": "t1", "url": "https://t.example/x.csv"}],
        "news_feeds": [{"name": "n1", "url": "https://n.example/feed"}],
        "career_pages": [{"name": "c1", "url": "https://c.example/jobs", "company": "C"}],
        "hn": {"who_is_hiring": True, "who_wants_to_be_hired": True},
        "warn_states": ["CA"],
        "edgar": {"enabled": True},
    }
)

# field names the real payloads use, so generated JSON reaches the record parsers
KEYS = [
    "jobs",
    "id",
    "title",
    "name",
    "text",
    "content",
    "location",
    "locations",
    "offices",
    "departments",
    "updated_at",
    "first_published",
    "absolute_url",
    "url",
    "hostedUrl",
    "categories",
    "team",
    "commitment",
    "createdAt",
    "workplaceType",
    "salaryRange",
    "min",
    "max",
    "currency",
    "interval",
    "compensation",
    "summaryComponents",
    "compensationType",
    "minValue",
    "maxValue",
    "currencyCode",
    "jobPostings",
    "isListed",
    "publishedAt",
    "employmentType",
    "isRemote",
    "address",
    "postalAddress",
    "addressCountry",
    "addressLocality",
    "content",
    "totalFound",
    "offset",
    "limit",
    "releasedDate",
    "company",
    "offers",
    "careers_url",
    "city",
    "country",
    "country_code",
    "remote",
    "hits",
    "objectID",
    "created_at",
    "created_at_i",
    "story_id",
    "kids",
    "by",
    "time",
    "type",
    "deleted",
    "dead",
    "parent",
    "hits",
    "_source",
    "file_date",
    "display_names",
    "adsh",
    "ciks",
    "items",
    "form",
    "total",
    "value",
    "@type",
    "@context",
    "@graph",
    "hiringOrganization",
    "jobLocation",
    "datePosted",
    "baseSalary",
    "description",
    "validThrough",
    "shortcode",
    "published_on",
    "min_salary",
    "max_salary",
    "salary",
    "pay_input_ranges",
    "min_cents",
    "max_cents",
    "currency_type",
    "metadata",
    "posting",
    "min_amount",
    "max_amount",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "2026-11-24",
            "2026-11-24T06:00:00Z",
            "1e309",
            "NaN",
            "-1",
            "9" * 40,
            "Remote",
            "San Francisco, CA",
            "USD",
            "\x00",
            "<script>alert(1)</script>",
            '=HYPERLINK("x")',
            "../../etc",
        ]
    ),
)
json_values = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.sampled_from(KEYS), children, max_size=4)
    ),
    max_leaves=8,
)
# a record: mostly known keys with scalar or shallow values (cheap to generate, deep enough)
records = st.dictionaries(st.sampled_from(KEYS), st.one_of(scalars, json_values), max_size=8)


def _json_bytes(value) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


csv_text = st.lists(
    st.lists(
        st.one_of(
            st.text(max_size=15),
            st.sampled_from(
                [
                    "Company",
                    "Location",
                    "Date",
                    "Laid_Off_Count",
                    "Percentage",
                    "Industry",
                    "Country",
                    "2026-11-24",
                    "1,000",
                    "50%",
                    "",
                    '"',
                    "\r",
                ]
            ),
        ),
        min_size=1,
        max_size=8,
    ),
    max_size=8,
).map(lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8", "surrogatepass"))

markup = st.lists(
    st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            [
                "<html>",
                "</html>",
                '<script type="application/ld+json">',
                "</script>",
                "<item>",
                "</item>",
                "<rss>",
                "<channel>",
                "<title>",
                "</title>",
                "<link>",
                "<entry>",
                "<![CDATA[",
                "]]>",
                '<!DOCTYPE x [<!ENTITY a "aaaa">]>',
                "&a;",
                '<?xml version="1.0"?>',
                '{"@type": "JobPosting", "title": ',
                "}",
                "Item 2.05",
                "<pubDate>",
                "<description>",
            ]
        ),
    ),
    max_size=25,
).map(lambda parts: "".join(parts).encode("utf-8", "surrogatepass"))

payloads = st.one_of(
    st.binary(max_size=3000),
    json_values.map(_json_bytes),
    records.map(_json_bytes),
    st.lists(records, max_size=3).map(
        lambda jobs: _json_bytes(
            {"jobs": jobs, "content": jobs, "hits": jobs, "offers": jobs, "jobPostings": jobs, "items": jobs}
        )
    ),
    csv_text,
    markup,
)


def responses_for(source: str, entity: str, bodies: list[bytes]) -> list[ArchivedResponse]:
    """The archived responses of one entity: the root fetch, then follow-up parts."""
    at = dt.datetime(2026, 11, 24, 6, tzinfo=dt.UTC)
    out = []
    for i, body in enumerate(bodies):
        key = entity if i == 0 else f"{entity}#{i}"
        out.append(
            ArchivedResponse(
                source=source,
                key=key,
                url=f"https://example.org/{source}/{i}",
                status=200,
                fetched_at=at,
                sha256="0" * 64,
                size=len(body),
                content_type="application/octet-stream",
                body_path=f"bodies/{'0' * 64}.bin",
                body=body,
            )
        )
    return out
