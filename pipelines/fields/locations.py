"""Free-text job locations → city, region, country (ISO alpha-2) and remote mode.

ATS boards write locations by hand: "San Francisco, CA", "New York, NY; Remote - US",
"Remote (EMEA)", "Toronto, Ontario, Canada", "Hybrid - Paris", "US-Remote", "Multiple Locations".
:func:`parse_location` reads one such text; :func:`parse_location_expr` and
:func:`add_location_columns` apply it to a column, resolving each distinct text once.

Rules (documented so a reader can predict the output):

- The text is split into alternatives on ``;``, ``|``, `` or `` and `` / ``. Each alternative
  may carry a work-mode marker (remote / hybrid / on-site words) and a place.
- A place is read right to left: the last comma token is a country, a US state or a Canadian
  province ("City, ST" is the ATS convention, so a trailing "CA" is California unless the city
  is a known city of the other reading, e.g. "Toronto, CA"). The first token is the city; a
  middle token is the region. A single token is a known tech city, a country or a US state /
  Canadian province.
- ``region`` is the ISO 3166-2 code of the subdivision (``US-CA``, ``CA-ON``, ``IN-KA`` for
  "Karnataka"); None when the country is unknown or no subdivision matches (:func:`iso_region`).
  One vocabulary across postings, WARN notices and trackers.
- ``remote``: "remote" when any alternative allows remote work, else "hybrid" when one says
  hybrid, else "on-site" when one says so or names a city; None when unknown (a bare country,
  a state or a macro-region such as "EMEA" says nothing about the work mode).
- The first alternative with a city gives city/region/country (else the first with a country),
  so the three always describe the same place.
- Prefixed places ("US-San Francisco", "DE - Berlin", "US-CA-San Francisco", Greenhouse's
  "US-Remote, US-San Francisco, US-Texas") read as "City, Region, Country", one alternative each;
  :func:`split_locations` gives every location of such a text (the ``locations`` column).
- Addresses: postal codes are dropped from a token and street tokens (a number, ``ul.``,
  ``-straße``, ``rue``, ``Street`` …) are dropped ("ul. Zbożowa 4, 70-653 Stettin" -> Szczecin,
  PL). Other-language and historical city names map to the city table (:data:`CITY_ALIASES`:
  München -> Munich, Warszawa -> Warsaw, Stettin -> Szczecin), and so do countries' own names
  (Polska, Österreich …, in :mod:`pipelines.fields.countries`).
- Unknown text gives None, never a guess.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TypedDict

import polars as pl

from pipelines.fields.countries import country_iso2

# a title that itself says remote: "... (Remote)", "... - Remote", "[Remote]", ", Remote" at the end
TITLE_REMOTE_RE = r"(?i)(?:[(\[]\s*(?:fully\s+)?remote\b[^)\]]*[)\]]|[-–,|]\s*(?:fully\s+)?remote\s*$)"

__all__ = [
    "ParsedLocation",
    "parse_location",
    "parse_location_expr",
    "add_location_columns",
    "split_locations",
    "iso_region",
    "iso_region_expr",
    "LOCATION_FIELDS",
]

LOCATION_FIELDS: tuple[str, ...] = ("city", "region", "country", "remote")
LOCATION_STRUCT = pl.Struct({name: pl.String() for name in LOCATION_FIELDS})


class ParsedLocation(TypedDict):
    city: str | None
    region: str | None
    country: str | None
    remote: str | None


# --- reference tables -----------------------------------------------------------------------
US_STATES: dict[str, str] = {
    "alabama": "AL",
    "alaska": "AK",
    "arizona": "AZ",
    "arkansas": "AR",
    "california": "CA",
    "colorado": "CO",
    "connecticut": "CT",
    "delaware": "DE",
    "florida": "FL",
    "georgia": "GA",
    "hawaii": "HI",
    "idaho": "ID",
    "illinois": "IL",
    "indiana": "IN",
    "iowa": "IA",
    "kansas": "KS",
    "kentucky": "KY",
    "louisiana": "LA",
    "maine": "ME",
    "maryland": "MD",
    "massachusetts": "MA",
    "michigan": "MI",
    "minnesota": "MN",
    "mississippi": "MS",
    "missouri": "MO",
    "montana": "MT",
    "nebraska": "NE",
    "nevada": "NV",
    "new hampshire": "NH",
    "new jersey": "NJ",
    "new mexico": "NM",
    "new york": "NY",
    "north carolina": "NC",
    "north dakota": "ND",
    "ohio": "OH",
    "oklahoma": "OK",
    "oregon": "OR",
    "pennsylvania": "PA",
    "rhode island": "RI",
    "south carolina": "SC",
    "south dakota": "SD",
    "tennessee": "TN",
    "texas": "TX",
    "utah": "UT",
    "vermont": "VT",
    "virginia": "VA",
    "washington": "WA",
    "west virginia": "WV",
    "wisconsin": "WI",
    "wyoming": "WY",
    "district of columbia": "DC",
    "washington dc": "DC",
    "washington d c": "DC",
}
US_STATE_CODES = frozenset(US_STATES.values())

CA_PROVINCES: dict[str, str] = {
    "alberta": "AB",
    "british columbia": "BC",
    "manitoba": "MB",
    "new brunswick": "NB",
    "newfoundland and labrador": "NL",
    "newfoundland": "NL",
    "nova scotia": "NS",
    "northwest territories": "NT",
    "nunavut": "NU",
    "ontario": "ON",
    "prince edward island": "PE",
    "quebec": "QC",
    "saskatchewan": "SK",
    "yukon": "YT",
}
CA_PROVINCE_CODES = frozenset(CA_PROVINCES.values())

# major tech cities → (ISO country, region code or None). Keys are folded (see _fold).
CITIES: dict[str, tuple[str, str | None]] = {
    # United States
    "san francisco": ("US", "CA"),
    "sf": ("US", "CA"),
    "bay area": ("US", "CA"),
    "sf bay area": ("US", "CA"),
    "san francisco bay area": ("US", "CA"),
    "san jose": ("US", "CA"),
    "palo alto": ("US", "CA"),
    "mountain view": ("US", "CA"),
    "menlo park": ("US", "CA"),
    "sunnyvale": ("US", "CA"),
    "santa clara": ("US", "CA"),
    "oakland": ("US", "CA"),
    "los angeles": ("US", "CA"),
    "san diego": ("US", "CA"),
    "irvine": ("US", "CA"),
    "san mateo": ("US", "CA"),
    "redwood city": ("US", "CA"),
    "new york": ("US", "NY"),
    "new york city": ("US", "NY"),
    "nyc": ("US", "NY"),
    "brooklyn": ("US", "NY"),
    "seattle": ("US", "WA"),
    "bellevue": ("US", "WA"),
    "kirkland": ("US", "WA"),
    "redmond": ("US", "WA"),
    "austin": ("US", "TX"),
    "dallas": ("US", "TX"),
    "houston": ("US", "TX"),
    "boston": ("US", "MA"),
    "cambridge ma": ("US", "MA"),
    "chicago": ("US", "IL"),
    "denver": ("US", "CO"),
    "boulder": ("US", "CO"),
    "atlanta": ("US", "GA"),
    "miami": ("US", "FL"),
    "portland": ("US", "OR"),
    "pittsburgh": ("US", "PA"),
    "philadelphia": ("US", "PA"),
    "salt lake city": ("US", "UT"),
    "lehi": ("US", "UT"),
    "raleigh": ("US", "NC"),
    "durham": ("US", "NC"),
    "phoenix": ("US", "AZ"),
    "minneapolis": ("US", "MN"),
    "detroit": ("US", "MI"),
    "nashville": ("US", "TN"),
    "washington dc": ("US", "DC"),
    "washington d c": ("US", "DC"),
    "arlington": ("US", "VA"),
    "reston": ("US", "VA"),
    # Canada
    "toronto": ("CA", "ON"),
    "waterloo": ("CA", "ON"),
    "ottawa": ("CA", "ON"),
    "vancouver": ("CA", "BC"),
    "montreal": ("CA", "QC"),
    "calgary": ("CA", "AB"),
    # Europe
    "london": ("GB", None),
    "manchester": ("GB", None),
    "edinburgh": ("GB", None),
    "cambridge uk": ("GB", None),
    "dublin": ("IE", None),
    "cork": ("IE", None),
    "paris": ("FR", None),
    "berlin": ("DE", None),
    "munich": ("DE", None),
    "hamburg": ("DE", None),
    "frankfurt": ("DE", None),
    "amsterdam": ("NL", None),
    "rotterdam": ("NL", None),
    "madrid": ("ES", None),
    "barcelona": ("ES", None),
    "lisbon": ("PT", None),
    "porto": ("PT", None),
    "warsaw": ("PL", None),
    "krakow": ("PL", None),
    "wroclaw": ("PL", None),
    "prague": ("CZ", None),
    "stockholm": ("SE", None),
    "copenhagen": ("DK", None),
    "oslo": ("NO", None),
    "helsinki": ("FI", None),
    "zurich": ("CH", None),
    "geneva": ("CH", None),
    "vienna": ("AT", None),
    "brussels": ("BE", None),
    "milan": ("IT", None),
    "rome": ("IT", None),
    "athens": ("GR", None),
    "bucharest": ("RO", None),
    "budapest": ("HU", None),
    "tallinn": ("EE", None),
    "vilnius": ("LT", None),
    "riga": ("LV", None),
    "tbilisi": ("GE", None),
    "kyiv": ("UA", None),
    "kiev": ("UA", None),
    "belgrade": ("RS", None),
    "sofia": ("BG", None),
    "istanbul": ("TR", None),
    "luxembourg": ("LU", None),
    # Middle East / Africa
    "tel aviv": ("IL", None),
    "tel aviv yafo": ("IL", None),
    "tel aviv jaffa": ("IL", None),
    "dubai": ("AE", None),
    "abu dhabi": ("AE", None),
    "riyadh": ("SA", None),
    "cairo": ("EG", None),
    "lagos": ("NG", None),
    "nairobi": ("KE", None),
    "cape town": ("ZA", None),
    "johannesburg": ("ZA", None),
    # Asia-Pacific
    "bangalore": ("IN", None),
    "bengaluru": ("IN", None),
    "hyderabad": ("IN", None),
    "pune": ("IN", None),
    "mumbai": ("IN", None),
    "chennai": ("IN", None),
    "gurgaon": ("IN", None),
    "gurugram": ("IN", None),
    "noida": ("IN", None),
    "new delhi": ("IN", None),
    "delhi": ("IN", None),
    "singapore": ("SG", None),
    "tokyo": ("JP", None),
    "osaka": ("JP", None),
    "seoul": ("KR", None),
    "beijing": ("CN", None),
    "shanghai": ("CN", None),
    "shenzhen": ("CN", None),
    "hong kong": ("HK", None),
    "taipei": ("TW", None),
    "sydney": ("AU", None),
    "melbourne": ("AU", None),
    "brisbane": ("AU", None),
    "auckland": ("NZ", None),
    "jakarta": ("ID", None),
    "manila": ("PH", None),
    "kuala lumpur": ("MY", None),
    "bangkok": ("TH", None),
    "ho chi minh city": ("VN", None),
    "hanoi": ("VN", None),
    # Latin America
    "sao paulo": ("BR", None),
    "rio de janeiro": ("BR", None),
    "florianopolis": ("BR", None),
    "mexico city": ("MX", None),
    "ciudad de mexico": ("MX", None),
    "cdmx": ("MX", None),
    "guadalajara": ("MX", None),
    "monterrey": ("MX", None),
    "buenos aires": ("AR", None),
    "bogota": ("CO", None),
    "medellin": ("CO", None),
    "santiago": ("CL", None),
    "lima": ("PE", None),
    "montevideo": ("UY", None),
    "san jose costa rica": ("CR", None),
}
CITIES.update(
    {
        "cologne": ("DE", None),
        "stuttgart": ("DE", None),
        "dusseldorf": ("DE", None),
        "leipzig": ("DE", None),
        "szczecin": ("PL", None),
        "gdansk": ("PL", None),
        "poznan": ("PL", None),
        "lodz": ("PL", None),
        "katowice": ("PL", None),
        "gothenburg": ("SE", None),
        "malmo": ("SE", None),
        "the hague": ("NL", None),
        "utrecht": ("NL", None),
        "eindhoven": ("NL", None),
        "antwerp": ("BE", None),
        "ghent": ("BE", None),
        "lyon": ("FR", None),
        "toulouse": ("FR", None),
        "nice": ("FR", None),
        "valencia": ("ES", None),
        "seville": ("ES", None),
        "turin": ("IT", None),
        "florence": ("IT", None),
        "naples": ("IT", None),
        "basel": ("CH", None),
        "lausanne": ("CH", None),
        "bern": ("CH", None),
        "brno": ("CZ", None),
        "cluj napoca": ("RO", None),
    }
)
# city names in other languages (and historical names) -> the key of CITIES
CITY_ALIASES: dict[str, str] = {
    "munchen": "munich",
    "muenchen": "munich",
    "koln": "cologne",
    "koeln": "cologne",
    "wien": "vienna",
    "praha": "prague",
    "warszawa": "warsaw",
    "krakow": "krakow",
    "cracow": "krakow",
    "breslau": "wroclaw",
    "stettin": "szczecin",
    "danzig": "gdansk",
    "posen": "poznan",
    "lisboa": "lisbon",
    "roma": "rome",
    "milano": "milan",
    "torino": "turin",
    "firenze": "florence",
    "napoli": "naples",
    "bruxelles": "brussels",
    "brussel": "brussels",
    "antwerpen": "antwerp",
    "gent": "ghent",
    "geneve": "geneva",
    "genf": "geneva",
    "zuerich": "zurich",
    "kobenhavn": "copenhagen",
    "goteborg": "gothenburg",
    "den haag": "the hague",
    "s gravenhage": "the hague",
    "sevilla": "seville",
    "kyiv kiev": "kyiv",
    "kijow": "kyiv",
    "bucuresti": "bucharest",
    "athina": "athens",
    "beograd": "belgrade",
    "sofiya": "sofia",
    "moskva": "moscow",
    "frankfurt am main": "frankfurt",
    "dublin city": "dublin",
    "bengaluru urban": "bengaluru",
    "bombay": "mumbai",
    "madras": "chennai",
    "ciudad de mexico": "mexico city",
    "sao paulo sp": "sao paulo",
}
# display names for abbreviations that are not how a reader would write the city
_CITY_DISPLAY: dict[str, str] = {"nyc": "New York", "sf": "San Francisco"}

# a lone token that is both a US state and a country: ambiguous without a city
_AMBIGUOUS_SINGLE = frozenset({"georgia"})

# macro-regions: a place, but not a country (never mapped to one)
MACRO_REGIONS = frozenset(
    {
        "emea",
        "apac",
        "apj",
        "latam",
        "lat am",
        "americas",
        "north america",
        "south america",
        "latin america",
        "europe",
        "eu",
        "european union",
        "asia",
        "asia pacific",
        "africa",
        "middle east",
        "mena",
        "nordics",
        "dach",
        "benelux",
        "global",
        "worldwide",
        "world",
        "international",
        "anywhere",
        "any location",
        "emea region",
        "cet",
        "est",
        "pst",
        "us timezones",
        "uk timezones",
        "european timezones",
    }
)
# texts that name no place at all
_NO_PLACE = frozenset(
    {
        "multiple locations",
        "multiple",
        "various",
        "various locations",
        "several locations",
        "flexible",
        "tbd",
        "n a",
        "na",
        "none",
        "other",
        "unknown",
        "location",
        "locations",
        "hq",
        "headquarters",
        "office",
        "offices",
        "in office",
        "multiple cities",
    }
)

_REMOTE_RE = re.compile(
    r"\b(?:fully[ -])?(?:remote|anywhere|work from home|wfh|distributed|telecommute|virtual)"
    r"(?:[- ](?:first|friendly|optional|eligible|ok|possible|only|based))?\b",
    re.IGNORECASE,
)
_HYBRID_RE = re.compile(r"\bhybrid(?:[- ](?:remote|work|working|role))?\b", re.IGNORECASE)
_ONSITE_RE = re.compile(
    r"\b(?:on[- ]?site|in[- ]office|in[- ]person|office[- ]based|on[- ]premises?)\b",
    re.IGNORECASE,
)
_ALTERNATIVES_RE = re.compile(r"\s*(?:;|\||\s/\s|\bor\b|\n)\s*", re.IGNORECASE)
_SPACED_DASH_RE = re.compile(r"\s+[-–—:]+\s*|\s*[-–—:]+\s+")
_FILLER_RE = re.compile(
    r"^(?:(?:in|the|within|from|based|only|preferred|friendly|first|optional|eligible)\s+)+|"
    r"(?:\s+(?:only|preferred|based|friendly|first|optional|eligible|hq|office|offices))+$",
    re.IGNORECASE,
)
_EDGE_PUNCT = " \t-–—:/.,*"
_MODE_RANK = {"remote": 3, "hybrid": 2, "on-site": 1}


def _fold(text: str) -> str:
    """Lowercase ASCII key: accents dropped, punctuation collapsed to single spaces."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", " ", folded.lower()).strip()


def _empty() -> ParsedLocation:
    return {"city": None, "region": None, "country": None, "remote": None}


def _us_state(token: str) -> str | None:
    key = _fold(token)
    if key.upper() in US_STATE_CODES and len(key) == 2:
        return key.upper()
    return US_STATES.get(key)


def _ca_province(token: str) -> str | None:
    key = _fold(token)
    if key.upper() in CA_PROVINCE_CODES and len(key) == 2:
        return key.upper()
    return CA_PROVINCES.get(key)


def _city(token: str) -> tuple[str, str | None] | None:
    key = _fold(token)
    key = CITY_ALIASES.get(key, key)
    if key.startswith("greater "):
        key = key[len("greater ") :]
    for suffix in (" metropolitan area", " metro area", " area", " metro"):
        if key.endswith(suffix) and key[: -len(suffix)] in CITIES:
            key = key[: -len(suffix)]
            break
    return CITIES.get(key)


def _city_name(token: str) -> str:
    """The city as written, except abbreviations and other-language names, which take the
    name the city table knows ("Stettin" -> "Szczecin", "Warszawa" -> "Warsaw")."""
    key = _fold(token)
    if key in CITY_ALIASES:
        return CITY_ALIASES[key].title()
    return _CITY_DISPLAY.get(key, token)


def _country(token: str) -> str | None:
    key = _fold(token)
    if not key or key in MACRO_REGIONS or key in _NO_PLACE:
        return None
    return country_iso2(token)


def _region_text(token: str, country: str | None) -> str:
    if country == "US":
        return _us_state(token) or token
    if country == "CA":
        return _ca_province(token) or token
    return token


def _place(tokens: list[str]) -> tuple[str | None, str | None, str | None, bool]:
    """(city, region, country, is_city) of comma tokens of one alternative."""
    if not tokens:
        return None, None, None, False
    first, last = tokens[0], tokens[-1]
    if len(tokens) == 1:
        city = _city(first)
        if city:
            return _city_name(first), city[1], city[0], True
        key = _fold(first)
        if key in _AMBIGUOUS_SINGLE:
            return None, None, None, False
        # a lone two-letter code that is also a state/province code is ambiguous ("CA", "IN")
        if len(key) == 2 and key.upper() in (US_STATE_CODES | CA_PROVINCE_CODES) and key != "us":
            return None, None, None, False
        state = None if len(key) == 2 else US_STATES.get(key)
        if state:
            return None, state, "US", False
        province = None if len(key) == 2 else CA_PROVINCES.get(key)
        if province:
            return None, province, "CA", False
        return None, None, _country(first), False

    middle = tokens[1:-1]
    region_token = middle[-1] if middle else None
    known_city = _city(first)

    # "City, ST": the ATS convention for US states / Canadian provinces
    state, province = _us_state(last), _ca_province(last)
    if state or province:
        as_country = _country(last)
        if known_city and as_country and known_city[0] == as_country and known_city[0] != "US":
            # "Toronto, CA", "Berlin, DE": the city settles the reading as a country code
            return _city_name(first), region_token or known_city[1], as_country, True
        if state and not (known_city and known_city[0] == "CA" and province):
            return _city_name(first), state, "US", True
        return _city_name(first), province, "CA", True

    country = _country(last)
    if country:
        if len(tokens) == 2:
            # "Texas, United States", "Ontario, Canada": a region, no city
            if not known_city:
                region = (_us_state(first) if country == "US" else None) or (
                    _ca_province(first) if country == "CA" else None
                )
                if region and len(_fold(first)) > 2:
                    return None, region, country, False
            region = known_city[1] if known_city and known_city[0] == country else None
            return _city_name(first), region, country, True
        region = _region_text(region_token, country) if region_token else None
        return _city_name(first), region, country, True

    if known_city:
        # "Bengaluru, Karnataka", "Sydney, NSW": the city is known, the rest is its region
        region = known_city[1] or (_region_text(tokens[1], known_city[0]))
        return _city_name(first), region, known_city[0], True
    if _fold(last) in MACRO_REGIONS:
        return None, None, None, False
    return None, None, None, False


def _alternative(text: str) -> tuple[str | None, str | None, str | None, str | None, bool]:
    """Parse one alternative: (city, region, country, mode, names_a_place)."""
    mode = None
    if _REMOTE_RE.search(text):
        mode = "remote"
    elif _HYBRID_RE.search(text):
        mode = "hybrid"
    elif _ONSITE_RE.search(text):
        mode = "on-site"
    rest = _ONSITE_RE.sub(",", _HYBRID_RE.sub(",", _REMOTE_RE.sub(",", text)))
    rest = re.sub(r"[()\[\]{}]", ",", rest)
    rest = _SPACED_DASH_RE.sub(",", rest)
    tokens: list[str] = []
    for raw in rest.split(","):
        token = _FILLER_RE.sub("", raw.strip(_EDGE_PUNCT)).strip(_EDGE_PUNCT)
        token = re.sub(r"\s+", " ", token)
        if token and _fold(token) and _fold(token) not in _NO_PLACE:
            tokens.append(token)
    tokens = _drop_street_parts(tokens)
    # a leftover "US-" glued to the marker ("US-Remote") has been split off by the edge strip
    if len(tokens) > 1 and mode is not None:
        # "Remote - US - California" style noise: drop macro-region tokens
        tokens = [t for t in tokens if _fold(t) not in MACRO_REGIONS] or tokens
    if (
        len(tokens) > 1
        and _country(tokens[0])
        and not _city(tokens[0])
        and not _us_state(tokens[0])
        and not _ca_province(tokens[0])
        and not _country(tokens[-1])
    ):
        # "US - New York", "Germany, Berlin": country first
        tokens = tokens[1:] + tokens[:1]
    city, region, country, is_city = _place(tokens)
    if mode is None and is_city:
        mode = "on-site"
    names_place = bool(city or country or region)
    return city, region, country, mode, names_place


_POSTAL_RE = re.compile(
    r"^(?:[A-Z]{1,2}-)?\d{2}-\d{3}\s+|^(?:[A-Z]{1,2}-)?\d{4,5}\s+|\s+\d{4,5}(?:-\d{4})?$"
    r"|^\d{4}\s?[A-Z]{2}\s+|\s+[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}$"
)
_STREET_RE = re.compile(
    r"(?i)^(?:ul\.?|ulica|al\.?|aleja|pl\.?|os\.?|str\.?|rue|calle|c/|via|viale|avenida|av\.?|rua|"
    r"carrer|piazza|plac)\s|\d|stra(?:ss|ß)e\b|str\.|weg\b|gasse\b|straat\b|laan\b|gade\b|"
    r"vägen\b|\b(?:street|st\.|road|rd\.?|avenue|ave\.?|suite|floor|blvd)\b"
)


def _drop_street_parts(tokens: list[str]) -> list[str]:
    """An address ("ul. Zbożowa 4, 70-653 Stettin", "Hauptstraße 5, 10115 Berlin"): postal
    codes are dropped from a token, street tokens (a number, a street word) are dropped."""
    if len(tokens) < 2:
        return tokens
    out = []
    for token in tokens:
        bare = _POSTAL_RE.sub("", token).strip()
        if bare != token and bare and not re.search(r"\d", bare):
            out.append(bare)
        elif not _STREET_RE.search(token):
            out.append(token)
    return out or tokens


# "US-San Francisco", "DE - Berlin", "US-CA-San Francisco", "CA-ON-Toronto": a country (and
# region) code before the place, as Greenhouse and Workday boards write it
_PREFIXED_RE = re.compile(r"^\s*([A-Z]{2})\s?-\s?(?:([A-Z]{2})\s?-\s?)?([^,;|]+?)\s*$")


def _unprefix(item: str) -> str | None:
    m = _PREFIXED_RE.match(item)
    if not m or not country_iso2(m.group(1)) or len(m.group(3)) < 2:
        return None
    place = m.group(3).strip()
    parts = [place] + ([m.group(2)] if m.group(2) else []) + [m.group(1)]
    return ", ".join(parts)


def _prefixed_forms(text: str) -> str:
    """Rewrite prefixed places to the "City, Region, Country" reading, one alternative each:
    "US-Remote, US-San Francisco, US-Texas" -> "Remote, US; San Francisco, US; Texas, US"."""
    items = [i for i in re.split(r"\s*[,;|]\s*", text) if i]
    rewritten = [_unprefix(i) for i in items]
    if not any(rewritten) or (len(items) > 1 and sum(1 for r in rewritten if r) * 2 < len(items)):
        return text
    return "; ".join(r or i for r, i in zip(rewritten, items, strict=True))


def split_locations(text: str | None) -> list[str]:
    """The separate locations of one text: alternatives (``;``, ``|``) and comma lists of
    prefixed places ("US-Remote, US-San Francisco, US-Texas" is three locations)."""
    if not text or not text.strip():
        return []
    rewritten = _prefixed_forms(re.sub(r"[\s\u00a0]+", " ", text).strip())
    if rewritten != text.strip():
        items = re.split(r"\s*[,;|]\s*", text.strip())
    else:
        items = re.split(r"\s*[;|]\s*", text.strip())
    return [i for i in items if i]


_LIST_SPLIT_RE = re.compile(r"\s*(?:,|/|;|&|\bor\b|\band\b)\s*", re.IGNORECASE)
_LIST_NOISE_RE = re.compile(r"[()\[\]]|\b(?:only|anywhere in|based in)\b", re.IGNORECASE)


def _country_list(text: str) -> list[str] | None:
    """ISO codes when ``text`` (work-mode words removed) is a list of 2+ countries, else None.

    "Remote (US, Canada)" is two countries, not the city "US" in Canada. A US state or Canadian
    province anywhere in the list ("Georgia, US") means it is a place, not a list.
    """
    inner = _LIST_NOISE_RE.sub(" ", _REMOTE_RE.sub(" ", _HYBRID_RE.sub(" ", text)))
    pieces = [p.strip(_EDGE_PUNCT) for p in _LIST_SPLIT_RE.split(inner)]
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or any(_us_state(p) or _ca_province(p) for p in pieces):
        return None
    codes = [_country(p) for p in pieces]
    return codes if all(codes) else None


@lru_cache(maxsize=16384)
def _parse_cached(text: str) -> tuple[str | None, str | None, str | None, str | None]:
    normalised = re.sub(r"[\s\u00a0]+", " ", text).strip()
    if not normalised:
        return None, None, None, None
    normalised = _prefixed_forms(normalised)
    countries = _country_list(normalised)
    if countries is not None:
        mode = "remote" if _REMOTE_RE.search(normalised) else "hybrid" if _HYBRID_RE.search(normalised) else None
        distinct = set(countries)
        return None, None, (distinct.pop() if len(distinct) == 1 else None), mode
    parts = [p for p in _ALTERNATIVES_RE.split(normalised) if p and p.strip(_EDGE_PUNCT)]
    best_city = best_country = None
    best_mode: str | None = None
    for part in parts:
        city, region, country, mode, _ = _alternative(part)
        if mode and (best_mode is None or _MODE_RANK[mode] > _MODE_RANK[best_mode]):
            best_mode = mode
        if city and best_city is None:
            best_city = (city, region, country)
        if country and best_country is None:
            best_country = (city, region, country)
    chosen = best_city or best_country or (None, None, None)
    if best_city is None and best_country is None:
        # a region alone ("California") still says where
        for part in parts:
            city, region, country, _, _ = _alternative(part)
            if region:
                chosen = (city, region, country)
                break
    return chosen[0], chosen[1], chosen[2], best_mode


_ISO_REGION_RE = re.compile(r"^[A-Z]{2}-[A-Z0-9]{1,3}$")


@lru_cache(maxsize=4096)
def iso_region(region: str | None, country: str | None) -> str | None:
    """A region as its ISO 3166-2 code (``US-CA``, ``CA-QC``, ``IN-KA``): from a postal code or
    a name of a subdivision of ``country``; an ISO 3166-2 code passes through. None when the
    country is unknown or no subdivision of it matches (never a guess)."""
    if region is None or not isinstance(region, str) or not region.strip():
        return None
    text = region.strip()
    if _ISO_REGION_RE.match(text.upper()) and (country is None or text.upper().startswith(f"{country}-")):
        return text.upper()
    if not country:
        return None
    if country == "US":
        code = _us_state(text)
        return f"US-{code}" if code else None
    if country == "CA":
        code = _ca_province(text)
        return f"CA-{code}" if code else None
    import pycountry

    key = _fold(text)
    for sub in pycountry.subdivisions.get(country_code=country) or []:
        if _fold(sub.name) == key or sub.code.split("-", 1)[1] == text.upper():
            return sub.code
    return None


def iso_region_expr(region: str = "region", country: str = "country") -> pl.Expr:
    """:func:`iso_region` of two columns (each distinct pair resolved once)."""
    return pl.struct(region, country).map_elements(lambda r: iso_region(r[region], r[country]), return_dtype=pl.String)


def parse_location(text: str | None) -> ParsedLocation:
    """Parse one location text into ``{city, region, country, remote}`` (all None if unknown);
    ``region`` is ISO 3166-2 (:func:`iso_region`)."""
    if text is None or not isinstance(text, str):
        return _empty()
    city, region, country, remote = _parse_cached(text)
    return {"city": city, "region": iso_region(region, country), "country": country, "remote": remote}


def _parse_series(series: pl.Series) -> pl.Series:
    distinct = series.drop_nulls().unique()
    parsed = pl.DataFrame(
        {"__v": distinct, "__s": pl.Series([parse_location(v) for v in distinct.to_list()], dtype=LOCATION_STRUCT)},
        schema={"__v": series.dtype, "__s": LOCATION_STRUCT},
    )
    # each distinct text parsed once, joined back in column order (no per-row Python)
    joined = series.rename("__v").to_frame().join(parsed, on="__v", how="left", maintain_order="left")
    return joined["__s"].alias(series.name)


def parse_location_expr(column: str = "location") -> pl.Expr:
    """Struct ``{city, region, country, remote}`` of a location-text column.

    Each distinct text is parsed once (cached across calls too), so a board with a thousand
    postings in five offices costs five parses.
    """
    return pl.col(column).map_batches(_parse_series, return_dtype=LOCATION_STRUCT)


def add_location_columns(
    frame: pl.DataFrame | pl.LazyFrame,
    column: str = "location",
    *,
    fallback_column: str | None = None,
) -> pl.DataFrame | pl.LazyFrame:
    """Add (replace) ``city``, ``region``, ``country`` and ``remote`` parsed from ``column``.

    ``fallback_column`` (e.g. the office location of a job) is a second source: when the
    primary text names neither a city nor a country, the fallback's city/region/country are
    used (all three together, so they describe one place), and then its work mode too when
    the primary text gave none.
    """
    parsed = parse_location_expr(column)
    out = frame.with_columns(parsed.alias("__loc"))
    fields = [pl.col("__loc").struct.field(f).alias(f) for f in LOCATION_FIELDS]
    if fallback_column is None:
        return out.with_columns(fields).drop("__loc")
    out = out.with_columns(parse_location_expr(fallback_column).alias("__loc2"))
    primary_known = (
        pl.col("__loc").struct.field("city").is_not_null() | pl.col("__loc").struct.field("country").is_not_null()
    )
    cols = []
    for field in ("city", "region", "country"):
        cols.append(
            pl.when(primary_known)
            .then(pl.col("__loc").struct.field(field))
            .otherwise(pl.col("__loc2").struct.field(field))
            .alias(field)
        )
    cols.append(
        pl.when(primary_known | pl.col("__loc").struct.field("remote").is_not_null())
        .then(pl.col("__loc").struct.field("remote"))
        .otherwise(pl.col("__loc2").struct.field("remote"))
        .alias("remote")
    )
    return out.with_columns(cols).drop("__loc", "__loc2")
