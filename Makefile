# The two commands a newcomer needs: `make run` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-all bench-quick lint translations messages clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(INSTALLED): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	rm -f $(VENV)/.installed-* && touch $@

# Compiled catalogues are build output (git-ignored): made from the .po files on every run and test.
translations: $(INSTALLED)
	$(BIN)/pybabel compile --statistics -d survey_app/translations 2>&1 | grep -v '^compiling' || true

run: translations
	$(BIN)/omtanke db upgrade
	$(BIN)/omtanke demo --if-empty
	@# Today's reminders into the outbox (Outbox, as admin); without OMTANKE_SMTP_URL nothing leaves the machine.
	$(BIN)/omtanke notify run 2>/dev/null
	@# The compact lemma tables are built once per machine (about 20 s), here rather than in the first page's request.
	$(BIN)/python -c "from nlp.lemmas import preload; preload()"
	@echo "Omtanke is served at http://$(HOST):$(PORT)/ (Ctrl+C stops it)."
	OMTANKE_SECURE_COOKIES=0 $(BIN)/omtanke run --host $(HOST) --port $(PORT)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

# Two speeds. `make test`: unit, database and page tests on SQLite, a few minutes. `make test-all`: everything,
# adding the attack, fault, browser, Redis/RQ and PostgreSQL tests (each skips with its reason when the component is
# missing, except in CI, which runs this one through .ci/run). The markers are set in tests/conftest.py.
FAST := not attack and not fault and not browser and not redis and not postgres

# The fast suite runs on every core (pytest-xdist): each worker has its own database and its own day.
test: translations lint
	$(BIN)/pytest -n auto -m "$(FAST)" $(PYTEST_ARGS)

test-all: translations lint
	$(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory bench-quick

# Every bench script at its --quick size, so that none rots: figures are printed, nothing is judged, and a script
# that stops fails the target (about 3 minutes; the last step of test-all). PostgreSQL only with TEST_DATABASE_URL.
# Narrower than some scripts' own --quick: one server process for the load test, no cross-validation for polarity,
# one seed of one corpus for themes quality (its --quick clusters five corpora twice: 3-4 minutes).
BENCH_DATABASE = $(if $(TEST_DATABASE_URL),postgresql,sqlite)

# The bench scripts' baselines (pandas for bench/export.py): installed on first use, not for `make test`.
BENCH_INSTALLED := $(VENV)/.bench-$(shell cksum pyproject.toml | cut -d' ' -f1)

$(BENCH_INSTALLED): $(INSTALLED)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	rm -f $(VENV)/.bench-* && touch $@

bench-quick: $(BENCH_INSTALLED)
	@failed=""; for script in bench/*.py; do \
		name=$$(basename $$script .py); \
		case $$name in \
			load) extra="--database $(BENCH_DATABASE) --servers 1 --workers 1";; \
			scale) extra="--database $(BENCH_DATABASE)";; \
			polarity) extra="--no-cv";; \
			themes_quality) extra="--seeds 1 --corpora sib200_sv";; \
			*) extra="";; \
		esac; \
		echo "== $$script --quick $$extra"; start=$$(date +%s); \
		$(BIN)/python $$script --quick $$extra || failed="$$failed $$name"; \
		echo "== $$name: $$(( $$(date +%s) - start )) s"; \
	done; \
	if [ -n "$$failed" ]; then echo "bench-quick: failed:$$failed"; exit 1; fi

# For developers changing texts: extract new strings and merge them into the three catalogues.
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o messages.pot .
	$(BIN)/pybabel update -i messages.pot -d survey_app/translations --no-fuzzy-matching --ignore-obsolete
	rm -f messages.pot

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
