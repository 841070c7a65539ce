"""The daily HTML report: one self-contained page per partition, from the marts."""


import dagster as dg

from assets.common import DAILY, OWNERS, partition_date
from assets.resources import LakeResource
from pipelines.fields.salary_usd import FX_AS_OF
from pipelines.report import REPORT_MARTS, render_report

REPORT = dg.AssetKey(["reports", "daily_report"])


@dg.asset(
    key=REPORT, group_name="reports", kinds={"html"}, owners=OWNERS, partitions_def=DAILY,
    deps=[dg.AssetKey(["marts", n]) for n in REPORT_MARTS],
    description=(
        "A self-contained, offline HTML report of the partition ({lake}/reports/dt=…/index.html): "
        "supply/demand per role, exposure trends, junior share, top recomposing companies, with "
        "sortable tables. Every scraped string is escaped; the page loads nothing from the network."
    ),
)
def daily_report(context: dg.AssetExecutionContext, lake: LakeResource) -> dg.MaterializeResult:
    day = partition_date(context)
    store = lake.store
    marts = {name: store.read_partition("marts", name, day) for name in REPORT_MARTS
             if store.has_partition("marts", name, day)}
    meta = {"partition": day.isoformat(), "run": context.run.run_id, "fx rates as of": FX_AS_OF,
            **{f"{k} rows": v.height for k, v in marts.items()}}
    html = render_report(marts, day, meta).encode("utf-8")
    path = store.path("reports", f"dt={day.isoformat()}", "index.html")  # {lake}/reports/dt=…/
    store.write_bytes_atomic(path, html)
    return dg.MaterializeResult(metadata={
        "dagster/uri": dg.MetadataValue.path(store.fs.unstrip_protocol(path)), "bytes": len(html),
        "marts": dg.MetadataValue.json(sorted(marts)),
    })
