"""Does the company itself attribute a layoff to AI? Rules you can read, with the quote.

:func:`attribute` returns an :class:`Attribution`:

- ``ai_mentioned`` — the text mentions AI at all (after masking names that merely contain
  "AI": "Scale AI", "Allen Institute for AI", the company's own name).
- ``ai_attributed`` — the text states that the company cuts jobs *because AI does (or lets
  fewer people do) the work*; ``ai_evidence`` is that sentence, a verbatim substring of the
  text (two adjacent sentences when the second links back with "As a result, ...").
- ``reason`` — ``ai`` when attributed, else :func:`pipelines.layoff_text.extract.classify_reason`.

A sentence attributes the cut to AI when it has an AI cue and one of these links (see
docs/ai-attribution.md for the worked examples):

1. **causal** — a connector just before the AI cue: "because (our) AI ...", "due to",
   "driven by", "result of the deployment of", "reflects the use of", "as we use/deploy AI",
   "with AI", "efficiencies gained from";
2. **less labour** — AI cue followed in the sentence by "fewer people", "smaller team(s)",
   "no longer need(ed)", "reduced the need for", "made ... redundant", "allowed ... to cut";
3. **substitution** — AI doing the work: "replaced by AI", "AI agents now handle/resolve/answer",
   "taken over by", "use generative AI to produce ...", "automated ... with an AI system";
4. **result** — an AI deployment sentence followed by "As a result / Consequently, we are
   eliminating ...".

and a cut is in the sentence (or, for links 2-3, the sentence before or after). It is *not*
attribution when the sentence is negated ("not because of AI", "AI was not a factor", "AI
played no role"), hedged ("AI could eventually", "speculated", "it is unclear whether",
"according to people familiar"), said by a third party (analysts, critics, a union, former
employees), or when AI appears only as an investment/focus beside the cut ("to free up funds for
investments in AI", "as it shifts resources toward AI").

:func:`verify_evidence` re-checks a quote against the archived text (whitespace normalised
only): a flag whose quote is not there is dropped by the parsers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.layoff_text.extract import (
    LAYOFF_RE,
    classify_reason,
    normalise_ws,
    split_sentences,
)

__all__ = ["AI_CUE", "Attribution", "attribute", "mask_ai_names", "verify_evidence"]


@dataclass(frozen=True)
class Attribution:
    ai_attributed: bool
    ai_evidence: str | None
    ai_mentioned: bool
    reason: str


# --- AI cues ----------------------------------------------------------------------------------
AI_CUE = re.compile(
    r"(?<![\w.])A\.I\.|\bAI-\w+|\b(?:Gen)?AI\b"
    r"|(?i:\b(?:artificial[- ]intelligence|machine[- ]learning|generative|gen[- ]?ai|"
    r"large[- ]language[- ]models?|LLMs?|chat-?bots?|agentic|neural[- ]networks?|"
    r"deep[- ]learning)\b)"
)
# words that commonly precede "AI" without forming a name with it
_AI_MODIFIERS = frozenset({
    "generative", "agentic", "conversational", "responsible", "applied", "enterprise", "physical",
    "frontier", "gen", "the", "our", "its", "their", "new", "using", "use", "with", "and", "of",
    "for", "in", "on", "by", "as", "that", "which", "how", "why", "when", "about", "to", "from",
    "adopting", "deploying", "embracing", "an", "a", "more", "no", "not", "is", "was", "this",
    "simply", "make", "where", "because", "through", "via", "whether", "than", "like", "said",
    "says", "but", "so", "if", "while", "what", "put",
})
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


# --- the links --------------------------------------------------------------------------------
_W = r"(?:[\w'’,.$%-]+\s+)"  # one word and its space
_CAUSAL_BEFORE = re.compile(
    r"\b(?:because(?:\s+of)?|due\s+to|driven\s+by|as\s+a\s+result\s+of|a\s+result\s+of|owing\s+to|"
    r"thanks\s+to|enabled\s+by|made\s+possible\s+by|in\s+light\s+of|efficienc\w*\s+(?:gained\s+)?from|"
    r"productivity\s+(?:gains|improvements)\s+" + _W + r"{0,5}?from|"
    r"reflects?\s+" + _W + r"{0,4}?(?:use|adoption|deployment)\s+of|"
    r"(?:use|adoption|deployment|integration)\s+of|"
    r"as\s+(?:it|we|the\s+company|the\s+Company|the\s+bank|the\s+firm)\s+(?:has\s+|have\s+)?"
    r"(?:deploys?|deployed|uses?|used|adopts?|adopted|integrat\w+|roll\w*\s+out|rolled\s+out|"
    r"lean\w*\s+on|leverag\w+|automat\w+|bring\w*\s+in|introduc\w+|implement\w*)|"
    r"from\s+(?:deploying|using|adopting|integrating)|now\s+that|"
    r"(?:tied|linked|attribut\w+|due|related)\s+" + _W + r"{0,3}?to|"
    r"^with|[\"“]with)\s+" + _W + r"{0,6}?$",
    re.IGNORECASE,
)
_LESS_LABOUR = re.compile(
    r"\bfewer\s+(?:\w+\s+){0,2}?(?:people|employees|workers|staff|roles|agents|engineers|reviewers|"
    r"positions|jobs|humans|hires|contractors)\b"
    r"|\bsmaller\s+(?:\w+\s+)?teams?\b|\bno\s+longer\s+need\w*|\bneed(?:s|ed)?\s+fewer\b"
    r"|\breduc\w*\s+the\s+(?:need|number)\s+(?:for|of)\b|\bredundant\b"
    r"|\ballow\w*\s+" + _W + r"{0,4}?to\s+(?:cut|reduce|eliminate|shed|consolidate|operate)\b"
    r"|\blet\w*\s+us\s+do\s+more\s+with\s+(?:less|fewer)"
    r"|\bconsolidat\w*\s+(?:the|its|our|their)\s+(?:\w+\s+)?(?:team|teams|roles|functions)\b"
    r"|\bcan\s+be\s+done\s+(?:with|by)\s+fewer\b"
    r"|\bleaner\s+(?:workforce|team|teams|organi[sz]ation|company|staff)\b"
    r"|\boperate\s+with\s+(?:fewer|less|a\s+leaner|a\s+smaller)\b"
    r"|\bno\s+longer\s+(?:needs?|needed|required)\s+to\s+(?:backfill|hire|replace)\b",
    re.IGNORECASE,
)
_SUBST_AFTER = re.compile(
    r"^[\s,]+(?:[\w'’-]+\W+){0,6}?(?:now\s+)?(?:handl\w+|resolv\w+|answer\w*|perform\w*|do|does|"
    r"fields|fielded|process(?:es|ed)|review(?:s|ed)|cover(?:s|ed)|"
    r"doing|take[sn]?\s+over|took\s+over|replac\w+|automat\w+|classif\w+|writ(?:e|es|ing)|"
    r"produc(?:e|es|ed|ing)|generat(?:e|es|ed|ing)|translat(?:e|es|ed|ing))\b",
    re.IGNORECASE,
)
_SUBST_BEFORE = re.compile(
    r"\b(?:replaced|substituted|taken\s+over|handled|done|performed)\s+(?:by|with)\s+" + _W + r"{0,3}?$"
    r"|\breplac\w+\s+" + _W + r"{0,6}?with\s+" + _W + r"{0,3}?$"
    r"|\bautomat\w+\s+" + _W + r"{0,10}?with\s+" + _W + r"{0,3}?$"
    r"|\bhanded\s+(?:over\s+)?to\s+" + _W + r"{0,3}?$",
    re.IGNORECASE,
)
_USE_TO = re.compile(
    r"^[\s,]+(?:[\w'’-]+\W+){0,3}?(?:to|that)\s+(?:now\s+)?(?:handle|resolve|answer|perform|do|"
    r"take\s+over|replace|automate|produce|create|write|translate|review|classify|verify|generate|"
    r"process|screen)\b",
    re.IGNORECASE,
)
_DEPLOY = re.compile(
    r"\b(?:deploy\w*|use|uses|using|used|adopt\w*|roll\w*\s+out|rolled\s+out|implement\w*|"
    r"integrat\w*|introduc\w*|launch\w*|automat\w*)\b",
    re.IGNORECASE,
)
_RESULT_START = re.compile(
    r"^[\"“]?(?:As\s+a\s+(?:result|consequence)|Consequently|Therefore|As\s+such|That\s+is\s+why|"
    r"This\s+means|Because\s+of\s+this|Accordingly)\b",
)

# --- the vetoes -------------------------------------------------------------------------------
_NEG_BEFORE = re.compile(
    r"\b(?:not|never|nothing|none|neither|nor|unrelated|isn['’]t|wasn['’]t|aren['’]t|weren['’]t|"
    r"don['’]t|doesn['’]t|didn['’]t|no(?!\s+longer))\b(?:\W+[\w'’-]+){0,7}?\W*$",
    re.IGNORECASE,
)
_NEG_AFTER = re.compile(
    r"^\W*(?:[\w'’-]+\W+){0,3}?(?:(?:was|is|were|are|has\s+been)\s+not\b|played\s+no\b|"
    r"(?:had|has)\s+nothing\b|did\s+not\s+play|not\s+a\s+factor)",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\bspeculat\w*|\bmay\s+have\b|\bmight\s+have\b|\bcould\s+have\b|\bunclear\s+whether\b|"
    r"\bit\s+is\s+(?:unclear|not\s+clear)\b|\brumou?r\w*|\breportedly\b|\bpeople\s+familiar\b|"
    r"\ballegedly\b|\blikely\s+driven\b|\bwhether\b|\bif\b|\b(?:fear|fears|feared|worr\w+|concern\w*)\s+(?:that\b)?|"
    r"\bsign\s+that\b|"
    r"\b(?:could|may|might|would)\s+(?:eventually|one\s+day|someday|potentially|in\s+(?:the\s+)?future)\b",
    re.IGNORECASE,
)
_MODAL_BEFORE = re.compile(r"\b(?:might|may|could)\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
_AI_MODAL = re.compile(r"^\W*(?:[\w'’-]+\W+){0,2}?(?:could|may|might)\b", re.IGNORECASE)
_THIRD_PARTY = re.compile(
    r"\b(?:an?|the|one)\s+(?:[\w-]+\s+){0,2}?(?:analyst|economist|professor|researcher|consultant|"
    r"union\s+representative|union\s+official|critic|investor|former\s+employee)\b"
    r"|\banalysts\s+(?:at|said|say|says|believe|noted|note|wrote|think)\b"
    r"|\b(?:some|many|several)\s+(?:employees|workers|staff|staffers)\b|\bwrote\s+on\s+(?:LinkedIn|X|social)\b"
    r"|\b(?:critics|observers|experts|commentators|former\s+employees|people\s+familiar|"
    r"according\s+to\s+(?:people|sources|a\s+person|analysts)|labou?r\s+unions?)\b",
    re.IGNORECASE,
)
_INVEST = re.compile(
    r"\b(?:invest\w*|fund\w*|priorit\w*|focus\w*|toward|towards|shift\w*|pour\w*|spend\w*|"
    r"bet\w*|hiring)\b(?:\W+[\w'’-]+){0,4}?\W*$",
    re.IGNORECASE,
)


def _ai_cues(sentence: str) -> list[re.Match[str]]:
    return list(AI_CUE.finditer(sentence))


def _vetoed(sentence: str, cue: re.Match[str]) -> bool:
    before, after = sentence[: cue.start()], sentence[cue.end():]
    if _NEG_BEFORE.search(before) or _NEG_AFTER.match(after):
        return True
    if _HEDGE.search(sentence) or _AI_MODAL.match(after) or _MODAL_BEFORE.search(before):
        return True
    return bool(_THIRD_PARTY.search(sentence))


def _links(sentence: str, cue: re.Match[str]) -> set[str]:
    before, after = sentence[: cue.start()], sentence[cue.end():]
    found = set()
    if _CAUSAL_BEFORE.search(before):
        found.add("causal")
    if _LESS_LABOUR.search(after):
        found.add("less_labour")
    if _SUBST_AFTER.match(after) or _SUBST_BEFORE.search(before) or _USE_TO.match(after):
        found.add("substitution")
    if found == {"causal"} and _INVEST.search(before):
        found.clear()  # "because of our investment in AI" is a reallocation, not a substitution
    return found


def attribute(text: str, company: str | None = None) -> Attribution:
    """Classify one announcement text; see the module docstring for the rules."""
    raw = text or ""
    masked = mask_ai_names(raw, company)
    spans = split_sentences(masked)
    sents = [masked[s:e] for s, e in spans]
    mentioned = any(_ai_cues(s) for s in sents)
    evidence: str | None = None
    if mentioned:
        cut = [bool(LAYOFF_RE.search(s)) or bool(_LESS_LABOUR.search(s)) for s in sents]
        for i, sentence in enumerate(sents):
            cues = _ai_cues(sentence)
            if not cues:
                continue
            for cue in cues:
                if _vetoed(sentence, cue):
                    continue
                links = _links(sentence, cue)
                near_cut = (i > 0 and cut[i - 1]) or (i + 1 < len(sents) and cut[i + 1])
                if links and (cut[i] or (links - {"causal"} and near_cut)):
                    evidence = raw[spans[i][0]:spans[i][1]]
                    break
            if evidence:
                break
            # "We deployed AI tools ... . As a result, we are eliminating 500 positions."
            if (i + 1 < len(sents) and _RESULT_START.match(sents[i + 1]) and LAYOFF_RE.search(sents[i + 1])
                    and _DEPLOY.search(sentence) and not any(_vetoed(sentence, c) for c in cues)):
                evidence = raw[spans[i][0]:spans[i + 1][1]]
                break
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
