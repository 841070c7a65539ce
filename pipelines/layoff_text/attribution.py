"""Does the company itself attribute a layoff to AI? Rules you can read, with the quote.

:func:`attribute` returns an :class:`Attribution`:

- ``ai_mentioned`` — the text mentions AI at all (after masking names that merely contain
  "AI": "Scale AI", "Allen Institute for AI", the company's own name).
- ``ai_attributed`` — the text states that the company cuts jobs *because AI does (or lets
  fewer people do) the work*; ``ai_evidence`` is that sentence, a verbatim substring of the
  text (two adjacent sentences when the second links back with "As a result / So ...").
- ``reason`` — ``ai`` when attributed, else :func:`pipelines.layoff_text.reason.classify_reason`.

Each sentence with an AI cue (AI, A.I., generative, chatbot, LLM, "intelligence tools", GPT ...)
is rewritten with the cue as one token and read for a **link** between AI and the cut:

1. *substitution* — AI does the work: "replaced 90% of its support team with an AI chatbot",
   "AI agents now handle half of all customer interactions", "as AI systems take on a larger
   share", "will be using AI tools instead", "handed to AI chatbots", "done better and faster by
   AI", "work that AI can handle", "AI ... resulting in the replacement of ...";
2. *less labour* — AI beside "smaller/leaner/flatter teams", "fewer people/heads", "no longer
   need as many", "unnecessary", "flattens our hiring curve", "at the expense of human staffers",
   "AI tools ... would reduce the company's total corporate workforce", "AI ... meaning the
   company could cut";
3. *cause* — a connector before AI: "citing", "cited", "blaming", "pinning the move on",
   "attributed to", "due to", "because of", "driven by", "fueled (not by X, but) by", "related to",
   "the reason:", "reflects", "use/adoption of", or AI as the subject: "AI efficiency was to
   blame". A cause needs the cut in the same sentence, a sentence that refers back to it ("the
   move", "this restructuring", "this 'rebalance'"), or a sentence opening with "It/That/This/
   Part of that" right after a cut;
4. *result* — an AI sentence followed by "As a result / So / That is why ..." and a cut.

Whose words count (see docs/ai-attribution.md): the company, its executives and spokespeople,
and news sentences that report what the company said (including "citing AI"). Not counted —
the sentence is vetoed — when it is:

- a **denial**: a negation scoped over AI ("not because of AI", "not AI-driven", "Culture, Not
  AI", "AI isn't replacing people", "isn't about ... the impact of AI"); one denial in the text
  (headline included) vetoes the whole text. "not by falling demand, but by AI" is not a denial;
- **speculation**: "speculated", "reportedly", "people familiar", "fear that", "might use AI";
- **an outside speaker**: analysts, economists, researchers, surveys, outplacement firms' tallies,
  unions, critics, experts, former employees, users with a handle, "numerous/many/other
  companies";
- **investment or focus** only (for causes and results): "to reallocate resources to AI",
  "a shift toward utilizing AI", "blaming AI in forcing a shift in strategies", "AI-forward
  strategy", "innovation driven by AI";
- **consumers' use of AI** or AI in the market: "student reliance on AI-powered tools", "the
  growing use of generative AI tools such as ChatGPT", "the spread/proliferation of AI";
- **not a layoff**: the text reports no cut it stands behind (:func:`is_layoff`).

:func:`verify_evidence` re-checks a quote against the archived text (whitespace normalised
only): a flag whose quote is not there is dropped by the parsers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.layoff_text.cuts import _TALLY, LAYOFF_RE, is_layoff
from pipelines.layoff_text.reason import _ANAPHORA, classify_reason
from pipelines.layoff_text.text import normalise_ws, split_sentences

__all__ = ["AI_CUE", "Attribution", "attribute", "mask_ai_names", "verify_evidence"]


@dataclass(frozen=True)
class Attribution:
    ai_attributed: bool
    ai_evidence: str | None
    ai_mentioned: bool
    reason: str


# --- AI cues ----------------------------------------------------------------------------------
AI_CUE = re.compile(
    r"(?<![\w.])A\.I\.(?:-\w+)?|\bAI-\w+|\b(?:Gen)?AI\b|\b(?:Chat)?GPT(?:-\w+)?\b"
    r"|(?i:\b(?:artificial[- ]intelligence|machine[- ]learning|generative(?:\s+AI)?|gen[- ]?ai|"
    r"large[- ]language[- ]models?|LLMs?|chat-?bots?|agentic|neural[- ]networks?|deep[- ]learning|"
    r"intelligence[- ]tools?(?:\s+capabilities)?)\b)"
)
# words that commonly precede "AI" without forming a name with it
_AI_MODIFIERS = frozenset(
    {
        "generative",
        "agentic",
        "conversational",
        "responsible",
        "applied",
        "enterprise",
        "physical",
        "frontier",
        "gen",
        "the",
        "our",
        "its",
        "their",
        "new",
        "using",
        "use",
        "with",
        "and",
        "of",
        "for",
        "in",
        "on",
        "by",
        "as",
        "that",
        "which",
        "how",
        "why",
        "when",
        "about",
        "to",
        "from",
        "adopting",
        "deploying",
        "embracing",
        "an",
        "a",
        "more",
        "no",
        "not",
        "is",
        "was",
        "this",
        "simply",
        "make",
        "where",
        "because",
        "through",
        "via",
        "whether",
        "than",
        "like",
        "said",
        "says",
        "but",
        "so",
        "if",
        "while",
        "what",
        "put",
        "citing",
        "cited",
        "cites",
        "blaming",
        "blames",
        "advanced",
        "increased",
        "increasing",
        "growing",
        "modern",
        "rapid",
        "cutting-edge",
    }
)
_INSTITUTE_AI = re.compile(
    r"\b(?:Institute|Centre|Center|Lab|Labs|Laboratory|Partnership|Society|Association|"
    r"Foundation|Council|School|Alliance)\s+(?:for|on|of)\s+(?:the\s+)?AI\b"
)
_NAME_AI = re.compile(r"\b([A-Z][\w&.-]*)\s+AI\b(?!-)")


def mask_ai_names(text: str, company: str | None = None) -> str:
    """Replace names containing "AI" by same-length filler so offsets stay valid."""

    def blank(m: re.Match[str]) -> str:
        return re.sub(r"\S", "_", m.group(0))

    out = text
    if company and AI_CUE.search(company):
        out = re.sub(re.escape(company), blank, out)
    out = _INSTITUTE_AI.sub(blank, out)

    def name(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).lower() in _AI_MODIFIERS else blank(m)

    return _NAME_AI.sub(name, out)


def _tokenise(sentence: str) -> str:
    """The sentence with every AI cue replaced by the token ``AIX`` (for matching only)."""
    return AI_CUE.sub(" AIX ", sentence)


# --- links (on the tokenised sentence, case-insensitive) -------------------------------------
_I = re.IGNORECASE
_SUBSTITUTION = [
    re.compile(p, _I)
    for p in (
        r"\b(?:replac\w*|substitut\w*)\b[^.;]{0,90}?\b(?:by|with)\s+(?:\S+\s+){0,4}?AIX",
        r"\bAIX\b(?:[-\s]+[\w“”\"'’]+){0,4}?\s+(?:now\s+|will\s+|can\s+|could\s+|would\s+|already\s+|are\s+|is\s+|has\s+|have\s+|had\s+)*"
        r"(?:handl\w*|resolv\w*|answer\w*|perform\w*|do(?:es|ing)?\s+(?:\S+\s+){0,4}?(?:work|jobs?|tasks?|translations?)|"
        r"review(?:s|ed|ing)?|catch(?:es|ing)?|screen(?:s|ed|ing)|moderat(?:e|es|ed|ing)|detect(?:s|ed|ing)?|produc(?:e|es|ed|ing)|"
        r"automat(?:e|es|ed|ing)|generat(?:e|es|ed|ing)|translat(?:e|es|ed|ing)|"
        r"take[sn]?\s+(?:over|on)|took\s+(?:over|on)|taking\s+(?:over|on)|replac\w*|writ(?:e|es|ing)\s+(?:the|code|content)|"
        r"do\s+the\s+work|manag(?:e|es|ing)\s+(?:\w+\s+){0,5}?(?:customer|interactions|conversations|queries|tasks)|"
        r"(?:can|could|will)\s+do\s+(?:\S+\s+){0,4}?(?:the\s+)?(?:work|jobs?|tasks?)|"
        r"field\w*|process(?:es|ing)?\s+(?:\w+\s+)?(?:claims|tickets|requests)|takes?\s+the\s+wheel)",
        r"\b(?:handed|shifted|moved|transferred|outsourced)\s+(?:over\s+)?(?:\w+\s+){0,3}?to\s+(?:\S+\s+){0,2}?AIX",
        r"\b(?:using|use|uses|used|deploy\w*|rel(?:y|ies|ying)\s+(?:more\s+)?on|leverag\w*|turn\w*\s+to)\s+(?:\S+\s+){0,3}?AIX"
        r"(?:[-\s]+\w+){0,2}?\s+(?:instead|to\s+(?:handle|do|automate|perform|replace|take\s+over|answer|resolve|produce|"
        r"translate|write|generate|create|curate|screen|review))",
        r"\b(?:done|performed|handled|taken\s+over|carried\s+out|covered|made\s+possible)\s+(?:\S+\s+){0,4}?by\s+(?:\S+\s+){0,3}?AIX",
        r"\bautomat\w+\s+(?:\S+\s+){0,10}?with\s+(?:\S+\s+){0,3}?AIX",
        r"\bAIX\b[^.]{0,80}?\bresult(?:ing|ed|s)?\s+in\s+(?:the\s+)?(?:replacement|elimination|loss|reduction|layoffs?)",
        r"\bAIX\b[^.]{0,60}?\b(?:allow\w*|enabl\w*|let(?:s|ting)?|help\w*|meaning|which\s+means)\b[^.]{0,60}?"
        r"\b(?:to\s+)?(?:cut|eliminat\w*|reduc\w*|shrink\w*|lay\s+off|function\s+with\s+(?:a\s+)?(?:much\s+)?smaller)",
        r"\bAIX\b[^,.;]{0,80}?\b(?:would|will|could)\s+[^,.;]{0,60}?\b(?:reduce|cut|shrink)\s+(?:the\s+)?(?:\S+\s+){0,4}?"
        r"(?:workforce|headcount|staff|jobs|roles|positions)",
    )
]
_LESS_LABOUR = re.compile(
    r"\b(?:fewer|less)\s+(?:\w+\s+){0,2}?(?:people|employees|workers|staff|roles|agents|heads|humans|hires|positions|jobs)\b"
    r"|\b(?:smaller|leaner|flatter)\b(?:\s*(?:and|,|\w+)){0,3}?\s+(?:teams?|workforce|organi[sz]ation|company|staff|groups?)\b"
    r"|\bno\s+longer\s+(?:need|require)\w*|\bneed(?:s|ed)?\s+(?:fewer|less)\b|\b(?:won['’]t|will\s+not|don['’]t|doesn['’]t)\s+need\b"
    r"|\bunnecessary\b|\bredundant\b|\bflattens?\s+(?:our|the|its)\s+hiring\b|\bdo\s+more\s+with\s+(?:less|fewer)\b"
    r"|\breduc\w*\s+the\s+(?:need|number)\s+(?:for|of)\b|\bat\s+the\s+expense\s+of\s+(?:\w+\s+){0,2}?(?:staff\w*|workers|employees|humans|jobs)\b"
    r"|\bas\s+many\s+people\b|\b\d+\s*%\s+fewer\b|\bfewer\s+of\s+them\b",
    _I,
)
_CONNECTOR = (
    r"(?:citing|cited|cites|cite|blam(?:e|es|ed|ing)|credit(?:s|ed|ing)?|pinn(?:ing|ed)\s+(?:\w+\s+){0,3}?on|"
    r"attribut\w+\s+(?:\w+\s+){0,4}?to|link(?:s|ed|ing)?\s+(?:\w+\s+){0,3}?to|tied\s+to|related\s+to|due\s+to|because(?:\s+of)?|"
    r"made\s+possible\s+by|enabled\s+by|(?:realized|gained|achieved)\s+from|from\s+(?:deploying|using|adopting|integrating)|"
    r"(?:driven|fu?ell?ed|prompted|motivated|caused)\s+(?:not\s+by\s+[^,.]+,\s*but\s+)?by|brought\s+on\s+by|result\s+of|thanks\s+to|reflects?|reflecting|"
    r"in\s+light\s+of|the\s+reasons?(?:\s*:|\s+(?:is|was|were|for\s+(?:the|these|its|this)\s+\w+(?:\s+\w+)?\s+(?:is|was|were|include\w*)))|"
    r"one\s+of\s+the\s+reasons|primary\s+driver|driving\s+force|main\s+driver|by\s+deploying|"
    r"(?:use|adoption|deployment|integration|introduction|implementation)\s+of|efficienc\w*\s+(?:gained\s+|created\s+)?(?:from|by|through)|"
    r"as\s+(?:it|we|the\s+company)\s+(?:increasingly\s+)?(?:deploys?|uses?|adopts?|integrates?|implements?|leverages?|leans?\s+on|"
    r"rel(?:y|ies)\s+on|turns?\s+to))"
)
_CAUSE = re.compile(_CONNECTOR + r"(?:\W+\S+){0,12}?\W*AIX", _I)
_AI_SUBJECT_CAUSE = re.compile(
    r"\bAIX(?:[-\s]+[\w“”\"'’]+){0,4}?\s+(?:was|is|were|are)\s+(?:partly\s+|partially\s+|largely\s+|also\s+)?"
    r"(?:to\s+blame|the\s+(?:main\s+|primary\s+)?(?:reason|cause|driver))"
    r"|\bAIX\s+(?:\w+\s+){0,2}(?:led|leads|prompted|forced|drove|drives|caused)\s+(?:\w+\s+){0,3}?"
    r"(?:cuts?|layoffs|reductions?|job\s+losses|the\s+(?:decision|move))"
    r"|\bAIX(?:[-\s]+\w+){0,2}\s+(?:efficienc\w*|productivity)|\b(?:efficienc\w*|productivity)\s+(?:\w+\s+){0,3}?(?:driven|enabled)\s+by\s+AIX"
    r"|\bAIX\b(?:[-\s]+[\w“”\"'’]+){0,5}?\s+(?:drive|bring|deliver|improv\w*|boost)\w*\s+(?:\w+\s+){0,2}?(?:efficien\w*|productivity)"
    r"|\bAIX\b(?:[-\s]+[\w“”\"'’]+){0,4}?\s+(?:have|has)\s+transformed\b",
    _I,
)
_BACKREF_START = re.compile(
    r"^\W*(?:It|That|This|Part\s+of\s+(?:that|this|it)|Some\s+of\s+(?:that|this)|The\s+(?:move|decision))\b"
)
_RESULT_START = re.compile(
    r"^[\"“]?(?:As\s+a\s+(?:result|consequence)|Consequently|Therefore|As\s+such|That\s+is\s+why|That['’]s\s+why|"
    r"This\s+means|Because\s+of\s+this|Accordingly|So\b)",
)

# --- vetoes -----------------------------------------------------------------------------------
_NEG_BEFORE = re.compile(
    r"(?:\b(?:not|never|nothing|none|neither|nor|unrelated|no(?!\s+longer)|isn['’]t|wasn['’]t|aren['’]t|weren['’]t|"
    r"don['’]t|doesn['’]t|didn['’]t|won['’]t)\b)(?!\s+(?:the\s+)?(?:sole|solely|only|just|entirely|all)\b)"
    r"(?:\W+[\w'’“”-]+){0,10}?\W*$",
    _I,
)
_NEG_AFTER = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,3}?(?:(?:was|is|were|are|has\s+been)\s+not\b(?!\s+(?:the\s+)?(?:sole|only))|played\s+no\b|"
    r"(?:had|has)\s+nothing\b|did\s+not\s+play|not\s+a\s+factor|isn['’]t\s+(?:replacing|the\s+reason|to\s+blame))",
    _I,
)
_DENIAL = re.compile(
    r"\b(?:not|n['’]t|no)\s+(?!(?:the\s+)?(?:sole|solely|only|just|entirely)\b)(?:\w+\s+){0,4}?(?:because\s+of|due\s+to|driven\s+by|about|"
    r"a\s+result\s+of|related\s+to|caused\s+by|linked\s+to|triggered\s+by)\s+(?:(?!but\b)\S+\s+){0,6}?AIX"
    r"|\bnot\s+(?:even\s+)?(?:really\s+)?AIX[-\s]+driven|\bnot\s+AIX\b|\bnot\s+(?:[\w-]+\s+){0,3}?or\s+(?:the\s+\w+\s+of\s+)?AIX"
    r"|\bAIX\s+(?:is|was)\s+not\s+(?:the\s+)?(?:reason|cause|factor|to\s+blame)|\bAIX\s+isn['’]t\s+(?:replacing|the\s+reason|to\s+blame)"
    r"|\bnothing\s+to\s+do\s+with\s+AIX|\bAIX\s+(?:had|has|played)\s+(?:no|little)\s+role|\brather\s+than\s+(?:\S+\s+){0,3}?AIX"
    r"|\bnone\s+of\b[^.]{0,80}?\breplac\w*\s+(?:by|with)\s+(?:\S+\s+){0,2}?AIX"
    r"|\b(?:not|n['’]t|never)\s+(?:be\s+|being\s+|been\s+)?replac\w*\s+(?:by|with)\s+(?:\S+\s+){0,2}?AIX"
    r"|\b(?:isn['’]t|wasn['’]t|not)\s+(?:really\s+)?about\s+(?:\S+\s+){0,6}?AIX|\bAIX\s+(?:isn['’]t|is\s+not)\s+to\s+blame",
    _I,
)
_HEDGE = re.compile(
    r"\bspeculat\w*|\bmay\s+have\b|\bmight\s+have\b|\bcould\s+have\b|\bunclear\s+whether\b|"
    r"\bit\s+is\s+(?:unclear|not\s+clear)\b|\brumou?r\w*|\breportedly\b|\bpeople\s+familiar\b|"
    r"\ballegedly\b|\bwhether\b|\b(?:fear|fears|feared|worr\w+)\s+(?:that\b)?|"
    r"\bsign\s+that\b|\bthe\s+idea\s+is\b|\bpresumably\b|\bapparently\b|\bit\s+(?:seems|sounds)\b|\bseemingly\b|\b(?:could|may|might|would)\s+(?:eventually|one\s+day|someday|potentially)\b",
    _I,
)
_MODAL_BEFORE = re.compile(r"\b(?:might|may)\s+(?:\w+\s+){0,2}?$", _I)
_THIRD_PARTY = re.compile(
    r"\b(?:an?|the|one)\s+(?:[\w-]+\s+){0,2}?(?:analyst|economist|professor|researcher|consultant|"
    r"union\s+representative|union\s+official|critic|investor|former\s+employee|self-identified|user)\b"
    r"|\banalysts\s+(?:at|said|say|says|believe|noted|note|wrote|think|expect)\b"
    r"|\b(?:some|many|several)\s+(?:employees|workers|staff|staffers)\b|\bwrote\s+on\s+(?:LinkedIn|X|social)\b"
    r"|\b(?:critics|observers|experts?|skeptics|sceptics|commentators|former\s+employees|former\s+contractors|people\s+familiar|"
    r"researchers|economists|according\s+to\s+(?:people|sources|a\s+person|analysts|a\s+(?:report|survey|study))|labou?r\s+unions?|"
    r"the\s+union|Reddit\s+(?:user|post|thread)|on\s+Reddit|Redditors?|survey\w*|Challenger|Gartner|Forrester|New\s+York\s+Fed|layoffs\.fyi)\b"
    r"|\b[A-Za-z]+_\w+\b|\bthey\s+(?:believe|think|suspect)\b|\bworkers\s+(?:[\w,]+\s+){0,8}?(?:said|say|believe)\b"
    r"|\b(?:other|many|some|several|numerous|most|more|major|big|these)\s+(?:tech\s+|big\s+|large\s+)?(?:companies|firms|employers|businesses|corporations|executives|CEOs|leaders)\b",
    _I,
)
_FRAMING = re.compile(r"\b(?:comes?|came|coming)\s+(?:as|amid|after|at\s+a\s+time)\b", _I)
_INVEST = re.compile(
    r"(?:\b(?:invest\w*|fund\w*|priorit\w*|focus\w*|toward|towards|shift\w*|pour\w*|spend\w*|pivot\w*|embrac\w*|"
    r"lean\w*\s+(?:harder\s+)?into|push\w*\s+(?:in)?to|bet\w*|hiring|innovat\w*|strateg\w*|reallocat\w*|redirect\w*|"
    r"build-out|capabilit\w*|pace\s+of\s+change|adapt\w*)\b)(?:\W+[\w'’-]+){0,6}?\W*$",
    _I,
)
_INVEST_AFTER = re.compile(
    r"^[-\s]*(?:first|forward|focused|proficient)\b|^\W*(?:[\w'’-]+\W+){0,3}?(?:investments?|initiatives|teams|roles|talent|skills|"
    r"ambitions|division|strategy|strateg\w+|push|pivot|era|capabilities|products|development|shift|infrastructure)\b"
    r"|^[^.]{0,120}?\binnovat\w*",
    _I,
)
_CONSUMER = re.compile(
    r"\b(?:students?|consumers?|users?|readers|searchers|learners|shoppers|people)\s+(?:\w+\s+){0,3}?"
    r"(?:use|using|adopt\w*|rel(?:y|ies|ying)|opt\w*|turn\w*|flock\w*|gravitat\w*)\b[^.]{0,40}?AIX"
    r"|\b(?:student|consumer|user|reader|customer)s?\s+(?:reliance|use|adoption)\s+(?:on|of)\s+(?:\S+\s+){0,2}?AIX"
    r"|\bAIX\b[^.]{0,40}?\b(?:by|among)\s+(?:students|consumers|users|readers|people|learners)\b"
    r"|\b(?:growing|increasing|rising|widespread)\s+(?:\w+\s+)?(?:use|adoption|popularity)\s+of\s+(?:\S+\s+){0,2}?AIX"
    r"|\b(?:proliferation|spread|rise|popularity|emergence|advent|dominance)\s+of\s+(?:\S+\s+){0,2}?AIX"
    r"|\bAIX\W+(?:search|overviews?)\b|\bcompetition\s+from\s+(?:\S+\s+){0,2}?AIX",
    _I,
)
_CUT_SENT = re.compile(
    LAYOFF_RE.pattern + r"|\bjob\s+cut\b|\bstop\s+using\s+(?:\w+\s+)?(?:contractors|subcontractors|freelancers)\b", _I
)


def _vetoed(tok: str) -> bool:
    """Sentence-level vetoes (see the module docstring)."""
    if _HEDGE.search(tok) or _THIRD_PARTY.search(tok) or _CONSUMER.search(tok) or _TALLY.search(tok):
        return True
    for m in re.finditer(r"\bAIX\b", tok):
        before, after = tok[: m.start()], tok[m.end() :]
        neg = _NEG_BEFORE.search(before)
        if neg and not re.search(r"\bbut\b|\bbecause\b|\bsince\b|;|\bso\b", tok[neg.start() : m.start()], _I):
            return True
        if _NEG_AFTER.match(after) or _MODAL_BEFORE.search(before):
            return True
    return False


def _invest_only(tok: str) -> bool:
    for m in re.finditer(r"\bAIX\b", tok):
        if _INVEST.search(tok[: m.start()]) or _INVEST_AFTER.match(tok[m.end() :]):
            return True
    return False


def _strong(tok: str) -> bool:
    return any(rx.search(tok) for rx in _SUBSTITUTION) or bool(_LESS_LABOUR.search(tok))


def _cause(tok: str) -> bool:
    return bool(_CAUSE.search(tok) or _AI_SUBJECT_CAUSE.search(tok))


def attribute(text: str, company: str | None = None, *, headline: str | None = None) -> Attribution:
    """Classify one announcement text; see the module docstring for the rules."""
    raw = text or ""
    masked = mask_ai_names(raw, company)
    spans = split_sentences(masked)
    sents = [masked[s:e] for s, e in spans]
    toks = [_tokenise(s) for s in sents]
    head_tok = _tokenise(mask_ai_names(headline or "", company))
    mentioned = any("AIX" in t for t in toks)
    evidence: str | None = None
    denied = any(_DENIAL.search(t) for t in [head_tok, *toks])
    if mentioned and not denied and is_layoff(raw, headline):
        cut = [bool(_CUT_SENT.search(s)) for s in sents]
        less = [bool(_LESS_LABOUR.search(s)) for s in sents]
        best: tuple[int, int, int] | None = None  # (rank, start sentence, end sentence)
        for i, tok in enumerate(toks):
            if "AIX" not in tok or _vetoed(tok):
                continue
            found: int | None = None
            if _strong(tok):
                found = 0
            elif _cause(tok) and not _invest_only(tok) and not _FRAMING.search(tok):
                backref = i > 0 and (cut[i - 1] or less[i - 1]) and bool(_BACKREF_START.match(sents[i]))
                reason_sentence = bool(re.search(r"\bthe\s+reasons?\b|\breason\s+cited\b", tok, _I))
                if cut[i]:
                    found = 1
                elif _ANAPHORA.search(sents[i]) or backref or reason_sentence:
                    found = 2
            if found is not None:
                if best is None or found < best[0]:
                    best = (found, i, i)
                continue
            nxt = i + 1
            result = (
                nxt < len(sents)
                and _RESULT_START.match(sents[nxt])
                and (cut[nxt] or less[nxt])
                and not _invest_only(tok)
                and not _vetoed(toks[nxt])
            )
            if result and (best is None or best[0] > 3):
                best = (3, i, nxt)
        if best is not None:
            evidence = raw[spans[best[1]][0] : spans[best[2]][1]]
    if evidence is not None:
        assert evidence in raw, "evidence must be a verbatim substring of the text"
    attributed = evidence is not None
    return Attribution(
        ai_attributed=attributed,
        ai_evidence=evidence,
        ai_mentioned=mentioned,
        reason=classify_reason(raw, ai_attributed=attributed),
    )


def verify_evidence(evidence: str | None, archived_text: str | None) -> bool:
    """True when ``evidence`` occurs verbatim in ``archived_text`` (whitespace normalised only)."""
    if not evidence or archived_text is None:
        return False
    needle = normalise_ws(evidence)
    return bool(needle) and needle in normalise_ws(archived_text)
