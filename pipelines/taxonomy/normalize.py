"""Title normalisation as polars expressions (no Python per row).

A raw title is turned into two strings:

* ``head`` - the title proper: lower case, ASCII-folded punctuation, requisition codes, emoji,
  ``(m/w/d)``-style suffixes, employment/location words removed, abbreviations expanded
  (``Sr`` -> ``senior``, ``SWE`` -> ``software engineer`` ...), everything after the first
  team/location separator (`` - ``, ``,``, ``|``, ``(``, ``[``, ``:``, ``@``) moved out;
* ``tail`` - the text after that separator (team, location, specialisation), normalised the same
  way. The coder takes the role from the head and uses the tail for AI specialisation,
  specialist roles (``Software Engineer, Machine Learning``) and seniority markers.

Cost is kept off the rows: only ``row_key`` (one ASCII regex taking out requisition codes, the
main source of distinct raw titles) and a 64-bit hash run on every row; lower-casing runs on
distinct keys; the split into head/tail on distinct lower-cased keys; and the word clean-up
(punctuation, drop words, abbreviations) on distinct heads and distinct tails separately.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import polars as pl
import yaml

TRANSLATIONS = Path(__file__).resolve().parent / "data" / "translations.yaml"

# separators that end the title proper (team / location / specialisation follow)
_SEPARATOR = r"\s+[-–—]+\s*|\s*[–—]+\s*|\s[-–—]+|\s*[,|(\[:@;]\s*|\s+/\s+|\)|\]"

# words that are employment type / location / hype, never part of the occupation
_DROP_WORDS = [
    "remote",
    "hybrid",
    "onsite",
    "on site",
    "in office",
    "wfh",
    "work from home",
    "full time",
    "fulltime",
    "part time",
    "parttime",
    "temporary",
    "temp",
    "w2",
    "1099",
    "freelance",
    "contract to hire",
    "fixed term",
    "permanent",
    "urgent",
    "urgently",
    "hiring",
    "now hiring",
    "we are hiring",
    "immediate start",
    "us",
    "usa",
    "uk",
    "eu",
    "emea",
    "apac",
    "latam",
    "nyc",
    "sf",
    "req",
    "requisition",
    "ref",
    "id",
    "sfo",
    "anywhere",
    "worldwide",
    "global",
    "new",
    "job",
    "opening",
    "position",
    "role",
    "m",
    "f",
    "d",
    "x",
    "w",
    "h",
    "mwd",
    "fmd",
    # stop words
    "of",
    "the",
    "and",
    "for",
    "in",
    "a",
    "an",
    "to",
    "with",
    "on",
    "at",
]

# abbreviations (whole words) -> expansion
ABBREVIATIONS: dict[str, str] = {
    "sr": "senior",
    "snr": "senior",
    "sen": "senior",
    "jr": "junior",
    "jnr": "junior",
    "swe": "software engineer",
    "swes": "software engineer",
    "sres": "site reliability engineer",
    "mles": "machine learning engineer",
    "pms": "product manager",
    "tpms": "technical program manager",
    "sdrs": "sales development representative",
    "bdrs": "business development representative",
    "csms": "customer success manager",
    "dbas": "database administrator",
    "sde": "software engineer",
    "sdes": "software engineer",
    "sw": "software",
    "s w": "software",
    "mle": "machine learning engineer",
    "sre": "site reliability engineer",
    "pm": "product manager",
    "tpm": "technical program manager",
    "apm": "associate product manager",
    "em": "engineering manager",
    "eng": "engineer",
    "engr": "engineer",
    "engg": "engineer",
    "mgr": "manager",
    "mngr": "manager",
    "dir": "director",
    "vp": "vice president",
    "svp": "senior vice president",
    "evp": "executive vice president",
    "avp": "vice president",
    "asst": "assistant",
    "assoc": "associate",
    "admin": "administrator",
    "mgmt": "management",
    "dev": "developer",
    "devs": "developer",
    "front end": "frontend",
    "back end": "backend",
    "full stack": "fullstack",
    "ml": "machine learning",
    "genai": "generative ai",
    "gen ai": "generative ai",
    "llms": "llm",
    "nlp": "natural language processing",
    "qe": "quality engineer",
    "qa": "qa",
    "csr": "customer service representative",
    "csm": "customer success manager",
    "ae": "account executive",
    "sdr": "sales development representative",
    "bdr": "business development representative",
    "tam": "technical account manager",
    "hrbp": "hr business partner",
    "ta": "talent acquisition",
    "ux": "ux",
    "ui": "ui",
    "ops": "operations",
    "biz": "business",
    "bizops": "business operations",
    "devops": "devops",
    "dev ops": "devops",
    "mlops": "mlops",
    "ml ops": "mlops",
    "it": "it",
    "infra": "infrastructure",
    "sec": "security",
    "appsec": "application security",
    "infosec": "information security",
    "secops": "security operations",
    "pentester": "penetration tester",
    "dba": "database administrator",
    "bi": "business intelligence",
    "ai ml": "ai machine learning",
    "techn": "technical",
    "coord": "coordinator",
    "rep": "representative",
    "reps": "representative",
    "spec": "specialist",
    "exec": "executive",
    "intl": "international",
    "ctr": "contractor",
    "acct": "accountant",
    "hr": "hr",
}


def _double_spaces(expr: pl.Expr) -> pl.Expr:
    """' a b ' -> '  a  b  ' so that space-padded whole-word patterns never share a space."""
    return pl.concat_str(pl.lit("  "), expr.str.replace_all(" ", "  ", literal=True), pl.lit("  "))


def _padded(phrase: str) -> str:
    return " " + "  ".join(phrase.split()) + " "


_ABBREV_MAP = {_padded(k): _padded(v) for k, v in ABBREVIATIONS.items() if k != v}
_DROP_MAP = {_padded(w): " " for w in _DROP_WORDS}
_ABBREV_SORTED = dict(sorted(_ABBREV_MAP.items(), key=lambda kv: -len(kv[0])))


_PLURAL = r"\b([a-z]+(?:er|or|ist|ant|ent|ian|ee|ive|ect|yst|ate|ect|rk|ead|ner|ger|nurse))s\b"


def _clean_words(expr: pl.Expr) -> pl.Expr:
    """Punctuation -> spaces, c++/c#/.net kept as words, drop words, abbreviations."""
    return _clean_tokens(_clean_punctuation(expr))


def _clean_punctuation(expr: pl.Expr) -> pl.Expr:
    """First half of :func:`_clean_words`: c++/c#/.net kept as words, punctuation -> spaces."""
    return (
        expr.str.replace_many(
            {
                "c++": " cpp ",
                "c#": " csharp ",
                ".net": " dotnet ",
                "node.js": " nodejs ",
                "ai/ml": " ai ml ",
                "ml/ai": " ai ml ",
                "ui/ux": " ui ux ",
                "ux/ui": " ui ux ",
                "r&d": " rnd ",
                "a.i.": " ai ",
                "q&a": " qa ",
                "q.a.": " qa ",
            },
        )
        # accents off ("Développeur" -> "developpeur"; O*NET titles are ASCII already); NFKD
        # also spells out compatibility characters ("Ⅱ" -> "II", "™" -> "TM"), hence the
        # second lower-casing; "™" and "℠" are marks, not words
        .str.replace_all("ß", "ss", literal=True)
        .str.replace_all("ł", "l", literal=True)  # Polish: NFKD does not decompose it
        .str.replace_all(r"[™℠]", " ")
        .str.normalize("NFKD")
        .str.replace_all(r"\p{Mn}+", "")
        .str.to_lowercase()
        .str.replace_all(r"[^\p{L}\p{N}]+", " ")
        .str.strip_chars()
    )


# role nouns that a translated title puts first and English puts last
_ROLE_NOUNS = (
    "engineer|developer|programmer|manager|analyst|scientist|consultant|designer|architect|"
    "specialist|technician|director|assistant|administrator|tester|editor|writer|researcher|"
    "officer|coordinator|representative|agent|executive|advisor|accountant|sales associate"
)
# trailing level words stay at the end when a title is turned round
_TRAILING_LEVELS = "senior|junior|lead|principal|staff|mid|level|[1-5]|i|ii|iii|iv|v"
# a Romance "<role> de <domain>" ("ingeniero de datos" -> "engineer de data" -> "data
# engineer"); here also nouns that lead an English title ("head", "lead", "intern")
# leading level words (Polish puts them first: "Młodszy Specjalista ds. IT") stay in front
_LEADING_LEVELS = rf"((?:(?:{_TRAILING_LEVELS}) )*)"
_ROMANCE = (
    rf"^{_LEADING_LEVELS}({_ROLE_NOUNS}|head|lead|intern|apprentice|lawyer|nurse|translator) "
    r"(?:de|del|de la|des|du|d|di|da|do|della|dei|degli|em|en|der|van|ds|w dziale|dziale) "
    rf"(.+?)((?: (?:{_TRAILING_LEVELS}|intern))*)$"
)
# any other translated title that starts with its role noun ("clerk accounting")
_NOUN_FIRST = rf"^{_LEADING_LEVELS}({_ROLE_NOUNS}|clerk) (.+?)((?: (?:{_TRAILING_LEVELS}))*)$"


def _replace_words(e: pl.Expr, table: dict[str, str]) -> pl.Expr:
    """Whole-word replacement (padded keys, leftmost-longest), spaces collapsed."""
    e = _double_spaces(e).str.replace_many(table, ascii_case_insensitive=False, leftmost=True)
    return e.str.replace_all(r"\s+", " ").str.strip_chars()


@cache
def translation_maps() -> tuple[dict[str, str], str, str, list[str]]:
    """(phrases + words map, German compound regex, prefix + English-suffix regex, needles),
    from data/translations.yaml. German nouns get their feminine forms (-in, -innen), and so
    do the English suffixes after a German prefix. ``needles``: substrings every title the
    tables could change contains (a one-pass pre-filter: most titles are English)."""
    raw = yaml.safe_load(TRANSLATIONS.read_text(encoding="utf-8"))
    words: dict[str, str] = {}
    for k, v in raw["words"].items():
        words[k] = v
        if k.endswith(("er", "ent", "ist", "eur", "ant", "ekt")):
            words.setdefault(f"{k}in", v)
            words.setdefault(f"{k}innen", v)
    for suffix in raw["english_suffixes"]:
        base = {"architekt": "architect"}.get(suffix, suffix)
        words.setdefault(f"{suffix}in", base)
        words.setdefault(f"{suffix}innen", base)
    words.update(raw["phrases"])
    table = {_padded(k): _padded(v) for k, v in words.items() if k != v}
    table = dict(sorted(table.items(), key=lambda kv: (-len(kv[0]), kv[0])))
    german = "|".join(sorted(raw["compound_suffixes"], key=len, reverse=True))
    compound = rf"\b(\p{{L}}{{2,}}?)((?:{german})(?:in|innen)?)\b"
    prefixes = "|".join(sorted(raw["compound_prefixes"], key=len, reverse=True))
    english = "|".join(sorted(raw["english_suffixes"], key=len, reverse=True))
    prefixed = rf"\b({prefixes})((?:{english})(?:in|innen)?)\b"
    # whole words and phrases as padded needles (matched against the double-spaced text, so
    # "ki" does not fire on "skills"); compound parts as plain substrings
    needles = sorted(
        set(table)
        | set(raw["compound_suffixes"])
        | {p + e for p in raw["compound_prefixes"] for e in raw["english_suffixes"]}
    )
    return table, compound, prefixed, needles


def _translate(e: pl.Expr) -> pl.Expr:
    """Non-English title words -> English (data/translations.yaml): whole phrases and words,
    then German compounds split ("kundenberater" -> "kunden berater") and translated, then a
    Romance "<role> de <domain>" turned round. A title with no listed word is unchanged."""
    table, compound, prefixed, _ = translation_maps()
    # drop words first: "(H/F)" leaves "h f" at the end of a French title, which would stop
    # the translated title from being turned round
    original = _replace_words(e, _DROP_MAP)
    e = _replace_words(original, table)
    e = e.str.replace_all(compound, "$1 $2").str.replace_all(prefixed, "$1 $2")
    e = _replace_words(e, table)
    e = e.str.replace(_ROMANCE, "$1$3 $2$4")
    # a translated title keeps its language's order: the role noun first ("Sachbearbeiter
    # Buchhaltung" -> "clerk accounting", "Ingénieur DevOps" -> "engineer devops"); English
    # puts it last. Only titles the tables changed are turned round.
    return pl.when(e != original).then(e.str.replace(_NOUN_FIRST, "$1$3 $2$4")).otherwise(e)


def _translate_frame(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """:func:`_translate` on the rows of ``frame`` whose ``col`` contains a needle (one
    Aho-Corasick pass); the other rows are returned untouched, so English titles normalise
    exactly as they would with no translation table."""
    table, _, _, needles = translation_maps()
    if not table or not frame.height:
        return frame
    mask = frame.select(_double_spaces(pl.col(col)).str.contains_any(needles)).to_series()
    if not mask.any():
        return frame
    hit = frame.filter(mask).with_columns(_translate(pl.col(col)).alias(col))
    return pl.concat([frame.filter(~mask), hit])


def _clean_tokens(e: pl.Expr) -> pl.Expr:
    """Second half of :func:`_clean_words`: drop words, abbreviations, plurals (translation
    runs before it, on the rows that need it: :func:`_translate_frame`)."""
    e = _double_spaces(e)
    e = e.str.replace_many(_DROP_MAP, ascii_case_insensitive=False, leftmost=True)
    e = e.str.replace_many(_ABBREV_SORTED, leftmost=True)
    # plural role nouns -> singular ("Software engineers", "QA testers" in layoff notices)
    e = e.str.replace_all(_PLURAL, "$1")
    return e.str.replace_all(r"\s+", " ").str.strip_chars()


# row-level pass (ASCII only, no case folding: cheap on millions of rows): requisition codes
ROW_CODES = r"#[A-Za-z0-9_-]*|[A-Za-z]{0,4}-?[0-9]{4,}[A-Za-z0-9_-]*"


def row_key(expr: pl.Expr) -> pl.Expr:
    """Per-row key: the title with requisition codes removed. Distinct keys are normalised."""
    return expr.str.replace_all(ROW_CODES, " ")


def stage1(expr: pl.Expr) -> pl.Expr:
    """Trailing white space off, lower case. (Codes went in ``row_key``; gender suffixes, emoji
    and symbols are removed by the word clean-up, which runs on far fewer distinct strings.)

    Trailing white space never changes ``head``/``tail`` (no separator needs it except
    ``" / "`` at the very end, whose removal leaves the same words), and a requisition code at
    the end leaves some behind, so stripping it merges ~20% of the distinct keys before the
    split. Leading white space is kept: before a hyphen it makes a separator."""
    return expr.str.strip_chars_end().str.to_lowercase()


def _split(expr: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(text before the first separator, text after it or "")."""
    parts = expr.str.replace(_SEPARATOR, "\x1f").str.splitn("\x1f", 2)
    return parts.struct.field("field_0"), parts.struct.field("field_1").fill_null("")


def _with_split(frame: pl.DataFrame, expr: pl.Expr, head: str, rest: str) -> pl.DataFrame:
    """``frame`` plus the two halves of :func:`_split` as columns ``head`` and ``rest``.

    The split is evaluated once: eager polars runs without common-subexpression elimination, so
    selecting both fields of ``_split(expr)`` would run the separator regex twice."""
    parts = expr.str.replace(_SEPARATOR, "\x1f").str.splitn("\x1f", 2)
    return (
        frame.with_columns(parts.alias("_parts"))
        .with_columns(
            pl.col("_parts").struct.field("field_0").alias(head),
            pl.col("_parts").struct.field("field_1").fill_null("").alias(rest),
        )
        .drop("_parts")
    )


def _clean_distinct(frame: pl.DataFrame, src: str, dst: str) -> pl.DataFrame:
    """``_clean_words`` evaluated once per distinct value of ``src`` (joined back on a hash).

    In two steps, each on distinct values: the punctuation pass on distinct ``src`` values, the
    word passes (drop words, abbreviations, plurals) on its distinct results, which are ~4x
    fewer ("🚀 sr. swe", "sr swe", "sr. swe!" -> "sr swe")."""
    hashed = frame.with_columns(pl.col(src).hash(seed=1).alias("_ch"))
    distinct = hashed.filter(pl.col("_ch").is_first_distinct()).select(
        "_ch", _clean_punctuation(pl.col(src)).alias("_cp")
    )
    distinct = distinct.with_columns(pl.col("_cp").hash(seed=4).alias("_cph"))
    words = _translate_frame(distinct.filter(pl.col("_cph").is_first_distinct()).select("_cph", "_cp"), "_cp").select(
        "_cph", _clean_tokens(pl.col("_cp")).alias(dst)
    )
    distinct = distinct.join(words, on="_cph", how="left").select("_ch", dst)
    return hashed.join(distinct, on="_ch", how="left", maintain_order="left").drop("_ch")


def stage2(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """Distinct-string pass: adds ``head`` and ``tail`` columns (one row per input row)."""
    e = pl.col(col).str.replace(r"^\s*[\[(][^\])]*[\])]\s*", "")
    out = _with_split(frame, e, "_h", "_r")
    out = _clean_distinct(_clean_distinct(out, "_h", "head"), "_r", "tail")
    # the first segment was only noise ("Remote - Data Scientist"): take the next one, up to
    # three times. A row that needs no redo never changes, so after one pass over all rows the
    # loop only looks at the (few) rows that did.
    redo = (pl.col("head") == "") & (pl.col("tail") != "")
    mask = out.select(redo).to_series()
    if not mask.any():
        return out.drop("_h", "_r")
    todo, out = out.filter(mask), out.filter(~mask)
    for _ in range(3):
        mask = todo.select(redo).to_series()
        if not mask.any():
            break
        again = _with_split(
            todo.filter(mask).drop("head", "tail"),
            pl.col("_r").str.replace(r"^[\s\-–—,|(\[:@;/)\]]+", ""),
            "_h",
            "_r",
        )
        again = _clean_distinct(_clean_distinct(again, "_h", "head"), "_r", "tail")
        todo = pl.concat([todo.filter(~mask), again.select(todo.columns)])
    return pl.concat([out, todo]).drop("_h", "_r")


def normalize_pairs(values: pl.Series, keyed: bool = False) -> tuple[pl.Series, pl.DataFrame]:
    """``(index, pairs)``: the distinct ``head``/``tail`` pairs of ``values`` and, aligned with
    ``values``, the row of ``pairs`` (UInt32) each value normalises to.

    Only integer keys travel back to the values: the strings stay on the distinct pairs (a few
    thousand), so a caller codes the pairs and gathers by ``index``. ``keyed``: the values
    already went through ``row_key``."""
    raw = pl.col("_s1").cast(pl.String)
    s1 = pl.DataFrame({"_s1": values}).select(stage1(raw if keyed else row_key(raw)).fill_null(""))
    s1 = s1.with_columns(pl.col("_s1").hash(seed=2).alias("_sh"))
    s2 = stage2(s1.filter(pl.col("_sh").is_first_distinct()), "_s1").select(
        "_sh", "head", "tail", pl.struct("head", "tail").hash(seed=3).alias("_ph")
    )
    pairs = s2.filter(pl.col("_ph").is_first_distinct()).select("_ph", "head", "tail").with_row_index("_pi")
    lowered = s2.select("_sh", "_ph").join(pairs.select("_ph", "_pi"), on="_ph", how="left")
    index = (
        s1.select("_sh")
        .join(lowered.select("_sh", "_pi"), on="_sh", how="left", maintain_order="left")
        .get_column("_pi")
    )
    return index, pairs.select("head", "tail")


def normalize_distinct(values: pl.Series, keyed: bool = False) -> pl.DataFrame:
    """``head``/``tail`` for each value, rows aligned with ``values`` (best on distinct values).

    ``keyed``: the values already went through ``row_key``."""
    index, pairs = normalize_pairs(values, keyed=keyed)
    return pairs[index]


def normalize_frame(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """Normalise one string column of ``frame`` (any length) into ``head`` / ``tail``.

    Returns a frame with ``column``, ``head`` and ``tail`` for the *distinct* values of
    ``column`` (nulls included), for joining back.
    """
    distinct = frame.select(pl.col(column).unique())
    return pl.concat([distinct, normalize_distinct(distinct.get_column(column))], how="horizontal")


def normalize_titles(titles: list[str | None]) -> list[tuple[str, str]]:
    """Convenience for tests/tools: [(head, tail), ...] in input order."""
    frame = pl.DataFrame({"t": titles}, schema={"t": pl.String})
    norm = normalize_frame(frame, "t")
    joined = frame.join(norm, on="t", how="left", nulls_equal=True, maintain_order="left")
    return list(
        zip(
            joined["head"].fill_null("").to_list(),
            joined["tail"].fill_null("").to_list(),
            strict=True,
        )
    )
