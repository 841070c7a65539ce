"""roles.yaml as typed objects: defaults in one place, unknown keys and bad references are
errors naming the key; every curated phrase codes inside the occupations its role lists."""

from __future__ import annotations

import polars as pl
import pytest

from pipelines.taxonomy.reference import load_rules
from pipelines.taxonomy.rules import Rules, RulesError, Thresholds


def test_shipped_rules_load_with_code_defaults():
    rules = Rules.from_yaml(load_rules())
    assert len(rules.roles) >= 60
    assert rules.thresholds == Thresholds(classifier_never_overrides_families=["ml_ai"]), (
        "the shipped thresholds are the defaults in rules.Thresholds"
    )
    assert "general application" in rules.non_titles
    legal = rules.roles["legal"]
    assert {"23-1011", "23-2011"} <= legal.occupations and legal.soc == "23-1011"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda r: r.update(colour="blue"), r"unknown key 'colour' in the top level"),
        (
            lambda r: r["thresholds"].update(fuzzy_min_confidence=0.3),
            r"unknown key 'fuzzy_min_confidence' in thresholds",
        ),
        (lambda r: r["roles"][0].update(pattern=["x"]), r"unknown key 'pattern' in roles\[0\] \(software_engineer\)"),
        (lambda r: r["roles"][0].pop("soc"), r"roles\[0\] \(software_engineer\) lacks required key 'soc'"),
        (
            lambda r: r["roles"][0].update(occupations=["15-1254"]),
            r"default soc '15-1252' is not among its occupations",
        ),
        (lambda r: r["roles"][0].update(manager_soc="11-9999"), r"manager_soc '11-9999' is not among its occupations"),
        (lambda r: r["roles"][0].update(family="nope"), r"role 'software_engineer': unknown family 'nope'"),
        (lambda r: r["roles"][0].update(exposure_class="doomed"), r"unknown exposure_class 'doomed'"),
        (
            lambda r: r["onet_roles"].update({"15-1252.00": "ghost"}),
            r"onet_roles\['15-1252.00'\]: 'ghost' is not a role",
        ),
        (lambda r: r["seniority"]["precedence"].append("overlord"), r"unknown seniority level 'overlord'"),
    ],
)
def test_bad_rules_name_the_key(mutate, message):
    raw = load_rules()
    mutate(raw)
    with pytest.raises(RulesError, match=message):
        Rules.from_yaml(raw)


def _tag(titles):
    from pipelines.taxonomy import tag_titles

    return tag_titles(pl.DataFrame({"title": titles}))


def test_every_curated_phrase_codes_inside_its_roles_occupations():
    """Walks every curated phrase (as a title, and as a senior and a manager title) and reports
    the codes it yields; fails if a title of a curated role is coded to an occupation the role
    does not list."""
    rules = Rules.from_yaml(load_rules())
    phrases = sorted({p for r in rules.roles.values() for p in r.patterns + r.titles if p})
    titles = [t for p in phrases for t in (p, f"senior {p}", f"{p} manager")]
    out = _tag(titles)
    report = out.group_by("role").agg(pl.col("soc_code").unique().sort()).sort("role")
    print(report)
    bad = [
        (t, role, soc)
        for t, role, soc in out.select("title", "role", "soc_code").iter_rows()
        if role in rules.roles and soc is not None and soc not in rules.roles[role].occupations
    ]
    assert not bad, bad[:20]
    assert out.filter(pl.col("role").is_in(list(rules.roles))).height > len(phrases)
