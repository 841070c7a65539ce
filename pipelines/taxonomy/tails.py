"""The tail coder: each distinct tail (team / location / specialisation after the first
separator) -> its level, AI marker, the specialist role a generic head upgrades to, the best
role phrase, a role *title* (multi-word phrase) and each redirecting role's target."""

from __future__ import annotations

import polars as pl

from .rules import Rules
from .seniority import SeniorityReader, matches, sorted_longest


class TailCoder:
    def __init__(self, rules: Rules, seniority: SeniorityReader, role_patterns: list[str]):
        self.rules = rules
        self.seniority = seniority
        self.role_patterns = role_patterns
        self.ai_patterns = sorted_longest(rules.ai_markers)
        self.redirect_patterns = sorted_longest(rules.redirect_phrases)
        self.redirect_roles = [r for r in rules.roles.values() if r.redirect]

    def code(self, tails: pl.DataFrame) -> pl.DataFrame:
        """tails: distinct ``tail`` -> tail, t_level, t_ai, t_spec, t_role, t_title,
        t_redir_<role> for every role with redirects."""
        rules = self.rules
        frame = tails.with_columns(
            matches(pl.col("tail"), self.role_patterns).alias("_roles"),
            self.seniority.word_level("tail").alias("t_level"),
            matches(pl.col("tail"), self.ai_patterns).list.len().gt(0).alias("t_ai"),
            matches(pl.col("tail"), self.redirect_patterns).alias("_redir"),
        )
        spec, any_role, titled = [], [], []
        redirects: dict[str, list] = {r.id: [] for r in self.redirect_roles}
        for found, redir in frame.select("_roles", "_redir").rows():
            best_spec = best_any = None
            best_phrase = ""
            for ph in found or []:
                p = ph.strip().replace("  ", " ")
                if p not in rules.phrase_role:
                    continue
                role, prio = rules.phrase_role[p]
                key = (prio, len(p), role)
                if best_any is None or key > best_any:
                    best_any, best_phrase = key, p
                if rules.roles[role].tail_upgrade and (best_spec is None or key > best_spec):
                    best_spec = key
            spec.append(best_spec[2] if best_spec else None)
            any_role.append(best_any[2] if best_any else None)
            # a whole role title names the tail's role ("software engineer"), not a word
            titled.append(best_any[2] if best_any and " " in best_phrase else None)
            rps = [p.strip().replace("  ", " ") for p in (redir or [])]
            for r in self.redirect_roles:
                redirects[r.id].append(next((r.redirect[p] for p in rps if p in r.redirect), None))
        ladder = pl.Series([self.seniority.tail_ladder(t) for t in frame["tail"].to_list()], dtype=pl.Int32)
        frame = frame.with_columns(
            pl.when(pl.col("t_level") >= 0).then(pl.col("t_level")).otherwise(ladder).alias("t_level")
        )
        return frame.select("tail", "t_level", "t_ai").with_columns(
            pl.Series("t_spec", spec, dtype=pl.String),
            pl.Series("t_role", any_role, dtype=pl.String),
            pl.Series("t_title", titled, dtype=pl.String),
            *[pl.Series(f"t_redir_{k}", v, dtype=pl.String) for k, v in redirects.items()],
        )
