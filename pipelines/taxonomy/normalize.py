"""Title normalisation as polars expressions (no Python per row).

A raw title is turned into two strings:

* ``head`` - the title proper: lower case, ASCII-folded punctuation, requisition codes, emoji,
  ``(m/w/d)``-style suffixes, employment/location words removed, abbreviations expanded
  (``Sr`` -> ``senior``, ``SWE`` -> ``software engineer`` ...), everything after the first
  team/location separator (`` - ``, ``,``, ``|``, ``(``, ``[``, ``:``, ``@``) moved out;
* ``tail`` - the text after that separator (team, location, specialisation), normalised the same
  way. The coder takes the role from the head and uses the tail for AI specialisation,
  specialist roles (``Software Engineer, Machine Learning``) and seniority markers.

Normalisation is done in two stages so the expensive part runs on distinct strings only:
``stage1`` (lower case + one combined regex) runs on every row; ``stage2`` (segment split,
word clean-up, abbreviations) runs on the distinct outputs of stage 1.
"""

from __future__ import annotations

import polars as pl

# one pass over every row: requisition codes, gender suffixes, emoji / symbols
_STAGE1 = "|".join(
    [
        # (m/w/d), (f/m/x), m/w/d, (w/m/d), (h/f) ...
        r"\(\s*[mwfdxhai]\s*/\s*[mwfdxhai](?:\s*/\s*[mwfdxhai])?\s*\)",
        r"\b[mwfh]\s*/\s*[mwfh]\s*/\s*[dxi]\b",
        # requisition / job ids: #R-12345, #12345, req 1234, job id: 99, R0123456, JR-1234, 2024-0012
        r"#\s*[a-z]{0,3}-?\d[\w-]*",
        r"\b(?:req(?:uisition)?|job\s*id|job\s*code|ref|id)\s*(?:no\.?|number)?\s*[#:.-]?\s*[a-z]{0,3}-?\d[\w-]*",
        r"\b[a-z]{0,4}-?\d{4,}[\w-]*",
        # anything that is not a letter, digit or meaningful punctuation (emoji, bullets, stars)
        r"[^\p{L}\p{N}\s\-,|()\[\]/&+#.:@'’–—]+",
    ]
)

# separators that end the title proper (team / location / specialisation follow)
_SEPARATOR = r"\s+[-–—]+\s*|\s*[–—]+\s*|\s[-–—]+|\s*[,|(\[:@;]\s*|\s+/\s+|\)|\]"

# words that are employment type / location / hype, never part of the occupation
_DROP_WORDS = [
    "remote", "hybrid", "onsite", "on site", "in office", "wfh", "work from home", "full time",
    "fulltime", "part time", "parttime", "temporary", "temp", "w2", "1099", "freelance",
    "contract to hire", "fixed term", "permanent", "urgent", "urgently", "hiring",
    "now hiring", "we are hiring", "immediate start", "us", "usa", "uk", "eu", "emea", "apac",
    "latam", "nyc", "sf", "req", "requisition", "ref", "id", "sfo", "anywhere", "worldwide", "global", "new", "job", "opening",
    "position", "role", "m", "f", "d", "x", "w", "h", "mwd", "fmd",
    # stop words
    "of", "the", "and", "for", "in", "a", "an", "to", "with", "on", "at",
]

# abbreviations (whole words) -> expansion
ABBREVIATIONS: dict[str, str] = {
    "sr": "senior", "snr": "senior", "sen": "senior", "jr": "junior", "jnr": "junior",
    "swe": "software engineer", "sde": "software engineer", "sdes": "software engineer",
    "sw": "software", "s w": "software",
    "mle": "machine learning engineer", "sre": "site reliability engineer",
    "pm": "product manager", "tpm": "technical program manager", "apm": "associate product manager",
    "em": "engineering manager", "eng": "engineer", "engr": "engineer", "engg": "engineer",
    "mgr": "manager", "mngr": "manager", "dir": "director", "vp": "vice president",
    "svp": "senior vice president", "evp": "executive vice president", "avp": "vice president",
    "asst": "assistant", "assoc": "associate", "admin": "administrator", "mgmt": "management",
    "dev": "developer", "devs": "developer",
    "front end": "frontend", "back end": "backend", "full stack": "fullstack",
    "ml": "machine learning", "genai": "generative ai", "gen ai": "generative ai",
    "llms": "llm", "nlp": "natural language processing",
    "qe": "quality engineer", "qa": "qa", "csr": "customer service representative",
    "csm": "customer success manager", "ae": "account executive",
    "sdr": "sales development representative", "bdr": "business development representative",
    "tam": "technical account manager", "hrbp": "hr business partner", "ta": "talent acquisition",
    "ux": "ux", "ui": "ui", "ops": "operations", "biz": "business", "bizops": "business operations",
    "devops": "devops", "dev ops": "devops", "mlops": "mlops", "ml ops": "mlops",
    "it": "it", "infra": "infrastructure", "sec": "security", "appsec": "application security",
    "infosec": "information security", "secops": "security operations", "pentester": "penetration tester",
    "dba": "database administrator", "bi": "business intelligence",
    "ai ml": "ai machine learning",
    "techn": "technical", "coord": "coordinator", "rep": "representative", "reps": "representative",
    "spec": "specialist", "exec": "executive", "intl": "international", "ctr": "contractor",
    "acct": "accountant", "hr": "hr",
}


def _double_spaces(expr: pl.Expr) -> pl.Expr:
    """' a b ' -> '  a  b  ' so that space-padded whole-word patterns never share a space."""
    return pl.concat_str(pl.lit("  "), expr.str.replace_all(" ", "  ", literal=True), pl.lit("  "))


def _padded(phrase: str) -> str:
    return " " + "  ".join(phrase.split()) + " "


_ABBREV_MAP = {_padded(k): _padded(v) for k, v in ABBREVIATIONS.items() if k != v}
_DROP_MAP = {_padded(w): " " for w in _DROP_WORDS}
_ABBREV_SORTED = dict(sorted(_ABBREV_MAP.items(), key=lambda kv: -len(kv[0])))


def _clean_words(expr: pl.Expr) -> pl.Expr:
    """Punctuation -> spaces, c++/c#/.net kept as words, drop words, abbreviations."""
    e = (
        expr.str.replace_many(
            {"c++": " cpp ", "c#": " csharp ", ".net": " dotnet ", "node.js": " nodejs ",
             "ai/ml": " ai ml ", "ml/ai": " ai ml ", "ui/ux": " ui ux ", "ux/ui": " ui ux ",
             "r&d": " rnd ", "a.i.": " ai ", "q&a": " qa ", "q.a.": " qa "},
        )
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )
    e = _double_spaces(e)
    e = e.str.replace_many(_DROP_MAP, ascii_case_insensitive=False, leftmost=True)
    e = e.str.replace_many(_ABBREV_SORTED, leftmost=True)
    return e.str.replace_all(r"\s+", " ").str.strip_chars()


# row-level pass (ASCII only, no case folding: cheap on millions of rows): requisition codes
ROW_CODES = r"#[A-Za-z0-9_-]*|[A-Za-z]{0,4}-?[0-9]{4,}[A-Za-z0-9_-]*"


def row_key(expr: pl.Expr) -> pl.Expr:
    """Per-row key: the title with requisition codes removed. Distinct keys are normalised."""
    return expr.str.replace_all(ROW_CODES, " ")


def stage1(expr: pl.Expr) -> pl.Expr:
    """Lower case and strip codes / gender suffixes / emoji."""
    return expr.str.to_lowercase().str.replace_all(_STAGE1, " ")


def _split(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    pos = expr.str.find(_SEPARATOR)
    head = pl.when(pos.is_null()).then(expr).otherwise(expr.str.slice(0, pos))
    rest = pl.when(pos.is_null()).then(pl.lit("")).otherwise(expr.str.slice(pos))
    return head, rest


def stage2(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """Distinct-string pass: adds ``head`` and ``tail`` columns."""
    e = pl.col(col).str.replace(r"^\s*[\[(][^\])]*[\])]\s*", "")
    head, rest = _split(e)
    out = frame.with_columns(head.alias("_h"), rest.alias("_r")).with_columns(
        _clean_words(pl.col("_h")).alias("head"), _clean_words(pl.col("_r")).alias("tail")
    )
    # the first segment was only noise ("Remote - Data Scientist"): take the next one
    for _ in range(3):
        redo = (pl.col("head") == "") & (pl.col("tail") != "")
        if not out.select(redo.any()).item():
            break
        h2, r2 = _split(pl.col("_r").str.replace(r"^[\s\-–—,|(\[:@;/)\]]+", ""))
        out = out.with_columns(
            pl.when(redo).then(h2).otherwise(pl.col("_h")).alias("_h"),
            pl.when(redo).then(r2).otherwise(pl.col("_r")).alias("_r"),
        ).with_columns(
            pl.when(redo).then(_clean_words(pl.col("_h"))).otherwise(pl.col("head")).alias("head"),
            pl.when(redo).then(_clean_words(pl.col("_r"))).otherwise(pl.col("tail")).alias("tail"),
        )
    return out.drop("_h", "_r")


def normalize_frame(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Normalise one string column of ``frame`` (any length) into ``head`` / ``tail``.

    Returns a frame with ``column``, ``head`` and ``tail`` for the *distinct* values of
    ``column`` (nulls included), for joining back.
    """
    distinct = frame.select(pl.col(column).unique())
    s1 = distinct.with_columns(stage1(pl.col(column)).fill_null("").alias("_s1"))
    s2 = stage2(s1.select(pl.col("_s1").unique()), "_s1")
    return s1.join(s2, on="_s1", how="left").drop("_s1")


def normalize_titles(titles: list[str | None]) -> list[tuple[str, str]]:
    """Convenience for tests/tools: [(head, tail), ...] in input order."""
    frame = pl.DataFrame({"t": titles}, schema={"t": pl.String})
    norm = normalize_frame(frame, "t")
    joined = frame.join(norm, on="t", how="left", nulls_equal=True, maintain_order="left")
    return list(zip(joined["head"].fill_null("").to_list(), joined["tail"].fill_null("").to_list(), strict=True))
