# Two commands from a fresh clone: `make run` and `make test`.
# They need only Python >= 3.11 and make: when uv is not on PATH, it is bootstrapped into
# .tools/ (a venv with pip install uv), then the locked environment is synced into .venv/.

TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null)
ifeq ($(UV),)
UV := $(TOOLS)/bin/uv
endif

export UV_COMPILE_BYTECODE := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1

.PHONY: run test lint format setup clean

run: .venv/.synced  ## run the pipeline on raw/ → hibah.duckdb, reports/index.html
	$(UV) run --locked --no-sync hibah run

test: .venv/.synced  ## run the test suite
	$(UV) run --locked --no-sync pytest

lint: .venv/.synced  ## ruff lint and format check, mypy type check
	$(UV) run --locked --no-sync ruff check .
	$(UV) run --locked --no-sync ruff format --check .
	$(UV) run --locked --no-sync mypy

format: .venv/.synced
	$(UV) run --locked --no-sync ruff format .

setup: .venv/.synced

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked
	@touch $@

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

clean:
	rm -rf .venv $(TOOLS) hibah.duckdb hibah.duckdb.wal reports/*.html
