"""roles.yaml as typed, validated objects (the reviewable rules of the title coder).

Every default lives here, once. A key the file does not define is an error naming it (as for
sources.yaml); so is a role whose default code is not among the occupations it lists, a
reference to an unknown role or family, or an unknown seniority level / exposure class.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from pipelines.schemas import EXPOSURE_CLASSES, SENIORITY_LEVELS

from .normalize import _clean_words, _padded

ROLES_FILE = Path(__file__).resolve().parent / "data" / "roles.yaml"


class RulesError(ValueError):
    """roles.yaml is malformed; the message names the file and the offending key."""


def clean_phrases(phrases: list[str]) -> list[str]:
    """Normalise rule phrases exactly like titles (abbreviations, stop words)."""
    if not phrases:
        return []
    return pl.DataFrame({"p": [str(p) for p in phrases]}).select(_clean_words(pl.col("p")).alias("p"))["p"].to_list()


def _typed(cls, raw: Any, where: str):
    """Build dataclass ``cls`` from a mapping: unknown keys and missing required keys are
    errors naming ``where`` and the key; absent optional keys take the dataclass defaults."""
    if not isinstance(raw, dict):
        raise RulesError(f"{ROLES_FILE.name}: {where} must be a mapping, got {type(raw).__name__}")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(set(raw) - set(fields))
    if unknown:
        raise RulesError(
            f"{ROLES_FILE.name}: unknown key {unknown[0]!r} in {where} (allowed: {', '.join(sorted(fields))})"
        )
    missing = [
        n
        for n, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING and n not in raw
    ]
    if missing:
        raise RulesError(f"{ROLES_FILE.name}: {where} lacks required key {missing[0]!r}")
    return cls(**raw)


@dataclass
class RoleSpec:
    """One curated role as written in roles.yaml (see the comment at the top of that file)."""

    id: str
    family: str
    soc: str  # default SOC 2018 code: used when the title's words decide nothing finer
    exposure_class: str
    patterns: list[str]
    onet: str | None = None
    occupations: list[str] = field(default_factory=list)  # SOC codes members may have
    manager_soc: str | None = None  # code of a manager/director of this role's work
    phrase_soc: dict[str, str] = field(default_factory=dict)  # curators' code of a phrase
    priority: int = 50
    entry_class: str | None = None
    senior_class: str | None = None
    ai_class: str | None = None
    tail_upgrade: bool = False
    exclude: list[str] = field(default_factory=list)
    redirect: dict[str, str] = field(default_factory=dict)
    rationale: str = ""
    titles: list[str] = field(default_factory=list)
    ai_role: str | None = None
    manager_role: str | None = None


@dataclass
class Role:
    """A curated role with its phrases normalised like titles."""

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
    occupations: frozenset[str] = frozenset()
    manager_soc: str | None = None
    phrase_soc: dict[str, str] = field(default_factory=dict)


@dataclass
class Family:
    ai_class: str | None = None


@dataclass
class Numeric:
    roman: dict[str, str]
    digits: dict[str, str]
    ladder_L: dict[str, str]  # the key as written in roles.yaml
    ladder_IC: dict[str, str]


@dataclass
class Seniority:
    precedence: list[str]
    phrases: dict[str, list[str]]
    not_levels: list[str] = field(default_factory=list)
    level_phrases: dict[str, list[str]] = field(default_factory=dict)
    numeric: dict = field(default_factory=dict)


@dataclass
class Fallback:
    low_exposure_soc_major: list[str]
    low_exposure_below_score: float
    substitution_min_score: float
    substitution_max_job_zone: int
    in_person_soc_major_below_score: dict[str, float] = field(default_factory=dict)


@dataclass
class ExposureRules:
    management_levels: list[str]
    management_class: str
    entry_levels: list[str]
    senior_levels: list[str]
    fallback: dict


@dataclass
class Thresholds:
    """Classifier confidences at which the coder trusts it (chosen on the validation split of
    the training titles, scripts/tune_title_classifier.py --coder; docs/taxonomy.md)."""

    classifier_min_confidence: float = 0.05  # below: abstain
    classifier_over_base_lookup: float = 0.2  # overrule the level-stripped verbatim lookup
    classifier_over_generic_phrase: float = 0.2  # overrule a single-word role phrase
    classifier_over_role_phrase: float = 1.01  # overrule a multi-word role phrase: never
    classifier_refines_role_code: float = 0.2  # pick one of the role's listed occupations
    classifier_over_tech_phrase: float = 0.5  # overrule a tech family's single word
    classifier_never_overrides_families: list[str] = field(default_factory=list)
    tail_role_over_classifier_below: float = 0.5  # a role title in the tail beats the classifier
    classifier_head_noun_check: bool = True  # a classifier answer must share the head noun


@dataclass
class RulesFile:
    """The whole of roles.yaml, typed."""

    version: str
    roles: list[dict]
    seniority: dict
    ai_markers: list[str]
    exposure_rules: dict
    families: dict = field(default_factory=dict)
    thresholds: dict = field(default_factory=dict)
    upgradeable_roles: list[str] = field(default_factory=list)
    onet_roles: dict[str, str] = field(default_factory=dict)
    non_titles: list[str] = field(default_factory=list)  # no occupational head: abstain
    head_nouns: list[str] = field(default_factory=list)  # checked against classifier answers


@dataclass
class Rules:
    """Validated rules plus the phrase indexes the coder matches with."""

    version: str
    roles: dict[str, Role]
    seniority: Seniority
    numeric: Numeric
    exposure: ExposureRules
    fallback: Fallback
    thresholds: Thresholds
    families: dict[str, Family]
    onet_roles: dict[str, str]
    upgradeable: set[str]
    non_titles: list[str]
    head_nouns: frozenset[str]
    phrase_role: dict[str, tuple[str, int]] = field(default_factory=dict)  # phrase -> (role, priority)
    exact_titles: dict[str, str] = field(default_factory=dict)  # whole-title phrase -> role
    exclude_phrases: dict[str, set[str]] = field(default_factory=dict)  # phrase -> vetoed roles
    redirect_phrases: list[str] = field(default_factory=list)
    seniority_phrase: dict[str, int] = field(default_factory=dict)  # phrase -> level, -1 none
    ai_markers: list[str] = field(default_factory=list)

    @classmethod
    def from_yaml(cls, raw: dict, extra_copies: int = 0) -> Rules:
        """Validate a parsed roles.yaml. ``extra_copies`` (benchmark knob) adds that many
        copies of every role phrase that never match (the cost of a bigger rule set)."""
        top = _typed(RulesFile, raw, "the top level")
        families = {k: _typed(Family, v or {}, f"families.{k}") for k, v in (top.families or {}).items()}
        seniority = _typed(Seniority, top.seniority, "seniority")
        numeric = _typed(Numeric, seniority.numeric, "seniority.numeric")
        exposure = _typed(ExposureRules, top.exposure_rules, "exposure_rules")
        fallback = _typed(Fallback, exposure.fallback, "exposure_rules.fallback")
        thresholds = _typed(Thresholds, top.thresholds or {}, "thresholds")
        levels = set(SENIORITY_LEVELS)
        for where, names in [
            ("seniority.precedence", seniority.precedence),
            ("seniority.phrases", list(seniority.phrases)),
            ("seniority.level_phrases", list(seniority.level_phrases)),
            ("exposure_rules.management_levels", exposure.management_levels),
            ("exposure_rules.entry_levels", exposure.entry_levels),
            ("exposure_rules.senior_levels", exposure.senior_levels),
            *[(f"seniority.numeric.{k}", list(v.values())) for k, v in dataclasses.asdict(numeric).items()],
        ]:
            bad = [n for n in names if n not in levels]
            if bad:
                raise RulesError(f"{ROLES_FILE.name}: unknown seniority level {bad[0]!r} in {where}")
        roles: dict[str, Role] = {}
        for i, r in enumerate(top.roles):
            spec = _typed(RoleSpec, r, f"roles[{i}] ({r.get('id', '?') if isinstance(r, dict) else '?'})")
            roles[spec.id] = _role(spec, families)
        _check_references(roles, families, top, thresholds)
        rules = cls(
            version=str(top.version),
            roles=roles,
            seniority=seniority,
            numeric=numeric,
            exposure=exposure,
            fallback=fallback,
            thresholds=thresholds,
            families=families,
            onet_roles=dict(top.onet_roles),
            upgradeable=set(top.upgradeable_roles),
            non_titles=clean_phrases(top.non_titles),
            head_nouns=frozenset(top.head_nouns),
        )
        rules._index(extra_copies, top.ai_markers)
        return rules

    def _index(self, extra_copies: int, ai_markers: list[str]) -> None:
        for role in self.roles.values():
            for p in role.titles:
                self.exact_titles.setdefault(p, role.id)
            for p in role.patterns:
                cur = self.phrase_role.get(p)
                if p and (cur is None or cur[1] < role.priority):
                    self.phrase_role[p] = (role.id, role.priority)
            for p in role.exclude:
                self.exclude_phrases.setdefault(p, set()).add(role.id)
            self.redirect_phrases.extend(role.redirect)
        originals = list(self.phrase_role.items())
        for i in range(extra_copies):
            for p, target in originals:
                self.phrase_role[f"zzq{i} {p}"] = target
        levels = list(SENIORITY_LEVELS)
        for p in clean_phrases(self.seniority.not_levels):
            self.seniority_phrase[p] = -1
        for level, phrases in self.seniority.phrases.items():
            for p in clean_phrases(phrases):
                self.seniority_phrase.setdefault(p, levels.index(level))
        for level, phrases in self.seniority.level_phrases.items():
            for p in clean_phrases(phrases):
                self.seniority_phrase[p] = levels.index(level)
        self.ai_markers = sorted(set(clean_phrases(ai_markers)))

    def precedence(self) -> list[int]:
        """level index -> rank (higher wins)."""
        levels = list(SENIORITY_LEVELS)
        rank = [0] * len(levels)
        for i, name in enumerate(reversed(self.seniority.precedence)):
            rank[levels.index(name)] = i + 1
        return rank

    def padded_phrases(self) -> dict[str, int]:
        """Seniority phrase (space-padded) -> level index (-1: not a level)."""
        return {_padded(p): lvl for p, lvl in self.seniority_phrase.items()}


def _expand(codes: list[str]) -> frozenset[str]:
    """SOC 6-digit codes; a 2-digit entry ("43") stands for every code of that major group."""
    from .reference import load_table

    out = {c for c in codes if len(c) != 2}
    majors = {c for c in codes if len(c) == 2}
    if majors:
        socs = load_table("onet_occupations")["soc_code"].unique().to_list()
        out |= {s for s in socs if s[:2] in majors}
    return frozenset(out)


def _role(spec: RoleSpec, families: dict[str, Family]) -> Role:
    fam = families.get(spec.family)
    occupations = _expand(spec.occupations or [spec.soc])
    return Role(
        id=spec.id,
        family=spec.family,
        soc=spec.soc,
        onet=spec.onet,
        priority=int(spec.priority),
        exposure_class=spec.exposure_class,
        entry_class=spec.entry_class,
        senior_class=spec.senior_class,
        ai_class=spec.ai_class if spec.ai_class is not None else (fam.ai_class if fam else None),
        tail_upgrade=bool(spec.tail_upgrade),
        patterns=clean_phrases(spec.patterns),
        exclude=clean_phrases(spec.exclude),
        redirect=dict(zip(clean_phrases(list(spec.redirect)), spec.redirect.values(), strict=True)),
        rationale=spec.rationale,
        titles=clean_phrases(spec.titles),
        ai_role=spec.ai_role,
        manager_role=spec.manager_role,
        occupations=occupations,
        manager_soc=spec.manager_soc,
        phrase_soc=dict(zip(clean_phrases(list(spec.phrase_soc)), spec.phrase_soc.values(), strict=True)),
    )


def _check_references(
    roles: dict[str, Role], families: dict[str, Family], top: RulesFile, thresholds: Thresholds
) -> None:
    def fail(msg: str) -> None:
        raise RulesError(f"{ROLES_FILE.name}: {msg}")

    classes = set(EXPOSURE_CLASSES)
    for r in roles.values():
        where = f"role {r.id!r}"
        if r.family not in families:
            fail(f"{where}: unknown family {r.family!r}")
        for key in ("exposure_class", "entry_class", "senior_class", "ai_class"):
            value = getattr(r, key)
            if value is not None and value not in classes:
                fail(f"{where}: unknown {key} {value!r}")
        for key in ("ai_role", "manager_role"):
            value = getattr(r, key)
            if value is not None and value not in roles:
                fail(f"{where}: {key} {value!r} is not a role")
        for target in r.redirect.values():
            if target not in roles:
                fail(f"{where}: redirect to unknown role {target!r}")
        if r.soc not in r.occupations:
            fail(f"{where}: default soc {r.soc!r} is not among its occupations {sorted(r.occupations)}")
        if r.manager_soc is not None and r.manager_soc not in r.occupations:
            fail(f"{where}: manager_soc {r.manager_soc!r} is not among its occupations")
        for phrase, code in r.phrase_soc.items():
            if code not in r.occupations:
                fail(f"{where}: phrase_soc[{phrase!r}] {code!r} is not among its occupations")
            if phrase not in r.patterns and phrase not in r.titles:
                fail(f"{where}: phrase_soc phrase {phrase!r} is not one of its patterns")
        if not r.patterns and not r.titles:
            fail(f"{where}: has no patterns")
    for name in top.upgradeable_roles:
        if name not in roles:
            fail(f"upgradeable_roles: {name!r} is not a role")
    for code, name in top.onet_roles.items():
        if name not in roles:
            fail(f"onet_roles[{code!r}]: {name!r} is not a role")
    for fam in thresholds.classifier_never_overrides_families:
        if fam not in families:
            fail(f"thresholds.classifier_never_overrides_families: unknown family {fam!r}")


def load_rules_file(path: Path | str | None = None) -> Rules:
    """Parse and validate a roles.yaml (default: the shipped one)."""
    import yaml

    p = Path(path) if path else ROLES_FILE
    with open(p, encoding="utf-8") as fh:
        return Rules.from_yaml(yaml.safe_load(fh))
