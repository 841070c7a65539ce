"""Pay ranges written as text → ``(min, max, currency, period)``.

Job descriptions and ATS "salary description" fields state pay by hand: "$170-225K",
"$170k–$225k", "€60.000–75.000", "£45k", "USD 120,000 - 150,000", "$50/hr", "$40-60 per hour",
"CHF 120'000", "₹25 LPA". :func:`parse_salary_text` reads the first plausible pay statement of a
text; structured ATS pay fields always win over it (the parsers call it only as a fallback).

Rules (documented so a reader can predict the output):

- An amount needs a currency: a symbol (``$ € £ ₹ ¥ ₩``, ``US$ C$ CA$ A$ AU$ NZ$ S$ HK$ R$ MX$``,
  ``Rs``) or an upper-case ISO 4217 code before or after it. So "401k", "2,000 employees" and
  "5+ years" are never pay. A bare "$" is USD.
- Thousands separators ``,`` ``.`` ``'`` ``’`` and (narrow) spaces are accepted ("60.000" is
  sixty thousand, "22.50" and "22,50" are decimals), and Indian grouping ("12,00,000"). ``k``/``K``/``thousand`` multiply by 1,000;
  Indian ``L``/``lakh``/``LPA`` by 100,000 (LPA = lakhs per annum, INR, yearly) and ``crore`` by
  10,000,000. A multiplier on the upper bound only ("$170-225K") applies to both.
- Amounts in millions or billions ("$200B+ company", "Series B $50M", "$1.2bn valuation") are
  company money, not pay, and are skipped; so are amounts in a clause with words such as
  "raised", "funding", "valuation", "revenue", "Series X", "401(k)", "match", and benefit words
  before or just after them: "bonus", "stipend", "allowance", "relocation", "budget", "HRA",
  "FSA", "fertility", "tuition", "commuter", "childcare", "wellness", "benefit", "insurance",
  "pension", "equity", "RSU", "reimbursement", "learning", "home office", "grant", "pool"…
  ("Fertility HRA (up to $10,000 per year)" is a benefit, not pay).
- Free text (``context=True``, job descriptions): an amount is pay only when its sentence or
  line says so (salary, base, OTE, compensation, pay, wage, hourly, rate, earn, CTC, Gehalt,
  salaire, salario, wynagrodzenie…). Pay fields (ATS salary summaries) need no such word.
- The period comes from the words right after the amount ("/hr", "per hour", "hourly",
  "a day", "weekly", "/mo", "per month", "per year", "annually", "p.a.", "LPA"), else from the
  words just before it ("hourly rate", "monthly salary", "annual base"). With no period word, a
  value of at least 10,000 (in a dollar-like currency) is a yearly salary; anything smaller is
  ambiguous and not read as pay.
- The values must be plausible for the period (e.g. 5–1,000/hour, 10k–5M/year in USD terms;
  scaled for currencies with many units per dollar, such as INR, JPY, KRW).
- "Between $X and $Y", "$X to $Y", "$X – $Y" are ranges; min > max is swapped.

Unsupported (returns None or reads only the part it understands): pay in words ("six
figures"), currencies given only by name ("100,000 dollars"), "kr" without an ISO code,
ranges split across sentences, and equity/OTE splits (the first range is taken).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

__all__ = ["parse_salary_text", "SalaryTuple"]

SalaryTuple = tuple[float, float, str, "str | None"]

_SYMBOLS: dict[str, str] = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "S$": "SGD",
    "HK$": "HKD",
    "R$": "BRL",
    "MX$": "MXN",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₹": "INR",
    "¥": "JPY",
    "₩": "KRW",
    "Rs.": "INR",
    "Rs": "INR",
    "zł": "PLN",
}
_CODES = [
    "USD",
    "EUR",
    "GBP",
    "CHF",
    "CAD",
    "AUD",
    "NZD",
    "INR",
    "JPY",
    "SGD",
    "HKD",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BRL",
    "MXN",
    "ARS",
    "CLP",
    "COP",
    "PEN",
    "ZAR",
    "ILS",
    "AED",
    "SAR",
    "TRY",
    "CNY",
    "TWD",
    "KRW",
    "THB",
    "PHP",
    "IDR",
    "MYR",
    "VND",
    "NGN",
    "KES",
    "EGP",
    "PKR",
    "UAH",
    "RUB",
]
# units per US dollar, roughly, to scale the plausibility bounds (order of magnitude only)
_SCALE: dict[str, float] = {
    "INR": 100,
    "JPY": 200,
    "KRW": 2000,
    "HUF": 500,
    "IDR": 20000,
    "CLP": 1000,
    "COP": 5000,
    "NGN": 2000,
    "PHP": 60,
    "PKR": 300,
    "RUB": 100,
    "CZK": 25,
    "SEK": 12,
    "NOK": 12,
    "DKK": 8,
    "PLN": 5,
    "MXN": 20,
    "BRL": 6,
    "ZAR": 20,
    "TRY": 40,
    "ARS": 1500,
    "THB": 40,
    "TWD": 35,
    "HKD": 8,
    "CNY": 8,
    "UAH": 45,
    "VND": 25000,
    "KES": 150,
    "EGP": 50,
    "PEN": 4,
    "MYR": 5,
    "ILS": 4,
    "AED": 4,
    "SAR": 4,
    "RON": 5,
}
_BOUNDS: dict[str, tuple[float, float]] = {
    "hour": (5, 1_000),
    "day": (40, 10_000),
    "week": (150, 50_000),
    "month": (500, 150_000),
    "year": (10_000, 5_000_000),
}

_SYM_RE = "|".join(
    (r"(?<![A-Za-z])" if s[0].isalpha() else "") + re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)
)
_CODE_RE = "|".join(_CODES)
_CUR = rf"(?:{_SYM_RE}|\b(?:{_CODE_RE})\b)"
_CUR_AFTER = rf"(?:\b(?:{_CODE_RE})\b|€|£|zł)"
_NUM = r"\d{1,2}(?:,\d{2})+,\d{3}\b|\d{1,3}(?:(?:[,.'’]|[ \u00a0\u202f\u2009](?=\d{3}\b))\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_MULT = (
    r"(?:\s?(?i:thousand|lakhs?|lacs?|lpa|crores?|million|billion|mn|bn|mm|cr)"
    r"|\s?[kKLmMbB])(?![A-Za-z])"
)
_SEP = r"\s*(?:-|–|—|‒|−|~|\bto\b|\band\b|\bbis\b)\s*"

_AMOUNT_RE = re.compile(
    rf"(?P<c1>{_CUR})?\s?(?P<n1>{_NUM})(?P<m1>{_MULT})?"
    rf"(?:{_SEP}(?P<c2>{_CUR})?\s?(?P<n2>{_NUM})(?P<m2>{_MULT})?)?"
    rf"(?:\s?(?P<c3>{_CUR_AFTER}))?"
)

_SINGLE_RE = re.compile(rf"(?P<c1>{_CUR})?\s?(?P<n1>{_NUM})(?P<m1>{_MULT})?(?:\s?(?P<c3>{_CUR_AFTER}))?")

_PERIOD_AFTER: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), period)
    for p, period in (
        (r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:hour|hr|h)\b|^\s*hourly\b|^\s*p\.?\s?h\.?\b", "hour"),
        (r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:day|d)\b|^\s*daily\b|^\s*(?:day\s+)?rate\b", "day"),
        (r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:week|wk|w)\b|^\s*weekly\b", "week"),
        (r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:month|mo|mth)\b|^\s*monthly\b|^\s*p\.?\s?m\.?(?![a-z])", "month"),
        (
            r"^\s*(?:/\s*|per\s+|an?\s+|each\s+)(?:year|yr|y|annum)\b|^\s*(?:annual(?:ly)?|yearly)\b"
            r"|^\s*p\.?\s?a\.?(?![a-z])|^\s*(?:base\s+)?(?:salary|OTE|gross|brutto)\b",
            "year",
        ),
    )
)
_PERIOD_BEFORE: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.I), period)
    for p, period in (
        (r"\b(?:hourly|per hour|an hour)\b", "hour"),
        (r"\b(?:daily|day rate|per day)\b", "day"),
        (r"\b(?:weekly|per week)\b", "week"),
        (r"\b(?:monthly|per month)\b", "month"),
        (r"\b(?:annual(?:ly|ized)?|yearly|per year|per annum|salary|base pay|OTE)\b", "year"),
    )
)
# money that is not pay: funding, valuations, benefits
_BENEFIT_WORDS = (
    r"\bbonus(?:es)?\b|\bstipends?\b|\ballowances?\b|\brelocation\b|\bbudget\b|\bsign(?:ing|-on)\b"
    r"|\bgift\b|\bcredits?\b|\breimburse\w*|\bequity\b|\brsus?\b|\bstock\b|\bper\s+(?:employee|child)\b"
    r"|\bHRA\b|\bFSA\b|\bHSA\b|\bfertility\b|\btuition\b|\bcommuter\b|\bchild\s?care\b|\bwellness\b"
    r"|\bwellbeing\b|\bbenefits?\b|\bperks?\b|\binsurance\b|\bpension\b|\bretirement\b|\bgym\b"
    r"|\bhome[\s-]office\b|\bequipment\b|\blearning\b|\beducation(?:al)?\b|\btraining\b|\bdevelopment\b"
    r"|\bsubsid\w*|\bvouchers?\b|\bcoverage\b|\badoption\b|\bsurrogacy\b|\bmeals?\b|\bphone\b"
    r"|\binternet\b|\bconference\b|\bcontribution\b|\bpool\b|\bgrants?\b"
)
# money that is not pay: funding, valuations, benefits (in the same clause, before the amount)
_NOT_PAY_BEFORE = re.compile(
    r"(?:\bseries\s+[a-h]\b|\braised?\b|\bfunding\b|\bfunded\b|\bvaluations?\b|\bvalued\b|\brevenue\b"
    r"|\bARR\b|\bGMV\b|\bAUM\b|\binvest(?:ed|ment|ors?)\b|\bmarket\s+cap\b|\b401\s?\(?k\)?|\bmatch(?:ing)?\b"
    r"|" + _BENEFIT_WORDS + r")",
    re.I,
)


def _money_word_before(before: str) -> bool:
    """The last funding/benefit word of the clause before an amount, with no pay word between
    ("Fertility HRA (up to $10,000", "raised $50M"; not "benefits and a salary of $120k")."""
    matches = list(_NOT_PAY_BEFORE.finditer(before))
    if not matches:
        return False
    last = matches[-1]
    if last is None:
        return False
    tail = before[last.end() :]
    return len(tail) <= 40 and not re.search(r"[.;:\n]", tail) and not _PAY_WORDS.search(tail)


_NOT_PAY_AFTER = re.compile(
    r"^\s*\+?\s*(?:in\s+)?(?:funding|valuation|revenue|ARR|raised|company|companies|market|"
    r"users|customers|in\s+assets|under\s+management|budget|stipend|allowance|bonus|signing|"
    r"sign-on|relocation|learning|wellness|home\s+office|equipment)\b",
    re.I,
)
_BENEFIT_RE = re.compile(_BENEFIT_WORDS, re.I)
_JOINED = re.compile(r"(?:\+|\bplus\b|\band\b|&|\bwith\b|\bincluding\b)[^.;\n]*$", re.I)


def _benefit_after(after: str) -> bool:
    """A benefit word right after the amount ("$500 per month in commuter benefits"), before any
    pay word and not joined on ("$120k base + equity", "£45k plus benefits" stay pay)."""
    clause = re.split(r"[.;\n]", after, maxsplit=1)[0]
    m = _BENEFIT_RE.search(clause)
    if m is None:
        return False
    head = clause[: m.start()]
    return not _PAY_WORDS.search(head) and not _JOINED.search(head)


# free text (a description): an amount is pay only when its sentence says it is pay for the role
_PAY_WORDS = re.compile(
    r"\b(?:salary|salaries|base|OTE|on[\s-]target|compensation|comp|pay|paid|wages?|hourly|rate"
    r"|earn(?:ings?)?|remuneration|CTC|LPA|gross|brutto|Gehalt|Vergütung|salaire|rémunération"
    r"|salario|sueldo|stipendio|retribuzione|wynagrodzenie|salaris|lön|lønn|løn|palkka|per\s+hour"
    r"|/\s?(?:hr|hour))\b",
    re.I,
)
_LAKH_RE = re.compile(r"(?i)^\s?(?:l|lakhs?|lacs?|lpa)$")
_CRORE_RE = re.compile(r"(?i)^\s?(?:cr|crores?)$")
_THOUSAND_RE = re.compile(r"(?i)^\s?(?:k|thousand)$")
_BIG_RE = re.compile(r"(?i)^\s?(?:m|mm|mn|million|b|bn|billion)$")


def _number(text: str) -> float:
    s = re.sub(r"[ '’\u00a0\u202f\u2009]", "", text)
    if "," in s and "." in s:
        decimal = "." if s.rfind(".") > s.rfind(",") else ","
        thousands = "," if decimal == "." else "."
        return float(s.replace(thousands, "").replace(decimal, "."))
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}", s):  # Indian grouping: 12,00,000
        return float(s.replace(",", ""))
    for sep in (",", "."):
        if sep in s:
            if re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", s):
                return float(s.replace(sep, ""))
            return float(s.replace(sep, "."))
    return float(s)


def _multiplier(suffix: str | None) -> float | None:
    """1, 1e3, 1e5, 1e7; None for millions/billions (company money, not pay)."""
    if not suffix or not suffix.strip():
        return 1.0
    if _THOUSAND_RE.match(suffix):
        return 1_000.0
    if _LAKH_RE.match(suffix):
        return 100_000.0
    if _CRORE_RE.match(suffix):
        return 10_000_000.0
    if _BIG_RE.match(suffix):
        return None
    return 1.0


def _currency(token: str | None) -> str | None:
    if not token:
        return None
    return _SYMBOLS.get(token) or (token if token in _CODES else None)


def _period(after: str, before: str, suffixes: tuple[str | None, ...]) -> str | None:
    if any(s and re.match(r"(?i)^\s?lpa$", s) for s in suffixes):
        return "year"
    for pattern, period in _PERIOD_AFTER:
        if pattern.search(after):
            return period
    for pattern, period in _PERIOD_BEFORE:
        if pattern.search(before):
            return period
    return None


def _clause(text: str, start: int, end: int) -> str:
    """The sentence or line around ``text[start:end]``."""
    left = max(text.rfind(c, 0, start) for c in ".;\n•")
    right = min([i for i in (text.find(c, end) for c in (". ", ";", "\n", "•")) if i != -1] or [len(text)])
    return text[left + 1 : right]


def _pay_context(text: str, start: int, end: int) -> bool:
    """The amount's sentence says pay, or it stands on a line under a short heading that does
    ("Annual base salary range" / "$150,000—$200,000 USD", a pay-transparency block)."""
    if _PAY_WORDS.search(_clause(text, start, end)):
        return True
    line_start = text.rfind("\n", 0, start)
    if line_start <= 0:
        return False
    prev_start = text.rfind("\n", 0, line_start)
    heading = text[prev_start + 1 : line_start]
    return len(heading) <= 80 and bool(_PAY_WORDS.search(heading))


def _read(match: re.Match[str], text: str, context: bool = False) -> SalaryTuple | None:
    groups = match.groupdict()
    c2, n2, m2 = groups.get("c2"), groups.get("n2"), groups.get("m2")
    currency = _currency(match["c1"]) or _currency(c2) or _currency(match["c3"])
    m1 = match["m1"]
    if currency is None:
        # "25 LPA" / "18-25 lakh" name the rupee by the unit
        if any(m and _LAKH_RE.match(m) for m in (m1, m2)):
            currency = "INR"
        else:
            return None
    before = text[max(0, match.start() - 60) : match.start()]
    after = text[match.end() : match.end() + 40]
    if _money_word_before(before) or _NOT_PAY_AFTER.search(after) or _benefit_after(after):
        return None
    if context and not _pay_context(text, match.start(), match.end()):
        return None
    mult1, mult2 = _multiplier(m1), _multiplier(m2)
    if mult1 is None or (n2 is not None and mult2 is None):
        return None
    low = _number(match["n1"])
    high = _number(n2) if n2 is not None else None
    if high is not None and (not m1 or not m1.strip()) and m2 and m2.strip():
        # "$170-225K": the upper bound's multiplier applies to both when it makes a range
        if low * mult2 <= high * mult2 and low < 1000:
            mult1 = mult2
    low *= mult1
    if high is not None:
        high *= mult2
    else:
        high = low
    if low > high:
        low, high = high, low
    period = _period(after, before, (m1, m2))
    scale = _SCALE.get(currency, 1.0)
    if period is None:
        if high >= 10_000 * scale:
            period = "year"
        else:
            return None
    lo_bound, hi_bound = _BOUNDS[period]
    if low < lo_bound * scale or high > hi_bound * scale:
        return None
    return float(low), float(high), currency, period


@lru_cache(maxsize=8192)
def parse_salary_text(text: str | None, context: bool = False) -> SalaryTuple | None:
    """The first plausible pay statement in ``text`` as ``(min, max, currency, period)``.

    ``min == max`` for a single amount; ``currency`` is ISO 4217; ``period`` is one of
    year/month/week/day/hour. None when the text states no readable pay (see module doc).
    ``context=True`` is for free text (a job description): an amount counts only when its
    sentence or line says it is pay for the role (salary, base, OTE, compensation, pay range,
    hourly rate, wage, … in several languages). Pay fields (an ATS salary summary) leave it off.
    """
    if not text or not isinstance(text, str):
        return None
    if "&" in text:  # entities left by a once-unescaped Greenhouse content ("$150,000 &mdash; …")
        text = html.unescape(text)
    normalised = re.sub(r"[\u00a0\u202f\u2009]", " ", text)
    for match in _AMOUNT_RE.finditer(normalised):
        if not (match["c1"] or match["c2"] or match["c3"] or match["m1"] or match["m2"]):
            continue
        try:
            found = _read(match, normalised, context)
            if found is None and match["n2"] is not None:
                # "$50k and 5 weeks off": the range reading failed, the first amount may stand alone
                single = _SINGLE_RE.match(normalised, match.start())
                found = _read(single, normalised, context) if single else None
        except ValueError:
            continue
        if found is not None:
            return found
    return None
