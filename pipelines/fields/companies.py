"""Company name normalisation: the ``company_key`` that joins postings, layoffs and candidates.

``company_key`` is a lowercase ASCII slug of the company name with legal-form suffixes and
punctuation removed, so "Stripe, Inc.", "STRIPE" and "stripe" share the key ``stripe``.
"""

from __future__ import annotations

import re
import unicodedata

import polars as pl

# legal forms dropped from the end of a name (after punctuation is stripped)
_LEGAL_SUFFIXES = (
    "inc",
    "incorporated",
    "llc",
    "l l c",
    "ltd",
    "limited",
    "corp",
    "corporation",
    "co",
    "company",
    "plc",
    "gmbh",
    "ag",
    "sa",
    "sas",
    "sarl",
    "bv",
    "nv",
    "ab",
    "as",
    "oy",
    "spa",
    "srl",
    "pty",
    "pte",
    "kk",
    "lp",
    "llp",
    "holdings",
    "group",
)
_SUFFIX_RE = re.compile(r"(?:\s+(?:" + "|".join(_LEGAL_SUFFIXES) + r"))+$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def company_key(name: str | None) -> str | None:
    """Return the normalised key of one company name (None for empty names)."""
    if name is None:
        return None
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = text.lower().replace("&", " and ")
    text = _NON_ALNUM.sub(" ", text).strip()
    stripped = _SUFFIX_RE.sub("", text).strip()
    text = stripped or text  # a name that is only a suffix ("Company") keeps itself
    slug = text.replace(" ", "-")
    return slug or None


def company_key_expr(column: str = "company") -> pl.Expr:
    """Vectorised :func:`company_key` over a column (same result, no Python per row)."""
    text = (
        pl.col(column)
        .str.normalize("NFKD")
        .str.replace_all(r"[^\x00-\x7f]", "")
        .str.to_lowercase()
        .str.replace_all("&", " and ", literal=True)
        .str.replace_all(_NON_ALNUM.pattern, " ")
        .str.strip_chars()
    )
    stripped = text.str.replace(_SUFFIX_RE.pattern, "").str.strip_chars()
    slug = pl.when(stripped != "").then(stripped).otherwise(text).str.replace_all(" ", "-")
    return pl.when(slug != "").then(slug).otherwise(None)
