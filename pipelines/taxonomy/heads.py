"""The head coder: each distinct normalised head (the title proper) -> (SOC, O*NET-SOC, role,
level, confidence, rule, bare).

Order (docs/taxonomy.md, "The coder"): no occupational head ("Wild Card", "General
Application") -> abstain; curated role phrases (priority, then longest; excludes veto; a
generic head gives way to a specialist phrase; redirects); exact-only role titles; O*NET /
DMTF / ESCO verbatim lookup of the head, then of the head without its level words; else the
title classifier, whose answer must share the title's head noun; below its floor -> abstain.
The SOC code inside a curated role is decided later, once the role is final
(:mod:`.occupation`).
"""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from .classifier import _stem
from .matcher import Match, OnetMatcher
from .rules import Role, Rules
from .seniority import LEVEL_TOKENS, PURE_LEVEL, SeniorityReader, matches, sorted_longest

HEAD_SCHEMA = {
    "soc_code": pl.String,
    "onet_soc_code": pl.String,
    "h_role": pl.String,
    "h_level": pl.Int32,
    "h_conf": pl.Float64,
    "h_rule": pl.String,
    "h_bare": pl.Boolean,
}


MANAGER_OF_TEAM = r"^(.*?\b(?:manager|director|head|lead|leader|supervisor))(?: (?:our|the|a|an|my))? \S.* (?:team|teams|squad|group)$"
# level tokens of a base title (Roman / arabic levels, ladders) as one polars regex
LEVEL_TOKENS_POLARS = r"(?:^| )(?:(?:l|e|ic|p)\d{1,2}|level \d{1,2}|grade \d{1,2}|i|ii|iii|iv|v|[1-5])(?: |$)"


def _phrase(found: str) -> str:
    return found.strip().replace("  ", " ")


class HeadCoder:
    def __init__(self, rules: Rules, seniority: SeniorityReader, matcher: Callable[[], OnetMatcher]):
        self.rules = rules
        self.seniority = seniority
        self._matcher_of = matcher  # built lazily: a tagger that never needs it never loads it
        th = rules.thresholds
        self.th = th
        self.role_patterns = sorted_longest(list(rules.phrase_role) + list(rules.exclude_phrases))
        self.redirect_patterns = sorted_longest(rules.redirect_phrases)
        self.ai_patterns = sorted_longest(rules.ai_markers)
        self.non_title_patterns = sorted_longest(rules.non_titles)
        tech = {f for f, v in rules.families.items() if v.ai_class}
        self.tech_roles = {r.id for r in rules.roles.values() if r.family in tech}
        never = set(th.classifier_never_overrides_families)
        self.protected_roles = {r.id for r in rules.roles.values() if r.family in never}
        self._cache: dict[str, tuple] = {}
        self._clf_cache: dict[str, Match | None] = {}

    @property
    def matcher(self) -> OnetMatcher:
        return self._matcher_of()

    # ------------------------------------------------------------------ batch entry
    def code(self, heads: pl.DataFrame) -> pl.DataFrame:
        """heads: distinct ``head`` -> head, _ai and the columns of :data:`HEAD_SCHEMA`."""
        # a manager of a team is a manager: "Engineering Manager for our MLE team" is coded
        # as "engineering manager" (the team's name is not the title)
        frame = heads.with_columns(pl.col("head").str.replace(MANAGER_OF_TEAM, "$1").alias("_core"))
        frame = frame.with_columns(
            matches(pl.col("_core"), self.role_patterns).alias("_roles"),
            self.seniority.word_level("_core", strip_worker_suffix=True).alias("_lvl"),
            self.seniority.base_title("_core").alias("_base"),
            matches(pl.col("head"), self.ai_patterns).list.len().gt(0).alias("_ai"),
            matches(pl.col("_core"), self.redirect_patterns).alias("_redir"),
            matches(pl.col("head"), self.non_title_patterns).list.len().gt(0).alias("_none"),
        )
        out = []
        queue: list[int] = []
        rows = frame.select("_core", "_roles", "_lvl", "_base", "_redir", "_none").rows()
        for i, (head, found, lvl, base, redir, none) in enumerate(rows):
            rec = self._cache.get(head)
            if rec is None:
                level = self.seniority.head_level(head, int(lvl))
                if none:
                    rec = (None, None, "unknown", level, 0.0, "abstain:no_occupation", False)
                else:
                    rec = self.decide(head, found or [], level, base, redir or [])
                if rec is None:
                    queue.append(i)
                else:
                    self._cache[head] = rec
            out.append(rec)
        # the classifier last, on what no rule or lookup decided
        for i in queue:
            head, _, lvl, _, _, _ = rows[i]
            level = self.seniority.head_level(head, int(lvl))
            m = self.classify(head)
            if m is None or m.confidence < self.th.classifier_min_confidence:
                rec = (None, None, "unknown", level, m.confidence if m else 0.0, "abstain", False)
            else:
                rec = self.classifier_record(m, level)
            self._cache[head] = rec
            out[i] = rec
        coded = pl.DataFrame(out, schema=HEAD_SCHEMA, orient="row")
        base = frame.select(
            pl.col("_base").str.replace_all(LEVEL_TOKENS_POLARS, " ").str.replace_all(r"\s+", " ").str.strip_chars()
        )
        return pl.concat([frame.select("head", "_ai"), base, coded], how="horizontal")

    # ------------------------------------------------------------------ classifier
    def classify(self, head: str) -> Match | None:
        """The classifier's answer for a head, asked once per distinct question: plain level
        words are left out ("senior registered nurse 2" -> "registered nurse"), words that may
        change the occupation (manager, assistant, supervisor) stay. With
        ``classifier_head_noun_check`` the answer must be an occupation with a training title
        ending in the head's last word (its head noun): "data protection officer" is not asked
        to be a plant protection officer's sibling because of "protection" — the answer is the
        best occupation among those whose titles end in "officer"."""
        query = " ".join(w for w in head.split() if not PURE_LEVEL.fullmatch(w)) or head
        if query not in self._clf_cache:
            m = self.matcher.classify(query)
            noun = query.split()[-1]
            if m is not None and self.th.classifier_head_noun_check and noun in self.rules.head_nouns:
                socs = self.matcher.noun_socs.get(_stem(noun))
                if socs and m.onet_soc_code[:7] not in socs:
                    inside = self.matcher.classify_within(query, socs)
                    if inside is not None:
                        m = Match(inside.onet_soc_code, inside.confidence, f"H:{noun}")
            self._clf_cache[query] = m
        return self._clf_cache[query]

    def classifier_record(self, m: Match, level: int) -> tuple:
        code = m.onet_soc_code
        return (code[:7], code, self.onet_role(code), level, m.confidence, f"onet_clf:{m.matched_title}", False)

    def onet_role(self, onet_code: str) -> str:
        return self.rules.onet_roles.get(onet_code, "other")

    @staticmethod
    def pure_levels(head: str, base: str) -> bool:
        """Only plain level words (senior, II, L4 ...) separate ``head`` from ``base``."""
        extra = set(head.split()) - set(base.split())
        return all(PURE_LEVEL.fullmatch(w) for w in extra)

    # ------------------------------------------------------------------ one head
    def decide(self, head: str, found: list[str], level: int, base: str, redir: list[str]):
        """(soc, onet, role, level, confidence, rule, bare), or None: ask the classifier."""
        if not head:
            return (None, None, "unknown", -1, 0.0, "empty", False)
        base = " ".join(LEVEL_TOKENS.sub(" ", f" {base} ").split())
        rec = self._curated(head, found, level, base, redir)
        if rec is not None:
            return rec
        rules = self.rules
        if base in rules.exact_titles:
            role = rules.roles[rules.exact_titles[base]]
            return (role.soc, role.onet, role.id, level, 0.9, f"exact:{role.id}:{base}", False)
        if not base:  # only level words ("Manager", "Senior Director"): the tail decides
            return (None, None, "unknown", level, 0.0, "bare_level", True)
        code = self.matcher.lookup(head)
        if code:
            return (code[:7], code, self.onet_role(code), level, 0.95, "exact:onet", False)
        code = self.matcher.lookup(base)
        if code:
            # O*NET knows the title without its level words ("Cleaning" in "Cleaning
            # Supervisor"): those words may change the occupation (first-line supervisors,
            # assistants, managers), so the classifier on the whole title decides when it is
            # confident and disagrees; plain levels ("Senior Welder II") cannot
            m = None if self.pure_levels(head, base) else self.classify(head)
            if (
                m is not None
                and m.onet_soc_code[:7] != code[:7]
                and m.confidence >= self.th.classifier_over_base_lookup
            ):
                return self.classifier_record(m, level)
            return (code[:7], code, self.onet_role(code), level, 0.9, "exact:onet_base", False)
        return None

    def _curated(self, head: str, found: list[str], level: int, base: str, redir: list[str]):
        """The curated role of a head's phrases, or None when no phrase of a role is in it."""
        rules = self.rules
        vetoed: set[str] = set()
        cands: list[tuple[int, int, str, str]] = []
        for ph in found:
            p = _phrase(ph)
            if p in rules.exclude_phrases:
                vetoed |= rules.exclude_phrases[p]
            if p in rules.phrase_role:
                role_id, prio = rules.phrase_role[p]
                cands.append((prio, len(p), role_id, p))
        cands = sorted((c for c in cands if c[2] not in vetoed), reverse=True)
        if not cands:
            return None
        _, _, role_id, phrase = cands[0]
        # a generic head with a specialist phrase ("machine learning software engineer")
        if role_id in rules.upgradeable:
            spec = [c for c in cands[1:] if rules.roles[c[2]].tail_upgrade and c[2] != role_id]
            if spec:
                _, _, role_id, phrase = spec[0]
        role = rules.roles[role_id]
        for rp in redir:
            target = role.redirect.get(_phrase(rp))
            if target:
                t = rules.roles[target]
                return (t.soc, t.onet, t.id, level, 0.9, f"redirect:{role_id}->{t.id}:{rp.strip()}", False)
        exact = phrase == base
        if not exact and base:
            over = self._pattern_vs_onet(head, base, role, phrase, level)
            if over is not None:
                return over
        kind = "exact" if exact else "pattern"
        return (role.soc, role.onet, role.id, level, 1.0 if exact else 0.9, f"{kind}:{role.id}:{phrase}", False)

    def _pattern_vs_onet(self, head: str, base: str, role: Role, phrase: str, level: int):
        """A curated role phrase inside a longer title ("Circuit Court Clerk"): O*NET's
        verbatim title, else the title classifier, may say the title is an occupation of
        another SOC major group. Then the title is not that role: O*NET's occupation decides,
        with the curated role of that occupation if it has one. An occupation of the role's own
        major group that has a curated role of its own takes that role ("Cyber Tester":
        penetration testers, not QA). Returns that decision, or None to keep the curated role
        (its occupation is then decided among the ones it lists, :mod:`.occupation`)."""
        generic = " " not in phrase
        code = self.matcher.lookup(base)
        if code is not None:
            if code[:7] in role.occupations or code[:2] == role.soc[:2] or not generic:
                return None
            return (code[:7], code, self.onet_role(code), level, 0.95, f"onet_over_generic:{role.id}:{phrase}", False)
        if role.id in self.protected_roles:
            return None
        tech = role.id in self.tech_roles
        need = self.th.classifier_over_generic_phrase if generic else self.th.classifier_over_role_phrase
        if tech:
            # a tech role's word ("Developer") needs a surer classifier: O*NET's own titles
            # of other major groups ("Film Developer") are in the lookup above
            need = max(need, self.th.classifier_over_tech_phrase)
        sibling = self.th.classifier_refines_role_code if (generic or not tech) else 9.0
        if min(need, sibling) > 1.0:
            return None  # nothing the classifier says could change the decision: not asked
        m = self.classify(head)
        if m is None or m.onet_soc_code[:7] in role.occupations:
            return None
        c = m.onet_soc_code
        if c[:2] != role.soc[:2]:
            if m.confidence >= need:
                return (
                    c[:7],
                    c,
                    self.onet_role(c),
                    level,
                    m.confidence,
                    f"onet_over_pattern:{role.id}:{phrase}:{m.matched_title}",
                    False,
                )
            return None
        other = self.rules.onet_roles.get(c)
        if other and other != role.id and m.confidence >= sibling:
            return (c[:7], c, other, level, 0.9, f"pattern:{role.id}:{phrase}+clf", False)
        return None
