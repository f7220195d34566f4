# Vitals: `make run` and `make test` are all a new machine needs (Python 3.11 and make).
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501
HOST ?= localhost
# Links (make link, emails sent by the app) use $VITALS_BASE_URL, else http://localhost:$PORT/.
export PORT

.PHONY: setup run test lint demo bench clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --disable-pip-version-check -q -r requirements.txt
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/python -m demo
	$(BIN)/python -m streamlit run app.py --server.address $(HOST) --server.port $(PORT)

test: setup
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

demo: setup
	$(BIN)/python -m demo --reset

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

bench: setup  ## benchmarks at 500, 5,000 and 20,000 employees (BENCH_QUICK=1: smallest only)
	$(BIN)/python -m bench
