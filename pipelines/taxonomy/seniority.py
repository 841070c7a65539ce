"""Seniority of a normalised head or tail: word markers (leftmost-longest phrases of roles.yaml
``seniority``; the highest of ``precedence`` wins), then numeric levels (Roman/arabic after the
title, L/E/IC/P ladders). Translated level words (translations.yaml: de/fr/es/it/pt/nl/pl) are
English by the time they get here."""

from __future__ import annotations

import re

import polars as pl

from pipelines.schemas import SENIORITY_LEVELS

from .normalize import _double_spaces, _padded
from .rules import Rules

LADDER = re.compile(r"(?:^| )(l|e|ic)(\d{1,2})(?= |$)")
# level words that never change the occupation ("Senior Welder II" is a welder); others
# stripped with the levels may ("Welder Supervisor", "Chiropractor Assistant")
PURE_LEVEL = re.compile(
    r"(?:senior|junior|lead|staff|principal|mid|intern|entry|level|grade|"
    r"(?:l|e|ic|p)?\d{1,2}|i|ii|iii|iv|v)"
)
LEVEL_TOKENS = re.compile(r"(?<= )(?:(?:l|e|ic|p)\d{1,2}|level \d{1,2}|grade \d{1,2}|i|ii|iii|iv|v|[1-5])(?= |$)")


def sorted_longest(phrases) -> list[str]:
    return sorted({_padded(p) for p in phrases if p}, key=lambda p: (-len(p), p))


def matches(expr: pl.Expr, patterns: list[str]) -> pl.Expr:
    """Leftmost-longest whole-phrase matches of space-padded ``patterns``."""
    if not patterns:
        return pl.lit([], dtype=pl.List(pl.String))
    return _double_spaces(expr).str.extract_many(patterns, leftmost=True)


class SeniorityReader:
    def __init__(self, rules: Rules):
        self.levels = list(SENIORITY_LEVELS)
        self.rank = rules.precedence()
        num = rules.numeric
        idx = self.levels.index
        self.roman = {k: idx(v) for k, v in num.roman.items()}
        self.digits = {k: idx(v) for k, v in num.digits.items()}
        self.ladder_l = {k: idx(v) for k, v in num.ladder_L.items()}
        self.ladder_ic = {k: idx(v) for k, v in num.ladder_IC.items()}
        self.phrases = rules.padded_phrases()
        self.patterns = sorted_longest(rules.seniority_phrase)
        # level words stripped from a head to get its base title (not-levels stay)
        strip = {p: (p if lvl < 0 else " ") for p, lvl in self.phrases.items()}
        self.strip_levels = dict(sorted(strip.items(), key=lambda kv: (-len(kv[0]), kv[0])))
        self.ranked = {p: (self.rank[lvl] * 100 + lvl if lvl >= 0 else -1) for p, lvl in self.phrases.items()}

    def word_level(self, col: str, strip_worker_suffix: bool = False) -> pl.Expr:
        """Best word-marker level index (-1 none) of a normalised string column.

        "X Associate" (a worker title: Warehouse Associate) is not a level; "Associate X" is."""
        expr = pl.col(col)
        if strip_worker_suffix:
            expr = expr.str.replace(r"(\S) associates?$", "$1")
        best = (
            matches(expr, self.patterns)
            .list.eval(pl.element().replace_strict(self.ranked, default=-1, return_dtype=pl.Int32))
            .list.max()
        )
        return pl.when(best >= 0).then(best % 100).otherwise(-1).fill_null(-1)

    def base_title(self, col: str) -> pl.Expr:
        """The head without its level words (not-level phrases such as Product Manager stay)."""
        return (
            _double_spaces(pl.col(col))
            .str.replace_many(self.strip_levels, leftmost=True)
            .str.replace_all(r"\s+", " ")
            .str.strip_chars()
        )

    def numeric_level(self, head: str) -> int:
        toks = head.split()
        for i, t in enumerate(toks):
            m = re.fullmatch(r"(l|e|ic|level|grade|p)(\d{1,2})", t)
            if m:
                table = self.ladder_ic if m.group(1) in ("ic", "p") else self.ladder_l
                if m.group(1) in ("level", "grade"):
                    table = self.digits
                if m.group(2) in table:
                    return table[m.group(2)]
            if t in ("level", "grade", "l", "ic") and i + 1 < len(toks) and toks[i + 1] in self.digits:
                return (self.ladder_l if t == "l" else self.digits)[toks[i + 1]]
        if len(toks) >= 2:
            last = toks[-1]
            if last in self.roman:
                return self.roman[last]
            if last in self.digits and toks[-2] not in ("tier", "level", "grade"):
                return self.digits[last]
        return -1

    def head_level(self, head: str, word_level: int) -> int:
        return word_level if word_level >= 0 else self.numeric_level(head)

    def tail_ladder(self, tail: str | None) -> int:
        """A career ladder in the tail ("L5", "IC4"); "L1/L2" there is usually a support tier."""
        m = LADDER.search(tail or "")
        if not m:
            return -1
        table = self.ladder_ic if m.group(1) == "ic" else self.ladder_l
        return table.get(m.group(2), -1) if m.group(1) == "ic" or int(m.group(2)) >= 3 else -1

    def combined(self, head_level: pl.Expr, tail_level: pl.Expr) -> pl.Expr:
        """Seniority name of the higher-precedence of a head and a tail level; an IC title with
        no marker is ``mid``."""
        rank = dict(enumerate(self.rank))
        hl, tl = head_level.fill_null(-1), tail_level.fill_null(-1)
        hr = pl.when(hl >= 0).then(hl.replace_strict(rank, default=0)).otherwise(0)
        tr = pl.when(tl >= 0).then(tl.replace_strict(rank, default=0)).otherwise(0)
        level = pl.when(hr >= tr).then(hl).otherwise(tl)
        return (
            pl.when(level >= 0)
            .then(level.replace_strict(dict(enumerate(self.levels)), default=None, return_dtype=pl.String))
            .otherwise(pl.lit("mid"))
        )
