"""Country text → ISO 3166-1 alpha-2, tolerant of the spellings scraped sources use.

Handles official and common names ("United States", "USA", "U.S.", "United States." with a
trailing dot, "UK", "South Korea", "Czechia"), ISO alpha-2/alpha-3 codes and pycountry's fuzzy
lookup as a last resort. Unknown text maps to None, never to a guess.
"""

from __future__ import annotations

import re
from functools import lru_cache

import polars as pl
import pycountry

_ALIASES: dict[str, str] = {
    "usa": "US",
    "us": "US",
    "u s": "US",
    "u s a": "US",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "north korea": "KP",
    "russia": "RU",
    "czech republic": "CZ",
    "czechia": "CZ",
    "vietnam": "VN",
    "viet nam": "VN",
    "taiwan": "TW",
    "iran": "IR",
    "syria": "SY",
    "laos": "LA",
    "bolivia": "BO",
    "venezuela": "VE",
    "tanzania": "TZ",
    "moldova": "MD",
    "turkey": "TR",
    "turkiye": "TR",
    "uae": "AE",
    "u a e": "AE",
    "united arab emirates": "AE",
    "hong kong": "HK",
    "macau": "MO",
    "macao": "MO",
    "ivory coast": "CI",
    "cote d ivoire": "CI",
    "the netherlands": "NL",
    "netherlands": "NL",
    "holland": "NL",
    "brasil": "BR",
    "deutschland": "DE",
    "espana": "ES",
    "mexico": "MX",
    "kosovo": "XK",
    "palestine": "PS",
    "congo": "CG",
    "drc": "CD",
    "democratic republic of the congo": "CD",
    # names in the country's own language, as local boards write them
    "polska": "PL",
    "osterreich": "AT",
    "oesterreich": "AT",
    "schweiz": "CH",
    "suisse": "CH",
    "svizzera": "CH",
    "italia": "IT",
    "nederland": "NL",
    "belgie": "BE",
    "belgique": "BE",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
    "suomi": "FI",
    "cesko": "CZ",
    "ceska republika": "CZ",
    "magyarorszag": "HU",
    "romania": "RO",
    "eesti": "EE",
    "lietuva": "LT",
    "latvija": "LV",
    "hrvatska": "HR",
    "srbija": "RS",
    "ellada": "GR",
    "portugal": "PT",
    "ireland": "IE",
    "eire": "IE",
    "nippon": "JP",
    "nihon": "JP",
}
_PUNCT = re.compile(r"[^a-z0-9]+")


def _clean(text: str) -> str:
    import unicodedata

    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _PUNCT.sub(" ", folded.lower()).strip()


@lru_cache(maxsize=4096)
def country_iso2(text: str | None) -> str | None:
    """Return the ISO alpha-2 code of a country name or code, or None when unknown."""
    if text is None:
        return None
    key = _clean(text)
    if not key or key in {"null", "none", "n a", "na", "unknown", "non u s", "remote"}:
        return None
    if key in _ALIASES:
        return _ALIASES[key]
    if key.startswith("the "):
        return country_iso2(key[4:])
    if len(key) == 2 and key.isalpha():
        hit = pycountry.countries.get(alpha_2=key.upper())
        return hit.alpha_2 if hit else None
    if len(key) == 3 and key.isalpha():
        hit = pycountry.countries.get(alpha_3=key.upper())
        if hit:
            return hit.alpha_2
    for country in pycountry.countries:
        names = {country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)}
        if key in {_clean(n) for n in names if n}:
            return country.alpha_2
    return None


def country_iso2_expr(column: str) -> pl.Expr:
    """Map a column of country text to ISO alpha-2, resolving each distinct value once."""
    return pl.col(column).map_batches(
        lambda s: s.replace_strict(
            {v: country_iso2(v) for v in s.drop_nulls().unique().to_list()},
            default=None,
            return_dtype=pl.String,
        ),
        return_dtype=pl.String,
    )
