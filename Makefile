# Two commands set everything up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the project metadata changes, so the second run is quick.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test,dask]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/geomap run scripts/sweida/workflow.toml
	@if [ -x "$${GEOMAP_CHROMIUM:-/usr/bin/chromium}" ]; then \
	  $(BIN)/geomap map outputs/sweida.geojson -o outputs/sweida-print.html --offline --print --inset \
	    --title "Sweida, July 2025: clashes, strikes, a ceasefire and a convoy" \
	    --png outputs/sweida-print.png --size 1600x1000 --scale 1 --quiet && echo "outputs/sweida-print.png"; \
	else \
	  echo "no Chromium at $${GEOMAP_CHROMIUM:-/usr/bin/chromium}: skipped the print PNG (apt-get install chromium, then make demo)"; \
	fi

test: $(STAMP)
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check geomap gazetteer tests scripts

bench: $(STAMP)
	for b in scripts/bench_*.py; do $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) outputs/*.html outputs/*.geojson outputs/*.png
