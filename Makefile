# luntan — `make run` serves the demo site, `make test` runs every test. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# `make run HOST=0.0.0.0 PORT=8080 ALLOWED_HOSTS=192.168.1.23` lets another device on the LAN in.
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run test lint fmt messages demo-data bench bench-large bench-reload setup clean check-deploy

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@# mysqlclient compiles against libmariadb; it is optional on a newcomer's machine.
	-$(PY) -m pip install --quiet -r requirements-mysql.txt 2>/dev/null || echo "note: mysqlclient not installed (MariaDB tests need libmariadb-dev and pkg-config)"
	touch $(STAMP)

setup: $(STAMP)

run: $(STAMP)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py run_demo $(HOST):$(PORT)

test: $(STAMP)
	$(PY) scripts/run_tests.py $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# The apps' layers (pyproject.toml, docs/architecture.md): no cycle, no reach-around.
	PYTHONPATH=src $(VENV)/bin/lint-imports --no-cache

fmt: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Regenerate the translation catalogs: zh_Hans from the source strings, zh_Hant through OpenCC.
messages: $(STAMP)
	$(PY) scripts/make_messages.py

demo-data:
	$(PYTHON) ../shared/dataset/dataset.py --users 40 --threads 60 --hot-replies 45 | gzip -9n > src/luntan/demo/data/demo.jsonl.gz

# Speed on PostgreSQL + Redis behind 4 gunicorn workers, driven by wrk (not part of `make test`);
# prints the table and writes bench/results/latest-small.json. See docs/production.md.
bench: $(STAMP)
	$(PY) bench/run.py $(ARGS)

# The same with about a million posts, compared with the last `make bench` (the first run loads
# the dataset into its own database and indexes it for search: allow 30 minutes or so).
bench-large: $(STAMP)
	$(PY) bench/run.py --threads 150000 --label large --worker-classes sync \
		--compare bench/results/latest-small.json $(ARGS)

# Two reloads in a row under load: gunicorn's HUP against deploy/reload.py, the longest time
# nothing was answered and every failed request (docs/production.md §6).
bench-reload: $(STAMP)
	cd bench && ../$(PY) reload.py $(ARGS)

check-deploy: $(STAMP)
	SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(60))') \
	ALLOWED_HOSTS=forum.example.com DJANGO_SETTINGS_MODULE=luntan.settings.prod \
	$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) var
