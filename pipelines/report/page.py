"""The report page: headlines, trend charts, the AI-attributed layoffs with their evidence,
per-company recomposition, source freshness, the per-role table (in that order)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from pipelines.report import figures as fg
from pipelines.report.html import (
    CLASS_COLORS,
    PALETTE,
    csv_download,
    empty_chart,
    esc,
    finite,
    fmt,
    line_chart,
    link,
    pct,
    signed,
    stacked_share_chart,
    table,
)
from pipelines.schemas import EXPOSURE_CLASSES

DEFAULT_METHODOLOGY = "../../../docs/methodology.md"  # from {lake}/reports/dt=…/ to the repo's docs
AI_LAYOFF_DAYS = 84  # the period of the AI-attributed layoffs table: 12 weeks ending dt
TOP_COMPANIES = 10

QUESTIONS = {  # headline key -> (question of DESIGN.md, methodology anchor)
    "tightest": ("How tight is the market for each role?", "tightest-roles"),
    "growth": ("Which roles are growing, which shrinking?", "role-growth"),
    "layoffs": ("Which roles are being cut, and are they the AI-exposed ones?", "layoffs-by-exposure-class"),
    "ai_layoffs": ("Which layoffs does the company itself attribute to AI?", "ai-attributed-layoffs"),
    "ai_premium": ("What premium do AI roles pay? How long do postings stay open?", "ai-premium"),
    "junior": ("Is junior hiring collapsing or counter-cyclical?", "junior-share"),
}


def _num(value: float | None) -> str:
    if value is None or not finite(value):
        return ""
    return f"{float(value):.4f}".rstrip("0").rstrip(".")


def _first_week(frame: pl.DataFrame) -> dt.date | None:
    first = frame["week_start"].min() if frame.height else None
    return first if isinstance(first, dt.date) else None


class Page:
    def __init__(self, methodology: str) -> None:
        self.methodology = methodology

    def how(self, anchor: str, label: str = "how to read this") -> str:
        return f'<a class="how" href="{esc(self.methodology)}#{esc(anchor)}">{esc(label)}</a>'

    def headline(self, key: str, value: float | None, sentence: str) -> str:
        question, anchor = QUESTIONS[key]
        return (
            f'<li data-headline="{esc(key)}" data-value="{esc(_num(value))}"><b>{esc(question)}</b> '
            f"{sentence} {self.how(anchor)}</li>"
        )

    def figure(self, name: str, title: str, chart: str, data: pl.DataFrame, anchor: str, note: str = "") -> str:
        return (
            f'<figure data-figure="{esc(name)}"><figcaption><b>{esc(title)}</b> {note} '
            f"{csv_download(name, data)} · {self.how(anchor)}</figcaption>{chart}</figure>"
        )


def _b(text: object) -> str:
    return f"<b>{esc(text)}</b>"


# --- headlines -----------------------------------------------------------------------------------
def _tightest(p: Page, rsd: pl.DataFrame, weeks: pl.DataFrame, day: dt.date) -> str:
    top = fg.tightest(rsd)
    if top.is_empty():
        return p.headline(
            "tightest",
            None,
            f"No role has at least {fg.MIN_CANDIDATES} HN candidates on {esc(day)}: no ratio is ranked.",
        )
    first = top.row(0, named=True)
    before = fg.value_at(weeks, first["role"], fg.week_start(day) - dt.timedelta(weeks=4), "demand_supply_ratio")
    trend = f"(4 weeks earlier: {esc(fmt(before, 1))})" if finite(before) else "(no ratio 4 weeks earlier)"
    rest = "; ".join(
        f"{esc(r['role'])} {esc(fmt(r['demand_supply_ratio'], 1))}"
        for r in top.iter_rows(named=True)
        if r["role"] != first["role"]
    )
    return p.headline(
        "tightest",
        first["demand_supply_ratio"],
        f"Tightest: {_b(first['role'])} with {_b(fmt(first['demand_supply_ratio'], 1))} open postings per "
        f"HN candidate {trend}"
        + (f"; then {rest}." if rest else ".")
        + f" Roles with at least {fg.MIN_CANDIDATES} candidates.",
    )


def _growth_clause(weeks: pl.DataFrame, day: dt.date, span: int, observed: list[dt.date]) -> tuple[str, float | None]:
    res = fg.growth(weeks, fg.week_start(day), span)
    if res is None:
        since = (
            f"history starts {esc(fg.iso_week(observed[0]))}, {len(observed)} observed week{'s' if len(observed) != 1 else ''}"
            if observed
            else "no history"
        )
        return f"Over {span} weeks: not measurable yet ({since}).", None
    up, down, base = res

    def say(c: fg.Change) -> str:
        rel = f", {pct(c.ratio, 0, signed=True)}" if c.ratio is not None else ", new"
        return f"{_b(c.role)} {esc(signed(c.delta, 0))} open postings ({esc(fmt(c.before, 0))} → {esc(fmt(c.after, 0))}{esc(rel)})"

    grow = say(up[0]) if up else "no role grew"
    shrink = say(down[0]) if down else "no role shrank"
    return (
        f"Over {span} weeks ({esc(fg.iso_week(base))} → {esc(fg.iso_week(fg.week_start(day)))}): growing most "
        f"{grow}; shrinking most {shrink}.",
        (up[0].delta if up else None),
    )


def _growth(p: Page, weeks: pl.DataFrame, day: dt.date) -> str:
    observed = sorted(set(weeks.filter(pl.col("days_observed") > 0)["week_start"].to_list())) if weeks.height else []
    four, value = _growth_clause(weeks, day, 4, observed)
    twelve, _ = _growth_clause(weeks, day, 12, observed)
    return p.headline("growth", value, f"{four} {twelve}")


def _layoffs(p: Page, et: pl.DataFrame, day: dt.date) -> str:
    recent, before = fg.layoffs_by_class(et, day)
    total = float(recent["laid_off_estimate"].sum())
    prev = float(before["laid_off_estimate"].sum())
    if total <= 0:
        return p.headline(
            "layoffs",
            0.0,
            f"No layoffs with a head count were announced in the 4 weeks to {esc(day)} "
            f"(the 4 weeks before: {esc(fmt(prev, 0))}).",
        )
    parts = ", ".join(
        f"{esc(r['exposure_class'])} {esc(pct(r['laid_off_estimate'] / total))}"
        for r in recent.sort("laid_off_estimate", descending=True).iter_rows(named=True)
    )
    named = float(recent["laid_off_named"].sum()) / total
    sub = float(recent.filter(pl.col("exposure_class") == "substitution_exposed")["laid_off_estimate"].sum()) / total
    return p.headline(
        "layoffs",
        sub,
        (
            f"In the 4 weeks to {esc(day)} an estimated {_b(fmt(total, 0))} employees were laid off "
            f"(the 4 weeks before: {esc(fmt(prev, 0))}); by exposure class: {parts}. "
            f"{_b(pct(sub))} fell on substitution-exposed roles; {esc(pct(named))} of the estimate comes from roles "
            "the sources named, the rest is allocated by posting mix."
        ),
    )


def _ai_layoffs(p: Page, ai: pl.DataFrame, day: dt.date) -> str:
    people = ai["employees_affected"].drop_nulls().sum() if ai.height else 0
    companies = ai["company"].n_unique() if ai.height else 0
    return p.headline(
        "ai_layoffs",
        float(ai.height),
        (
            f"{_b(ai.height)} layoff events in the {AI_LAYOFF_DAYS // 7} weeks to {esc(day)} are attributed to AI by the "
            f"company itself, at {esc(companies)} companies, {esc(fmt(int(people)))} employees where a count is given; "
            "each with its verbatim evidence in the table below."
        ),
    )


def _ai_premium(p: Page, rsd: pl.DataFrame, history: pl.DataFrame, day: dt.date) -> str:
    now = fg.ai_premium_daily(rsd.drop("dt", strict=False))
    days = fg.days_open_by_class(rsd)
    open_txt = (
        f" Open postings are a median {_b(fmt(days['ai_builder'], 0))} days old for AI-builder roles and "
        f"{esc(fmt(days['other'], 0))} for the others (censored ages, not time to fill)."
    )
    if now.is_empty():
        return p.headline("ai_premium", None, "No AI-builder role has postings with pay on this day." + open_txt)
    value = now["ai_premium"][0]
    weeks = fg.ai_premium_weeks(history)
    earlier = weeks.filter(pl.col("week_start") == fg.week_start(day) - dt.timedelta(weeks=4))
    trend = (
        f"(4 weeks earlier: {esc(pct(earlier['ai_premium'][0] - 1, 0, signed=True))})"
        if earlier.height and finite(earlier["ai_premium"][0])
        else "(no figure 4 weeks earlier)"
    )
    return p.headline(
        "ai_premium",
        value,
        (
            f"AI-builder roles post {_b(pct(value - 1, 0, signed=True))} pay against the non-AI roles of their family "
            f"{trend}, over {esc(now['salary_postings'][0])} postings with pay." + open_txt
        ),
    )


def _junior(p: Page, jw: pl.DataFrame) -> str:
    if jw.is_empty():
        return p.headline("junior", None, "No week with postings yet.")
    last = jw.row(jw.height - 1, named=True)
    four = jw.filter(pl.col("week_start") == last["week_start"] - dt.timedelta(weeks=4))
    first = jw.row(0, named=True)
    trend = f"4 weeks earlier {esc(pct(four['junior_share'][0], 1))}" if four.height else "no week 4 weeks earlier"
    return p.headline(
        "junior",
        last["junior_share"],
        (
            f"{_b(pct(last['junior_share'], 1))} of open postings are intern or entry level in "
            f"{esc(fg.iso_week(last['week_start']))} ({trend}; {esc(pct(first['junior_share'], 1))} in the first observed "
            f"week, {esc(fg.iso_week(first['week_start']))}); staff and principal: {esc(pct(last['staff_plus_share'], 1))}."
        ),
    )


# --- charts --------------------------------------------------------------------------------------
def _labels(axis: list[dt.date]) -> list[str]:
    return [fg.iso_week(w) for w in axis]


def _series_frame(axis: list[dt.date], series: dict[str, list[float | None]], key: str, value: str) -> pl.DataFrame:
    rows = [
        {"iso_week": fg.iso_week(w), "week_start": w, key: name, value: vals[i]}
        for name, vals in series.items()
        for i, w in enumerate(axis)
    ]
    return pl.DataFrame(rows, schema={"iso_week": pl.String, "week_start": pl.Date, key: pl.String, value: pl.Float64})


def _charts(
    p: Page,
    rsd: pl.DataFrame,
    weeks: pl.DataFrame,
    history: pl.DataFrame,
    et: pl.DataFrame,
    jw: pl.DataFrame,
    day: dt.date,
) -> str:
    out = []
    hist_first = _first_week(weeks)
    axis = fg.week_axis(hist_first, day)
    # 1. tightness of the tightest roles
    top = fg.tightest(rsd)["role"].to_list() if rsd.height else []
    ser = fg.on_axis(axis, weeks, "demand_supply_ratio", "role", top) if top else {}
    out.append(
        p.figure(
            "tightness",
            "Open postings per HN candidate, tightest roles, per week",
            line_chart(
                "tightness",
                _labels(axis),
                [(r, PALETTE[i], v) for i, (r, v) in enumerate(ser.items())],
                label="open postings per candidate",
                value_fmt=lambda v: fmt(v, 1),
            ),
            _series_frame(axis, ser, "role", "demand_supply_ratio"),
            "tightest-roles",
        )
    )
    # 2. open postings of the roles growing and shrinking most over 4 weeks
    res = fg.growth(weeks, fg.week_start(day), 4) if weeks.height else None
    movers = (
        [c.role for c in (res[0] + res[1])]
        if res
        else (rsd.filter(pl.col("role") != "unknown").head(5)["role"].to_list() if rsd.height else [])
    )
    ser = fg.on_axis(axis, weeks, "open_postings", "role", movers) if movers else {}
    note = "roles growing and shrinking most over 4 weeks" if res else "largest roles (no 4-week comparison yet)"
    out.append(
        p.figure(
            "role_postings",
            "Open postings per week (mean over the week's days)",
            line_chart(
                "role_postings",
                _labels(axis),
                [(r, PALETTE[i % len(PALETTE)], v) for i, (r, v) in enumerate(ser.items())],
                label="open postings",
                value_fmt=lambda v: fmt(v, 0),
            ),
            _series_frame(axis, ser, "role", "open_postings"),
            "role-growth",
            esc(note),
        )
    )
    # 3./4. exposure classes: postings index and layoffs
    obs = fg.observed_weeks(et)
    eaxis = fg.week_axis(obs[0] if obs else None, day)
    if et.height:
        shown = et.with_columns(
            pl.when(pl.col("days_observed") > 0).then(pl.col("postings_index")).alias("postings_index")
        )
        idx = fg.on_axis(eaxis, shown, "postings_index", "exposure_class", list(EXPOSURE_CLASSES))
        lay = fg.on_axis(eaxis, et, "laid_off_estimate", "exposure_class", list(EXPOSURE_CLASSES))
    else:
        idx, lay = {}, {}
    out.append(
        p.figure(
            "exposure_index",
            "Open postings per AI-exposure class, index (first observed week = 100)",
            line_chart(
                "exposure_index",
                _labels(eaxis),
                [(c, CLASS_COLORS[c], v) for c, v in idx.items()],
                label="postings index",
                value_fmt=lambda v: fmt(v, 0),
            ),
            _series_frame(eaxis, idx, "exposure_class", "postings_index"),
            "exposure-index",
        )
    )
    out.append(
        p.figure(
            "layoffs_by_class",
            "Employees laid off per week by exposure class (allocated: an estimate)",
            line_chart(
                "layoffs_by_class",
                _labels(eaxis),
                [(c, CLASS_COLORS[c], v) for c, v in lay.items()],
                label="employees laid off",
                value_fmt=lambda v: fmt(v, 0),
            ),
            _series_frame(eaxis, lay, "exposure_class", "laid_off_estimate"),
            "layoffs-by-exposure-class",
        )
    )
    # 5. AI premium
    aw = fg.ai_premium_weeks(history)
    prem = fg.on_axis(axis, aw, "ai_premium", None)
    prem = {"AI premium": prem.get("", [None] * len(axis))}
    out.append(
        p.figure(
            "ai_premium",
            "AI premium per week (AI-builder pay ÷ non-AI pay of the family)",
            line_chart(
                "ai_premium",
                _labels(axis),
                [("AI premium", PALETTE[3], prem["AI premium"])],
                label="pay ratio",
                value_fmt=lambda v: fmt(v, 2),
                zero_based=False,
            ),
            _series_frame(axis, prem, "series", "ai_premium"),
            "ai-premium",
        )
    )
    # 6. junior share
    jaxis = fg.week_axis(_first_week(jw), day)
    js = {
        "intern + entry": fg.on_axis(jaxis, jw, "junior_share", None).get("", []),
        "staff + principal": fg.on_axis(jaxis, jw, "staff_plus_share", None).get("", []),
    }
    out.append(
        p.figure(
            "junior_share",
            "Share of open postings by level, per week",
            line_chart(
                "junior_share",
                _labels(jaxis),
                [(k, PALETTE[i + 2], v) for i, (k, v) in enumerate(js.items())],
                label="share of open postings",
                value_fmt=lambda v: pct(v, 0),
            ),
            _series_frame(jaxis, js, "series", "share"),
            "junior-share",
        )
    )
    return '<h2 id="trends">Trends, one point per observed week</h2>' + "".join(out)


# --- evidence, companies, freshness, roles --------------------------------------------------------
def ai_layoffs_frame(layoffs: pl.DataFrame | None, day: dt.date) -> pl.DataFrame:
    """The AI-attributed events announced in the :data:`AI_LAYOFF_DAYS` days to ``day`` (or
    undated), newest first, one row per event (WARN notices linked to an event left out)."""
    cols = [
        "company",
        "announced_date",
        "employees_affected",
        "ai_evidence",
        "url",
        "source",
        "archive_sha256",
        "event_id",
    ]
    if layoffs is None or layoffs.is_empty():
        return pl.DataFrame(
            schema={
                c: (pl.Date if c == "announced_date" else pl.Int64 if c == "employees_affected" else pl.String)
                for c in cols
            }
        )
    since = day - dt.timedelta(days=AI_LAYOFF_DAYS - 1)
    f = layoffs.filter(
        pl.col("ai_attributed").fill_null(False)
        & pl.col("linked_event_id").is_null()
        & (pl.col("announced_date").is_null() | pl.col("announced_date").is_between(since, day))
    )
    return f.select(cols).sort(["announced_date", "company"], descending=[True, False], nulls_last=True)


def _ai_table(p: Page, ai: pl.DataFrame, links: dict[str, str]) -> str:
    head = (
        '<h2 id="ai-layoffs">AI-attributed layoffs, with the company\'s own words</h2>'
        f"<p>Events announced in the {AI_LAYOFF_DAYS // 7} weeks to the report's day whose source quotes the company "
        f"attributing the cut to AI; the evidence is the verbatim sentence found in the archived source. "
        f"{csv_download('ai_layoffs', ai.drop('archive_sha256', 'event_id'))} · {p.how('ai-attributed-layoffs')}</p>"
    )
    if ai.is_empty():
        return head + '<p class="note" data-empty="ai_layoffs">No AI-attributed layoff in the period.</p>'
    rows = []
    for r in ai.iter_rows(named=True):
        archived = links.get(r["archive_sha256"] or "")
        arch = f' · <a href="{esc(archived)}" data-archived="1">archived copy</a>' if archived else ""
        rows.append(
            f'<tr data-event="{esc(r["event_id"])}"><td>{esc(r["company"])}</td><td class="date">{esc(fmt(r["announced_date"]))}</td>'
            f'<td class="num">{esc(fmt(r["employees_affected"]))}</td>'
            f'<td class="evidence"><q>{esc(r["ai_evidence"])}</q></td>'
            f'<td class="src">{link(r["url"], r["source"] or "source")}{arch}</td></tr>'
        )
    return (
        head + '<table data-table="ai_layoffs" class="evidence"><thead><tr><th>company</th><th>announced</th>'
        "<th>employees</th><th>evidence (verbatim)</th><th>source</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def company_frame(cr: pl.DataFrame) -> pl.DataFrame:
    """Per company that cut (with a head count) in the mart's window: its latest such month,
    hiring and cuts by exposure class, largest cuts first."""
    if cr.is_empty():
        return cr
    cut = cr.filter(pl.col("cuts_estimate").fill_null(0) > 0).sort("month").group_by("company_key").last()
    return cut.sort(["cuts_estimate", "company_key"], descending=[True, False])


def _companies(p: Page, cr: pl.DataFrame) -> str:
    f = company_frame(cr)
    head = '<h2 id="companies">Companies cutting and hiring: the mix by exposure class</h2>'
    if f.is_empty():
        return head + empty_chart("recomposition", "no company with cuts in company_recomposition")
    top = f.head(TOP_COMPANIES)
    rows = []
    for r in top.iter_rows(named=True):
        name = r["company"] or r["company_key"]
        month = r["month"].strftime("%Y-%m") if r["month"] else ""
        idx = r["recomposition_index"]
        rows.append(
            (
                name,
                f"{month} hiring ({r['postings']})",
                [r[f"postings_{c}"] for c in EXPOSURE_CLASSES],
                f"index {signed(idx, 2) if finite(idx) else '–'}" if r["postings"] else "no postings",
            )
        )
        rows.append(
            (
                name,
                f"{month} cuts (~{fmt(r['cuts_estimate'], 0)})",
                [r[f"cuts_{c}"] for c in EXPOSURE_CLASSES],
                f"named {pct(r['cuts_named_share'])}",
            )
        )
    chart = stacked_share_chart(
        "recomposition", rows, label="hiring and cuts by exposure class", classes=list(EXPOSURE_CLASSES)
    )
    cols = [
        "company",
        "month",
        "postings",
        *[f"postings_{c}" for c in EXPOSURE_CLASSES],
        "cuts_estimate",
        *[f"cuts_{c}" for c in EXPOSURE_CLASSES],
        "cuts_named_share",
        "recomposition_index",
    ]
    return (
        head + "<p>Per company with cuts, its latest month with cuts: the exposure-class mix of its open postings "
        "(hiring) above the mix of its cuts. Cuts are allocated to roles; where the source named no roles "
        "(<i>named 0%</i>) the cut mix is the market's posting mix, not the company's. "
        f"{csv_download('company_recomposition', f.select([c for c in cols if c in f.columns]))} · "
        f"{p.how('company-recomposition')}</p>"
        + chart
        + table(
            "company_recomposition",
            top,
            [
                "company",
                "month",
                "postings",
                "cuts_estimate",
                "cuts_named_share",
                "hiring_ai_share",
                "cuts_ai_share",
                "recomposition_index",
            ],
            formats={
                "cuts_named_share": pct,
                "hiring_ai_share": pct,
                "cuts_ai_share": pct,
                "cuts_estimate": lambda v: fmt(v, 0),
                "recomposition_index": lambda v: signed(v, 2),
                "month": lambda v: v.strftime("%Y-%m") if v else "–",
            },
            headers={
                "cuts_estimate": "cuts (est.)",
                "cuts_named_share": "cuts named",
                "hiring_ai_share": "hiring AI share",
                "cuts_ai_share": "cuts AI share",
                "recomposition_index": "index",
            },
        )
    )


def _freshness(p: Page, fr: pl.DataFrame | None, day: dt.date) -> str:
    head = '<h2 id="freshness">Freshness and failures per source</h2>'
    if fr is None or fr.is_empty():
        return head + '<p class="note" data-empty="freshness">Source freshness is not available for this report.</p>'
    rows = []
    for r in fr.iter_rows(named=True):
        fails = r["failures"] or []
        shown = "; ".join(fails[:5]) + (f" (+{len(fails) - 5} more)" if len(fails) > 5 else "")
        rows.append(
            f'<tr data-source="{esc(r["source"])}" data-status="{esc(r["status"])}"><td>{esc(r["source"])}</td>'
            f'<td class="status s-{esc(r["status"].replace(" ", "-"))}">{esc(r["status"])}</td>'
            f'<td class="date">{esc(fmt(r["snapshot"]))}</td><td class="num">{esc(fmt(r["age_days"]))}</td>'
            f'<td class="num">{esc(fmt(r["keys_ok"]))}</td><td class="num">{esc(fmt(r["keys_failed"]))}</td>'
            f'<td class="fail">{esc(shown)}</td></tr>'
        )
    bad = fr.filter(pl.col("status").is_in(["failed", "stale", "no snapshot"])).height
    csv = fr.with_columns(pl.col("failures").list.join("; "))
    return (
        head + f"<p>The archive snapshot each source's rows come from on {esc(day)}, its age, and the keys "
        f"(boards, trackers, states…) that answered or failed: {esc(bad)} of {fr.height} sources need attention. "
        f"{csv_download('source_freshness', csv)} · {p.how('source-freshness')}</p>"
        '<table data-table="freshness"><thead><tr><th>source</th><th>status</th><th>snapshot</th><th>age (days)</th>'
        "<th>keys ok</th><th>keys failed</th><th>failures</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
    )


ROLE_COLUMNS = [
    "role",
    "exposure_class",
    "open_postings",
    "candidates",
    "demand_supply_ratio",
    "new_postings_28d",
    "laid_off_estimate_28d",
    "median_salary_usd",
    "ai_premium",
    "median_days_open",
]


def _roles(p: Page, rsd: pl.DataFrame) -> str:
    head = '<h2 id="roles">Per role on the report\'s day</h2>'
    if rsd.is_empty():
        return head + empty_chart("roles", "role_supply_demand is empty")
    return (
        head + f"<p>Key columns; every column of the mart is in the CSV. Click a header to sort. "
        f"{csv_download('role_supply_demand', rsd)} · {p.how('tightest-roles', 'how to read the ratio')}</p>"
        + table(
            "role_supply_demand",
            rsd,
            ROLE_COLUMNS,
            formats={
                "demand_supply_ratio": lambda v: fmt(v, 1),
                "laid_off_estimate_28d": lambda v: fmt(v, 0),
                "median_salary_usd": lambda v: fmt(v, 0),
                "ai_premium": lambda v: fmt(v, 2),
                "median_days_open": lambda v: fmt(v, 0),
            },
            headers={
                "exposure_class": "exposure class",
                "open_postings": "open postings",
                "demand_supply_ratio": "postings per candidate",
                "new_postings_28d": "new (28d)",
                "laid_off_estimate_28d": "laid off (28d, est.)",
                "median_salary_usd": "median pay (USD)",
                "ai_premium": "AI premium",
                "median_days_open": "median days open",
            },
        )
    )
