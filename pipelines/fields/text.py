"""Posting text helpers: HTML → plain text, and the ``mentions_ai`` flag.

ATS boards ship descriptions as HTML, sometimes entity-escaped once more (Greenhouse's
``content`` is ``&lt;p&gt;...``). :func:`html_to_text` undoes that escaping, drops scripts and
styles and keeps block structure as line breaks, so words in adjacent paragraphs never run
together (which would hide "AI" in "...teams.AI" from a word-boundary match).

:data:`AI_PATTERN` is word-boundary aware: "email", "maintain", "Thai", "HTML" and "YAML" are
not hits; "AI", "A.I.", "ML", "LLM", "GenAI", "machine learning", "deep learning", "generative",
"large language models" and similar are. The short acronyms are matched in capitals only
("AI"/"Ai", "ML"), since lowercase "ai"/"ml" are ordinary tokens in other languages and units.
The same pattern runs in Python (``re``) and polars (Rust ``regex``).
"""

from __future__ import annotations

import html as _html
import re

import polars as pl

__all__ = ["AI_PATTERN", "html_to_text", "html_to_text_expr", "mentions_ai", "mentions_ai_expr"]

AI_PATTERN = (
    r"\b(?:AI|Ai|ML|LLMs?|GenAI|MLOps|AGI|NLP|OpenAI|ChatGPT|GPT-?\d\w*)\b"
    r"|\bA\.I\."
    r"|(?i:\b(?:"
    r"artificial[- ]intelligence|machine[- ]learning|deep[- ]learning|gen[- ]?ai"
    r"|generative|llms?|large[- ]language[- ]models?|foundation[- ]models?"
    r"|neural[- ]networks?|computer[- ]vision|natural[- ]language[- ]processing"
    r"|reinforcement[- ]learning|mlops|ai[- ](?:powered|driven|native|first|enabled|assisted)"
    r")\b)"
)
_AI_RE = re.compile(AI_PATTERN)

_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "hr",
        "dd",
        "dt",
        "dl",
        "td",
        "th",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_ESCAPED_TAG = re.compile(r"&lt;\s*/?\s*[a-zA-Z][^&]*?&gt;")
_RAW_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def html_to_text(markup: str | None) -> str | None:
    """Plain text of an HTML fragment (entity-escaped or not); None for None.

    Block elements end a line; runs of spaces collapse; blank lines collapse to one.
    """
    if markup is None:
        return None
    text = markup
    # entity-escaped HTML (Greenhouse): unescape once when it has escaped tags but no raw ones
    if _ESCAPED_TAG.search(text) and not _RAW_TAG.search(text):
        text = _html.unescape(text)
    text = _CONTROL.sub(" ", text)
    if not text.strip():
        return ""
    if _RAW_TAG.search(text) or "&" in text:
        text = _markup_text(text)
    lines = [re.sub(r"[ \t\u00a0\u200b]+", " ", line).strip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


_ENTITIES = ["&lt;", "&gt;", "&quot;", "&#39;", "&#x27;", "&#x2F;", "&#x2f;", "&nbsp;", "&amp;"]
_DECODED = ["<", ">", '"', "'", "'", "/", "/", " ", "&"]


def html_to_text_expr(column: str) -> pl.Expr:
    """Vectorised, approximate :func:`html_to_text` for whole columns (no per-row Python).

    Undoes one layer of entity escaping, drops scripts/styles, replaces every tag by a space
    and decodes the common entities. Block structure is not kept, but words never run together,
    which is what word-boundary matching (:data:`AI_PATTERN`) needs. Much faster than the exact
    per-row function (no per-row Python): use it for flags over many postings, and
    :func:`html_to_text` where the text itself is shown.
    """
    once = pl.col(column).str.replace_many(_ENTITIES, _DECODED)
    return (
        once.str.replace_all(r"(?is)<(script|style|noscript)\b.*?</(script|style|noscript)\s*>", " ")
        .str.replace_all(r"<[^>]*>", " ")
        .str.replace_many(_ENTITIES, _DECODED)
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
    )


_BLOCK_OPEN_RE = re.compile(r"(?<![>\s])<(?=(?:p|div|li|h[1-6]|tr|ul|ol|blockquote|pre)\b)", re.IGNORECASE)


def _markup_text(text: str) -> str:
    from lxml import etree
    from lxml import html as lxml_html

    # a block element also starts a line ("Engineer<p>We" must not read "EngineerWe")
    text = _BLOCK_OPEN_RE.sub("\n<", text)
    try:
        root = lxml_html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return _html.unescape(_RAW_TAG.sub("\n", text))
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if tag == "li":
                el.text = "- " + (el.text or "")
            elif tag in {"td", "th"}:
                el.tail = " " + el.tail
    return root.text_content()


def mentions_ai(text: str | None) -> bool:
    """True when ``text`` mentions AI/ML work (see :data:`AI_PATTERN`); False for None."""
    return bool(text) and _AI_RE.search(text) is not None


def mentions_ai_expr(*columns: str) -> pl.Expr:
    """Vectorised :func:`mentions_ai` over one or more text columns (OR of the columns).

    Null columns count as no mention, so the result is never null.
    """
    if not columns:
        raise ValueError("mentions_ai_expr needs at least one column")
    hits = [pl.col(c).str.contains(AI_PATTERN).fill_null(False) for c in columns]
    return pl.any_horizontal(hits)
