"""The occupation inside a curated role: once a title's role is final, the title's own words
decide its SOC code among the occupations the role lists in roles.yaml (``occupations``).

In order: a code an expert source (O*NET, the BLS Direct Match Title File, ESCO) lists for the
title verbatim (without its level words), if the role lists it; the role's ``manager_soc`` for
a manager, director or executive of the role's work ("Director, Partner Marketing" is a
marketing manager, 11-2021); the title classifier's best code among the role's occupations when
it reaches ``classifier_refines_role_code``; else the role's default ``soc``. A title whose
occupation O*NET decided (``exact:onet…``, ``onet_…``) keeps it when the role lists it.
No curated role ever codes outside the occupations it lists.
"""

from __future__ import annotations

import re

import polars as pl

from .heads import HeadCoder
from .reference import load_table
from .rules import Rules

_ONET_DECIDED = re.compile(r"^(?:exact:onet|onet_)")


class OccupationCoder:
    def __init__(self, rules: Rules, heads: HeadCoder):
        self.rules = rules
        self.heads = heads
        occ = load_table("onet_occupations").select("soc_code", "onet_soc_code")
        first = occ.sort("soc_code", pl.col("onet_soc_code").str.ends_with(".00").not_(), "onet_soc_code")
        self.onet_of = dict(first.unique("soc_code", keep="first").iter_rows())
        self.management = set(rules.exposure.management_levels)
        self._clf: dict[tuple, object] = {}

    def code(self, df: pl.DataFrame) -> pl.DataFrame:
        """df: distinct pairs with role, tag_rule, seniority, soc_code, onet_soc_code, _base,
        tail -> the same with soc_code / onet_soc_code / tag_rule inside the role. Decided once
        per distinct question (the tail only matters when the role came from it)."""
        curated = pl.col("role").is_in(list(self.rules.roles))
        from_tail = pl.col("tag_rule").str.contains(r"^(?:tail|redirect)") | (pl.col("_base").fill_null("") == "")
        keyed = df.with_columns(
            pl.when(curated & from_tail).then(pl.col("tail")).otherwise(pl.lit(None, dtype=pl.String)).alias("_qt"),
        )
        cols = ["role", "tag_rule", "seniority", "soc_code", "onet_soc_code", "_base", "_qt"]
        todo = keyed.filter(curated).select(cols).unique()
        decided = [self._one(*row) for row in todo.iter_rows()]
        answers = todo.with_columns(
            pl.Series("_soc", [d[0] for d in decided], dtype=pl.String),
            pl.Series("_onet", [d[1] for d in decided], dtype=pl.String),
            pl.Series("_rule", [d[2] for d in decided], dtype=pl.String),
        )
        out = keyed.join(answers, on=cols, how="left", nulls_equal=True, maintain_order="left")
        return out.with_columns(
            pl.when(curated).then(pl.col("_soc")).otherwise(pl.col("soc_code")).alias("soc_code"),
            pl.when(curated).then(pl.col("_onet")).otherwise(pl.col("onet_soc_code")).alias("onet_soc_code"),
            pl.when(curated).then(pl.col("_rule")).otherwise(pl.col("tag_rule")).alias("tag_rule"),
        ).drop("_soc", "_onet", "_rule", "_qt")

    def _one(self, role_id, rule, seniority, soc, onet, base, tail):
        """(soc, onet, rule) of one distinct question; ``tail`` is set only when the role came
        from the tail (its words then count)."""
        role = self.rules.roles.get(role_id)
        if role is None:  # other / unknown: O*NET (or nothing) decided
            return soc, onet, rule
        occ = role.occupations
        if soc is not None and soc in occ and rule is not None and _ONET_DECIDED.match(rule):
            return soc, onet, rule
        phrase = _phrase_of(rule, role_id)
        if phrase in role.phrase_soc:
            code = role.phrase_soc[phrase]
            return code, self._onet(code, role), rule
        matcher = self.heads.matcher
        words = base or ""
        manager = seniority in self.management
        if words:
            code = matcher.lookup_within(words, occ)
            if code is not None:
                return code[:7], code, f"{rule}+onet"
        if manager and role.manager_soc:
            return role.manager_soc, self._onet(role.manager_soc, role), f"{rule}+manager"
        # the words beyond the role's phrase decide (not for a whole-title phrase: its
        # default code is the curators' choice)
        refine = not rule.startswith(("exact:", "redirect:"))
        if refine and len(occ) > 1 and self.rules.thresholds.classifier_refines_role_code <= 1.0:
            query = " ".join(f"{tail or ''} {words}".split())
            m = self._within(query, occ) if query else None
            if m is not None and m.confidence >= self.rules.thresholds.classifier_refines_role_code:
                return m.onet_soc_code[:7], m.onet_soc_code, f"{rule}+clf"
        return role.soc, role.onet or self._onet(role.soc, role), rule

    def _within(self, query: str, occ: frozenset[str]):
        key = (query, occ)
        if key not in self._clf:
            self._clf[key] = self.heads.matcher.classify_within(query, occ)
        return self._clf[key]

    def _onet(self, soc: str, role) -> str | None:
        if role.onet and role.onet.startswith(soc):
            return role.onet
        return self.onet_of.get(soc)


def _phrase_of(rule: str | None, role_id: str) -> str | None:
    """The curated phrase in a ``exact:<role>:<phrase>`` / ``pattern:<role>:<phrase>`` rule."""
    if not rule:
        return None
    parts = rule.split(":")
    if len(parts) >= 3 and parts[0] in ("exact", "pattern") and parts[1] == role_id:
        return parts[2].split("+")[0]
    return None
