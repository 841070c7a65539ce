# Hiring Signals — every target sets up what it needs (only python3 >= 3.11 and make required).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
MODE   ?=
DATE   ?=
export DAGSTER_HOME := $(CURDIR)/.dagster_home

.PHONY: setup run ui test bench validate check clean-lake help

help:
	@echo "make run [MODE=live] [DATE=YYYY-MM-DD]  build the daily graph into ./data_lake: replay of the archive (seeded with"
	@echo "                                        the synthetic sample) unless MODE=live (today/yesterday UTC only); exit 1 = run failed"
	@echo "make clean-lake [LAKE=…]                delete the lake's derived layers (clean, marts, reports, runs); never raw/ (the archive)"
	@echo "make test                               run the test suite (no network)"
	@echo "make ui                                 Dagster UI on http://127.0.0.1:3000 (same instance)"
	@echo "make bench                              benchmarks (prints figures)"
	@echo "make validate                           dagster definitions validate + dg check defs"
	@echo "make bi [LAKE=…] [BI_DB=…]              DuckDB views over the lake in .bi/hiring_signals.duckdb (bi/README.md)"
	@echo "make check                              ruff (lint + format), mypy over the core, the layout rules"

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ required")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

$(DAGSTER_HOME)/dagster.yaml: dagster.yaml
	@mkdir -p $(DAGSTER_HOME)
	cp dagster.yaml $@

setup: $(VENV)/.installed $(DAGSTER_HOME)/dagster.yaml

run: setup
	$(BIN)/hiring-signals run $(if $(MODE),--mode $(MODE)) $(if $(DATE),--date $(DATE))

ui: setup
	$(BIN)/dagster dev --host 127.0.0.1 --port 3000

test: setup
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

check: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/layout

bench: setup
	$(BIN)/python bench/run_all.py $(if $(QUICK),--quick)

validate: setup
	$(BIN)/dagster definitions validate
	$(BIN)/dg check defs

LAKE  ?= $(or $(HIRING_SIGNALS_LAKE),data_lake)
BI_DB ?= .bi/hiring_signals.duckdb

bi: setup
	$(BIN)/python bi/load.py --lake $(LAKE) --db $(BI_DB)
	@echo 'query it: $(BIN)/duckdb $(BI_DB) -c "SELECT * FROM role_supply_demand_latest LIMIT 10"'

# The derived layers only: the next `make run` rebuilds them from the archive. raw/ (the archive)
# is never deleted by a target or a run; see README "The archive is never deleted by a run".
clean-lake:
	rm -rf $(LAKE)/clean $(LAKE)/marts $(LAKE)/reports $(LAKE)/runs
