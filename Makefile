# Thin targets: the logic lives in tools/course.py (standard library only).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
COURSE := $(PYTHON) tools/course.py

.PHONY: setup lab test portability check refresh bench site lock clean update

setup:    ## create .venv and install the locked packages + course_lib (idempotent)
	$(COURSE) setup
lab:      ## start JupyterLab on 127.0.0.1 with a token, in your workspace/ copy of the lessons
	$(COURSE) lab
test:     ## setup, ruff, unit tests, doctests, strict nbval over every notebook, browser tests
	$(COURSE) test
portability: ## strict nbval of every lesson under three simulated CPUs/thread counts (CI step 2)
	$(COURSE) portability
check:    ## the fast loop while editing: ruff, unit tests, doctests (no notebooks, no browser)
	$(COURSE) check
refresh:  ## re-execute the notebooks in place (NB="notebooks/01_....ipynb" for one)
	$(COURSE) refresh $(NB)
bench:    ## run the benchmarks; writes benchmarks/results.json and RESULTS.md
	$(COURSE) bench
site:     ## the course as a static website in build/site (stored outputs, works offline)
	$(COURSE) site
update:   ## git pull, then add new or changed lessons to workspace/ (your edits are kept)
	$(COURSE) update
lock:     ## re-resolve requirements.lock from the ranges in pyproject.toml
	$(COURSE) lock
clean:    ## remove .venv and caches
	$(COURSE) clean
