"""Hacker News thread comments → postings and candidates (pure text parsing, no I/O).

Two comment kinds:

- "Ask HN: Who is hiring?" top-level comments: :func:`parse_hiring_comment` returns a
  :class:`HiringComment` with zero (not a posting) or more :class:`Role` s.
- "Ask HN: Who wants to be hired?" top-level comments: :func:`parse_candidate_comment` returns a
  :class:`Candidate` or None (not a candidate).

Hiring comments, the rules (a reader can predict the output):

1. The HTML becomes text (``html_to_text``: ``<p>`` ends a line, entities and ``&#x2F;`` undone).
   The first non-empty line is the *header*. It is split into fields on ``|``; without a pipe,
   on spaced dashes/em dashes/middle dots/bullets (``A - B - C``), when that yields ≥ 3 fields.
2. Each header field is classified: the first field is the company (parentheticals holding a
   domain or a YC batch, URLs and a trailing ``- tagline`` are dropped; a bare domain is kept as
   written). Later fields are a URL, a salary (currency sign or ``k`` amounts), a "multiple
   roles" marker, a role (ends with a role noun: engineer, developer, designer, scientist, ...),
   a location / work mode (:func:`parse_location` finds a place or remote/hybrid/on-site), an
   employment type, or other (taglines, "Visa", equity). A role-first header
   (``Senior iOS Engineer | Acme | ...``) and ``Role at Company`` are recognised.
3. Roles: the header role fields (split on ``,``, ``;``, `` / ``, ``&``/``and`` between two
   roles), then role lines of the body: bulleted or short lines whose first segment ends with a
   role noun (``- Senior Perception Engineer ($180k-$230k)``), each with its own location,
   mode and pay when the rest of the line gives them; then lists after "looking for:" /
   "hiring for:". Sentences ("Acme is hiring a Senior Software Engineer who ...", "we're also
   hiring an applied AI engineer") add a role only when nothing else named one, or when they
   say "also". Titles are de-duplicated (case, plural and leading article ignored).
4. A posting: a structured header (≥ 2 separators) or a hiring sentence, and at least one of
   role / company+place / pay — and not a candidate ("SEEKING WORK"), a question or a meta
   comment ("please stop", "thank you", "@dang"). A posting with no identifiable role gives
   one row with a null title (the posting exists; the role is unknown — never guessed).
5. Salary: :func:`extract_salary` (a minimal parser kept local until
   ``pipelines/fields/salary.py`` lands; swap it there). A ``$`` amount is USD unless the
   posting is in Canada/Australia/New Zealand/Singapore/Hong Kong (then the local dollar).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from pipelines.fields.countries import country_iso2
from pipelines.fields.employment import employment_type_in_text
from pipelines.fields.locations import ParsedLocation
from pipelines.fields.locations import parse_location as _shared_parse_location
from pipelines.fields.text import html_to_text, mentions_ai

__all__ = [
    "Role",
    "HiringComment",
    "Candidate",
    "parse_hiring_comment",
    "parse_candidate_comment",
    "extract_salary",
    "employment_type_in_text",
    "strip_contact_details",
    "comment_text",
]

# --- vocabularies -------------------------------------------------------------------------------
_ROLE_NOUN = (
    r"(?:engineers?|engineering\s+managers?|developers?|devs?|programmers?|swes?|sres?|sdets?|"
    r"scientists?|analysts?|designers?|architects?|managers?|leads?|directors?|researchers?|"
    r"specialists?|administrators?|admins?|consultants?|technicians?|recruiters?|marketers?|"
    r"writers?|advocates?|interns?|internships?|generalists?|hackers?|owners?|executives?|"
    r"representatives?|coordinators?|strategists?|biologists?|chemists?|physicists?|"
    r"mathematicians?|statisticians?|testers?|operators?|officers?|associates?|accountants?|"
    r"devops|mles?|pms?|tpms?|ems?|cto|vp\s+of\s+\w+|head\s+of\s+[\w&/ -]+?)"
)
# a title: up to 6 words, ending with a role noun (optionally a level: II, III, 2)
_TITLE_END = re.compile(rf"\b{_ROLE_NOUN}(?:\s+(?:i{{1,3}}|iv|[1-4]))?\s*$", re.IGNORECASE)
_HAS_ROLE = re.compile(rf"\b{_ROLE_NOUN}\b", re.IGNORECASE)
_NOT_TITLE_WORDS = re.compile(
    r"\b(?:with|you|your|we|our|will|who|that|this|is|are|help|join|about|if|us|they|their|"
    r"my|me|i|was|have|has|can|need|needs|looking|hiring|want)\b",
    re.IGNORECASE,
)
_GENERIC_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "great",
        "talented",
        "experienced",
        "strong",
        "passionate",
        "smart",
        "curious",
        "driven",
        "motivated",
        "more",
        "other",
        "new",
        "additional",
        "few",
        "several",
        "multiple",
        "many",
        "some",
        "exceptional",
        "amazing",
        "awesome",
        "good",
        "excellent",
        "another",
        "two",
        "three",
        "four",
        "five",
        "top",
        "world-class",
        "product-minded",
    }
)
_MULTIPLE_ROLES = re.compile(
    r"\b(?:multiple|various|several|many|numerous|lots\s+of|all|open|a\s+few|\d+)\s+"
    r"(?:roles?|positions?|openings?|jobs?|engineering\s+roles?)\b",
    re.IGNORECASE,
)
_VISA = re.compile(r"\bvisas?\b|\bsponsorship\b|\bsponsor\b", re.I)
_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_DOMAIN = re.compile(r"^(?:[a-z0-9-]+\.)+[a-z]{2,}(?:/\S*)?$", re.I)
_EMAIL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w.+-]+\s*(?:\[at\]|\(at\)| at )\s*[\w-]+\s*(?:\[dot\]|\(dot\)| dot )\s*\w+", re.I
)
_PHONE = re.compile(r"\+?\d[\d ()./-]{7,}\d")
_BULLET = re.compile(r"^\s*(?:[-–—*•·▪◦>]+|\d{1,2}[.)])\s*")
_HEADER_DASH_SPLIT = re.compile(r"\s+[-–—·•]\s+|\s+--\s+")

# non-postings: candidates, questions, meta
_SEEKING = re.compile(r"^\s*(?:seeking\s+(?:work|freelance|employment)|looking\s+for\s+work|for\s+hire)\b", re.I)
_META = re.compile(
    r"^\s*(?:@\w+|please\b|thanks?\b|thank\s+you|great\s+thread|is\s+anyone|are\s+any|does\s+anyone|"
    r"anyone\b|why\b|how\s+(?:do|many|come)\b|what\b|who\s+is\s+hiring\b|for\s+anyone\b|"
    r"i\s+(?:wish|think|interviewed|applied|noticed|hope|love)\b|it\s+would\b|can\s+we\b|"
    r"could\s+we\b|psa\b|reminder\b|off[- ]topic\b|meta\b|tip\b)",
    re.I,
)
_HIRING_VERB = re.compile(
    r"\b(?:is|are|we're|we\s+are|i'm|currently|now|also)\s+(?:currently\s+|actively\s+|also\s+)?"
    r"(?:hiring|looking\s+for|seeking|searching\s+for|recruiting)\b|\bneeds?\s+an?\b|\bhiring\b",
    re.I,
)
_ROLE_SENTENCE = re.compile(
    r"\b(?:hiring|looking\s+for|seeking|searching\s+for|recruiting|needs?)\s+"
    r"(?:for\s+)?(?:(?:an?|another|one|two|three|four|a\s+few|several|multiple|more)\s+)?"
    rf"(?P<title>(?:[\w+#./&-]+\s+){{0,5}}?{_ROLE_NOUN})\b",
    re.IGNORECASE,
)
_LIST_INTRO = re.compile(
    r"\b(?:looking\s+for|hiring\s+for|open\s+roles|positions|roles|hiring)\s*:\s*(?P<rest>.*)$", re.I
)
_COMPANY_PROSE = re.compile(
    r"^(?P<company>[A-Z0-9][\w.&'’-]*(?:\s+[A-Z0-9&][\w.&'’-]*){0,4}?)(?:'s|’s)?"
    r"(?:\s*\([^)]*\))?(?:\s+[a-z][\w-]*(?:\s+team)?)?\s+(?:is|are)\s+(?:now\s+|also\s+|currently\s+)?(?:hiring|looking|seeking)\b"
)
_ROLE_AT_COMPANY = re.compile(rf"^(?P<title>.*\b{_ROLE_NOUN})\s+(?:at|@)\s+(?P<company>.+)$", re.I)
_TRAIL_CLAUSE = re.compile(r"\s+(?:who|to|with|that|for\s+(?!our\b)|in|on|at|from)\b.*$", re.I)
_LEADING_ARTICLE = re.compile(r"^(?:an?|the|another|one|two|three|four|a\s+few|several|multiple|more)\s+", re.I)

_DOLLAR_COUNTRIES = {"CA": "CAD", "AU": "AUD", "NZ": "NZD", "SG": "SGD", "HK": "HKD"}


@dataclass
class Role:
    title: str | None
    location: str | None = None
    city: str | None = None
    region: str | None = None
    country: str | None = None
    remote: str | None = None
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = None
    salary_period: str | None = None
    employment_type: str | None = None


@dataclass
class HiringComment:
    is_posting: bool
    reason: str  # why (not) a posting: "posting", "empty", "candidate", "meta", "no structure"
    company: str | None = None
    roles: list[Role] = field(default_factory=list)
    mentions_ai: bool = False


@dataclass
class Candidate:
    title: str | None
    location: str | None
    remote: str | None
    willing_to_relocate: bool | None
    technologies: list[str]
    country: str | None


# --- small helpers ------------------------------------------------------------------------------
def parse_location(text: str | None) -> ParsedLocation:
    """The shared location parser, minus one misreading: in "Remote (US, Canada)" it takes "US"
    for a city of Canada. A "city" that is itself a country means several countries: no place."""
    loc = _shared_parse_location(text)
    if loc["city"] and country_iso2(loc["city"]):
        return {"city": None, "region": None, "country": None, "remote": loc["remote"]}
    return loc


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_contact_details(text: str | None) -> str | None:
    """Text without e-mail addresses, URLs and phone numbers (privacy); None if nothing left."""
    if text is None:
        return None
    out = _EMAIL.sub(" ", text)
    out = _URL.sub(" ", out)
    out = _PHONE.sub(" ", out)
    out = re.sub(r"\(\s*\)|\[\s*\]", " ", out)
    out = _squash(out).strip(" ,;:|-–—/")
    return out or None


# --- salary (minimal; swap for pipelines.fields.salary.parse_salary_text when it lands) -----
_RANGE_RE = re.compile(
    r"(?<![\w.%])(?P<upto>up\s+to\s+|max(?:imum)?\.?\s+)?"
    r"(?P<c1>US\$|USD\s?|CA\$|C\$|CAD\s?|A\$|AU\$|AUD\s?|NZ\$|NZD\s?|S\$|SGD\s?|HK\$|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|₹|INR\s?|CHF\s?|SEK\s?|NOK\s?|DKK\s?|PLN\s?)?"
    r"(?P<n1>\d{1,3}(?:[,'’]\d{3})+|\d+(?:\.\d+)?)\s?(?P<s1>[kK](?![a-zA-Z])|[mM](?![a-zA-Z]))?"
    r"(?:\s?(?:-|–|—|to)\s?"
    r"(?P<c2>US\$|USD\s?|CA\$|C\$|CAD\s?|A\$|AU\$|AUD\s?|NZ\$|NZD\s?|S\$|SGD\s?|HK\$|\$|€|EUR\s?|£|GBP\s?|¥|JPY\s?|₹|INR\s?|CHF\s?|SEK\s?|NOK\s?|DKK\s?|PLN\s?)?"
    r"(?P<n2>\d{1,3}(?:[,'’]\d{3})+|\d+(?:\.\d+)?)\s?(?P<s2>[kK](?![a-zA-Z])|[mM](?![a-zA-Z]))?)?"
    r"(?P<plus>\+)?"
    r"(?:\s?(?P<c3>USD|EUR|GBP|CAD|AUD|CHF|SEK|NOK|DKK|PLN|JPY|INR|SGD|NZD)\b|\s?(?P<c4>[€£]))?"
    r"(?P<per>\s*(?:/|per|an|a)\s*(?:hour|hr|h|year|yr|annum|month|mo|week|wk|day)\b|\s+(?:hourly|annually|yearly|monthly|daily))?"
    r"(?!\s?%|\d|\s?(?:years?|yrs?|y\.?o\.?|people|employees|customers|users|b\b|bn\b|mil|million|billion|mm\b))",
    re.IGNORECASE,
)
_CURRENCY_CODES = {
    "$": "USD",
    "US$": "USD",
    "USD": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "CAD": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "AUD": "AUD",
    "NZ$": "NZD",
    "NZD": "NZD",
    "S$": "SGD",
    "SGD": "SGD",
    "HK$": "HKD",
    "€": "EUR",
    "EUR": "EUR",
    "£": "GBP",
    "GBP": "GBP",
    "¥": "JPY",
    "JPY": "JPY",
    "₹": "INR",
    "INR": "INR",
    "CHF": "CHF",
    "SEK": "SEK",
    "NOK": "NOK",
    "DKK": "DKK",
    "PLN": "PLN",
}
_PERIODS = (
    (re.compile(r"hour|hr|\bh\b", re.I), "hour"),
    (re.compile(r"day|daily", re.I), "day"),
    (re.compile(r"week|wk", re.I), "week"),
    (re.compile(r"month|mo\b", re.I), "month"),
    (re.compile(r"year|yr|annum|annually", re.I), "year"),
)
_BIG_SUFFIX_OK = {"JPY", "INR", "KRW", "HUF"}  # "¥9M" is a salary; "$40M" is a funding round


def _number(text: str) -> float:
    return float(re.sub(r"[,'’ ]", "", text))


def extract_salary(
    text: str | None,
    *,
    country: str | None = None,
    keyword_required: bool = False,
    local_dollar: bool = True,
) -> dict | None:
    """The first plausible pay amount or range in ``text``.

    Returns ``{salary_min, salary_max, salary_currency, salary_period}`` or None. An amount
    needs a currency sign/code or a ``k`` suffix ("150-250k", "$45/hr", "€60-75/hour",
    "60,000-80,000 USD", "¥9M-¥14M", "up to C$130k"); percentages, years of experience and
    funding amounts ("$40M Series B", "$200B+") are not pay. ``keyword_required``: only accept
    an amount in a sentence that says salary/pay/comp/OTE/base (for body text). A bare ``$`` is
    the local dollar of ``country`` (CA, AU, NZ, SG, HK) when ``local_dollar``, else USD.
    """
    if not text:
        return None
    for m in _RANGE_RE.finditer(text):
        c1 = (m.group("c1") or "").strip()
        c2 = (m.group("c2") or "").strip()
        c3 = m.group("c3") or m.group("c4") or ""
        s1, s2 = (m.group("s1") or "").lower(), (m.group("s2") or "").lower()
        cur_text = (c1 or c2 or c3).upper().replace("US$", "US$")
        currency = _CURRENCY_CODES.get(cur_text) or _CURRENCY_CODES.get(c1 or c2 or c3)
        if currency == "USD" and (c1 or c2 or c3) == "$" and country in _DOLLAR_COUNTRIES and local_dollar:
            currency = _DOLLAR_COUNTRIES[country]
        period = None
        if m.group("per"):
            for pattern, label in _PERIODS:
                if pattern.search(m.group("per")):
                    period = label
                    break
        if not (currency or s1 or s2):
            continue
        if "m" in (s1, s2) and currency not in _BIG_SUFFIX_OK:
            continue
        if keyword_required:
            start = max(0, text.rfind(".", 0, m.start()) + 1)
            sentence = text[start : m.end() + 40]
            if not re.search(
                r"\b(?:salary|salaries|pay|comp(?:ensation)?|ote|base|range|rate|paying|per\s+hour|/hr)\b",
                sentence,
                re.I,
            ):
                continue
        n1 = _number(m.group("n1"))
        n2 = _number(m.group("n2")) if m.group("n2") else None
        mult2 = {"k": 1e3, "m": 1e6}.get(s2, 1.0)
        mult1 = {"k": 1e3, "m": 1e6}.get(s1) or (mult2 if n2 is not None and n1 < 1000 else 1.0)
        low = n1 * mult1
        high = n2 * mult2 if n2 is not None else None
        if period is None:
            period = "year" if low >= 1000 else None
        if period is None:
            if currency and low < 1000:
                period = "hour" if low <= 500 else None
            if period is None:
                continue
        if period == "year" and low < 1000:
            continue
        if high is not None and high < low:
            continue
        if m.group("upto"):
            return {
                "salary_min": None,
                "salary_max": high if high is not None else low,
                "salary_currency": currency,
                "salary_period": period,
            }
        if high is None:
            high = None if m.group("plus") else low
        return {"salary_min": low, "salary_max": high, "salary_currency": currency, "salary_period": period}
    return None


def _has_money(text: str) -> bool:
    return extract_salary(text) is not None


# --- titles ---------------------------------------------------------------------------------------
def _clean_title(text: str) -> str | None:
    title = _squash(_URL.sub(" ", text)).strip(" -–—:;,.|*!")
    title = _LEADING_ARTICLE.sub("", title)
    return title or None


def _is_title(text: str) -> bool:
    """A short phrase that ends with a role noun and reads like a title, not a sentence."""
    core = re.sub(r"\([^)]*\)", " ", text)
    core = _squash(core).strip(" -–—:;,.|*!")
    if not core or len(core.split()) > 7 or not _TITLE_END.search(core):
        return False
    if _NOT_TITLE_WORDS.search(core):
        return False
    return True


def _title_key(title: str) -> str:
    key = re.sub(r"[^a-z0-9]+", " ", title.lower()).strip()
    key = re.sub(r"^(?:an?|the|another)\s+", "", key)
    return re.sub(r"s\b", "", key)


def _split_roles(field_text: str) -> list[str]:
    """ "A, B / C & D Engineers" → titles (shared noun expanded: "Backend and Frontend Engineers")."""
    text = re.sub(r"\([^)]*\)", lambda m: m.group(0).replace(",", ";;"), field_text)
    parts = [p.strip() for p in re.split(r"\s*,\s*|\s*;\s*(?!;)|\s+/\s+", text) if p.strip()]
    out: list[str] = []
    for part in parts:
        part = part.replace(";;", ",")
        if out and _is_title(out[-1]) and not _HAS_ROLE.search(part) and len(part.split()) <= 3:
            out[-1] = f"{out[-1]}, {part}"  # "Engineering Manager, Routing": a team, not a role
            continue
        pieces = re.split(r"\s+(?:&|and|or)\s+", part)
        plural = bool(re.search(r"s\s*$", pieces[-1]))
        if (
            len(pieces) == 2
            and plural
            and not _HAS_ROLE.search(pieces[0])
            and _is_title(pieces[1])
            and len(pieces[0].split()) <= 3
        ):
            tail = pieces[1].split()[-1]
            out += [f"{pieces[0]} {tail}", pieces[1]]
        elif len(pieces) >= 2 and all(_is_title(p) for p in pieces):
            out += pieces
        else:
            out.append(part)
    return out


# --- header ---------------------------------------------------------------------------------------
def _header_fields(header: str) -> tuple[list[str], int]:
    if "|" in header:
        fields = [f.strip() for f in header.split("|")]
        return [f for f in fields if f], header.count("|")
    dashed = [f.strip() for f in _HEADER_DASH_SPLIT.split(header)]
    if len(dashed) >= 3:
        return [f for f in dashed if f], len(dashed) - 1
    return [header.strip()], 0


def _clean_company(text: str) -> str | None:
    name = _URL.sub(" ", text)
    name = re.sub(r"\((?:[^)]*\.[a-z]{2,}[^)]*|\s*YC\s*[A-Z]?\d*[^)]*|[^)]*\bbatch\b[^)]*)\)", " ", name, flags=re.I)
    name = re.split(r"\s+[-–—:]\s+|\s+--\s+", name)[0]
    name = re.sub(r"\s*\((?:[^)]*)\)\s*$", "", name) if re.search(r"\(\s*(?:remote|hiring)", name, re.I) else name
    name = _squash(name).strip(" -–—:;,|*")
    if _DOMAIN.match(name):
        return name
    return name or None


def _field_kind(text: str) -> str:
    if not text:
        return "empty"
    stripped = _URL.sub("", text).strip(" -–—:;,.|")
    if not stripped or _DOMAIN.match(stripped):
        return "url"
    if _has_money(text):
        return "salary"
    if _MULTIPLE_ROLES.search(text):
        return "multiple"
    pieces = re.split(r"\s*[,;]\s*|\s+/\s+", re.sub(r"\([^)]*\)", " ", text))
    if _is_title(text) or any(_is_title(p) for p in pieces + _split_roles(text)):
        return "role"
    loc = parse_location(text)
    if loc["city"] or loc["country"] or loc["region"] or loc["remote"]:
        if not (_VISA.search(text) and not loc["city"]):
            return "location"
    if employment_type_in_text(text):
        return "employment"
    return "other"


def _role_line(line: str) -> tuple[str, str] | None:
    """``- Title (Remote, US) - $150k`` → (title, rest) when the line is a role line."""
    body = _BULLET.sub("", line).strip()
    if not body or len(body) > 140:
        return None
    head, rest = body, ""
    m = re.search(r"\s*(?:\(|\s[-–—|:]\s|,\s*(?=[$€£]|remote|hybrid|on-?site)|\s@\s)", body, re.I)
    if m:
        head, rest = body[: m.start()], body[m.start() :]
    # "Staff Software Engineer, Platform - $190k": keep a short team suffix with the title
    mm = re.match(r"^(?P<t>[^,]+),\s*(?P<team>[A-Z][\w&/ ]{1,30}?)(?=\s*(?:[-–—|(]|$))", body)
    if mm and _is_title(mm.group("t")) and not parse_location(mm.group("team"))["country"]:
        return _squash(f"{mm.group('t')}, {mm.group('team')}"), body[mm.end() :]
    if not _is_title(head):
        return None
    return _squash(head), rest


def _apply_facets(role: Role, text: str, country_hint: str | None) -> Role:
    """Override a role's location / mode / pay / employment type from text specific to it."""
    if not text or not text.strip(" -–—|()"):
        return role
    pieces = [p for p in re.split(r"\s*[|()]\s*|\s+[-–—]\s+", text) if p and p.strip(" ,-")]
    loc_texts = []
    for piece in pieces:
        sal = extract_salary(piece, country=role.country or country_hint, local_dollar=role.city is not None)
        if sal:
            role = replace(role, **sal)
            continue
        loc = parse_location(piece)
        if loc["city"] or loc["country"] or loc["remote"]:
            loc_texts.append(piece.strip(" ,"))
        emp = employment_type_in_text(piece)
        if emp:
            role = replace(role, employment_type=emp)
    if loc_texts:
        joined = "; ".join(loc_texts)
        loc = parse_location(joined)
        role = replace(role, location=joined, remote=loc["remote"] or role.remote)
        if loc["city"] or loc["country"]:
            role = replace(role, city=loc["city"], region=loc["region"], country=loc["country"])
    return role


_P_OPEN = re.compile(r"<p\b", re.IGNORECASE)


def comment_text(html: str | None) -> str:
    """Plain text of HN comment HTML, one line per paragraph.

    HN writes ``<p>`` as a paragraph *separator* (never closed); ``html_to_text`` ends a line
    only after a block element, so the text before a ``<p>`` would run into the paragraph
    ("...Engineer<p>We are" → "EngineerWe are"). A newline is inserted before each ``<p>``.
    """
    if not html:
        return ""
    return html_to_text(_P_OPEN.sub(lambda m: "\n" + m.group(0), html)) or ""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def parse_hiring_comment(html: str | None) -> HiringComment:
    """Parse one top-level "Who is hiring?" comment (HN HTML) into zero or more roles."""
    text = comment_text(html)
    if not text.strip():
        return HiringComment(False, "empty")
    lines = _lines(text)
    header = lines[0]
    body_lines = lines[1:]
    fields, separators = _header_fields(header)
    ai = mentions_ai(text)

    if _SEEKING.search(header) or re.search(r"\bseeking\s+work\b|\bfor\s+hire\b", header, re.I):
        return HiringComment(False, "candidate", mentions_ai=ai)
    if separators < 2 and (_META.search(header) or (header.rstrip().endswith("?") and len(lines) <= 2)):
        return HiringComment(False, "meta", mentions_ai=ai)

    company: str | None = None
    header_roles: list[str] = []
    loc_fields: list[str] = []
    salary: dict | None = None
    employment: str | None = None
    multiple = False
    others: list[str] = []

    if separators >= 2:
        first = fields[0]
        at = _ROLE_AT_COMPANY.match(first)
        if at and _is_title(at.group("title")):
            header_roles.append(at.group("title"))
            company = _clean_company(at.group("company"))
        else:
            company = _clean_company(first)
        for f in fields[1:]:
            kind = _field_kind(f)
            if kind == "salary":
                salary = salary or f  # parsed once the country is known
                if employment_type_in_text(f) and not employment:
                    employment = employment_type_in_text(f)
            elif kind == "multiple":
                multiple = True
                rest = re.split(r":", f, maxsplit=1)
                if len(rest) == 2 and rest[1].strip():
                    header_roles += [p for p in _split_roles(rest[1]) if p]
            elif kind == "role":
                header_roles += _split_roles(f)
                emp = employment_type_in_text(f)
                if emp and not employment:
                    employment = emp
            elif kind == "location":
                loc_fields.append(f)
                employment = employment or employment_type_in_text(f)
            elif kind == "employment":
                employment = employment or employment_type_in_text(f)
            elif kind == "other":
                others.append(f)
        # role-first header: "Senior iOS Engineer | Pocketwise | NYC"
        if company and _is_title(company) and not header_roles and others:
            header_roles.append(company)
            company = _clean_company(others[0])
        if company and _DOMAIN.match(company or "") is None and company and _URL.fullmatch(company):
            company = None
    else:
        # prose header: "Acme (YC S24) is hiring a Founding Engineer in SF. $160k-$210k."
        m = _COMPANY_PROSE.match(header)
        if m:
            company = re.sub(r"['’]s$", "", _squash(m.group("company")))
        at = _ROLE_AT_COMPANY.match(fields[0]) if len(fields[0]) < 120 else None
        if at and _is_title(at.group("title")):
            header_roles.append(at.group("title"))
            company = _clean_company(at.group("company"))

    # --- roles from the body: role lines and "looking for:" lists ------------------------------
    line_roles: list[tuple[str, str]] = []
    # a header that itself continues with role lines (Galaxy: "... | Full time\n-- Founding ...")
    for line in body_lines:
        hit = _role_line(line)
        if hit and (_BULLET.match(line) or len(line.split()) <= 10):
            line_roles.append(hit)
    list_roles: list[str] = []
    for line in lines:
        m = _LIST_INTRO.search(line)
        if m and m.group("rest"):
            for piece in re.split(r"\s+[-–—]\s+|;\s*|\s*•\s*", m.group("rest")):
                for title in _split_roles(piece) if not _is_title(piece) else [piece]:
                    title = _TRAIL_CLAUSE.sub("", title) if not _is_title(title) else title
                    if _is_title(_LEADING_ARTICLE.sub("", title.strip(" .!"))) or (
                        _HAS_ROLE.search(title) and len(title.split()) <= 8
                    ):
                        list_roles.append(title.strip(" .!"))
    sentence_roles: list[str] = []
    also_roles: list[str] = []
    for m in _ROLE_SENTENCE.finditer(text):
        title = _LEADING_ARTICLE.sub("", m.group("title"))
        words = [w.lower() for w in title.split()]
        if len(words) < 2 or all(w in _GENERIC_WORDS for w in words[:-1]):
            continue
        if _NOT_TITLE_WORDS.search(title):
            continue
        before = text[max(0, m.start() - 12) : m.start()].lower()
        while len(title.split()) > 2 and title.split()[0].lower() in _GENERIC_WORDS:
            title = title.split(" ", 1)[1]
        (also_roles if "also" in before else sentence_roles).append(title)

    titles: list[tuple[str | None, str]] = [(t, "") for t in header_roles]
    titles += line_roles
    titles += [(t, "") for t in list_roles]
    if not titles:
        titles += [(t, "") for t in sentence_roles[:1]]
    titles += [(t, "") for t in also_roles]

    # --- posting or not ---------------------------------------------------------------------
    header_money = salary is not None
    hiring_sentence = bool(_HIRING_VERB.search(text))
    structured = separators >= 2
    if structured:
        is_posting = bool(titles or multiple or (company and (loc_fields or header_money or employment)))
    else:
        is_posting = bool(titles) and (hiring_sentence or bool(line_roles)) and not _META.search(header)
    if not is_posting:
        return HiringComment(False, "no structure" if not structured else "no role", company=company, mentions_ai=ai)

    # --- posting-level facets ------------------------------------------------------------------
    location_text = "; ".join(loc_fields) if loc_fields else None
    if location_text is None and not structured:
        # prose: a city / mode named in the header sentence
        pieces = re.findall(r"\b(?:in|from)\s+([A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})", header)
        modes = re.findall(r"\b(?:remote|hybrid|on-?site|in[- ]person|in[- ]office)\b", header, re.I)
        cand = [p for p in pieces if parse_location(p)["city"] or parse_location(p)["country"]]
        if cand or modes:
            location_text = "; ".join(cand[:1] + modes[:1])
    loc = parse_location(location_text) if location_text else parse_location(None)
    remote = loc["remote"]
    if remote is None:
        if re.search(r"\b(?:fully|100%)\s+remote\b|\bremote[- ](?:first|friendly)\b", text, re.I):
            remote = "remote"
        elif re.search(r"\bhybrid\b", header, re.I):
            remote = "hybrid"
    # a bare "$" is the local dollar only when a city pins the country ("Toronto"), not for
    # "Remote (US, Canada)"
    local = loc["city"] is not None
    salary_dict = extract_salary(salary, country=loc["country"], local_dollar=local) if salary else None
    if salary_dict is None and not structured:
        salary_dict = extract_salary(header, country=loc["country"], local_dollar=local)
    pay_in_header = salary_dict is not None
    if salary_dict is None:
        salary_dict = extract_salary(
            "\n".join(body_lines), country=loc["country"], keyword_required=True, local_dollar=local
        )
    if employment is None:
        employment = employment_type_in_text(header) if structured else None

    # pay read from the header line (its salary field or the header sentence) belongs to the
    # roles the header names, when it names any
    from_header_salary = pay_in_header and bool(header_roles)
    header_keys = {_title_key(c) for c in (_clean_title(t) for t in header_roles) if c}
    base = Role(
        title=None,
        location=location_text,
        city=loc["city"],
        region=loc["region"],
        country=loc["country"],
        remote=remote,
        employment_type=employment,
        **(salary_dict or {}),
    )
    roles: list[Role] = []
    seen: set[str] = set()
    for title, rest in titles:
        clean = _clean_title(title) if title else None
        if clean is None:
            continue
        key = _title_key(clean)
        if key in seen or any(key and (key in k or k in key) and len(key) > 6 for k in seen):
            continue
        seen.add(key)
        role = replace(base, title=clean)
        if from_header_salary and key not in header_keys:
            # the header's pay is for the header's role(s), not for a role only the body names
            role = replace(role, salary_min=None, salary_max=None, salary_currency=None, salary_period=None)
        role = replace(role, employment_type=employment_type_in_text(clean) or role.employment_type)
        roles.append(_apply_facets(role, rest, loc["country"]))
    if not roles:
        roles.append(base)
    return HiringComment(True, "posting", company=company, roles=roles, mentions_ai=ai)


# --- "Who wants to be hired?" -----------------------------------------------------------------------
_CAND_KEYS = {
    "location": "location",
    "based in": "location",
    "remote": "remote",
    "remote ok": "remote",
    "willing to relocate": "relocate",
    "relocate": "relocate",
    "relocation": "relocate",
    "open to relocation": "relocate",
    "technologies": "technologies",
    "tech": "technologies",
    "tech stack": "technologies",
    "stack": "technologies",
    "skills": "technologies",
    "résumé/cv": "resume",
    "resume/cv": "resume",
    "résumé": "resume",
    "resume": "resume",
    "cv": "resume",
    "cv/résumé": "resume",
    "cv/resume": "resume",
    "email": "email",
    "e-mail": "email",
    "contact": "email",
    "role": "title",
    "title": "title",
    "position": "title",
    "desired role": "title",
    "roles": "title",
    "looking for": "title",
    "seeking": "title",
    "website": "link",
    "portfolio": "link",
    "github": "link",
    "linkedin": "link",
    "blog": "link",
    "languages": "technologies",
}
_CAND_KEY_RE = re.compile(
    r"(?:^|(?<=[\s|•;]))(?P<key>"
    + "|".join(sorted((re.escape(k) for k in _CAND_KEYS), key=len, reverse=True))
    + r")\s*:\s*",
    re.IGNORECASE,
)
_TEMPLATE_KINDS = {"location", "remote", "relocate", "technologies", "resume", "email"}


def _template(text: str) -> tuple[dict[str, str], list[str]]:
    """Key → value of the template lines, and the free-text lines."""
    values: dict[str, str] = {}
    free: list[str] = []
    for line in _lines(text):
        hits = list(_CAND_KEY_RE.finditer(line))
        if not hits or hits[0].start() > 2:
            free.append(line)
            continue
        for i, m in enumerate(hits):
            end = hits[i + 1].start() if i + 1 < len(hits) else len(line)
            kind = _CAND_KEYS[m.group("key").lower()]
            value = line[m.end() : end].strip(" |;•")
            values.setdefault(kind, value)
    return values, free


def _remote_mode(value: str | None) -> str | None:
    if not value:
        return None
    v = value.lower()
    if re.search(r"\b(?:no|not)\b.*\bremote\b|^\s*no\b|on-?site only|in[- ]office only", v):
        if re.search(r"hybrid", v):
            return "hybrid"
        return "on-site"
    if re.search(r"\b(?:yes|remote|anywhere|either|both|open|flexible|prefer(?:red)?|fully)\b", v) and not re.search(
        r"^\s*(?:open to )?hybrid\b", v
    ):
        return "remote"
    if "hybrid" in v:
        return "hybrid"
    if re.search(r"on-?site|in[- ](?:office|person)", v):
        return "on-site"
    return None


def _relocate(value: str | None) -> bool | None:
    if not value:
        return None
    v = value.strip().lower()
    if re.match(r"^(?:no|nope|not\b|unable|can't|cannot|n\b)", v):
        return False
    if re.match(r"^(?:yes|y\b|sure|absolutely|open|willing|maybe|possibly|depends|for the right|within|only|happy)", v):
        return not v.startswith(("maybe", "possibly", "depends")) or None
    return None


def _technologies(value: str | None) -> list[str]:
    if not value:
        return []
    value = strip_contact_details(value) or ""
    out: list[str] = []
    for part in re.split(r"\s*[,;|•·]\s*|\s+and\s+", value):
        item = part.strip(" ()[]").rstrip(".")
        if item and len(item) <= 40 and item.lower() not in {t.lower() for t in out}:
            out.append(item)
    return out[:40]


_SELF_ROLE = re.compile(
    rf"\b(?:i['’]?m|i\s+am|as|work(?:ing)?\s+as|years?\s+as)\s+(?:an?\s+|the\s+)?"
    rf"(?P<t>(?:[\w+#./&-]+\s+){{0,4}}?{_ROLE_NOUN})\b",
    re.IGNORECASE,
)
_ANY_ROLE = re.compile(rf"(?:^|(?<=[\s,;(]))(?P<t>(?:[\w+#./&-]+\s+){{0,4}}?{_ROLE_NOUN})\b", re.IGNORECASE)


def _candidate_title(sentence: str) -> str | None:
    """The role a candidate names in one sentence: "I'm a senior backend engineer ..." →
    "senior backend engineer"; "Staff SRE, 12 years" → "Staff SRE"."""
    m = _SELF_ROLE.search(sentence) or _ANY_ROLE.search(sentence)
    if not m:
        return None
    words = m.group("t").split()
    while len(words) > 1 and (
        words[0].lower() in _GENERIC_WORDS
        or words[0].lower()
        in {
            "self-taught",
            "seasoned",
            "i",
            "hi",
            "hello",
            "currently",
            "recently",
            "and",
            "or",
        }
        or re.fullmatch(r"\d+\+?", words[0])
    ):
        words = words[1:]
    title = " ".join(words)
    return title[:120] if _HAS_ROLE.search(title) else None


def parse_candidate_comment(html: str | None) -> Candidate | None:
    """Parse one top-level "Who wants to be hired?" comment; None when it is not a candidate.

    Contact details (e-mail, URLs, phone numbers) never reach the output.
    """
    text = comment_text(html)
    if not text.strip():
        return None
    values, free = _template(text)
    template_hits = len(set(values) & _TEMPLATE_KINDS)
    seeking = bool(
        re.search(
            r"\b(?:i'?m|i am)\s+(?:a|an|currently|looking|seeking|available|open)\b|\bseeking\b|"
            r"\bopen to (?:work|opportunities|roles)\b|\bavailable for\b|\blooking for (?:a|my|new|work|roles?)\b",
            text,
            re.I,
        )
    )
    if template_hits < 2 and not (seeking and template_hits >= 1):
        return None
    if template_hits < 2 and re.search(r"\bwe(?:'re| are)\s+hiring\b", text, re.I):
        return None

    title = None
    if values.get("title"):
        raw = strip_contact_details(values["title"])
        if raw:
            m = re.search(rf"(?:[\w+#./&-]+\s+){{0,4}}{_ROLE_NOUN}\b", raw, re.I)
            title = _squash(m.group(0)) if m else raw[:120]
    if title is None:
        for line in free:
            for sentence in re.split(r"(?<=[.!?;])\s+", line):
                title = _candidate_title(strip_contact_details(sentence) or "")
                if title:
                    break
            if title:
                break
    location = strip_contact_details(values.get("location"))
    if location:
        location = location[:160]
    country = parse_location(location)["country"] if location else None
    remote = _remote_mode(values.get("remote"))
    return Candidate(
        title=title,
        location=location,
        remote=remote,
        willing_to_relocate=_relocate(values.get("relocate")),
        technologies=_technologies(values.get("technologies")),
        country=country,
    )
