"""Every column of every lake table has a description, from the one schema module."""

from __future__ import annotations

from pipelines import schemas
from pipelines.marts import MARTS


def test_every_column_of_every_table_is_described():
    for name, (schema, docs) in schemas.TABLES.items():
        assert list(docs) == list(schema) or set(docs) == set(schema), (name, set(schema) ^ set(docs))
        assert all(isinstance(d, str) and len(d) > 8 for d in docs.values()), name


def test_every_table_is_listed():
    for table, schema in schemas.CLEAN_SCHEMAS.items():
        assert schemas.TABLES[f"clean/{table}"][0] is schema
    for name, spec in MARTS.items():  # every discovered mart, with the schema its SPEC declares
        assert schemas.TABLES[f"marts/{name}"][0] is spec.schema
    assert schemas.column_docs("marts", "role_supply_demand")["demand_supply_ratio"].startswith(
        "open_postings / candidates"
    )
