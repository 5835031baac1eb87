# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DB ?= data/ita.duckdb
PORT ?= 8501

.PHONY: run test check lint bench profile db browser clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements-test.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-test.txt
	touch $@

FONTS := static/fonts/Sarabun-Regular.ttf
$(FONTS): | $(VENV)/.installed
	$(BIN)/python tools/install_fonts.py

# The charts' plotly.js, copied from the installed plotly package (again when requirements.txt changes).
PLOTLY_JS := static/plotly.min.js
$(PLOTLY_JS): $(VENV)/.installed
	$(BIN)/python tools/install_plotly_js.py

$(DB): | $(VENV)/.installed
	$(BIN)/python -m ita_analytics init --db $(DB)

db: $(DB)

run: $(VENV)/.installed $(FONTS) $(PLOTLY_JS) $(DB)
	ITA_DB=$(DB) $(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true \
		--browser.gatherUsageStats false

# Debian's Chromium and Thai fonts for the browser tests (root on this project's machines).
browser:
	@dpkg -s chromium fonts-thai-tlwg >/dev/null 2>&1 || { \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-thai-tlwg; }

# Lint and format checks on the whole tree (pyproject.toml); `$(BIN)/ruff format .` mends the formatting.
lint: $(VENV)/.test-installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The whole suite, browser tests included: what CI runs.
test: lint $(FONTS) $(PLOTLY_JS) browser
	$(BIN)/python -m pytest -q

# The inner loop: lint and every test but the browser ones (no Chromium needed).
check: lint $(FONTS) $(PLOTLY_JS)
	$(BIN)/python -m pytest -q -m "not browser"

bench: $(VENV)/.test-installed $(FONTS) $(PLOTLY_JS) browser
	$(BIN)/python benchmarks/bench.py

# Where a page's warm run goes: make profile PAGE=ita-cpi (pages as in benchmarks/pages.py).
PAGE ?= overview
profile: $(VENV)/.test-installed $(FONTS) $(PLOTLY_JS) $(DB)
	$(BIN)/python benchmarks/profile_page.py $(PAGE) --db $(DB)

clean:
	rm -rf $(VENV) .pytest_cache .bench
