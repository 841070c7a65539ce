-- Hiring Signals: DuckDB views over the lake (Hive-partitioned Parquet, one folder per dt).
--
-- ${LAKE} is the lake root (a local path, or s3://bucket/lake with DuckDB's httpfs extension
-- and credentials configured). bi/load.py substitutes it (single quotes escaped) and runs the
-- statements one by one; a view whose table has no partition yet is skipped, not an error.
-- `dt` (DATE) comes from the folder name; union_by_name lets a column added later read as
-- null in older partitions.

-- clean tables ------------------------------------------------------------------------------
CREATE OR REPLACE VIEW job_postings AS
SELECT * FROM read_parquet('${LAKE}/clean/job_postings/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW layoff_events AS
SELECT * FROM read_parquet('${LAKE}/clean/layoff_events/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW candidates AS
SELECT * FROM read_parquet('${LAKE}/clean/candidates/*/*.parquet', hive_partitioning = true, union_by_name = true);

-- marts -------------------------------------------------------------------------------------
CREATE OR REPLACE VIEW company_signals AS
SELECT * FROM read_parquet('${LAKE}/marts/company_signals/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW role_supply_demand AS
SELECT * FROM read_parquet('${LAKE}/marts/role_supply_demand/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW exposure_trends AS
SELECT * FROM read_parquet('${LAKE}/marts/exposure_trends/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW company_recomposition AS
SELECT * FROM read_parquet('${LAKE}/marts/company_recomposition/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW seniority_mix AS
SELECT * FROM read_parquet('${LAKE}/marts/seniority_mix/*/*.parquet', hive_partitioning = true, union_by_name = true);

CREATE OR REPLACE VIEW layoff_role_allocation AS
SELECT * FROM read_parquet('${LAKE}/marts/layoff_role_allocation/*/*.parquet', hive_partitioning = true, union_by_name = true);

-- latest partition of each mart (what a dashboard usually wants) -----------------------------
-- exposure_trends / seniority_mix / company_recomposition partitions each restate the whole
-- trailing window, so read one dt of them, never sum across dt.
CREATE OR REPLACE VIEW role_supply_demand_latest AS
SELECT * FROM role_supply_demand WHERE dt = (SELECT max(dt) FROM role_supply_demand);

CREATE OR REPLACE VIEW exposure_trends_latest AS
SELECT * FROM exposure_trends WHERE dt = (SELECT max(dt) FROM exposure_trends);

CREATE OR REPLACE VIEW company_recomposition_latest AS
SELECT * FROM company_recomposition WHERE dt = (SELECT max(dt) FROM company_recomposition);

CREATE OR REPLACE VIEW seniority_mix_latest AS
SELECT * FROM seniority_mix WHERE dt = (SELECT max(dt) FROM seniority_mix);

-- demand vs supply per role family on the latest day (ratio null where no candidate) ---------
CREATE OR REPLACE VIEW role_family_supply_demand_latest AS
SELECT
    role_family,
    sum(open_postings) AS open_postings,
    sum(candidates) AS candidates,
    sum(laid_off_estimate_28d) AS laid_off_estimate_28d,
    CASE WHEN sum(candidates) > 0 THEN sum(open_postings)::DOUBLE / sum(candidates) END AS demand_supply_ratio
FROM role_supply_demand_latest
WHERE role <> 'unknown'
GROUP BY role_family;
