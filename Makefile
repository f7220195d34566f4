# Vitals: `make run` and `make test` are all a new machine needs (Python 3.11 and make).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --disable-pip-version-check -q
PORT ?= 8501
HOST ?= localhost
JOBS ?= auto  # pytest-xdist workers for make test (each test has its own database)
# Test databases live in memory where the machine has a RAM disk: a commit's fsync on a
# virtual disk costs milliseconds and the suite makes thousands (docs/PERFORMANCE.md).
TEST_TMPDIR ?= $(shell test -w /dev/shm && echo /dev/shm || echo $${TMPDIR:-/tmp})
# Links (make link, emails sent by the app) use $VITALS_BASE_URL, else http://localhost:$PORT/.
export PORT

.PHONY: setup setup-dev run test lint chromium demo bench bench-quick bench-load bench-load-quick lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Runtime packages only (requirements.txt); the development lock adds tests and tooling.
$(VENV)/.installed-run: requirements.txt | $(BIN)/python
	$(PIP) -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt | $(BIN)/python
	$(PIP) -r requirements-dev.txt
	touch $@ $(VENV)/.installed-run

setup: $(VENV)/.installed-run

setup-dev: $(VENV)/.installed-dev

run: setup
	$(BIN)/python -m demo
	$(BIN)/python -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

# Tests keep Python's bytecode caches even where the environment turns them off
# (PYTHONDONTWRITEBYTECODE): every worker, app server and subprocess would compile the project
# and the tests again (a worker's collection: 3.6 s without them, 0.8 s with them).
test: lint chromium  ## every test in parallel (unit, AppTest, browser); lint first
	env -u PYTHONDONTWRITEBYTECODE TMPDIR=$(TEST_TMPDIR) \
		$(BIN)/python -m pytest -n $(strip $(JOBS)) --dist worksteal

lint: setup-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

chromium:  ## the browser tests drive Debian's Chromium: installed if possible, else how to
	@.ci/ensure-chromium

demo: setup
	$(BIN)/python -m demo --reset

lock: setup-dev  ## re-resolve requirements*.txt from pyproject.toml (needs PyPI)
	$(BIN)/uv pip compile pyproject.toml -q --python-version 3.11 --no-emit-package pip \
		--custom-compile-command "make lock" -o requirements.txt
	$(BIN)/uv pip compile pyproject.toml -q --python-version 3.11 --no-emit-package pip \
		--custom-compile-command "make lock" --extra dev -o requirements-dev.txt

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

.PHONY: rescore
rescore: setup
	$(BIN)/python -m sentiment rescore

.PHONY: admin backup
admin: setup  ## create the first administrator; prints a one-time password once
	$(BIN)/python -m accounts create-admin $(if $(LOGIN),--login $(LOGIN),)

backup: setup  ## consistent copy of the live database (safe while the app runs)
	$(BIN)/python -m accounts backup $(if $(TO),--to $(TO),)

.PHONY: cadence link
cadence: setup  ## create the rounds due today and publish closed rounds (also at app start-up)
	$(BIN)/python -m surveys cadence
	$(BIN)/python -m insights publish
	-$(BIN)/python -m insights red-flag-digest

link: setup  ## print a fresh personal pulse link: make link EMAIL=someone@example (any demo person if empty)
	$(BIN)/python -m demo
	$(BIN)/python -m surveys link $(if $(EMAIL),--email $(EMAIL),)

bench: setup-dev  ## benchmarks at 500, 5,000 and 20,000 employees (BENCH_QUICK=1: smallest only)
	$(BIN)/python -m bench

bench-load: setup-dev  ## capacity of the real server: the matrix and a soak (~40 min; docs/PERFORMANCE.md)
	$(BIN)/python -m bench.load --matrix --soak 2000

bench-load-quick: setup-dev  ## the load client against one tuned server, a few respondents
	$(BIN)/python -m bench.load --quick

bench-quick: setup-dev  ## the harness end to end at its smallest size, checked (CI, after make test)
	$(BIN)/python -m pytest -q -p no:cacheprovider bench/check_quick.py
