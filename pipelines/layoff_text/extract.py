"""Facts of a layoff announcement from its text: the one entry point news, EDGAR, trackers and
``hiring-signals attribute`` share (pure: no network, no Dagster).

:func:`extract_announcement` returns an :class:`Announcement` — is it a layoff, the company
(given, else headline, else lede), head count, workforce %, the announced date (from
``published``), the effective date (an explicit date "effective / beginning / last day ..."), the reason, AI attribution with its verbatim evidence, whether AI is mentioned,
and the roles the text says are cut (coded with the taxonomy).

The pieces live in their own modules (no import cycle: ``text`` <- ``cuts`` <- ``reason`` <-
``attribution`` <- ``extract``): :mod:`~pipelines.layoff_text.text` (sentences, numbers, dates),
:mod:`~pipelines.layoff_text.cuts` (is it a cut, count, %), :mod:`~pipelines.layoff_text.company`,
:mod:`~pipelines.layoff_text.reason`, :mod:`~pipelines.layoff_text.attribution`,
:mod:`~pipelines.layoff_text.roles`. Their public names are re-exported here for callers that
import them from ``extract``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from pipelines.layoff_text.attribution import attribute
from pipelines.layoff_text.company import extract_company
from pipelines.layoff_text.cuts import (
    LAYOFF_RE,
    extract_count,
    extract_effective_date,
    extract_pct,
    is_layoff,
    layoff_sentences,
    layoff_verdict,
)
from pipelines.layoff_text.reason import REASONS, classify_reason
from pipelines.layoff_text.text import normalise_ws, parse_date, parse_number, sentences, split_sentences

__all__ = [
    "LAYOFF_RE",
    "REASONS",
    "Announcement",
    "classify_reason",
    "extract_announcement",
    "extract_announcements",
    "extract_company",
    "extract_count",
    "extract_effective_date",
    "extract_pct",
    "is_layoff",
    "layoff_sentences",
    "layoff_verdict",
    "normalise_ws",
    "parse_date",
    "parse_number",
    "sentences",
    "split_sentences",
]


@dataclass(frozen=True)
class Announcement:
    company: str | None
    employees_affected: int | None
    workforce_pct: float | None
    reason: str
    ai_attributed: bool
    ai_mentioned: bool
    ai_evidence: str | None
    is_layoff: bool = True
    roles_mentioned: list[str] | None = None
    announced_date: date | None = None
    effective_date: date | None = None


def _one(
    text: str | None, headline: str | None, company: str | None, published: str | None, roles: list[str] | None
) -> Announcement:
    body = text or ""
    name = company or extract_company(headline, body[:1000])
    full = f"{headline}.\n{body}" if headline else body
    att = attribute(body, company=name, headline=headline)
    layoff = is_layoff(body, headline)
    return Announcement(
        company=name,
        employees_affected=extract_count(full),
        workforce_pct=extract_pct(full),
        reason=att.reason,
        ai_attributed=att.ai_attributed,
        ai_mentioned=att.ai_mentioned,
        ai_evidence=att.ai_evidence,
        is_layoff=layoff,
        roles_mentioned=roles if layoff else None,
        announced_date=parse_date(published) if published else None,
        effective_date=extract_effective_date(body) if layoff else None,
    )


def extract_announcement(
    text: str,
    *,
    headline: str | None = None,
    company: str | None = None,
    published: str | None = None,
    with_roles: bool = True,
) -> Announcement:
    """Everything :class:`Announcement` holds for one text (``with_roles=False`` skips the
    taxonomy call)."""
    from pipelines.layoff_text.roles import roles_mentioned

    return _one(text, headline, company, published, roles_mentioned(text, headline) if with_roles else None)


def extract_announcements(rows: list[dict]) -> list[Announcement]:
    """:func:`extract_announcement` for many ``{text, headline?, company?, published?}`` rows,
    with one taxonomy call for all their role phrases."""
    from pipelines.layoff_text.roles import roles_mentioned_many

    roles = roles_mentioned_many([(r.get("text"), r.get("headline")) for r in rows])
    return [
        _one(r.get("text"), r.get("headline"), r.get("company"), r.get("published"), rl)
        for r, rl in zip(rows, roles, strict=True)
    ]
