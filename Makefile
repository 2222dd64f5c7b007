# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
PROJECT ?= projects/demo.sqlite
PORT ?= 8501

.PHONY: install install-test run demo test lint format bench bench-smoke clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(PY) -m pip install --quiet -r requirements-test.txt
	touch $(TEST_STAMP)

install: $(STAMP)

install-test: $(TEST_STAMP)

$(PROJECT): | $(STAMP)
	$(PY) -m qda demo $(PROJECT)

demo: $(PROJECT)

run: $(STAMP) $(PROJECT)
	$(PY) -m qda serve $(PROJECT) --port $(PORT)

test: $(TEST_STAMP)
	$(PY) -m pytest -q; rc=$$?; if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 1; fi; exit $$rc

lint: $(TEST_STAMP)
	$(VENV)/bin/ruff check .

format: $(TEST_STAMP)
	$(VENV)/bin/ruff format .

bench: $(TEST_STAMP)
	$(PY) -m benchmarks

bench-smoke: $(TEST_STAMP)
	$(PY) -m benchmarks --smoke

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
