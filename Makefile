# Alliance Dilemmas: every target sets up .venv itself, so a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PY     := $(BIN)/python
COURSE := assignments
PORT   ?= 8888
# Jupyter refuses to run as root unless told; containers and CI machines often are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: lab test test-fast bench bench-browser bundle release solutions grade report formgrader hub hub-proxy lint clean help classroom

help:
	@echo "make lab        install (once) and open the course in JupyterLab"
	@echo "make test       install (once, with test tools) and run every test"
	@echo "make test-fast  models, apps and checks only (under two minutes), for the edit-test loop"
	@echo "make bench      speed and memory benchmarks"
	@echo "make bundle     rebuild the course's plotly bundle (after a plotly upgrade; needs node and npm)"
	@echo "make release    generate the student versions of the problem sets (nbgrader)"
	@echo "make solutions  worked solutions for self-study: assignments/solutions/ (nbgrader, no hidden tests)"
	@echo "make grade      autograde assignments/submitted/ (or ZIP=lms-download.zip), feedback, grades.csv"
	@echo "make report     per-task statistics of the gradebook: assignments/reports/ (CSV + offline HTML)"
	@echo "make formgrader open JupyterLab with nbgrader's formgrader for manual grading"
	@echo "make hub        (root) a JupyterHub for a class on this machine: INSTRUCTORS=... STUDENTS=..."

# The venv, created once.
$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

# Student install: re-run only when the requirements or the package metadata change.
$(VENV)/.installed: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -r requirements.txt
	@touch $@

# Static plotly figures drawn with the bundle the figure widgets share (a small JupyterLab
# extension written into the venv; plotly's own renderer is disabled there).
$(VENV)/.labextension: course_lib/plots/labextension.py course_lib/plots/widget.py $(VENV)/.installed
	$(PY) -m course_lib.plots.labextension
	@touch $@

# Test tools on top.
$(VENV)/.installed-dev: requirements-dev.txt requirements-hub.txt pyproject.toml $(VENV)/.installed $(VENV)/.labextension
	$(PY) -m pip install -r requirements-dev.txt
	@touch $@

lab: $(VENV)/.installed $(VENV)/.labextension
	PATH=$(CURDIR)/$(BIN):$$PATH jupyter lab $(ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) notebooks/00_start_here.ipynb

# The hub's proxy comes from npm; where npm is missing, tests/test_hub.py says so (and fails under CI).
NPM := $(shell command -v npm 2>/dev/null)

test: $(VENV)/.installed-dev .venv-classroom/.installed $(if $(NPM),hub-proxy)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(PY) -m pytest $(PYTEST_ARGS)

# Python the linter and formatter check (ruff check + ruff format --check, in make test and make lint).
LINTED := course_lib tests benchmarks classroom hub

# The edit-test loop: models, apps and checks (no notebooks, nbgrader, browser, database, hub or classroom).
FAST := not notebook and not nbgrader and not browser and not postgres and not classroom

test-fast: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(PY) -m pytest -q -m "$(FAST)" $(PYTEST_ARGS)

bench: $(VENV)/.installed-dev
	$(PY) -m benchmarks

# Lessons in JupyterLab + Chromium: websocket bytes, open-to-drawn time, JS heap, slider latency.
bench-browser: $(VENV)/.installed-dev
	$(PY) -m benchmarks.bench_browser --options

# The course's plotly bundle, course_lib/plots/static/widgetbundle-course.js (committed, so
# installing the course needs no node): plotly's own widget on a plotly.js with only the trace
# types the course draws (js/package.json). Rebuild after changing plotly's pin in pyproject.toml
# (then also js/package.json's plotly.js and courseBundle.plotly), or the trace types.
bundle:
	cd js && npm ci --no-audit --no-fund && npm run build

# nbgrader calls alembic by name, so the venv's bin must be on PATH.
release: $(VENV)/.installed
	cd $(COURSE) && for ps in $$(ls source); do \
		PATH=$(CURDIR)/$(BIN):$$PATH nbgrader generate_assignment $$ps --force --create || exit 1; \
	done
	rm -f $(COURSE)/gradebook.db

# Worked solutions for self-study, generated from the sources so they never drift from the model
# answers; assignments/nbgrader_config.py makes generate_solution drop the hidden tests and the
# outputs. A scratch gradebook, so the course's own is never touched.
solutions: $(VENV)/.installed
	rm -rf $(COURSE)/solutions
	scratch=$$(mktemp -d) && db=sqlite:///$$scratch/solutions.db && status=0 && cd $(COURSE) && \
	for ps in $$(ls source); do \
		PATH=$(CURDIR)/$(BIN):$$PATH nbgrader db assignment add $$ps --CourseDirectory.db_url=$$db && \
		PATH=$(CURDIR)/$(BIN):$$PATH nbgrader generate_solution $$ps --force --CourseDirectory.db_url=$$db \
		|| { status=1; break; }; \
	done; rm -rf $$scratch; exit $$status

grade: $(VENV)/.installed
	$(PY) -m course_lib.grading --course $(or $(COURSE_DIR),$(COURSE)) $(if $(ZIP),--zip $(ZIP)) $(if $(WORKERS),--workers $(WORKERS)) $(if $(DB_URL),--db-url $(DB_URL)) $(ARGS)

report: $(VENV)/.installed
	$(PY) -m course_lib.grading report --course $(or $(COURSE_DIR),$(COURSE)) $(if $(DB_URL),--db-url $(DB_URL))

formgrader: $(VENV)/.installed $(VENV)/.labextension
	cd $(COURSE) && PATH=$(CURDIR)/$(BIN):$$PATH jupyter lab $(ROOT_FLAG) --port=$(PORT) --ServerApp.root_dir=$(CURDIR)/$(COURSE) --ServerApp.default_url=/formgrader

# A JupyterHub for a small class on this machine (docs/instructors.md, "A JupyterHub for the
# class"): run as root, the accounts must exist, e.g.
#   sudo make hub INSTRUCTORS=ada STUDENTS="bo cyd dee" HUB_IP=0.0.0.0
HUB_IP   ?= 127.0.0.1
HUB_PORT ?= 8000
EXCHANGE ?= /srv/nbgrader/exchange

$(VENV)/.installed-hub: requirements-hub.txt pyproject.toml $(VENV)/.installed $(VENV)/.labextension
	$(PY) -m pip install -r requirements-hub.txt
	@touch $@

# the hub's proxy, from npm into hub/node_modules (no global install)
hub/node_modules/.bin/configurable-http-proxy: hub/package.json hub/package-lock.json
	npm ci --prefix hub --no-audit --no-fund
	@touch $@

hub-proxy: hub/node_modules/.bin/configurable-http-proxy

hub: $(VENV)/.installed-hub hub/node_modules/.bin/configurable-http-proxy
	@test "$$(id -u)" = 0 || { echo "make hub: run as root (the hub starts each user's server as that user)" >&2; exit 1; }
	@test -n "$(INSTRUCTORS)" || { echo 'make hub: name the accounts, e.g. make hub INSTRUCTORS=ada STUDENTS="bo cyd"' >&2; exit 1; }
	chmod o-rwx $(COURSE)  # students reach the venv through this checkout, never the solutions
	cd hub && COURSE_HUB_INSTRUCTORS="$(INSTRUCTORS)" COURSE_HUB_STUDENTS="$(STUDENTS)" \
		COURSE_HUB_COURSE_DIR=$(CURDIR)/$(COURSE) COURSE_EXCHANGE_ROOT=$(EXCHANGE) \
		COURSE_HUB_IP=$(HUB_IP) COURSE_HUB_PORT=$(HUB_PORT) PATH=$(CURDIR)/$(BIN):$$PATH \
		$(CURDIR)/$(BIN)/jupyterhub -f jupyterhub_config.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# The live classroom game (classroom/, oTree): its own venv, because oTree pins old Starlette,
# SQLAlchemy and MarkupSafe that conflict with nbgrader and Jupyter. course_lib goes in with
# its base dependencies only (numpy, scipy, pandas): the game computes its predictions with the
# course's own models.
.venv-classroom/.installed: classroom/requirements.txt pyproject.toml
	test -x .venv-classroom/bin/python || $(PYTHON) -m venv .venv-classroom
	echo '*' > .venv-classroom/.gitignore
	.venv-classroom/bin/python -m pip install --quiet --upgrade pip
	.venv-classroom/bin/python -m pip install -r classroom/requirements.txt
	.venv-classroom/bin/python -m pip install -e .
	@touch $@

# Serve the game to a lecture hall: HOST (default: this machine's LAN address), PORT (8000),
# DATABASE_URL (default SQLite; postgresql://... for PostgreSQL). Runs in the foreground.
classroom: .venv-classroom/.installed
	cd classroom && HOST=$(HOST) PORT=$(or $(CLASSROOM_PORT),$(filter-out 8888,$(PORT)),8000) $(if $(DATABASE_URL),DATABASE_URL=$(DATABASE_URL)) ../.venv-classroom/bin/python serve.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
