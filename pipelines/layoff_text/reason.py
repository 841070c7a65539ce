"""The stated reason of a layoff: one of :data:`REASONS` (pure, no I/O).

``ai`` is decided by :func:`pipelines.layoff_text.attribution.attribute`; the others come from
cue words read in the **scope** of the cut and with **negation**:

- scope: every sentence that talks about the cut, the sentence before and the two after each, and every
  sentence that refers back to it ("the move", "the decision", "these changes", "this
  restructuring", "the layoffs"); the whole text when no sentence talks about a cut.
- negation: a cue under "not", "n't", "no", "nor", "never", "without", "rather than", "instead
  of" (up to six words before it, the negation not closed by "but") is dropped — "not a
  cost-cutting measure", "not about tariffs", "without a plant closing", "not financially driven".
- precedence: closure > economic > restructuring > other; ``unknown`` when nothing is stated.
"""

from __future__ import annotations

import re

from pipelines.layoff_text.cuts import LAYOFF_RE
from pipelines.layoff_text.text import split_sentences

__all__ = ["REASONS", "classify_reason", "reason_scope"]

REASONS: tuple[str, ...] = ("ai", "restructuring", "economic", "closure", "other", "unknown")

_FACILITY = (
    r"(?:office|offices|plant|plants|facility|facilities|factory|factories|hub|site|sites|stores?|studio|"
    r"cent(?:er|re)s?|warehouse|campus|operations|business|unit|division|location|locations|mill|mine|branch(?:es)?)"
)
_REASON_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "closure",
        re.compile(
            r"\b(?:shut(?:ting|s)?\s+down|shutter\w*|wind(?:ing|s)?\s+down|ceas\w+\s+(?:\w+\s+)?operations"
            r"|(?:clos\w+|shut\w*)\s+(?:down\s+)?(?:its|the|their|our|a|an|\d+|all|two|three|four|five)?\s*(?:[\w,.'’-]+\s+){0,5}?"
            + _FACILITY
            + r"\b"
            r"|go(?:ing)?\s+out\s+of\s+business|closure\s+of|plant\s+clos\w+)",
            re.IGNORECASE,
        ),
    ),
    (
        "economic",
        re.compile(
            r"\b(?:cost[- ]cutting|cut(?:ting)?\s+costs|reduc\w*\s+(?:\w+\s+){0,2}cost(?:s|\s+structure|\s+base)?"
            r"|cost\s+(?:reduction|savings|structure|pressures?|base)|lower(?:ing)?\s+costs|costly|rising\s+costs"
            r"|operating\s+(?:expenses|costs|margins?)|profitab\w*|unprofitable|(?<!job\s)(?:net\s+)?loss(?:es)?\b"
            r"|(?:lower|weak\w*|declin\w*|falling|fall\w*|slow\w*|soft\w*|decreas\w*|drop\w*|reduced)\s+(?:\w+\s+){0,2}?(?:demand|sales|revenue|orders|traffic|bookings|volumes?)"
            r"|(?:demand|sales|revenue|traffic|orders|bookings|growth)\b[^.;]{0,40}?\b(?:has\s+|have\s+)?(?:declin\w*|fell|fallen|f[ae]ll\w*|drop\w*|"
            r"slow\w*|weaken\w*|gone\s+down|went\s+down|decreas\w*|dried\s+up|shrunk|shrank)"
            r"|(?:decline|decrease|drop|fall|slump|plunge)\s+in\s+(?:\w+\s+){0,3}?(?:demand|sales|revenue|traffic|subscriptions|performance|orders|visitors|users)"
            r"|disappointing\s+sales|under\s+(?:financial\s+|cost\s+|margin\s+)?pressure"
            r"|downturn|recession|macro\w*|econom(?:y|ic)|interest\s+rates|inflation|hyperinflation\w*|market\s+conditions"
            r"|headwinds|tariffs?|financial\s+(?:pressure|performance|results|strain|distress|trouble)|financially\s+driven"
            r"|budget\s+(?:cuts|pressure)|over-?hir\w*|hired\s+too\s+(?:many|much|quickly|fast)|(?:grew|growing|grown|expanded)\s+too\s+(?:quickly|fast|much)"
            r"|pandemic[- ](?:era\s+)?(?:hiring|over-?hiring|growth)|covid\s+adjustment|order\s+cancellations|declining\s+production"
            r"|no\s+longer\s+competitive|traffic[- ]sensitiv\w*|traffic\s+drops|cash\s+(?:burn|runway)|spending\s+(?:cuts|slow\w*|pullback)"
            r"|(?:customer|consumer|client|advertis\w*|enterprise|IT)\s+spending|volatility"
            r"|funding\s+(?:\w+\s+)?(?:tighten\w*|dr(?:y|ied|ies)|cuts?|shortfall|squeeze)|grant\s+funding|slowdown)",
            re.IGNORECASE,
        ),
    ),
    (
        "restructuring",
        re.compile(
            r"\b(?:restructur\w*|reorg\w*|re-organi[sz]\w*|realign\w*|streamlin\w*|flatten\w*|flatter|layers?\s+of\s+management|"
            r"management\s+layers|(?:reduc\w*|remov\w*|fewer|cut\w*|strip\w*)\s+(?:\w+\s+)?layers|layers\s+of\s+decision|simpler|bureaucra\w*|misalign\w*|culture|cultural|priorit\w*|refocus\w*|focus(?:es|ed|ing)?\s+on|shift\w*\s+(?:\w+\s+)?"
            r"(?:resources|spending|focus|investment|priorities|toward|towards)|consolidat\w*|strategic|strategy|simplif\w*|free(?:ing)?\s+up|"
            r"reallocat\w*|redirect\w*|re-?invest\w*|invest\w*\s+in|more\s+funds\s+for|exit\w*|go-to-market|efficien\w*|decision-making|roadmap|"
            r"leaner|agil\w*|nimble|skill\s+mismatch|skill\s+gaps?|future-ready|transformation|reset|pivot\w*|optimi[sz]\w*|"
            r"organi[sz]ational\s+changes|business\s+optimization|productivity\s+plan)",
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            r"\b(?:acqui\w+|merger|overlapping|automat\w*|robot\w*|relocat\w*|outsourc\w*|"
            r"offshor\w*|regulat\w*|contract\s+(?:loss|ended|expired)|loss\s+of\s+(?:a\s+|the\s+)?contract|end\s+of\s+its\s+(?:partnership|contract)|"
            r"founders\s+(?:join|leave|left)|spin-?off|divest\w*|sale\s+of|move\s+its\s+headquarters)",
            re.IGNORECASE,
        ),
    ),
]
_NEGATOR = re.compile(
    r"(?:\b(?:not|no|nor|never|without|neither|rather\s+than|instead\s+of|despite|isn['’]t|wasn['’]t|aren['’]t|weren['’]t|"
    r"don['’]t|doesn['’]t|didn['’]t)\b|n['’]t\b)(?:\W+[\w'’-]+){0,8}?\W*$",
    re.IGNORECASE,
)
_ANAPHORA = re.compile(
    r"\b(?:the|this|that|these|those)\s+(?:[\w“”\"'-]+\s+){0,2}?[“\"'‘]?(?:move|decision|cuts|layoffs|reductions?|restructuring|"
    r"changes|plan|program(?:me)?|rebalance|reset|shift|job\s+cuts|measures?)\b",
    re.IGNORECASE,
)


def reason_scope(text: str) -> list[tuple[int, int]]:
    """The sentence spans read for the reason (see the module docstring)."""
    spans = split_sentences(text)
    cut = [i for i, (s, e) in enumerate(spans) if LAYOFF_RE.search(text[s:e])]
    if not cut:
        return spans
    keep = {j for i in cut for j in (i - 1, i, i + 1, i + 2) if 0 <= j < len(spans)}
    keep |= {i for i, (s, e) in enumerate(spans) if _ANAPHORA.search(text[s:e])}
    return [spans[i] for i in sorted(keep)]


def _negated(sentence: str, start: int) -> bool:
    m = _NEGATOR.search(sentence[:start])
    if not m:
        return False
    between = sentence[m.start() : start]
    return not re.search(r"\bbut\b|;", between, re.IGNORECASE)


def classify_reason(text: str, *, ai_attributed: bool = False) -> str:
    """One of :data:`REASONS` for a layoff text (see the module docstring)."""
    if ai_attributed:
        return "ai"
    scope = [text[s:e] for s, e in reason_scope(text or "")]
    for reason, rx in _REASON_CUES:
        for sentence in scope:
            if any(not _negated(sentence, m.start()) for m in rx.finditer(sentence)):
                return reason
    return "unknown"
