"""Non-English titles (data/translations.yaml): translated to English before coding, while
English titles normalise exactly as before."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
import yaml

from pipelines.taxonomy import normalize
from pipelines.taxonomy.evaluate import labelled_accuracy
from pipelines.taxonomy.normalize import normalize_titles
from pipelines.taxonomy.reference import load_table

DATA = Path(__file__).parent / "data"


def _english_titles() -> list[str]:
    titles = load_table("onet_titles")
    occ = load_table("onet_occupations")
    lab = pl.concat([pl.read_csv(p) for p in sorted(DATA.glob("labelled_titles*.csv"))])
    return sorted(
        set(titles["title"].to_list())
        | set(titles["short_title"].drop_nulls().to_list())
        | set(occ["title"].to_list())
        | set(lab["title"].to_list())
    )


def test_english_titles_normalise_exactly_as_without_translations(monkeypatch):
    """Every O*NET title (occupation, alternate, short: 45k distinct) and every labelled English
    posting title gives the same head and tail with and without the translation tables, so the
    lookup, the classifier and the hold-out split are untouched."""
    titles = _english_titles()
    assert len(titles) > 45_000
    with_tables = normalize_titles(titles)
    monkeypatch.setattr(normalize, "translation_maps", lambda: ({}, "", "", []))
    without = normalize_titles(titles)
    changed = [(t, a, b) for t, a, b in zip(titles, with_tables, without, strict=True) if a != b]
    assert changed == []


def test_translation_keys_are_not_english_title_words():
    raw = yaml.safe_load(normalize.TRANSLATIONS.read_text(encoding="utf-8"))
    vocab: set[str] = set()
    for head, tail in normalize_titles(_english_titles()):
        vocab |= set(head.split()) | set(tail.split())
    english = sorted(k for k in raw["words"] if k in vocab)
    assert english == [], f"translations.yaml words that English titles use: {english}"
    for key in list(raw["words"]) + list(raw["phrases"]):
        assert key == key.lower() and key.isascii() and re.fullmatch(r"[a-z0-9 ]+", key), key


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Softwareentwickler (m/w/d)", "software developer"),
        ("Senior Backend-Entwickler:in Java", "senior backend developer"),
        ("Vertriebsmitarbeiter im Außendienst", "sales representative field"),
        ("Sachbearbeiter Buchhaltung (m/w/d)", "accounting clerk"),
        ("Produktmanagerin KI", "product manager ai"),
        ("Ingénieur logiciel H/F", "software engineer"),
        ("Développeur Back-End Senior H/F", "backend developer senior"),
        ("Chef de projet digital", "project manager digital"),
        ("Ingeniero de datos", "data engineer"),
        ("Analista de datos Senior", "data analyst senior"),
        ("Ingeniero de Machine Learning", "machine learning engineer"),
        ("Engenheiro de Software Pleno", "software engineer mid"),
        ("Ontwikkelaar .NET", "dotnet developer"),
        # compatibility characters: marks dropped, numerals and full-width letters spelt out
        ("Salesforce™ Developer", "salesforce developer"),
        ("Software Engineer Ⅱ", "software engineer ii"),
        ("Ｄａｔａ Ｓｃｉｅｎｔｉｓｔ", "data scientist"),
        # English words that are also foreign stay English
        ("Chef de Cuisine", "chef de cuisine"),
        ("Stage Manager", "stage manager"),
        ("Commercial Pilot", "commercial pilot"),
    ],
)
def test_translated_heads(title, head):
    assert normalize_titles([title])[0][0] == head


def test_multilingual_labelled_titles():
    """75 German, French, Spanish, Italian, Portuguese and Dutch posting titles with the role
    and seniority their English equivalent gets (tests/taxonomy/data/multilingual_titles.csv;
    used while writing the tables). Figures: docs/taxonomy.md (scripts/score_titles.py)."""
    acc = labelled_accuracy(DATA / "multilingual_titles.csv")
    assert acc["n"] == 75
    assert acc["role"] >= 0.97 and acc["seniority"] >= 0.97


def test_fresh_multilingual_titles():
    """49 titles written after the first tables (multilingual_titles_fresh.csv); its history
    and figures: docs/taxonomy.md."""
    acc = labelled_accuracy(DATA / "multilingual_titles_fresh.csv")
    assert acc["n"] == 49
    assert acc["role"] >= 0.87 and acc["seniority"] >= 0.97


def test_second_fresh_multilingual_titles():
    """30 titles written after the last table change and not tuned on
    (multilingual_titles_fresh2.csv); figures: docs/taxonomy.md."""
    acc = labelled_accuracy(DATA / "multilingual_titles_fresh2.csv")
    assert acc["n"] == 30
    assert acc["role"] >= 0.83 and acc["seniority"] >= 0.93
