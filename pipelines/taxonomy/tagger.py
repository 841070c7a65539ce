"""The title coder: normalise -> seniority -> role patterns -> exact lookup -> O*NET title classifier (naive Bayes + neighbours) -> abstain.

Work is done on DISTINCT values only: raw titles are normalised in polars (two stages, see
:mod:`.normalize`) into ``head`` (the title proper) and ``tail`` (team / location /
specialisation). Distinct heads are coded once (role, SOC, seniority, rule), distinct tails
once (specialist role, redirects, seniority and AI markers), and the pair is combined with
polars expressions before joining back onto the input rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import polars as pl

from ..schemas import EXPOSURE_CLASSES, SENIORITY_LEVELS, TAG_COLUMNS
from .normalize import (
    _clean_words,
    _double_spaces,
    _padded,
    normalize_pairs,
    row_key,
)
from .reference import OnetMatcher, load_rules, load_table, onet_matcher

SOC_MAJOR_FAMILY = {
    "11": "management",
    "13": "business_financial",
    "15": "computer_math",
    "17": "architecture_engineering",
    "19": "science",
    "21": "community_social",
    "23": "legal",
    "25": "education",
    "27": "arts_media",
    "29": "healthcare_practitioners",
    "31": "healthcare_support",
    "33": "protective_service",
    "35": "food_service",
    "37": "building_grounds",
    "39": "personal_care",
    "41": "sales_related",
    "43": "office_admin",
    "45": "farming_fishing",
    "47": "construction_extraction",
    "49": "installation_repair",
    "51": "production",
    "53": "transportation",
    "55": "military",
}


def _clean_phrase(phrases: list[str]) -> list[str]:
    """Normalise rule phrases exactly like titles (abbreviations, stop words)."""
    if not phrases:
        return []
    out = (
        pl.DataFrame({"p": [str(p) for p in phrases]})
        .select(_clean_words(pl.col("p")).alias("p"))["p"]
        .to_list()
    )
    return out


@dataclass
class Role:
    id: str
    family: str
    soc: str
    onet: str | None
    priority: int
    exposure_class: str
    entry_class: str | None
    senior_class: str | None
    ai_class: str | None
    tail_upgrade: bool
    patterns: list[str]
    exclude: list[str]
    redirect: dict[str, str]
    rationale: str
    titles: list[str] = field(default_factory=list)
    ai_role: str | None = None
    manager_role: str | None = None


@dataclass
class Rules:
    version: str
    roles: dict[str, Role]
    phrase_role: dict[str, tuple[str, int]] = field(
        default_factory=dict
    )  # phrase -> (role, priority)
    exact_titles: dict[str, str] = field(
        default_factory=dict
    )  # whole-title phrase -> role
    exclude_phrases: dict[str, set[str]] = field(
        default_factory=dict
    )  # phrase -> vetoed roles
    redirect_phrases: list[str] = field(default_factory=list)
    seniority_phrase: dict[str, int] = field(
        default_factory=dict
    )  # phrase -> level index, -1 none
    ai_markers: list[str] = field(default_factory=list)
    upgradeable: set[str] = field(default_factory=set)
    raw: dict = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, raw: dict, extra_copies: int = 0) -> Rules:
        fams = raw.get("families", {})
        roles: dict[str, Role] = {}
        for r in raw["roles"]:
            fam_ai = (fams.get(r["family"]) or {}).get("ai_class")
            roles[r["id"]] = Role(
                id=r["id"],
                family=r["family"],
                soc=r["soc"],
                onet=r.get("onet"),
                priority=int(r.get("priority", 50)),
                exposure_class=r["exposure_class"],
                entry_class=r.get("entry_class"),
                senior_class=r.get("senior_class"),
                ai_class=r.get("ai_class", fam_ai),
                tail_upgrade=bool(r.get("tail_upgrade")),
                patterns=_clean_phrase(r["patterns"]),
                exclude=_clean_phrase(r.get("exclude", [])),
                redirect=dict(
                    zip(
                        _clean_phrase(list(r.get("redirect", {}))),
                        r.get("redirect", {}).values(),
                        strict=True,
                    )
                ),
                rationale=r.get("rationale", ""),
                titles=_clean_phrase(r.get("titles", [])),
                ai_role=r.get("ai_role"),
                manager_role=r.get("manager_role"),
            )
        rules = cls(version=str(raw.get("version", "0")), roles=roles, raw=raw)
        for role in roles.values():
            for p in role.titles:
                rules.exact_titles.setdefault(p, role.id)
            for p in role.patterns:
                cur = rules.phrase_role.get(p)
                if p and (cur is None or cur[1] < role.priority):
                    rules.phrase_role[p] = (role.id, role.priority)
            for p in role.exclude:
                rules.exclude_phrases.setdefault(p, set()).add(role.id)
            rules.redirect_phrases.extend(role.redirect)
        # benchmark knob: synthetic extra rules that never match (cost of a bigger rule set)
        originals = list(rules.phrase_role.items())
        for i in range(extra_copies):
            for p, target in originals:
                rules.phrase_role[f"zzq{i} {p}"] = target
        sen = raw["seniority"]
        levels = list(SENIORITY_LEVELS)
        for p in _clean_phrase(sen["not_levels"]):
            rules.seniority_phrase[p] = -1
        for level, phrases in sen["phrases"].items():
            for p in _clean_phrase(phrases):
                rules.seniority_phrase.setdefault(p, levels.index(level))
        for level, phrases in sen.get("level_phrases", {}).items():
            for p in _clean_phrase(phrases):
                rules.seniority_phrase[p] = levels.index(level)
        rules.ai_markers = sorted(set(_clean_phrase(raw["ai_markers"])))
        rules.upgradeable = set(raw.get("upgradeable_roles", []))
        return rules

    def precedence(self) -> list[int]:
        """level index -> rank (higher wins)."""
        order = self.raw["seniority"]["precedence"]
        levels = list(SENIORITY_LEVELS)
        rank = [0] * len(levels)
        for i, name in enumerate(reversed(order)):
            rank[levels.index(name)] = i + 1
        return rank


def _sorted_longest(phrases) -> list[str]:
    return sorted({_padded(p) for p in phrases if p}, key=lambda p: (-len(p), p))


_LADDER = re.compile(r"(?:^| )(l|e|ic)(\d{1,2})(?= |$)")
# level words that never change the occupation ("Senior Welder II" is a welder); others
# stripped with the levels may ("Welder Supervisor", "Chiropractor Assistant")
_PURE_LEVEL = re.compile(
    r"(?:senior|junior|lead|staff|principal|mid|intern|entry|level|grade|"
    r"(?:l|e|ic|p)?\d{1,2}|i|ii|iii|iv|v)"
)
_LEVEL_TOKENS = re.compile(
    r"(?<= )(?:(?:l|e|ic|p)\d{1,2}|level \d{1,2}|grade \d{1,2}|i|ii|iii|iv|v|[1-5])(?= |$)"
)


class Tagger:
    def __init__(self, rules: Rules | None = None, matcher: OnetMatcher | None = None):
        self.rules = rules or Rules.from_yaml(load_rules())
        self._matcher = matcher
        raw = self.rules.raw
        self.levels = list(SENIORITY_LEVELS)
        self.rank = self.rules.precedence()
        num = raw["seniority"]["numeric"]
        self.roman = {k: self.levels.index(v) for k, v in num["roman"].items()}
        self.digits = {k: self.levels.index(v) for k, v in num["digits"].items()}
        self.ladder_l = {k: self.levels.index(v) for k, v in num["ladder_L"].items()}
        self.ladder_ic = {k: self.levels.index(v) for k, v in num["ladder_IC"].items()}
        self.role_patterns = _sorted_longest(
            list(self.rules.phrase_role) + list(self.rules.exclude_phrases)
        )
        self.redirect_patterns = _sorted_longest(self.rules.redirect_phrases)
        self.sen_patterns = _sorted_longest(self.rules.seniority_phrase)
        self.ai_patterns = _sorted_longest(self.rules.ai_markers)
        self.strip_levels = {
            _padded(p): (_padded(p) if lvl < 0 else " ")
            for p, lvl in self.rules.seniority_phrase.items()
        }
        self.strip_levels = dict(
            sorted(self.strip_levels.items(), key=lambda kv: (-len(kv[0]), kv[0]))
        )
        self.exposure = load_table("exposure").select("soc_code", "exposure_score")
        self.score = dict(
            zip(self.exposure["soc_code"], self.exposure["exposure_score"], strict=True)
        )
        occ = load_table("onet_occupations")
        self.job_zone = dict(zip(occ["onet_soc_code"], occ["job_zone"], strict=True))
        er = raw["exposure_rules"]
        self.fallback = er["fallback"]
        self.classifier_min = float(raw["thresholds"]["classifier_min_confidence"])
        self.onet_roles = raw.get("onet_roles", {})
        th = raw["thresholds"]
        # defaults = the shipped roles.yaml (a rules file written before these keys existed)
        self.clf_over_base = float(th.get("classifier_over_base_lookup", 0.2))
        self.clf_over_generic = float(th.get("classifier_over_generic_phrase", 0.2))
        self.clf_over_pattern = float(th.get("classifier_over_role_phrase", 1.01))
        self.clf_refine = float(th.get("classifier_refines_role_code", 0.2))
        self.clf_over_tech = float(th.get("classifier_over_tech_phrase", 0.5))
        self.tail_over_classifier = float(th.get("tail_role_over_classifier_below", 0.5))
        tech = {f for f, v in (raw.get("families") or {}).items() if (v or {}).get("ai_class")}
        self.tech_roles = {r.id for r in self.rules.roles.values() if r.family in tech}
        never = set(th.get("classifier_never_overrides_families", []))
        self.protected_roles = {r.id for r in self.rules.roles.values() if r.family in never}
        self._head_cache: dict[str, tuple] = {}
        self._clf_cache: dict[str, object] = {}

    @property
    def matcher(self) -> OnetMatcher:
        if self._matcher is None:
            self._matcher = onet_matcher(True)
        return self._matcher

    # ------------------------------------------------------------------ vectorised matching
    def _matches(self, expr: pl.Expr, patterns: list[str]) -> pl.Expr:
        return _double_spaces(expr).str.extract_many(patterns, leftmost=True)

    def _levels(self, col: str, strip_worker_suffix: bool = False) -> pl.Expr:
        """Best word-marker seniority (level index, -1 none) of a normalised string column.

        "X Associate" (a worker title: Warehouse Associate) is not a level; "Associate X" is."""
        expr = pl.col(col)
        if strip_worker_suffix:
            expr = expr.str.replace(r"(\S) associates?$", "$1")
        mapping = {
            k: v
            for k, v in (
                (_padded(p), lvl) for p, lvl in self.rules.seniority_phrase.items()
            )
        }
        ranked = {
            p: (self.rank[lvl] * 100 + lvl if lvl >= 0 else -1)
            for p, lvl in mapping.items()
        }
        best = (
            self._matches(expr, self.sen_patterns)
            .list.eval(
                pl.element().replace_strict(ranked, default=-1, return_dtype=pl.Int32)
            )
            .list.max()
        )
        return pl.when(best >= 0).then(best % 100).otherwise(-1).fill_null(-1)

    def _numeric_level(self, head: str) -> int:
        toks = head.split()
        for i, t in enumerate(toks):
            m = re.fullmatch(r"(l|e|ic|level|grade|p)(\d{1,2})", t)
            if m:
                table = self.ladder_ic if m.group(1) in ("ic", "p") else self.ladder_l
                if m.group(1) in ("level", "grade"):
                    table = self.digits
                if m.group(2) in table:
                    return table[m.group(2)]
            if (
                t in ("level", "grade", "l", "ic")
                and i + 1 < len(toks)
                and toks[i + 1] in self.digits
            ):
                return (self.ladder_l if t == "l" else self.digits)[toks[i + 1]]
        if len(toks) >= 2:
            last = toks[-1]
            if last in self.roman:
                return self.roman[last]
            if last in self.digits and toks[-2] not in ("tier", "level", "grade"):
                return self.digits[last]
        return -1

    # ------------------------------------------------------------------ distinct heads
    def _code_heads(self, heads: pl.DataFrame) -> pl.DataFrame:
        frame = heads.with_columns(
            self._matches(pl.col("head"), self.role_patterns).alias("_roles"),
            self._levels("head", strip_worker_suffix=True).alias("_lvl"),
            _double_spaces(pl.col("head"))
            .str.replace_many(self.strip_levels, leftmost=True)
            .str.replace_all(r"\s+", " ")
            .str.strip_chars()
            .alias("_base"),
            self._matches(pl.col("head"), self.ai_patterns)
            .list.len()
            .gt(0)
            .alias("_ai"),
            self._matches(pl.col("head"), self.redirect_patterns).alias("_redir"),
        )
        out = []
        fuzzy_queue: list[int] = []
        rows = frame.select("head", "_roles", "_lvl", "_base", "_redir").rows()
        for i, (head, found, lvl, base, redir) in enumerate(rows):
            cached = self._head_cache.get(head)
            if cached is not None:
                out.append(cached)
                continue
            rec = self._decide_head(head, found or [], int(lvl), base, redir or [])
            if rec is None:
                fuzzy_queue.append(i)
                out.append(None)
            else:
                self._head_cache[head] = rec
                out.append(rec)
        for i in fuzzy_queue:
            head, found, lvl, base, _ = rows[i]
            level = self._final_head_level(head, int(lvl))
            m = self._classify(head)
            if m is None or m.confidence < self.classifier_min:
                rec = (
                    None,
                    None,
                    "unknown",
                    level,
                    m.confidence if m else 0.0,
                    "abstain",
                    False,
                )
            else:
                rec = self._classifier_record(m, level)
            self._head_cache[head] = rec
            out[i] = rec
        schema = {
            "soc_code": pl.String,
            "onet_soc_code": pl.String,
            "h_role": pl.String,
            "h_level": pl.Int32,
            "h_conf": pl.Float64,
            "h_rule": pl.String,
            "h_bare": pl.Boolean,
        }
        coded = pl.DataFrame(out, schema=schema, orient="row")
        return pl.concat([frame.select("head", "_ai"), coded], how="horizontal")

    def _final_head_level(self, head: str, lvl: int) -> int:
        if lvl < 0:
            lvl = self._numeric_level(head)
        return lvl

    @staticmethod
    def _pure_levels(head: str, base: str) -> bool:
        """Only plain level words (senior, II, L4 ...) separate ``head`` from ``base``."""
        extra = set(head.split()) - set(base.split())
        return all(_PURE_LEVEL.fullmatch(w) for w in extra)

    def _classify(self, head: str):
        """The O*NET classifier's answer for a head, asked once per distinct question: plain
        level words are left out ("senior registered nurse 2" -> "registered nurse", "intern
        office manager l5" -> "office manager"), so the variants of a title share one answer;
        words that may change the occupation (manager, assistant, supervisor) stay."""
        query = " ".join(w for w in head.split() if not _PURE_LEVEL.fullmatch(w)) or head
        if query not in self._clf_cache:
            self._clf_cache[query] = self.matcher.classify(query)
        return self._clf_cache[query]

    def _classifier_record(self, m, level: int) -> tuple:
        """A head coded by the O*NET classifier's answer ``m``."""
        code = m.onet_soc_code
        return (code[:7], code, self._onet_role(code), level, m.confidence, f"onet_clf:{m.matched_title}", False)

    def _onet_role(self, onet_code: str) -> str:
        return self.onet_roles.get(onet_code, "other")

    def _decide_head(
        self, head: str, found: list[str], lvl: int, base: str, redir: list[str]
    ):
        """(soc, onet, role, level, confidence, rule, bare) or None to queue for fuzzy."""
        level = self._final_head_level(head, lvl)
        if not head:
            return (None, None, "unknown", -1, 0.0, "empty", False)
        rules = self.rules
        base = _LEVEL_TOKENS.sub(" ", f" {base} ").strip()
        base = " ".join(base.split())
        vetoed: set[str] = set()
        cands: list[tuple[int, int, str, str]] = []
        for ph in found:
            p = ph.strip().replace("  ", " ")
            if p in rules.exclude_phrases:
                vetoed |= rules.exclude_phrases[p]
            if p in rules.phrase_role:
                role, prio = rules.phrase_role[p]
                cands.append((prio, len(p), role, p))
        cands = [c for c in cands if c[2] not in vetoed]
        if cands:
            cands.sort(reverse=True)
            prio, _, role_id, phrase = cands[0]
            role = rules.roles[role_id]
            # a generic head with a specialist phrase ("machine learning software engineer")
            if role_id in rules.upgradeable:
                spec = [
                    c
                    for c in cands[1:]
                    if rules.roles[c[2]].tail_upgrade and c[2] != role_id
                ]
                if spec:
                    prio, _, role_id, phrase = spec[0]
                    role = rules.roles[role_id]
            for rp in redir:
                target = role.redirect.get(rp.strip().replace("  ", " "))
                if target:
                    t = rules.roles[target]
                    return (
                        t.soc,
                        t.onet,
                        t.id,
                        level,
                        0.9,
                        f"redirect:{role_id}->{t.id}:{rp.strip()}",
                        False,
                    )
            exact = phrase == base
            if not exact and base:
                over = self._pattern_vs_onet(head, base, role, phrase, level)
                if over is not None:
                    return over
            return (
                role.soc,
                role.onet,
                role.id,
                level,
                1.0 if exact else 0.9,
                f"{'exact' if exact else 'pattern'}:{role.id}:{phrase}",
                False,
            )
        if base in rules.exact_titles:
            role = rules.roles[rules.exact_titles[base]]
            return (
                role.soc,
                role.onet,
                role.id,
                level,
                0.9,
                f"exact:{role.id}:{base}",
                False,
            )
        if (
            not base
        ):  # only level words ("Manager", "Senior Director"): the tail decides
            return (None, None, "unknown", level, 0.0, "bare_level", True)
        code = self.matcher.lookup(head)
        if code:
            return (code[:7], code, self._onet_role(code), level, 0.95, "exact:onet", False)
        code = self.matcher.lookup(base)
        if code:
            # O*NET knows the title without its level words ("Cleaning" in "Cleaning
            # Supervisor"): those words may change the occupation (first-line supervisors,
            # assistants, managers), so the classifier on the whole title decides when it is
            # confident and disagrees; plain levels ("Senior Welder II") cannot
            m = None if self._pure_levels(head, base) else self._classify(head)
            if m is not None and m.onet_soc_code[:7] != code[:7] and m.confidence >= self.clf_over_base:
                return self._classifier_record(m, level)
            return (code[:7], code, self._onet_role(code), level, 0.9, "exact:onet_base", False)
        return None

    def _pattern_vs_onet(self, head: str, base: str, role, phrase: str, level: int):
        """A curated role phrase inside a longer title ("Circuit Court Clerk", "Computer
        Systems Analyst"): O*NET's verbatim title, else the title classifier, may know the
        occupation better. Returns the decision, or None to keep the curated role and code."""
        generic = " " not in phrase
        code = self.matcher.lookup(base)
        if code is not None:
            if code[:2] == role.soc[:2]:
                # same major group: keep the role, take O*NET's (more specific) occupation
                return (code[:7], code, role.id, level, 0.9, f"pattern:{role.id}:{phrase}+onet", False)
            if generic:
                return (code[:7], code, self._onet_role(code), level, 0.95,
                        f"onet_over_generic:{role.id}:{phrase}", False)
            return None
        if role.id in self.protected_roles:
            return None
        tech = role.id in self.tech_roles
        need = self.clf_over_generic if generic else self.clf_over_pattern
        if tech:
            # a tech role's word ("Developer") needs a surer classifier: O*NET's own titles
            # of other major groups ("Film Developer") are in the lookup above
            need = max(need, self.clf_over_tech)
        can_refine = self.clf_refine <= 1.0 and (generic or not tech)
        if need > 1.0 and not can_refine:
            return None  # nothing the classifier says could change the decision: not asked
        m = self._classify(head)
        if m is None:
            return None
        c = m.onet_soc_code
        if c[:2] != role.soc[:2]:
            if m.confidence >= need:
                return (c[:7], c, self._onet_role(c), level, m.confidence,
                        f"onet_over_pattern:{role.id}:{phrase}:{m.matched_title}", False)
            return None
        if can_refine and c[:7] != role.soc and m.confidence >= self.clf_refine:
            # same major group: the SOC code is refined (not for a multi-word phrase of a tech
            # family, "Frontend Developer"), and an occupation with a curated role of its own
            # ("Cyber Tester": penetration testers, not QA) takes that role
            rid = self.onet_roles.get(c, role.id)
            return (c[:7], c, rid, level, 0.9, f"pattern:{role.id}:{phrase}+clf", False)
        return None

    # ------------------------------------------------------------------ distinct tails
    def _code_tails(self, tails: pl.DataFrame) -> pl.DataFrame:
        rules = self.rules
        frame = tails.with_columns(
            self._matches(pl.col("tail"), self.role_patterns).alias("_roles"),
            self._levels("tail").alias("t_level"),
            self._matches(pl.col("tail"), self.ai_patterns)
            .list.len()
            .gt(0)
            .alias("t_ai"),
            self._matches(pl.col("tail"), self.redirect_patterns).alias("_redir"),
        )
        redirect_roles = [r for r in rules.roles.values() if r.redirect]
        spec, any_role, redirects = [], [], {r.id: [] for r in redirect_roles}
        titled = []  # the tail's role when a whole role title names it ("software engineer")
        for found, redir in frame.select("_roles", "_redir").rows():
            best_spec = best_any = None
            best_phrase = ""
            for ph in found or []:
                p = ph.strip().replace("  ", " ")
                if p in rules.phrase_role:
                    role, prio = rules.phrase_role[p]
                    key = (prio, len(p), role)
                    if best_any is None or key > best_any:
                        best_any, best_phrase = key, p
                    if rules.roles[role].tail_upgrade and (
                        best_spec is None or key > best_spec
                    ):
                        best_spec = key
            spec.append(best_spec[2] if best_spec else None)
            any_role.append(best_any[2] if best_any else None)
            titled.append(best_any[2] if best_any and " " in best_phrase else None)
            rps = [p.strip().replace("  ", " ") for p in (redir or [])]
            for r in redirect_roles:
                redirects[r.id].append(
                    next((r.redirect[p] for p in rps if p in r.redirect), None)
                )
        ladder = []
        for tail in frame["tail"].to_list():
            m = _LADDER.search(tail or "")
            if m:
                table = self.ladder_ic if m.group(1) == "ic" else self.ladder_l
                # "L1/L2" in a tail is usually a support tier, not a career ladder
                ladder.append(
                    table.get(m.group(2), -1)
                    if m.group(1) == "ic" or int(m.group(2)) >= 3
                    else -1
                )
            else:
                ladder.append(-1)
        frame = frame.with_columns(
            pl.when(pl.col("t_level") >= 0)
            .then(pl.col("t_level"))
            .otherwise(pl.Series(ladder, dtype=pl.Int32))
            .alias("t_level")
        )
        return frame.select("tail", "t_level", "t_ai").with_columns(
            pl.Series("t_spec", spec, dtype=pl.String),
            pl.Series("t_role", any_role, dtype=pl.String),
            pl.Series("t_title", titled, dtype=pl.String),
            *[
                pl.Series(f"t_redir_{k}", v, dtype=pl.String)
                for k, v in redirects.items()
            ],
        )

    # ------------------------------------------------------------------ role table
    @lru_cache(maxsize=1)  # noqa: B019 - one tagger per rule set
    def role_table(self) -> pl.DataFrame:
        rows = [
            (
                r.id,
                r.family,
                r.soc,
                r.onet,
                r.exposure_class,
                r.entry_class,
                r.senior_class,
                r.ai_class,
            )
            for r in self.rules.roles.values()
        ]
        return pl.DataFrame(
            rows,
            orient="row",
            schema=[
                "role",
                "r_family",
                "r_soc",
                "r_onet",
                "c_default",
                "c_entry",
                "c_senior",
                "c_ai",
            ],
        )

    # ------------------------------------------------------------------ main entry
    def tag_distinct(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """pairs: distinct (head, tail) -> the tag columns."""
        heads = self._code_heads(pairs.select("head").unique())
        tails = self._code_tails(pairs.select("tail").unique())
        rules = self.rules
        # one lazy query from here: the shared sub-expressions (redirect, bare, upgrade) are
        # evaluated once (eager polars has no common-subexpression elimination). Collected on
        # the in-memory engine: on a few thousand pairs the default streaming engine costs
        # more than it gains
        df = (
            pairs.lazy()
            .join(heads.lazy(), on="head", how="left")
            .join(tails.lazy(), on="tail", how="left")
        )
        upg = (
            pl.col("h_role").is_in(list(rules.upgradeable))
            & pl.col("t_spec").is_not_null()
        )
        redirect = pl.lit(None, dtype=pl.String)
        for r in rules.roles.values():
            if r.redirect:
                redirect = (
                    pl.when(pl.col("h_role") == r.id)
                    .then(pl.col(f"t_redir_{r.id}"))
                    .otherwise(redirect)
                )
        bare = pl.col("h_bare") & pl.col("t_role").is_not_null()
        # a head only the O*NET classifier could code, unsurely (or not at all), beside a
        # curated role title in the tail: "Code Wrangler (Software Engineer)", "Ninja Rockstar
        # - Backend Engineer" (a department word is not enough:
        # "Pastry Baker Helper, Marketing")
        clf_head = (
            (pl.col("h_rule").str.starts_with("onet_clf:") | (pl.col("h_rule") == "abstain"))
            & (pl.col("h_conf") < self.tail_over_classifier)
            & pl.col("t_title").is_not_null()
        )
        bare = bare | clf_head
        role = (
            pl.when(bare)
            .then(pl.col("t_role"))
            .when(upg)
            .then(pl.col("t_spec"))
            .when(redirect.is_not_null())
            .then(redirect)
            .otherwise(pl.col("h_role"))
        )
        rule = (
            pl.when(bare)
            .then(pl.concat_str(pl.lit("tail:"), pl.col("t_role")))
            .when(upg)
            .then(
                pl.concat_str(
                    pl.lit("tail_upgrade:"),
                    pl.col("h_role"),
                    pl.lit("->"),
                    pl.col("t_spec"),
                )
            )
            .when(redirect.is_not_null())
            .then(
                pl.concat_str(
                    pl.lit("redirect:"), pl.col("h_role"), pl.lit("->"), redirect
                )
            )
            .when(pl.col("h_bare"))
            .then(pl.lit("abstain"))
            .otherwise(pl.col("h_rule"))
        )
        conf = (
            pl.when(bare)
            .then(0.8)
            .when(upg)
            .then(0.85)
            .when(redirect.is_not_null())
            .then(0.85)
            .otherwise(pl.col("h_conf"))
        )
        # seniority: best-precedence of head level and tail word markers; IC default mid
        hl, tl = pl.col("h_level").fill_null(-1), pl.col("t_level").fill_null(-1)
        hr = (
            pl.when(hl >= 0)
            .then(hl.replace_strict(dict(enumerate(self.rank)), default=0))
            .otherwise(0)
        )
        tr = (
            pl.when(tl >= 0)
            .then(tl.replace_strict(dict(enumerate(self.rank)), default=0))
            .otherwise(0)
        )
        level = pl.when(hr >= tr).then(hl).otherwise(tl)
        seniority = (
            pl.when(level >= 0)
            .then(
                level.replace_strict(
                    dict(enumerate(self.levels)), default=None, return_dtype=pl.String
                )
            )
            .otherwise(pl.lit("mid"))
        )
        df = df.with_columns(
            role.alias("role"),
            rule.alias("tag_rule"),
            conf.alias("tag_confidence"),
            seniority.alias("seniority"),
            (pl.col("_ai") | pl.col("t_ai").fill_null(False)).alias("_is_ai"),
        ).with_columns(
            pl.when(pl.col("h_rule") == "empty")
            .then(None)
            .otherwise(pl.col("seniority"))
            .alias("seniority")
        )
        mgr_roles = {
            r.id: r.manager_role for r in rules.roles.values() if r.manager_role
        }
        to_mgr = (
            bare
            & pl.col("role").is_in(list(mgr_roles))
            & pl.col("seniority").is_in(["manager", "director", "executive"])
        )
        df = df.with_columns(
            pl.when(to_mgr)
            .then(
                pl.col("role").replace_strict(
                    mgr_roles, default=None, return_dtype=pl.String
                )
            )
            .otherwise(pl.col("role"))
            .alias("role"),
        )
        ai_roles = {r.id: r.ai_role for r in rules.roles.values() if r.ai_role}
        to_ai = pl.col("_is_ai") & pl.col("role").is_in(list(ai_roles))
        df = df.with_columns(
            pl.when(to_ai)
            .then(pl.concat_str(pl.col("tag_rule"), pl.lit("+ai_role")))
            .otherwise(pl.col("tag_rule"))
            .alias("tag_rule"),
            pl.when(to_ai)
            .then(
                pl.col("role").replace_strict(
                    ai_roles, default=None, return_dtype=pl.String
                )
            )
            .otherwise(pl.col("role"))
            .alias("role"),
        )
        df = df.join(self.role_table().lazy(), on="role", how="left")
        keep_head_code = (
            pl.col("tag_rule").str.contains(r"\+(?:onet|clf)$|^(?:exact:onet|onet_)")
            & pl.col("soc_code").is_not_null()
        )
        soc = (
            pl.when(pl.col("r_soc").is_not_null() & ~keep_head_code)
            .then(pl.col("r_soc"))
            .otherwise(pl.col("soc_code"))
        )
        onet = (
            pl.when(pl.col("r_soc").is_not_null() & ~keep_head_code)
            .then(pl.col("r_onet"))
            .otherwise(pl.col("onet_soc_code"))
        )
        df = df.with_columns(soc.alias("soc_code"), onet.alias("onet_soc_code"))
        df = df.join(self.exposure.lazy(), on="soc_code", how="left")
        er = self.rules.raw["exposure_rules"]
        fb = self.fallback
        zone = pl.col("onet_soc_code").replace_strict(
            self.job_zone, default=None, return_dtype=pl.Int8
        )
        fallback = (
            pl.when(
                pl.col("soc_code").str.slice(0, 2).is_in(fb["low_exposure_soc_major"])
            )
            .then(pl.lit("low_exposure"))
            .when(
                pl.any_horizontal(
                    [
                        (pl.col("soc_code").str.slice(0, 2) == major)
                        & (pl.col("exposure_score") < cut)
                        for major, cut in fb.get(
                            "in_person_soc_major_below_score", {}
                        ).items()
                    ]
                    or [pl.lit(False)]
                )
            )
            .then(pl.lit("low_exposure"))
            .when(pl.col("exposure_score") < fb["low_exposure_below_score"])
            .then(pl.lit("low_exposure"))
            .when(
                (pl.col("exposure_score") >= fb["substitution_min_score"])
                & (zone <= fb["substitution_max_job_zone"])
            )
            .then(pl.lit("substitution_exposed"))
            .otherwise(pl.lit("augmented"))
        )
        cls = (
            pl.when(pl.col("c_default").is_null())
            .then(fallback)
            .when(pl.col("_is_ai") & pl.col("c_ai").is_not_null())
            .then(pl.col("c_ai"))
            .when(
                pl.col("seniority").is_in(er["senior_levels"])
                & pl.col("c_senior").is_not_null()
            )
            .then(pl.col("c_senior"))
            .when(
                pl.col("seniority").is_in(er["entry_levels"])
                & pl.col("c_entry").is_not_null()
            )
            .then(pl.col("c_entry"))
            .otherwise(pl.col("c_default"))
        )
        cls = (
            pl.when(
                pl.col("seniority").is_in(er["management_levels"])
                & (cls == "substitution_exposed")
            )
            .then(pl.lit(er["management_class"]))
            .otherwise(cls)
        )
        family = (
            pl.when(pl.col("r_family").is_not_null())
            .then(pl.col("r_family"))
            .otherwise(
                pl.col("soc_code")
                .str.slice(0, 2)
                .replace_strict(SOC_MAJOR_FAMILY, default=None, return_dtype=pl.String)
            )
        )
        known = pl.col("role") != "unknown"
        df = df.with_columns(
            pl.when(known & pl.col("soc_code").is_not_null())
            .then(cls)
            .otherwise(None)
            .alias("exposure_class"),
            pl.when(known).then(family).otherwise(None).alias("role_family"),
        ).with_columns(
            pl.when(known).then(pl.col("soc_code")).alias("soc_code"),
            pl.when(known).then(pl.col("onet_soc_code")).alias("onet_soc_code"),
            pl.when(known).then(pl.col("exposure_score")).alias("exposure_score"),
        )
        extra = [c for c in pairs.columns if c not in ("head", "tail")]
        return df.select(
            *extra, "head", "tail", *[pl.col(c).cast(t) for c, t in TAG_COLUMNS.items()]
        ).collect(engine="in-memory")

    def tag(self, frame: pl.DataFrame, column: str = "title") -> pl.DataFrame:
        if column not in frame.columns:
            raise KeyError(
                f"column {column!r} not found; available columns: {frame.columns}"
            )
        if column in TAG_COLUMNS:
            raise ValueError(
                f"the title column may not be named like a tag column ({column!r})"
            )
        # One pass over all rows: requisition codes out, then a 64-bit hash of that key. Only the
        # hash is kept per row (the key strings live one morsel at a time; lazy, so the streaming
        # engine splits the pass over the threads); the keys of the distinct hashes are rebuilt
        # from their first rows. Everything else runs on distinct keys and only integers travel
        # back: each distinct key gets the row number of its (head, tail) pair, each row that of
        # its key (one join on the u64 hash), and the coded pairs are gathered by it.
        title = pl.col(column).cast(pl.String)
        row_hash = (
            frame.lazy()
            .select(row_key(title).hash(seed=0).alias("__h"))
            .collect()
            .get_column("__h")
        )
        first = row_hash.arg_unique()
        distinct = frame.select(row_key(title.gather(first)).alias("__key"))
        distinct = distinct.with_columns(row_hash.gather(first).alias("__h"))
        del first
        pair_index, pairs = normalize_pairs(distinct.get_column("__key"), keyed=True)
        key_pair = distinct.select("__h", pair_index.alias("__i"))
        del distinct
        tags = (
            self.tag_distinct(pairs.with_row_index("__i"))
            .sort("__i")
            .select(*TAG_COLUMNS)
        )
        if tags.height != pairs.height:  # pragma: no cover - a reference key repeated
            raise AssertionError("tag_distinct must give one row per (head, tail)")
        row_pair = (
            row_hash.to_frame()
            .join(key_pair, on="__h", how="left", maintain_order="left")
            .get_column("__i")
        )
        del row_hash, key_pair
        base = frame.drop([c for c in TAG_COLUMNS if c in frame.columns])
        return base.hstack(tags[row_pair])


assert set(EXPOSURE_CLASSES) >= {
    "ai_builder",
    "augmented",
    "substitution_exposed",
    "low_exposure",
}


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    return Tagger()
