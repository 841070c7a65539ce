"""The AI-exposure rules: when a title is about AI, and the exposure class of a coded title.

The rule that makes a title AI-exposed, by name:

* :func:`title_is_about_ai` — an ``ai_markers`` phrase of roles.yaml anywhere in the title (head
  or tail);
* :meth:`ExposureRule.ai_role` — a curated role with an ``ai_role`` becomes it when the title
  is about AI (Product Manager + "AI" -> ai_product_manager);
* :meth:`ExposureRule.exposure_class` — a curated role's class, overridden by its family's or
  its own ``ai_class`` when the title is about AI (``ai_builder`` for families that build AI;
  recruiting, sales, support, content and design do not build AI because a team works on it),
  by ``senior_class`` / ``entry_class`` at those levels, and never ``substitution_exposed`` for
  managers and above; a title with no curated role gets the O*NET fallback from its
  occupation's exposure score, SOC major group and job zone (docs/taxonomy.md).
"""

from __future__ import annotations

import polars as pl

from .rules import Rules


def title_is_about_ai(head_ai: pl.Expr, tail_ai: pl.Expr) -> pl.Expr:
    """An AI marker in the head or the tail."""
    return head_ai.fill_null(False) | tail_ai.fill_null(False)


class ExposureRule:
    def __init__(self, rules: Rules, job_zone: dict[str, int]):
        self.rules = rules
        self.job_zone = job_zone
        self.ai_roles = {r.id: r.ai_role for r in rules.roles.values() if r.ai_role}

    def ai_role(self, is_ai: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
        """(role, tag_rule) after the AI-subject rule: the role's ``ai_role`` when the title is
        about AI, its rule marked ``+ai_role``."""
        to_ai = is_ai & pl.col("role").is_in(list(self.ai_roles))
        role = (
            pl.when(to_ai)
            .then(pl.col("role").replace_strict(self.ai_roles, default=None, return_dtype=pl.String))
            .otherwise(pl.col("role"))
        )
        rule = pl.when(to_ai).then(pl.concat_str(pl.col("tag_rule"), pl.lit("+ai_role"))).otherwise(pl.col("tag_rule"))
        return role, rule

    def fallback_class(self) -> pl.Expr:
        """Class of a title coded only to an O*NET occupation (no curated role)."""
        fb = self.rules.fallback
        major = pl.col("soc_code").str.slice(0, 2)
        zone = pl.col("onet_soc_code").replace_strict(self.job_zone, default=None, return_dtype=pl.Int8)
        in_person = [
            (major == m) & (pl.col("exposure_score") < cut) for m, cut in fb.in_person_soc_major_below_score.items()
        ] or [pl.lit(False)]
        return (
            pl.when(major.is_in(fb.low_exposure_soc_major))
            .then(pl.lit("low_exposure"))
            .when(pl.any_horizontal(in_person))
            .then(pl.lit("low_exposure"))
            .when(pl.col("exposure_score") < fb.low_exposure_below_score)
            .then(pl.lit("low_exposure"))
            .when((pl.col("exposure_score") >= fb.substitution_min_score) & (zone <= fb.substitution_max_job_zone))
            .then(pl.lit("substitution_exposed"))
            .otherwise(pl.lit("augmented"))
        )

    def exposure_class(self, is_ai: pl.Expr) -> pl.Expr:
        """Needs the columns soc_code, onet_soc_code, exposure_score, seniority and the
        role's c_default, c_ai, c_senior, c_entry (null when the title has no curated role)."""
        er = self.rules.exposure
        cls = (
            pl.when(pl.col("c_default").is_null())
            .then(self.fallback_class())
            .when(is_ai & pl.col("c_ai").is_not_null())
            .then(pl.col("c_ai"))
            .when(pl.col("seniority").is_in(er.senior_levels) & pl.col("c_senior").is_not_null())
            .then(pl.col("c_senior"))
            .when(pl.col("seniority").is_in(er.entry_levels) & pl.col("c_entry").is_not_null())
            .then(pl.col("c_entry"))
            .otherwise(pl.col("c_default"))
        )
        return (
            pl.when(pl.col("seniority").is_in(er.management_levels) & (cls == "substitution_exposed"))
            .then(pl.lit(er.management_class))
            .otherwise(cls)
        )
