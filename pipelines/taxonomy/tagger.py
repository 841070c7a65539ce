"""The title coder, end to end: normalise -> heads and tails coded once each -> role of the pair
-> seniority -> occupation inside the role -> AI subject and exposure class.

Work is done on DISTINCT values only: raw titles are normalised in polars (see
:mod:`.normalize`) into ``head`` (the title proper) and ``tail`` (team / location /
specialisation). Distinct heads are coded once (:mod:`.heads`), distinct tails once
(:mod:`.tails`); the pair's role is combined with polars expressions here, its occupation
decided inside the role (:mod:`.occupation`), its exposure by :mod:`.exposure`, and only
integer row numbers travel back to the input rows.
"""

from __future__ import annotations

from functools import lru_cache

import polars as pl

from pipelines.schemas import TAG_COLUMNS

from .exposure import ExposureRule, title_is_about_ai
from .heads import HeadCoder
from .matcher import OnetMatcher, onet_matcher
from .normalize import normalize_pairs, row_key
from .occupation import OccupationCoder
from .reference import load_rules, load_table
from .rules import Role, Rules
from .seniority import SeniorityReader
from .tails import TailCoder

__all__ = ["Role", "Rules", "Tagger", "default_tagger", "SOC_MAJOR_FAMILY"]

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

# how the pair's role was decided -> (tag_rule prefix, confidence); see docs/taxonomy.md
_TAIL_CONF, _UPGRADE_CONF, _REDIRECT_CONF = 0.8, 0.85, 0.85


class Tagger:
    def __init__(self, rules: Rules | None = None, matcher: OnetMatcher | None = None):
        self.rules = rules or Rules.from_yaml(load_rules())
        self._matcher = matcher
        self.seniority = SeniorityReader(self.rules)
        self.heads = HeadCoder(self.rules, self.seniority, lambda: self.matcher)
        self.tails = TailCoder(self.rules, self.seniority, self.heads.role_patterns)
        self.occupation = OccupationCoder(self.rules, self.heads)
        self.exposure = load_table("exposure").select("soc_code", "exposure_score")
        occ = load_table("onet_occupations")
        self.exposure_rule = ExposureRule(self.rules, dict(zip(occ["onet_soc_code"], occ["job_zone"], strict=True)))
        self.role_frame = pl.DataFrame(
            [
                (r.id, r.family, r.exposure_class, r.entry_class, r.senior_class, r.ai_class)
                for r in self.rules.roles.values()
            ],
            orient="row",
            schema=["role", "r_family", "c_default", "c_entry", "c_senior", "c_ai"],
        )

    @property
    def matcher(self) -> OnetMatcher:
        if self._matcher is None:
            self._matcher = onet_matcher(True)
        return self._matcher

    # ------------------------------------------------------------------ the pair's role
    def _pair_role(self) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
        """(role, tag_rule, tag_confidence, tail-decided) of a (head, tail) pair from the coded head and
        tail: a bare or unsure head takes the tail's role, a generic head its specialist
        tail, a redirect phrase its target; otherwise the head decides."""
        rules = self.rules
        upg = pl.col("h_role").is_in(list(rules.upgradeable)) & pl.col("t_spec").is_not_null()
        redirect = pl.lit(None, dtype=pl.String)
        for r in rules.roles.values():
            if r.redirect:
                redirect = pl.when(pl.col("h_role") == r.id).then(pl.col(f"t_redir_{r.id}")).otherwise(redirect)
        # a head only the O*NET classifier could code, unsurely (or not at all), beside a
        # curated role title in the tail: "Code Wrangler (Software Engineer)" (a department
        # word is not enough: "Pastry Baker Helper, Marketing")
        clf_head = (
            (pl.col("h_rule").str.starts_with("onet_clf:") | (pl.col("h_rule") == "abstain"))
            & (pl.col("h_conf") < rules.thresholds.tail_role_over_classifier_below)
            & pl.col("t_title").is_not_null()
        )
        bare = (pl.col("h_bare") & pl.col("t_role").is_not_null()) | clf_head
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
            .then(pl.concat_str(pl.lit("tail_upgrade:"), pl.col("h_role"), pl.lit("->"), pl.col("t_spec")))
            .when(redirect.is_not_null())
            .then(pl.concat_str(pl.lit("redirect:"), pl.col("h_role"), pl.lit("->"), redirect))
            .when(pl.col("h_bare"))
            .then(pl.lit("abstain"))
            .otherwise(pl.col("h_rule"))
        )
        conf = (
            pl.when(bare)
            .then(_TAIL_CONF)
            .when(upg)
            .then(_UPGRADE_CONF)
            .when(redirect.is_not_null())
            .then(_REDIRECT_CONF)
            .otherwise(pl.col("h_conf"))
        )
        return role, rule, conf, bare

    def _manager_role(self, df: pl.LazyFrame, bare: pl.Expr) -> pl.LazyFrame:
        """A bare "Manager/Director, <role>" title takes the role's ``manager_role``."""
        mgr = {r.id: r.manager_role for r in self.rules.roles.values() if r.manager_role}
        to_mgr = (
            bare & pl.col("role").is_in(list(mgr)) & pl.col("seniority").is_in(["manager", "director", "executive"])
        )
        return df.with_columns(
            pl.when(to_mgr)
            .then(pl.col("role").replace_strict(mgr, default=None, return_dtype=pl.String))
            .otherwise(pl.col("role"))
            .alias("role")
        )

    # ------------------------------------------------------------------ main entry
    def tag_distinct(self, pairs: pl.DataFrame) -> pl.DataFrame:
        """pairs: distinct (head, tail) -> the tag columns."""
        heads = self.heads.code(pairs.select("head").unique())
        tails = self.tails.code(pairs.select("tail").unique())
        # one lazy query per step: shared sub-expressions are evaluated once; the in-memory
        # engine (on a few thousand pairs streaming costs more than it gains)
        role, rule, conf, bare = self._pair_role()
        is_ai = title_is_about_ai(pl.col("_ai"), pl.col("t_ai"))
        df = (
            pairs.lazy()
            .join(heads.lazy(), on="head", how="left")
            .join(tails.lazy(), on="tail", how="left")
            .with_columns(
                role.alias("role"),
                rule.alias("tag_rule"),
                conf.alias("tag_confidence"),
                self.seniority.combined(pl.col("h_level"), pl.col("t_level")).alias("seniority"),
                is_ai.alias("_is_ai"),
            )
            .with_columns(
                pl.when(pl.col("h_rule") == "empty").then(None).otherwise(pl.col("seniority")).alias("seniority")
            )
        )
        df = self._manager_role(df, bare)
        ai_role, ai_rule = self.exposure_rule.ai_role(pl.col("_is_ai"))
        coded = df.with_columns(ai_role.alias("role"), ai_rule.alias("tag_rule")).collect(engine="in-memory")
        return self._finish(self.occupation.code(coded), pairs)

    def _finish(self, df: pl.DataFrame, pairs: pl.DataFrame) -> pl.DataFrame:
        """Exposure score and class, role family, nulls for unknown titles, column types."""
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
        out = (
            df.lazy()
            .join(self.role_frame.lazy(), on="role", how="left")
            .join(self.exposure.lazy(), on="soc_code", how="left")
            .with_columns(
                pl.when(known & pl.col("soc_code").is_not_null())
                .then(self.exposure_rule.exposure_class(pl.col("_is_ai")))
                .otherwise(None)
                .alias("exposure_class"),
                pl.when(known).then(family).otherwise(None).alias("role_family"),
            )
            .with_columns(
                pl.when(known).then(pl.col("soc_code")).alias("soc_code"),
                pl.when(known).then(pl.col("onet_soc_code")).alias("onet_soc_code"),
                pl.when(known).then(pl.col("exposure_score")).alias("exposure_score"),
            )
        )
        extra = [c for c in pairs.columns if c not in ("head", "tail")]
        return out.select(*extra, "head", "tail", *[pl.col(c).cast(t) for c, t in TAG_COLUMNS.items()]).collect(
            engine="in-memory"
        )

    def tag(self, frame: pl.DataFrame, column: str = "title") -> pl.DataFrame:
        if column not in frame.columns:
            raise KeyError(f"column {column!r} not found; available columns: {frame.columns}")
        if column in TAG_COLUMNS:
            raise ValueError(f"the title column may not be named like a tag column ({column!r})")
        # One pass over all rows: requisition codes out, then a 64-bit hash of that key. Only the
        # hash is kept per row (lazy: the streaming engine splits the pass over the threads); the
        # keys of the distinct hashes are rebuilt from their first rows. Everything else runs on
        # distinct keys and only integers travel back: each distinct key gets the row number of
        # its (head, tail) pair, each row that of its key (one join on the hash), and the coded
        # pairs are gathered by it.
        title = pl.col(column).cast(pl.String)
        row_hash = frame.lazy().select(row_key(title).hash(seed=0).alias("__h")).collect().get_column("__h")
        first = row_hash.arg_unique()
        distinct = frame.select(row_key(title.gather(first)).alias("__key"))
        distinct = distinct.with_columns(row_hash.gather(first).alias("__h"))
        del first
        pair_index, pairs = normalize_pairs(distinct.get_column("__key"), keyed=True)
        key_pair = distinct.select("__h", pair_index.alias("__i"))
        del distinct
        tags = self.tag_distinct(pairs.with_row_index("__i")).sort("__i").select(*TAG_COLUMNS)
        if tags.height != pairs.height:  # pragma: no cover - a reference key repeated
            raise AssertionError("tag_distinct must give one row per (head, tail)")
        row_pair = row_hash.to_frame().join(key_pair, on="__h", how="left", maintain_order="left").get_column("__i")
        del row_hash, key_pair
        base = frame.drop([c for c in TAG_COLUMNS if c in frame.columns])
        return base.hstack(tags[row_pair])


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    return Tagger()
